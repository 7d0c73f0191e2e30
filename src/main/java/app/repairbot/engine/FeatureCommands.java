package app.repairbot.engine;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import app.repairbot.chat.ChatId;

/** The commands other features answer (/weekly, /timezone and friends), by name. */
final class FeatureCommands {
    private final Map<String, ChatCommands> byName = new LinkedHashMap<>();

    FeatureCommands(List<ChatCommands> features) {
        for (ChatCommands c : features) {
            c.names().forEach(name -> byName.put(name, c));
        }
    }

    Optional<ChatCommands> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    boolean has(String name) {
        return byName.containsKey(name);
    }

    /** /forget deleted this group's couple: every feature deletes what it keeps about the group. */
    void forget(ChatId group) {
        distinct().forEach(c -> c.forget(group));
    }

    private Collection<ChatCommands> distinct() {
        return byName.values().stream().distinct().toList();
    }
}
