package app.repairbot.testing;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.OptionalLong;

import app.repairbot.chat.ChatId;
import app.repairbot.session.Session;
import app.repairbot.session.SessionStore;

/** A store that passes every call on; tests override the one call they want to change. */
public class DelegatingSessionStore implements SessionStore {
    protected final SessionStore store;

    public DelegatingSessionStore(SessionStore store) {
        this.store = store;
    }

    @Override
    public Session load(ChatId chat) {
        return store.load(chat);
    }

    @Override
    public boolean save(Session session) {
        return store.save(session);
    }

    @Override
    public List<ChatId> due(Instant now, int limit) {
        return store.due(now, limit);
    }

    @Override
    public long markSent(ChatId chat, Collection<Long> ids) {
        return store.markSent(chat, ids);
    }

    @Override
    public List<ChatId> withOutbox(int limit) {
        return store.withOutbox(limit);
    }

    @Override
    public boolean delete(ChatId chat) {
        return store.delete(chat);
    }

    @Override
    public OptionalLong latestAppliedUpdate() {
        return store.latestAppliedUpdate();
    }
}
