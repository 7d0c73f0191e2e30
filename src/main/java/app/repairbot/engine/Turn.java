package app.repairbot.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import app.repairbot.chat.BotReply;
import app.repairbot.chat.ChatEvent;
import app.repairbot.chat.ChatId;
import app.repairbot.chat.ChatKind;
import app.repairbot.chat.Person;
import app.repairbot.flow.Audience;
import app.repairbot.flow.Flow;
import app.repairbot.flow.FlowCatalog;
import app.repairbot.session.FlowRun;
import app.repairbot.session.Outgoing;
import app.repairbot.session.Session;

/**
 * One attempt at applying an event (or a round of due timers, or a change from another chat) to
 * one chat's session: the session, the time, the flows as they were when it began, the event if
 * someone wrote, the replies it collects, and what it asks of the engine once it is saved. Made
 * per attempt and thrown away with it; the parts of a conversation read and change it and keep
 * nothing themselves.
 */
final class Turn {
    private final Session session;
    private final Instant now;
    private final FlowCatalog flows;
    /** Null when nobody wrote: timers, a scheduled start, a change that comes from another chat. */
    private final ChatEvent event;
    private final Replies replies;
    /** Flow events to count once this attempt is saved (an attempt that loses a race counts nothing). */
    private final List<String[]> counts = new ArrayList<>();
    private Safety.Concern flagged;
    private Safety.Concern flaggedPrivately;
    private Forgetting.Forget forget;
    private boolean liftHold;
    private List<Outgoing> queued = List.of();

    Turn(Session session, Instant now, FlowCatalog flows, ChatEvent event) {
        this.session = session;
        this.now = now;
        this.flows = flows;
        this.event = event;
        this.replies = new Replies(session.chat(), event);
    }

    /** A turn nobody's message began (timers, a scheduled start, a change from another chat). */
    Turn(Session session, Instant now, FlowCatalog flows) {
        this(session, now, flows, null);
    }

    Session session() {
        return session;
    }

    Instant now() {
        return now;
    }

    /** The flows as they were when this turn began: a catalog swapped in meanwhile is read from the next turn on. */
    FlowCatalog flows() {
        return flows;
    }

    /** The running flow's definition; it must still be loaded. */
    Flow flowOf(FlowRun run) {
        return flows.find(run.flow()).orElseThrow(() -> new IllegalStateException(
                "flow " + run.flow() + " of chat " + session.chat() + " is no longer loaded"));
    }

    /** The session's own chat. */
    ChatId chat() {
        return session.chat();
    }

    Optional<ChatEvent> event() {
        return Optional.ofNullable(event);
    }

    /** Who wrote or tapped; only for a turn someone began. */
    Person from() {
        return event.from();
    }

    /** Where the event came from: this session's chat, or a private chat routed to its group. */
    ChatId eventChat() {
        return event.chat();
    }

    /** Whether the event was written in a private chat (its own, or routed to a group that awaits it). */
    boolean inPrivate() {
        return event.chatKind() == ChatKind.PRIVATE;
    }

    /** Whether the event came from this session's own chat (not a private chat routed to its group). */
    boolean fromOwnChat() {
        return session.chat().equals(event.chat());
    }

    /** Who the flows of this chat are for: one person practising in their own private chat, or a couple. */
    Audience here() {
        return session.chat().equals(ChatId.privateOf(event.from().id())) && inPrivate() ? Audience.PRIVATE : Audience.COUPLE;
    }

    // ---- what the bot says ------------------------------------------------------------------

    Replies replies() {
        return replies;
    }

    /** Says {@code text} in this session's chat. */
    void say(String text) {
        replies.say(text);
    }

    /** A short answer to a tap, shown where the tap was. */
    void notice(String text) {
        replies.notice(text);
    }

    /** Says {@code text} where the event came from. */
    void answer(String text) {
        replies.answer(text);
    }

    void post(BotReply reply) {
        replies.post(reply);
    }

    /**
     * Puts what this turn says in the session's outbox, urgent replies ahead of anything already
     * queued there; {@code inBackground}: all of it goes after live replies (a scheduled start).
     * Returns them as queued (also kept as {@link #queued}).
     */
    List<Outgoing> queueReplies(boolean inBackground) {
        queued = new ArrayList<>(session.enqueueFirst(replies.urgent()));
        queued.addAll(session.enqueue(inBackground ? replies.all().stream().map(BotReply::inBackground).toList() : replies.all()));
        return queued;
    }

    List<Outgoing> queueReplies() {
        return queueReplies(false);
    }

    /** What {@link #queueReplies} put in the outbox (nothing before it ran). */
    List<Outgoing> queued() {
        return queued;
    }

    // ---- what the engine does once this turn is saved ------------------------------------------

    void counted(FlowRun run, String flowEvent) {
        counts.add(new String[] {run.flow().value(), flowEvent});
    }

    /** Counts what this attempt did; call once its save went through. */
    void countSaved() {
        counts.forEach(c -> EngineMetrics.flow(c[0], c[1]));
        if (flagged != null) {
            EngineMetrics.safetyFlag(flagged);
        }
    }

    /** The safety screen flagged what the event's sender wrote. */
    void flagged(Safety.Concern concern) {
        flagged = concern;
    }

    /** Whether this turn flagged abuse or fear written by the event's sender (the engine remembers the hold with them). */
    boolean raisedAHold() {
        return flagged != null && flagged.holds();
    }

    /** The flag came through a private chat: the person's groups pause or hold too. */
    void flaggedPrivately(Safety.Concern concern) {
        flaggedPrivately = concern;
    }

    Optional<Safety.Concern> flaggedPrivately() {
        return Optional.ofNullable(flaggedPrivately);
    }

    /** /forget was confirmed: the engine deletes what it covers, instead of saving this turn. */
    void forget(Forgetting.Forget what) {
        forget = what;
    }

    Optional<Forgetting.Forget> forget() {
        return Optional.ofNullable(forget);
    }

    /** The person lifted the safety hold they raised: the engine lifts it in each of their groups. */
    void liftHold() {
        liftHold = true;
    }

    boolean liftsHold() {
        return liftHold;
    }

    /**
     * Whether this turn is worth a save: the session changed (it records that itself), or the bot
     * has something to say, or a safety flag to count.
     */
    boolean worthSaving() {
        return session.hasChanges() || !replies.isEmpty() || flagged != null;
    }

    /** ", flow X at step Y", for error messages. */
    String where() {
        return session.run().map(r -> ", flow " + r.flow() + " at step '" + r.step() + "'").orElse("");
    }
}
