package app.repairbot.session;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import app.repairbot.chat.ChatId;

/**
 * Where sessions live. Saving is optimistic: it succeeds only when nobody saved the session
 * since it was loaded, so two instances handling one chat never both win.
 */
public interface SessionStore {
    /** The chat's session, or a new empty one (version 0) when none is stored. */
    Session load(ChatId chat);

    /**
     * As {@link #load}, but read from the database itself, never from a copy kept in memory: for
     * deciding that there is nothing to do, which no later save would check.
     */
    default Session loadFresh(ChatId chat) {
        return load(chat);
    }

    /**
     * Stores the session if its stored version is still {@code session.version()}, and then
     * advances the version.
     *
     * @return false when someone else saved it first (reload and try again)
     */
    boolean save(Session session);

    /** Chats whose session has something due at or before {@code now}. */
    List<ChatId> due(Instant now, int limit);

    /**
     * Removes sent replies from a session's outbox. This is a change like any other: it advances
     * the version, so a save based on an older read (which still holds those replies) fails.
     *
     * @return the session's version afterwards, or 0 when there is no such session
     */
    long markSent(ChatId chat, Collection<Long> ids);

    /** As {@link #markSent(ChatId, Collection)} for several chats, in one write where the store can. */
    default void markSent(Map<ChatId, ? extends Collection<Long>> sent) {
        sent.forEach(this::markSent);
    }

    /** Chats whose outbox holds replies not yet sent (after a crash, these are sent on start). */
    List<ChatId> withOutbox(int limit);

    /** Deletes a chat's session for good; true when there was one. */
    boolean delete(ChatId chat);

    /** The highest update id any session has applied (where a channel resumes reading after a restart). */
    java.util.OptionalLong latestAppliedUpdate();
}
