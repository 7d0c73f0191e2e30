package app.repairbot.engine;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Optional;

import app.repairbot.chat.ChatId;

/**
 * Everything the bot remembers about one chat, shaped as one document: the running flow (if
 * any), the ids of recently applied updates, and the version used for optimistic saves.
 */
public final class Session {
    static final int REMEMBERED_UPDATES = 64;

    private final ChatId chat;
    private long version;
    private final ArrayDeque<Long> appliedUpdates;
    private FlowRun run;
    private String pendingReplace;
    private int seq;

    public Session(ChatId chat) {
        this(chat, 0, new ArrayDeque<>(), null, null, 0);
    }

    public Session(ChatId chat, long version, ArrayDeque<Long> appliedUpdates, FlowRun run, String pendingReplace, int seq) {
        this.chat = chat;
        this.version = version;
        this.appliedUpdates = appliedUpdates;
        this.run = run;
        this.pendingReplace = pendingReplace;
        this.seq = seq;
    }

    public ChatId chat() {
        return chat;
    }

    public long version() {
        return version;
    }

    void advanceVersion() {
        version++;
    }

    public Iterable<Long> appliedUpdates() {
        return appliedUpdates;
    }

    public Optional<FlowRun> run() {
        return Optional.ofNullable(run);
    }

    void start(FlowRun newRun) {
        run = newRun;
        pendingReplace = null;
    }

    void end() {
        run = null;
        pendingReplace = null;
    }

    /** The flow someone asked to start while another ran, awaiting "Replace" or "Keep going". */
    public Optional<String> pendingReplace() {
        return Optional.ofNullable(pendingReplace);
    }

    void askToReplace(String flowId) {
        pendingReplace = flowId;
    }

    void clearPendingReplace() {
        pendingReplace = null;
    }

    /** Counts posts whose buttons go stale when the conversation moves on. */
    public int seq() {
        return seq;
    }

    int nextSeq() {
        return ++seq;
    }

    public boolean alreadyApplied(long updateId) {
        return appliedUpdates.contains(updateId);
    }

    void markApplied(long updateId) {
        appliedUpdates.addLast(updateId);
        while (appliedUpdates.size() > REMEMBERED_UPDATES) {
            appliedUpdates.removeFirst();
        }
    }

    /** When something next happens without anyone writing: a reminder, a pause ending, expiry. */
    public Optional<Instant> nextDue() {
        return run().flatMap(FlowRun::nextDue);
    }

    public boolean isDue(Instant now) {
        return nextDue().filter(due -> !due.isAfter(now)).isPresent();
    }

    public Session copy() {
        return new Session(chat, version, new ArrayDeque<>(appliedUpdates), run == null ? null : run.copy(),
                pendingReplace, seq);
    }
}
