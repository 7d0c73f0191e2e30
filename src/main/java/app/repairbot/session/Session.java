package app.repairbot.session;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import app.repairbot.chat.BotReply;
import app.repairbot.chat.ChatId;
import app.repairbot.chat.Person;
import app.repairbot.chat.UserId;
import app.repairbot.flow.FlowId;

/**
 * Everything the bot remembers about one chat, shaped as one document: the running flow (if
 * any), the ids of recently applied updates, the replies not yet sent (the outbox), and the
 * version used for optimistic saves. Handling an update changes all of these in one save.
 *
 * <p>A session records its own changes: every method that changes it (or its run, or its care)
 * remembers that it did, and {@link #hasChanges} tells whoever decides whether to save. Nobody sets
 * a "changed" flag by hand.
 *
 * <p>The methods that change a session are public only because the engine, which decides when
 * (starting a flow, queuing replies, asking /forget's question…), is another package; nothing but
 * the engine calls them. A store changes a session only in its own bookkeeping ({@link #advanceVersion},
 * {@link #removeSent}), and otherwise keeps and reads it as a {@link SessionSnapshot}
 * ({@link #snapshot}, {@link #restore}).
 */
public final class Session {
    /** How many update ids the recent list keeps (public for the engine's tests of replays). */
    public static final int REMEMBERED_UPDATES = 64;

    private final ChatId chat;
    private long version;
    private final ArrayDeque<Long> appliedUpdates;
    private FlowRun run;
    private FlowId pendingReplace;
    private UserId replaceAskedBy;
    private int seq;
    private final List<Outgoing> outbox;
    private long lastOutgoingId;
    /** The /forget question open here, if any: only a tap on it confirms. */
    private ForgetQuestion forgetQuestion;
    private final List<Person> pairing;
    private final Care care;

    /** A new session for a chat with nothing stored yet (version 0). */
    public Session(ChatId chat) {
        this(empty(chat, 0));
    }

    private Session(SessionSnapshot stored) {
        this.chat = stored.chat();
        this.version = stored.version();
        this.appliedUpdates = new ArrayDeque<>(stored.applied());
        this.appliedFloor = stored.appliedFloor();
        this.forgetQuestion = stored.forgetQuestion().orElse(null);
        this.menu = stored.menu();
        this.seq = stored.seq();
        this.pendingReplace = stored.pendingReplace().orElse(null);
        this.replaceAskedBy = stored.replaceAskedBy().orElse(null);
        this.lastOutgoingId = stored.lastOutgoingId();
        this.pairing = new ArrayList<>(stored.pairing());
        this.inactive = stored.inactive();
        this.care = new Care(stored.care());
        this.outbox = new ArrayList<>(stored.outbox());
        this.followUps.addAll(stored.followUps());
        this.run = stored.run().map(FlowRun::restored).orElse(null);
    }

    private static SessionSnapshot empty(ChatId chat, long version) {
        return new SessionSnapshot(chat, version, List.of(), 0, Optional.empty(), 0, 0, Optional.empty(), Optional.empty(), 0, List.of(), false,
                SessionSnapshot.CareState.NONE, List.of(), List.of(), Optional.empty());
    }

    /** A session as a store kept it: nothing about it counts as changed. */
    public static Session restore(SessionSnapshot stored) {
        return new Session(stored);
    }

    /** Everything this session holds, as values: what a store keeps, copies and encodes. */
    public SessionSnapshot snapshot() {
        return new SessionSnapshot(chat, version, List.copyOf(appliedUpdates), appliedFloor, Optional.ofNullable(forgetQuestion), menu,
                seq, Optional.ofNullable(pendingReplace), Optional.ofNullable(replaceAskedBy), lastOutgoingId, pairing, inactive, care.state(), outbox, followUps,
                Optional.ofNullable(run).map(FlowRun::state));
    }

    private boolean inactive;
    /** Flows scheduled by runs that ended here, soonest first. */
    private final List<PendingFollowUp> followUps = new ArrayList<>();
    /** Every Telegram update id up to this one counts as applied here (older ids left the recent list). */
    private long appliedFloor;
    /**
     * The number of the latest flow menu sent here: positive while its buttons may start a flow,
     * negative once a flow started since (0: no menu yet). An older menu's buttons start nothing.
     */
    private int menu;
    /** Whether this session (not its run or care, which keep their own) changed since it was made, read back or copied. */
    private boolean changed;

    /**
     * Whether anything changed since the session was made, read back from a store, or copied:
     * what handling an update or a timer did that is worth a save.
     */
    public boolean hasChanges() {
        return changed || run != null && run.hasChanges() || care.hasChanges();
    }

    private void changed() {
        changed = true;
    }

    public Care care() {
        return care;
    }

    /** The bot can no longer write here (blocked, removed): nothing scheduled fires until someone writes again. */
    public boolean inactive() {
        return inactive;
    }

    /** The bot can (no longer, or again) write here. */
    public void inactive(boolean value) {
        if (inactive != value) {
            inactive = value;
            changed();
        }
    }

    /** Whether scheduled prompts should hold back here: the safety screen flagged something lately. */
    public boolean isQuiet(Instant now) {
        return care.quiet(now);
    }

    public ChatId chat() {
        return chat;
    }

    public long version() {
        return version;
    }

    /** For stores: the session was saved, so its version moved on. */
    public void advanceVersion() {
        version++;
    }

    public Iterable<Long> appliedUpdates() {
        return appliedUpdates;
    }

    public Optional<FlowRun> run() {
        return Optional.ofNullable(run);
    }

    public void start(FlowRun newRun) {
        run = newRun;
        pendingReplace = null;
        replaceAskedBy = null;
        changed();
    }

    public void end() {
        if (run != null || pendingReplace != null) {
            run = null;
            pendingReplace = null;
            replaceAskedBy = null;
            changed();
        }
    }

    /** The flow someone asked to start while another ran, awaiting "Replace" or "Keep going". */
    public Optional<FlowId> pendingReplace() {
        return Optional.ofNullable(pendingReplace);
    }

    /** Who asked to start the {@link #pendingReplace() flow waiting to replace the running one}: it starts as theirs. */
    public Optional<UserId> replaceAskedBy() {
        return Optional.ofNullable(replaceAskedBy);
    }

    public void askToReplace(FlowId flowId, UserId by) {
        pendingReplace = flowId;
        replaceAskedBy = by;
        changed();
    }

    public void clearPendingReplace() {
        if (pendingReplace != null) {
            pendingReplace = null;
            replaceAskedBy = null;
            changed();
        }
    }

    /** Counts posts whose buttons go stale when the conversation moves on. */
    public int seq() {
        return seq;
    }

    public int nextSeq() {
        changed();
        return ++seq;
    }

    /** Whether a follow-up with this id waits here (its cancel button can still act). */
    public boolean hasFollowUp(int id) {
        return followUps.stream().anyMatch(f -> f.id() == id);
    }

    /**
     * Whether an update was applied here already: one of the recent ids, or a Telegram update id
     * (positive) no newer than the newest that left the recent list. Telegram sends a chat's updates
     * in order and keeps them 24 hours, so a replay of any age is recognised, in bounded space.
     */
    public boolean alreadyApplied(long updateId) {
        return updateId > 0 && updateId <= appliedFloor || appliedUpdates.contains(updateId);
    }

    public void markApplied(long updateId) {
        changed();
        appliedUpdates.addLast(updateId);
        while (appliedUpdates.size() > REMEMBERED_UPDATES) {
            long old = appliedUpdates.removeFirst();
            if (old > 0) {
                appliedFloor = Math.max(appliedFloor, old);
            }
        }
    }

    public long appliedFloor() {
        return appliedFloor;
    }

    /** The /forget question open here, if any. */
    Optional<ForgetQuestion> forgetQuestion() {
        return Optional.ofNullable(forgetQuestion);
    }

    /** /forget asks (again): an earlier question's buttons go stale, and nobody has confirmed yet. Returns its seq. */
    public int askToForget() {
        forgetQuestion = ForgetQuestion.askedAt(nextSeq());
        return forgetQuestion.seq();
    }

    /** Whether the /forget question open here was asked at {@code seq} (a tap on another post's number answers nothing). */
    public boolean asksToForgetAt(int seq) {
        return forgetQuestion != null && forgetQuestion.seq() == seq;
    }

    /** "Keep it": the question is settled, and its buttons go stale. */
    public void keepEverything() {
        forgetQuestion = null;
        nextSeq();
    }

    /** {@code user} confirms the open /forget question; returns who has confirmed so far. */
    public java.util.Set<app.repairbot.chat.UserId> voteToForget(app.repairbot.chat.UserId user) {
        if (!forgetQuestion.votes().contains(user)) {
            forgetQuestion = forgetQuestion.withVote(user);
            changed();
        }
        return forgetQuestion.votes();
    }

    /** For stores: see {@link #openMenu()}. */
    public int menu() {
        return menu;
    }

    /** A new flow menu goes out: its number, which makes every earlier menu's buttons stale. */
    public int openMenu() {
        menu = Math.abs(menu) + 1;
        changed();
        return menu;
    }

    /** A flow started: no menu sent before now starts anything any more. */
    public void closeMenu() {
        if (menu > 0) {
            menu = -menu;
            changed();
        }
    }

    /** Whether the menu with this number is the latest, and no flow started since it was sent. */
    public boolean isOpenMenu(int number) {
        return number > 0 && number == menu;
    }

    /**
     * When something next happens without anyone writing: a reminder, a pause ending, expiry, or
     * (while no flow runs: a follow-up waits for the running one to end) a follow-up.
     */
    public Optional<Instant> nextDue() {
        if (run != null) {
            return run.nextDue();
        }
        return followUps.stream().map(PendingFollowUp::due).min(java.util.Comparator.naturalOrder());
    }

    /** Flows scheduled to start here later, soonest first. */
    public List<PendingFollowUp> followUps() {
        return java.util.Collections.unmodifiableList(followUps);
    }

    /** A follow-up waits here (a run ended with one, or one was postponed); keeps the list soonest first. */
    public void addFollowUp(PendingFollowUp f) {
        followUps.add(f);
        followUps.sort(java.util.Comparator.comparing(PendingFollowUp::due).thenComparing(PendingFollowUp::id));
        changed();
    }

    /** A new follow-up's id: past every pending one and this session's seq, so an old cancel button rarely names a new one. */
    public int nextFollowUpId() {
        return Math.max(seq, followUps.stream().mapToInt(PendingFollowUp::id).max().orElse(0)) + 1;
    }

    public boolean removeFollowUp(int id) {
        boolean removed = followUps.removeIf(f -> f.id() == id);
        if (removed) {
            changed();
        }
        return removed;
    }

    public void dropFollowUps() {
        if (!followUps.isEmpty()) {
            followUps.clear();
            changed();
        }
    }

    public boolean isDue(Instant now) {
        return nextDue().filter(due -> !due.isAfter(now)).isPresent();
    }

    /** Replies waiting to be sent, oldest first. */
    public List<Outgoing> outbox() {
        return java.util.Collections.unmodifiableList(outbox);
    }

    public long lastOutgoingId() {
        return lastOutgoingId;
    }

    /** Puts replies in the outbox, each with a new id; returns them as queued. */
    public List<Outgoing> enqueue(List<BotReply> replies) {
        List<Outgoing> queued = new ArrayList<>(replies.size());
        for (BotReply r : replies) {
            Outgoing o = new Outgoing(chat, ++lastOutgoingId, r);
            outbox.add(o);
            queued.add(o);
            changed();
        }
        return queued;
    }

    /**
     * Puts replies at the front of the outbox, ahead of anything already queued (help after a
     * safety flag must not wait behind the conversation), each with a new id; returns them as queued.
     */
    public List<Outgoing> enqueueFirst(List<BotReply> replies) {
        List<Outgoing> queued = new ArrayList<>(replies.size());
        for (BotReply r : replies) {
            queued.add(new Outgoing(chat, ++lastOutgoingId, r));
            changed();
        }
        outbox.addAll(0, queued);
        return queued;
    }

    /**
     * Drops sent replies from the outbox; true when any was there. Bookkeeping of the outbox, not a
     * change of the conversation: stores call it on the copies they hold, which stay unchanged.
     */
    public boolean removeSent(Collection<Long> ids) {
        return outbox.removeIf(o -> ids.contains(o.id()));
    }

    /** In a group not yet paired: who has tapped "I'm in" so far (at most one, until the second makes the couple). */
    public List<Person> pairing() {
        return java.util.Collections.unmodifiableList(pairing);
    }

    public void joinPairing(Person p) {
        pairing.add(p);
        changed();
    }

    public void clearPairing() {
        if (!pairing.isEmpty()) {
            pairing.clear();
            changed();
        }
    }

    /** A copy with nothing changed: what a store keeps, or gives out. */
    public Session copy() {
        return restore(snapshot());
    }

    /**
     * The session of a group that continues under a new id (Telegram turns a group into a
     * supergroup): everything moves, replies queued for the old id go to the new one, and it is
     * stored afresh (version 0).
     */
    public Session movedTo(ChatId to) {
        List<Outgoing> moved = new ArrayList<>(outbox.size());
        for (Outgoing o : outbox) {
            moved.add(new Outgoing(to, o.id(), o.reply().chat().equals(chat) ? o.reply().to(to) : o.reply()));
        }
        return restore(snapshot().as(to, 0, moved));
    }

    /** A fresh start for a chat whose stored document could not be read, keeping its version for the next save. */
    public static Session afresh(ChatId chat, long version) {
        return new Session(empty(chat, version));
    }
}
