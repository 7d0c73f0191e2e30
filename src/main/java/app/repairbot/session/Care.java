package app.repairbot.session;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import app.repairbot.chat.UserId;

/**
 * What a chat's session remembers to look after its people, and nothing more: when pauses were
 * taken, when the safety screen flagged something (the fact only, never the words or the kind),
 * who is owed the private help message (they have not opened a private chat yet), when the
 * bot last suggested couples therapy, and the safety hold: who disclosed abuse or fear of their
 * partner here (the only people who may lift it), and whether this couple ever had a hold (couples
 * therapy is then never suggested). It records its own changes ({@link #hasChanges}).
 * Its methods are public only for the engine, which decides what a pause or a flag means;
 * a store sees it only as a {@link SessionSnapshot.CareState}.
 */
public final class Care {
    static final Duration KEPT = Duration.ofDays(60);
    /** "Repeated" pauses or flags: this many within {@link #WINDOW}. */
    static final int REPEATED = 3;
    static final Duration WINDOW = Duration.ofDays(28);
    static final Duration HINT_AT_MOST_EVERY = Duration.ofDays(30);
    /** Scheduled prompts hold back this long after a flag, unless the couple resumes. */
    static final Duration QUIET_AFTER_FLAG = Duration.ofDays(14);

    private final List<Instant> pauses;
    private final List<Instant> flags;
    private final List<UserId> owedHelp;
    private Instant therapyHintAt;
    private boolean quietLifted;
    /** Who raised the hold that is in force; empty: no hold. */
    private final List<UserId> holders;
    /** This couple has been on hold at some time. */
    private boolean heldOnce;
    private boolean changed;

    /** Care as stored: nothing about it counts as changed. */
    Care(SessionSnapshot.CareState stored) {
        this.pauses = new ArrayList<>(stored.pauses());
        this.flags = new ArrayList<>(stored.flags());
        this.owedHelp = new ArrayList<>(stored.owedHelp());
        this.therapyHintAt = stored.therapyHintAt().orElse(null);
        this.quietLifted = stored.quietLifted();
        this.holders = new ArrayList<>(stored.holders());
        this.heldOnce = stored.heldOnce();
    }

    static Care none() {
        return new Care(SessionSnapshot.CareState.NONE);
    }

    /** What it remembers, as values (for a store, or a copy). */
    SessionSnapshot.CareState state() {
        return new SessionSnapshot.CareState(pauses, flags, owedHelp, Optional.ofNullable(therapyHintAt), quietLifted, holders, heldOnce);
    }

    /** Whether anything changed since it was made, read back, or copied. */
    boolean hasChanges() {
        return changed;
    }

    private void changed() {
        changed = true;
    }

    /** Someone disclosed abuse or fear of their partner: everything joint waits until they lift it. */
    public void hold(UserId who) {
        if (!holders.contains(who)) {
            holders.add(who);
        }
        heldOnce = true;
        quietLifted = false;
        changed();
    }

    public boolean onHold() {
        return !holders.isEmpty();
    }

    public boolean heldBy(UserId who) {
        return holders.contains(who);
    }

    /** Whether someone other than {@code who} holds it too (each partner may have raised one). */
    public boolean heldByAnyoneBut(UserId who) {
        return holders.stream().anyMatch(h -> !h.equals(who));
    }

    /** The person who raised the hold lifts it; true when no hold is left. */
    public boolean lift(UserId who) {
        if (holders.remove(who)) {
            changed();
        }
        if (holders.isEmpty()) {
            if (!quietLifted) {
                quietLifted = true;
                changed();
            }
            return true;
        }
        return false;
    }

    /** A hold, now or before: the bot never suggests couples therapy to this couple. */
    public boolean everHeld() {
        return heldOnce || onHold();
    }

    public void paused(Instant now) {
        pauses.add(now);
        changed();
        forgetOld(now);
    }

    /** Whether the screen flagged something here since {@code since} (only the time is kept, never what it was). */
    public boolean flaggedSince(Instant since) {
        return flagsSince(since) > 0;
    }

    /** How many times the screen flagged something here since {@code since}. */
    public long flagsSince(Instant since) {
        return flags.stream().filter(f -> !f.isBefore(since)).count();
    }

    public void flagged(Instant now) {
        flags.add(now);
        quietLifted = false;
        changed();
        forgetOld(now);
    }

    private void forgetOld(Instant now) {
        pauses.removeIf(i -> i.isBefore(now.minus(KEPT)));
        flags.removeIf(i -> i.isBefore(now.minus(KEPT)));
    }

    /**
     * Whether to suggest couples therapy now (repeated pauses or flags lately, and no hint this
     * month); if so, remembers that it was suggested.
     */
    public boolean suggestTherapy(Instant now) {
        if (onHold()) {
            return false;
        }
        Instant since = now.minus(WINDOW);
        long recent = pauses.stream().filter(i -> i.isAfter(since)).count() + flags.stream().filter(i -> i.isAfter(since)).count();
        if (recent < REPEATED || therapyHintAt != null && therapyHintAt.isAfter(now.minus(HINT_AT_MOST_EVERY))) {
            return false;
        }
        therapyHintAt = now;
        changed();
        return true;
    }

    /** The person could not be written to privately: the help waits for them to open the chat. */
    public void oweHelpTo(UserId who) {
        if (!owedHelp.contains(who)) {
            owedHelp.add(who);
            changed();
        }
    }

    public boolean owesHelpTo(UserId who) {
        return owedHelp.contains(who);
    }

    /** The help is being given now; true when it was owed. */
    public boolean helpGiven(UserId who) {
        boolean owed = owedHelp.remove(who);
        if (owed) {
            changed();
        }
        return owed;
    }

    /** The couple chose to go on (/resume): scheduled prompts need not hold back for the last flag. */
    public void resumed() {
        if (!onHold() && !quietLifted) {
            quietLifted = true;
            changed();
        }
    }

    /** Whether scheduled prompts should hold back: a hold, or a recent flag the couple has not resumed from. */
    boolean quiet(Instant now) {
        return onHold() || !quietLifted && flags.stream().anyMatch(i -> i.isAfter(now.minus(QUIET_AFTER_FLAG)));
    }
}
