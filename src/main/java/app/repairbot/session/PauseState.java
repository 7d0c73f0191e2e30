package app.repairbot.session;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

import app.repairbot.chat.UserId;
import app.repairbot.flow.Role;

/**
 * A run's pause, while it lasts. Immutable: a run replaces it whole, and drops it when the pause ends.
 *
 * @param until when it ends by itself; empty: it has no end time (after safety words), until its owner resumes
 * @param owner whose pause it is: only they end it early; empty: it belongs to both
 * @param readyAsked whether its time is up and everyone was asked whether they are ready
 * @param noticeGiven whether someone who wrote during it was told that the flow is paused
 * @param ownerAsked whether its owner was asked, privately, about carrying on (after safety words, only once)
 * @param ready who has said they are ready since it was asked
 */
public record PauseState(Optional<Instant> until, Optional<UserId> owner, boolean readyAsked, boolean noticeGiven, boolean ownerAsked,
                         Set<Role> ready) {

    public PauseState {
        ready = ready.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(ready));
    }

    static PauseState starting(Optional<Instant> until, Optional<UserId> owner) {
        return new PauseState(until, owner, false, false, false, Set.of());
    }

    public boolean ownedBy(UserId user) {
        return owner.filter(user::equals).isPresent();
    }

    /** The pause after someone's safety words: theirs, with no end time. Nothing said about it names them. */
    public boolean afterSafetyWords() {
        return owner.isPresent() && until.isEmpty();
    }

    /** When it ends by itself, while nobody has been asked yet whether they are ready. */
    Optional<Instant> due() {
        return readyAsked ? Optional.empty() : until;
    }

    PauseState withOwner(UserId user) {
        return new PauseState(until, Optional.of(user), readyAsked, noticeGiven, ownerAsked, ready);
    }

    PauseState askingReady() {
        return new PauseState(until, owner, true, noticeGiven, ownerAsked, ready);
    }

    PauseState withNotice() {
        return new PauseState(until, owner, readyAsked, true, ownerAsked, ready);
    }

    PauseState withOwnerAsked() {
        return new PauseState(until, owner, readyAsked, noticeGiven, true, ready);
    }

    PauseState withReady(Role role) {
        EnumSet<Role> s = EnumSet.noneOf(Role.class);
        s.addAll(ready);
        s.add(role);
        return new PauseState(until, owner, readyAsked, noticeGiven, ownerAsked, s);
    }
}
