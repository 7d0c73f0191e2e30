package app.repairbot.engine;

import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

import app.repairbot.chat.ChatId;
import app.repairbot.session.Session;
import app.repairbot.session.SessionStore;

/**
 * The one way the engine changes a stored session: load it, apply a change, save it if nobody
 * wrote since the load (optimistically, by version), and on a conflict load it again and apply
 * the change again. One error policy: after {@link #ATTEMPTS} conflicts in a row it gives up with
 * an {@link EngineException} that says what it was doing (an update is then delivered again).
 */
final class SessionUpdates {
    static final int ATTEMPTS = 50;

    private final SessionStore store;

    SessionUpdates(SessionStore store) {
        this.store = store;
    }

    /** What a change decided about the session it was given, and its result. */
    sealed interface Outcome<T> permits Save, Done, Unsure {
    }

    /** Save the session; once saved, the update's result is {@code result}. */
    record Save<T>(T result) implements Outcome<T> {
    }

    /** Nothing to save: the update is over, with {@code result}. */
    record Done<T>(T result) implements Outcome<T> {
    }

    /**
     * Nothing to do, judged by a copy that may predate another instance's write (a copy a store keeps
     * in memory): look again at the stored session itself before letting it go with {@code result}.
     */
    record Unsure<T>(T result) implements Outcome<T> {
    }

    static <T> Outcome<T> save(T result) {
        return new Save<>(result);
    }

    static <T> Outcome<T> done(T result) {
        return new Done<>(result);
    }

    static <T> Outcome<T> unsure(T result) {
        return new Unsure<>(result);
    }

    /** Updates the chat's session, starting from the store's copy (which may be one it keeps in memory). */
    <T> T update(ChatId chat, Supplier<String> what, Function<Session, Outcome<T>> change) {
        return update(chat, what, false, change);
    }

    /** As {@link #update}, reading the database itself each time: for a decision no later save would check. */
    <T> T updateFresh(ChatId chat, Supplier<String> what, Function<Session, Outcome<T>> change) {
        return update(chat, what, true, change);
    }

    private <T> T update(ChatId chat, Supplier<String> what, boolean fresh, Function<Session, Outcome<T>> change) {
        return retry(what, new Supplier<Optional<T>>() {
            private boolean lookedAgain = fresh;

            @Override
            public Optional<T> get() {
                Session session = lookedAgain ? store.loadFresh(chat) : store.load(chat);
                Outcome<T> outcome = change.apply(session);
                if (outcome instanceof Done<T> d) {
                    return Optional.of(d.result());
                }
                if (outcome instanceof Unsure<T> u) {
                    if (lookedAgain) {
                        return Optional.of(u.result());
                    }
                    lookedAgain = true;
                    return Optional.empty();
                }
                return store.save(session) ? Optional.of(((Save<T>) outcome).result()) : Optional.empty();
            }
        });
    }

    /**
     * The same policy for a change that is not one session's load, change and save (a chat that
     * moves to a new id): {@code attempt} returns a result when it is done, and empty when another
     * write came first, to do it again.
     */
    <T> T retry(Supplier<String> what, Supplier<Optional<T>> attempt) {
        for (int i = 0; i < ATTEMPTS; i++) {
            Optional<T> done = attempt.get();
            if (done.isPresent()) {
                return done.get();
            }
        }
        throw new EngineException(what.get() + "; gave up after " + ATTEMPTS + " attempts", null);
    }
}
