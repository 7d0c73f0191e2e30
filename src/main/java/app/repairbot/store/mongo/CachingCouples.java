package app.repairbot.store.mongo;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import app.repairbot.chat.ChatId;
import app.repairbot.chat.UserId;
import app.repairbot.session.Couple;
import app.repairbot.session.CoupleDirectory;

/**
 * Keeps couples looked up in memory, for the only instance on a database (the embedded store):
 * every update asks who the couple of its chat is, and couples change only when they pair, move
 * or are forgotten, which all go through here. A change drops what was kept of its group and of
 * the people in the couples before and after it, and a lookup that raced with any change is not
 * kept. With several instances, one would not see another's changes.
 */
final class CachingCouples implements CoupleDirectory {
    private final CoupleDirectory directory;
    private final Map<ChatId, Optional<Couple>> groups;
    private final Map<UserId, List<Couple>> people;
    /** Advanced by every change; guarded by {@code this}. */
    private long generation;

    public CachingCouples(CoupleDirectory directory, int capacity) {
        this.directory = directory;
        this.groups = new LruMap<>(capacity);
        this.people = new LruMap<>(capacity);
    }

    @Override
    public Optional<Couple> inGroup(ChatId group) {
        return cached(groups, group, directory::inGroup);
    }

    @Override
    public List<Couple> of(UserId user) {
        return cached(people, user, u -> List.copyOf(directory.of(u)));
    }

    private <K, V> V cached(Map<K, V> cache, K key, Function<K, V> lookup) {
        long before;
        synchronized (this) {
            V kept = cache.get(key);
            if (kept != null) {
                return kept;
            }
            before = generation;
        }
        V found = lookup.apply(key);
        synchronized (this) {
            if (generation == before) {
                cache.put(key, found);
            }
        }
        return found;
    }

    @Override
    public void pair(Couple couple) {
        Optional<Couple> before = inGroup(couple.group());
        changing(couple.group(), before, Optional.of(couple));
        try {
            directory.pair(couple);
        } finally {
            changing(couple.group(), before, Optional.of(couple));
        }
    }

    @Override
    public boolean remove(ChatId group) {
        Optional<Couple> before = inGroup(group);
        changing(group, before, Optional.empty());
        try {
            return directory.remove(group);
        } finally {
            changing(group, before, Optional.empty());
        }
    }

    /** Before and after a change: drops what it touches, and lookups started before it finishes are not kept. */
    private synchronized void changing(ChatId group, Optional<Couple> before, Optional<Couple> after) {
        generation++;
        groups.remove(group);
        for (Optional<Couple> couple : List.of(before, after)) {
            couple.ifPresent(c -> {
                people.remove(c.first().id());
                people.remove(c.second().id());
            });
        }
    }
}
