package app.repairbot.session;

import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import app.repairbot.chat.ChatId;

/** Sessions in memory, copied in and out so that callers never share one. */
public final class InMemorySessionStore implements SessionStore {
    private final Map<ChatId, Session> sessions = new ConcurrentHashMap<>();

    @Override
    public Session load(ChatId chat) {
        Session s = sessions.get(chat);
        return s == null ? new Session(chat) : s.copy();
    }

    @Override
    public boolean save(Session session) {
        boolean[] saved = {false};
        sessions.compute(session.chat(), (chat, stored) -> {
            long storedVersion = stored == null ? 0 : stored.version();
            if (storedVersion != session.version()) {
                return stored;
            }
            saved[0] = true;
            session.advanceVersion();
            return session.copy();
        });
        return saved[0];
    }

    @Override
    public List<ChatId> due(Instant now, int limit) {
        return sessions.values().stream().filter(s -> s.isDue(now))
                .sorted(Comparator.comparing(s -> s.nextDue().orElseThrow())).limit(limit).map(Session::chat).toList();
    }

    @Override
    public long markSent(ChatId chat, Collection<Long> ids) {
        Session after = sessions.computeIfPresent(chat, (c, stored) -> {
            stored.removeSent(ids);
            stored.advanceVersion();
            return stored;
        });
        return after == null ? 0 : after.version();
    }

    @Override
    public List<ChatId> withOutbox(int limit) {
        return sessions.values().stream().filter(s -> !s.outbox().isEmpty()).limit(limit).map(Session::chat).toList();
    }

    @Override
    public boolean delete(ChatId chat) {
        return sessions.remove(chat) != null;
    }

    @Override
    public java.util.OptionalLong latestAppliedUpdate() {
        return sessions.values().stream().flatMap(s -> java.util.stream.StreamSupport.stream(s.appliedUpdates().spliterator(), false))
                .mapToLong(Long::longValue).max();
    }

    /** The earliest time anything is due, for a test clock that jumps from one due time to the next. */
    public Optional<Instant> earliestDue() {
        return sessions.values().stream().map(Session::nextDue).flatMap(Optional::stream).min(Comparator.naturalOrder());
    }
}
