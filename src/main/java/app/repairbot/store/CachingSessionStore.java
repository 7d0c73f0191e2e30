package app.repairbot.store;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import app.repairbot.chat.ChatId;
import app.repairbot.engine.Session;
import app.repairbot.engine.SessionStore;

/**
 * Keeps the sessions last read or saved, so that handling an update usually needs no read.
 * Safe with several instances on one database: every save is still guarded by version, and a
 * save that loses (someone else wrote) drops the cached copy, so the engine reloads and retries.
 */
public final class CachingSessionStore implements SessionStore {
    private final SessionStore store;
    private final Map<ChatId, Session> cache;

    public CachingSessionStore(SessionStore store, int capacity) {
        this.store = store;
        this.cache = new LinkedHashMap<>(capacity, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<ChatId, Session> eldest) {
                return size() > capacity;
            }
        };
    }

    @Override
    public Session load(ChatId chat) {
        synchronized (cache) {
            Session cached = cache.get(chat);
            if (cached != null) {
                return cached.copy();
            }
        }
        Session loaded = store.load(chat);
        remember(loaded);
        return loaded;
    }

    @Override
    public Session loadFresh(ChatId chat) {
        Session loaded = store.load(chat);
        remember(loaded);
        return loaded.copy();
    }

    @Override
    public boolean save(Session session) {
        boolean saved = store.save(session);
        if (saved) {
            remember(session);
        } else {
            forget(session.chat());
        }
        return saved;
    }

    @Override
    public long markSent(ChatId chat, Collection<Long> ids) {
        long version = store.markSent(chat, ids);
        synchronized (cache) {
            Session cached = cache.get(chat);
            if (cached != null && cached.version() == version - 1) {
                cached.removeSent(ids);
                cached.advanceVersion();
            } else {
                cache.remove(chat);
            }
        }
        return version;
    }

    @Override
    public List<ChatId> due(Instant now, int limit) {
        return store.due(now, limit);
    }

    @Override
    public List<ChatId> withOutbox(int limit) {
        return store.withOutbox(limit);
    }

    @Override
    public boolean delete(ChatId chat) {
        forget(chat);
        return store.delete(chat);
    }

    @Override
    public java.util.OptionalLong latestAppliedUpdate() {
        return store.latestAppliedUpdate();
    }

    private void remember(Session s) {
        if (s.version() > 0) {
            synchronized (cache) {
                cache.put(s.chat(), s.copy());
            }
        }
    }

    private void forget(ChatId chat) {
        synchronized (cache) {
            cache.remove(chat);
        }
    }
}
