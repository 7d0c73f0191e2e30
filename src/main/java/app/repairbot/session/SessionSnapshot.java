package app.repairbot.session;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import app.repairbot.chat.ChatId;
import app.repairbot.chat.Person;
import app.repairbot.chat.UserId;
import app.repairbot.flow.Audience;
import app.repairbot.flow.FlowId;
import app.repairbot.flow.StepId;

/**
 * A session as plain immutable values: the one type a store sees. {@link Session#snapshot()} takes
 * one and {@link Session#restore} makes a session of one (with nothing changed), so a store keeps,
 * copies and encodes sessions without reaching into them, and the engine knows nothing of how they
 * are stored. Free text (answers, drafts, reply texts) is in it as written: encrypting it is the store's job.
 *
 * @param chat the chat the session belongs to
 * @param version the stored version it was read at (0: never stored)
 * @param applied the ids of the recently applied updates, oldest first
 * @param appliedFloor every Telegram update id up to this one counts as applied
 * @param forgetQuestion the /forget question open here, if any
 * @param menu the number of the latest flow menu (negative once a flow started since; 0: none yet)
 * @param seq counts posts whose buttons go stale when the conversation moves on
 * @param pendingReplace the flow someone asked to start while another ran, if any
 * @param replaceAskedBy who asked for it (empty: asked before this was kept; whoever taps "Replace" starts it)
 * @param lastOutgoingId the id of the latest reply put in the outbox
 * @param pairing who tapped "I'm in" in a group not yet paired
 * @param inactive whether the bot can no longer write here
 * @param care what the session remembers to look after its people
 * @param outbox replies waiting to be sent, oldest first
 * @param followUps flows scheduled to start here later, soonest first
 * @param run the running flow, if any
 */
public record SessionSnapshot(ChatId chat, long version, List<Long> applied, long appliedFloor, Optional<ForgetQuestion> forgetQuestion,
                              int menu, int seq, Optional<FlowId> pendingReplace, Optional<UserId> replaceAskedBy, long lastOutgoingId, List<Person> pairing,
                              boolean inactive, CareState care, List<Outgoing> outbox, List<PendingFollowUp> followUps,
                              Optional<RunState> run) {
    public SessionSnapshot {
        Objects.requireNonNull(chat, "chat");
        if (version < 0) {
            throw new IllegalArgumentException("a session's version is never negative, not " + version + " (chat " + chat + ")");
        }
        applied = List.copyOf(applied);
        pairing = List.copyOf(pairing);
        outbox = List.copyOf(outbox);
        followUps = List.copyOf(followUps);
        Objects.requireNonNull(forgetQuestion, "forgetQuestion");
        Objects.requireNonNull(pendingReplace, "pendingReplace");
        Objects.requireNonNull(replaceAskedBy, "replaceAskedBy");
        Objects.requireNonNull(care, "care");
        Objects.requireNonNull(run, "run");
    }

    /** The same session stored at another version (a store's own bookkeeping: a save or a mark advanced it). */
    public SessionSnapshot atVersion(long newVersion) {
        return new SessionSnapshot(chat, newVersion, applied, appliedFloor, forgetQuestion, menu, seq, pendingReplace, replaceAskedBy, lastOutgoingId,
                pairing, inactive, care, outbox, followUps, run);
    }

    /** The same session under another chat and version, its outbox as given (a group that continues under a new id). */
    SessionSnapshot as(ChatId newChat, long newVersion, List<Outgoing> newOutbox) {
        return new SessionSnapshot(newChat, newVersion, applied, appliedFloor, forgetQuestion, menu, seq, pendingReplace, replaceAskedBy, lastOutgoingId,
                pairing, inactive, care, newOutbox, followUps, run);
    }

    /**
     * A flow run as values.
     *
     * @param partner empty in a practice: one person's own flow
     * @param before in a follow-up: what the run that scheduled it saved, in order
     * @param answers the answers saved so far, in the order they came
     * @param ask what belongs to the step the run rests on
     * @param pause the pause, while there is one
     */
    public record RunState(FlowId flow, String flowVersion, Audience audience, Person starter, Optional<Person> partner,
                           Map<String, Answer> before, StepId step, Map<String, Answer> answers, AskState ask,
                           Optional<Instant> askedAt, Optional<Instant> expireAt, Optional<PauseState> pause) {
        public RunState {
            Objects.requireNonNull(flow, "flow");
            Objects.requireNonNull(starter, "starter");
            Objects.requireNonNull(partner, "partner");
            Objects.requireNonNull(ask, "ask");
            Objects.requireNonNull(askedAt, "askedAt");
            Objects.requireNonNull(expireAt, "expireAt");
            Objects.requireNonNull(pause, "pause");
            before = inOrder(before);
            answers = inOrder(answers);
        }

        private static Map<String, Answer> inOrder(Map<String, Answer> m) {
            return m.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(m));
        }
    }

    /**
     * What a session remembers to look after its people, as values (see {@code Care}).
     *
     * @param pauses when pauses were taken lately
     * @param flags when the safety screen flagged something lately (the fact only)
     * @param owedHelp who is owed the private help message
     * @param therapyHintAt when the bot last suggested couples therapy
     * @param quietLifted whether the couple went on after the last flag
     * @param holders who raised the hold in force; empty: no hold
     * @param heldOnce whether this couple has been on hold at some time
     */
    public record CareState(List<Instant> pauses, List<Instant> flags, List<UserId> owedHelp, Optional<Instant> therapyHintAt,
                            boolean quietLifted, List<UserId> holders, boolean heldOnce) {
        /** Nothing to remember. */
        public static final CareState NONE = new CareState(List.of(), List.of(), List.of(), Optional.empty(), false, List.of(), false);

        public CareState {
            pauses = List.copyOf(pauses);
            flags = List.copyOf(flags);
            owedHelp = List.copyOf(owedHelp);
            holders = List.copyOf(holders);
            Objects.requireNonNull(therapyHintAt, "therapyHintAt");
        }

        /** Whether there is nothing worth storing (a lifted quiet alone is not). */
        public boolean isEmpty() {
            return pauses.isEmpty() && flags.isEmpty() && owedHelp.isEmpty() && therapyHintAt.isEmpty() && holders.isEmpty() && !heldOnce;
        }
    }
}
