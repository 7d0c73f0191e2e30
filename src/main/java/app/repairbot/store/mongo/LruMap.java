package app.repairbot.store.mongo;

import java.util.LinkedHashMap;
import java.util.Map;

/** A map that keeps the {@code capacity} entries used last (not thread-safe: its users lock it). */
final class LruMap<K, V> extends LinkedHashMap<K, V> {
    private final int capacity;

    LruMap(int capacity) {
        super(16, 0.75f, true);
        this.capacity = capacity;
    }

    @Override
    protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        return size() > capacity;
    }
}
