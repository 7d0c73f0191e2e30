package app.repairbot.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import app.repairbot.chat.ChatId;
import app.repairbot.engine.Session;
import app.repairbot.engine.SessionStore;

/**
 * Keeps the sessions last read or saved, so that handling an update usually needs no read.
 * Safe with several instances on one database: every save is still guarded by version, and a
 * save that loses (someone else wrote) drops the cached copy, so the engine reloads and retries.
 *
 * <p>When it is the only instance on its database (the embedded store), it can also write the
 * marks of sent replies later: a mark is kept in memory, every session this store hands out or
 * saves leaves those replies out, and the marks are written with the chat's next save or, for all
 * chats in one command, within {@code markDelay}. Marking then costs one write per batch instead of
 * one per reply; what a crash can cost is the same as before (replies sent in the last moments
 * before it are sent again after the restart), over a window of {@code markDelay} instead of a
 * few milliseconds. Not for several instances: one would send again what another sent but had not
 * yet marked.
 */
public final class CachingSessionStore implements SessionStore, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CachingSessionStore.class);
    /** How long marks may wait in memory where the service defers them (the embedded store). */
    public static final Duration MARK_DELAY = Duration.ofMillis(200);

    private final SessionStore store;
    private final Map<ChatId, Session> cache;
    /** Replies sent but not yet marked in the database, per chat (deferred marking only); guarded by {@code cache}. */
    private final Map<ChatId, Set<Long>> unmarked = new HashMap<>();
    private final ScheduledExecutorService marker;

    /** Marks sent replies at once (for several instances on one database). */
    public CachingSessionStore(SessionStore store, int capacity) {
        this(store, capacity, null);
    }

    /** With {@code markDelay} (null: at once), as the class comment says: for the only instance on a database. */
    public CachingSessionStore(SessionStore store, int capacity, Duration markDelay) {
        this.store = store;
        this.cache = new LruMap<>(capacity);
        if (markDelay == null) {
            this.marker = null;
        } else {
            this.marker = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "outbox-marks");
                t.setDaemon(true);
                return t;
            });
            // started once the cache exists: the timer's first run reads it
            marker.scheduleWithFixedDelay(this::writeMarksQuietly, markDelay.toMillis(), markDelay.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public Session load(ChatId chat) {
        synchronized (cache) {
            Session cached = cache.get(chat);
            if (cached != null) {
                return withoutUnmarked(cached.copy());
            }
        }
        return loadFresh(chat);
    }

    @Override
    public Session loadFresh(ChatId chat) {
        Session loaded = store.load(chat);
        synchronized (cache) {
            withoutUnmarked(loaded);
            remember(loaded);
        }
        return loaded;
    }

    /** Leaves out replies sent but not yet marked in the database; call holding {@code cache}. */
    private Session withoutUnmarked(Session s) {
        Set<Long> sent = unmarked.get(s.chat());
        if (sent != null) {
            s.removeSent(sent);
        }
        return s;
    }

    @Override
    public boolean save(Session session) {
        Set<Long> marked;
        synchronized (cache) {
            Set<Long> sent = unmarked.get(session.chat());
            marked = sent == null ? Set.of() : Set.copyOf(sent);
        }
        session.removeSent(marked);
        boolean saved = store.save(session);
        synchronized (cache) {
            if (saved) {
                written(session.chat(), marked);
                remember(session);
            } else {
                cache.remove(session.chat());
            }
        }
        return saved;
    }

    /** Those marks are in the database now; call holding {@code cache}. */
    private void written(ChatId chat, Collection<Long> marked) {
        Set<Long> sent = unmarked.get(chat);
        if (sent != null) {
            sent.removeAll(marked);
            if (sent.isEmpty()) {
                unmarked.remove(chat);
            }
        }
    }

    @Override
    public long markSent(ChatId chat, Collection<Long> ids) {
        if (marker != null && !marker.isShutdown()) {
            synchronized (cache) {
                unmarked.computeIfAbsent(chat, c -> new HashSet<>()).addAll(ids);
                Session cached = cache.get(chat);
                if (cached == null) {
                    return 0;
                }
                cached.removeSent(ids);
                return cached.version();
            }
        }
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

    /** Writes every mark kept in memory, in one command (deferred marking; the service also calls it on close). */
    public void writeMarks() {
        Map<ChatId, Set<Long>> batch = new HashMap<>();
        synchronized (cache) {
            unmarked.forEach((chat, ids) -> batch.put(chat, Set.copyOf(ids)));
        }
        if (batch.isEmpty()) {
            return;
        }
        store.markSent(batch);
        synchronized (cache) {
            batch.forEach((chat, ids) -> {
                written(chat, ids);
                // The write advanced each session's version by one, as a save would.
                Session cached = cache.get(chat);
                if (cached != null) {
                    cached.advanceVersion();
                }
            });
        }
    }

    private void writeMarksQuietly() {
        try {
            writeMarks();
        } catch (RuntimeException e) {
            log.warn("Could not mark sent replies yet; will try again: {}", e.toString());
        }
    }

    /** Stops deferring marks and writes those kept in memory. */
    @Override
    public void close() {
        if (marker != null) {
            marker.shutdown();
            try {
                marker.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            writeMarks();
        }
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
        synchronized (cache) {
            unmarked.remove(chat);
            cache.remove(chat);
        }
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
}
