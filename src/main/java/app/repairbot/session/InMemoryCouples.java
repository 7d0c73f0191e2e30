package app.repairbot.session;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import app.repairbot.chat.ChatId;
import app.repairbot.chat.UserId;

/** Couples held in memory: for conversation tests and until pairing is stored. */
public final class InMemoryCouples implements CoupleDirectory {
    private final Map<ChatId, Couple> byGroup = new ConcurrentHashMap<>();
    private final Map<UserId, Set<ChatId>> groupsOf = new ConcurrentHashMap<>();

    @Override
    public synchronized void pair(Couple couple) {
        Couple old = byGroup.put(couple.group(), couple);
        if (old != null) {
            groupsOf.getOrDefault(old.first().id(), Set.of()).remove(old.group());
            groupsOf.getOrDefault(old.second().id(), Set.of()).remove(old.group());
        }
        groupsOf.computeIfAbsent(couple.first().id(), u -> ConcurrentHashMap.newKeySet()).add(couple.group());
        groupsOf.computeIfAbsent(couple.second().id(), u -> ConcurrentHashMap.newKeySet()).add(couple.group());
    }

    @Override
    public synchronized boolean remove(ChatId group) {
        Couple old = byGroup.remove(group);
        if (old == null) {
            return false;
        }
        groupsOf.getOrDefault(old.first().id(), Set.of()).remove(group);
        groupsOf.getOrDefault(old.second().id(), Set.of()).remove(group);
        return true;
    }

    @Override
    public Optional<Couple> inGroup(ChatId group) {
        return Optional.ofNullable(byGroup.get(group));
    }

    @Override
    public List<Couple> of(UserId user) {
        return groupsOf.getOrDefault(user, Set.of()).stream().map(byGroup::get).filter(c -> c != null).toList();
    }
}
