package app.repairbot.engine;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import app.repairbot.chat.ChatId;
import app.repairbot.chat.UserId;

/** Couples held in memory: for conversation tests and until pairing is stored. */
public final class InMemoryCouples implements CoupleDirectory {
    private final Map<ChatId, Couple> byGroup = new ConcurrentHashMap<>();

    /** Declares that these two are a couple in this group (replacing any couple there). */
    public void pair(Couple couple) {
        byGroup.put(couple.group(), couple);
    }

    @Override
    public Optional<Couple> inGroup(ChatId group) {
        return Optional.ofNullable(byGroup.get(group));
    }

    @Override
    public List<Couple> of(UserId user) {
        return byGroup.values().stream().filter(c -> c.has(user)).toList();
    }
}
