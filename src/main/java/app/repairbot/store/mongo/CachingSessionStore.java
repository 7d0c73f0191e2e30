package app.repairbot.store.mongo;

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
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import app.repairbot.chat.ChatId;
import app.repairbot.session.Session;
import app.repairbot.session.SessionStore;

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
 *
 * <p>Marking advances a session's version (another instance must not save a copy that still holds
 * sent replies), so a copy the engine loaded before a mark would lose its save and be applied again.
 * This store knows which of those advances were its own marks and nothing else, and rebases such a
 * save onto them (it leaves out the marked replies and expects the advanced version): on one
 * instance, sending never makes an update's save lose. Reads from the database, saves and marks of a
 * chat are ordered by a lock (one of {@value #STRIPES}, by chat), so a read never straddles a mark.
 *
 * <p>It is one class (over 300 lines) on purpose: the copies kept, the marks kept in memory and the
 * rebase share one locking discipline (the stripes, then the {@code cache} monitor), which is easier
 * to check in one place than spread over several.
 */
final class CachingSessionStore implements SessionStore, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CachingSessionStore.class);
    /** How long marks may wait in memory where the service defers them (the embedded store). */
    public static final Duration MARK_DELAY = Duration.ofMillis(200);

    private final SessionStore store;
    private final Map<ChatId, Session> cache;
    /** Replies sent but not yet marked in the database, per chat (deferred marking only); guarded by {@code cache}. */
    private final Map<ChatId, Set<Long>> unmarked = new HashMap<>();
    /**
     * Per chat, the versions this store's own marks advanced from, and the replies each removed;
     * guarded by {@code cache}. Only marks and nothing else moved the stored session from such a version
     * to the next, so a save based on it can be rebased. Cleared by the chat's next successful save.
     */
    private final Map<ChatId, Map<Long, Set<Long>>> marksFrom = new HashMap<>();
    private final ScheduledExecutorService marker;
    /** Reads and saves of a chat take its stripe's read lock; marks take the write lock. */
    static final int STRIPES = 64;
    private final ReentrantReadWriteLock[] stripes = new ReentrantReadWriteLock[STRIPES];

    /** Marks sent replies at once (for several instances on one database). */
    public CachingSessionStore(SessionStore store, int capacity) {
        this(store, capacity, null);
    }

    /** With {@code markDelay} (null: at once), as the class comment says: for the only instance on a database. */
    public CachingSessionStore(SessionStore store, int capacity, Duration markDelay) {
        this.store = store;
        this.cache = new LruMap<>(capacity);
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new ReentrantReadWriteLock();
        }
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
        Lock read = stripe(chat).readLock();
        read.lock();
        try {
            // Under the read lock no mark of this chat is written between the read and leaving out the
            // unmarked replies: a copy read before a mark was written cannot come back after it with the
            // sent replies in it (and be sent again).
            Session loaded = store.load(chat);
            synchronized (cache) {
                withoutUnmarked(loaded);
                remember(loaded);
            }
            return loaded;
        } finally {
            read.unlock();
        }
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
        ChatId chat = session.chat();
        Lock read = stripe(chat).readLock();
        read.lock();
        try {
            Set<Long> marked;
            synchronized (cache) {
                Set<Long> sent = unmarked.get(chat);
                marked = sent == null ? Set.of() : Set.copyOf(sent);
                rebase(session);
            }
            session.removeSent(marked);
            boolean saved = store.save(session);
            synchronized (cache) {
                if (saved) {
                    written(chat, marked);
                    marksFrom.remove(chat);
                    // Replies marked while this save was under way are left out of the copy kept.
                    remember(withoutUnmarked(session.copy()));
                } else {
                    cache.remove(chat);
                }
            }
            return saved;
        } finally {
            read.unlock();
        }
    }

    /**
     * A session loaded before this store's own marks advanced the stored version: it leaves out
     * the replies those marks removed and takes their version, since nothing else changed the
     * stored session in between. Call holding {@code cache}.
     */
    private void rebase(Session session) {
        Map<Long, Set<Long>> from = marksFrom.get(session.chat());
        while (from != null && from.containsKey(session.version())) {
            session.removeSent(from.get(session.version()));
            session.advanceVersion();
        }
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

    /** A mark of {@code ids} moved the stored session from {@code version} to the next; call holding {@code cache}. */
    private void markedFrom(ChatId chat, long version, Collection<Long> ids) {
        marksFrom.computeIfAbsent(chat, c -> new HashMap<>()).put(version, Set.copyOf(ids));
        Session cached = cache.get(chat);
        if (cached != null && cached.version() == version) {
            cached.removeSent(ids);
            cached.advanceVersion();
        } else {
            cache.remove(chat);
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
        Lock write = stripe(chat).writeLock();
        write.lock();
        try {
            long version = store.markSent(chat, ids);
            synchronized (cache) {
                if (version > 0) {
                    markedFrom(chat, version - 1, ids);
                } else {
                    cache.remove(chat);
                }
            }
            return version;
        } finally {
            write.unlock();
        }
    }

    /** Writes every mark kept in memory, in one command (deferred marking; the service also calls it on close). */
    public void writeMarks() {
        // Every stripe, in order: no read or save of any chat runs while the marks are written and the
        // copies kept are brought up to date, so none sees the database and the memory disagree.
        for (ReentrantReadWriteLock s : stripes) {
            s.writeLock().lock();
        }
        try {
            Map<ChatId, Set<Long>> batch = new HashMap<>();
            Map<ChatId, Long> versions = new HashMap<>();
            synchronized (cache) {
                unmarked.forEach((chat, ids) -> {
                    batch.put(chat, Set.copyOf(ids));
                    Session cached = cache.get(chat);
                    if (cached != null) {
                        versions.put(chat, cached.version());
                    }
                });
            }
            if (batch.isEmpty()) {
                return;
            }
            store.markSent(batch);
            synchronized (cache) {
                batch.forEach((chat, ids) -> {
                    written(chat, ids);
                    // The write advanced each session's version by one, as a save would. The copy kept is the
                    // stored session as of before it (saves and reads wait for this lock), minus these replies.
                    Long version = versions.get(chat);
                    if (version != null) {
                        markedFrom(chat, version, ids);
                    } else {
                        cache.remove(chat);
                    }
                });
            }
        } finally {
            for (int i = STRIPES - 1; i >= 0; i--) {
                stripes[i].writeLock().unlock();
            }
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
        Lock write = stripe(chat).writeLock();
        write.lock();
        try {
            synchronized (cache) {
                unmarked.remove(chat);
                marksFrom.remove(chat);
                cache.remove(chat);
            }
            return store.delete(chat);
        } finally {
            write.unlock();
        }
    }

    @Override
    public java.util.OptionalLong latestAppliedUpdate() {
        return store.latestAppliedUpdate();
    }

    /** Keeps a copy, unless one of a later version is kept already (a read that raced with a save). */
    private void remember(Session s) {
        if (s.version() > 0) {
            synchronized (cache) {
                Session kept = cache.get(s.chat());
                if (kept == null || kept.version() <= s.version()) {
                    cache.put(s.chat(), s.copy());
                }
            }
        }
    }

    private ReentrantReadWriteLock stripe(ChatId chat) {
        return stripes[Math.floorMod(Long.hashCode(chat.value()), STRIPES)];
    }
}
