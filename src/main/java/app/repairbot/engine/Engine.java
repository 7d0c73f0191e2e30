package app.repairbot.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import app.repairbot.chat.Button;
import app.repairbot.chat.ChatEvent;
import app.repairbot.chat.ChatId;
import app.repairbot.chat.UserId;
import app.repairbot.engine.internal.FlowMachines;
import app.repairbot.flow.Flow;
import app.repairbot.flow.FlowCatalog;
import app.repairbot.flow.FlowId;
import app.repairbot.flow.StepId;
import app.repairbot.session.Couple;
import app.repairbot.session.CoupleDirectory;
import app.repairbot.session.FlowRun;
import app.repairbot.session.Outgoing;
import app.repairbot.session.Session;
import app.repairbot.session.SessionStore;

/**
 * Runs flows. {@link #handle} applies one chat event; {@link #tick} fires whatever is due
 * (reminders, pause ends, expiry). Each call loads the session, applies, and saves it once,
 * optimistically: on a conflict it reloads and applies again ({@link SessionUpdates}). An update id
 * already applied to a session changes nothing and sends nothing. What an event does to a session
 * is {@link Conversation}'s; this class loads, saves, routes and carries a turn's consequences to
 * the person's other chats ({@link AcrossChats}).
 */
public final class Engine {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Engine.class);
    private static final int DUE_BATCH = 500;
    /** Replies a session may hold unsent before further commands are refused (a flood of /status, say). */
    static final int MAX_OUTBOX = 40;

    /** Swapped whole by {@link #replaceFlows}; each update reads it once (a turn keeps the one it began with). */
    private volatile FlowCatalog flows;
    private final CoupleDirectory couples;
    private final SessionStore store;
    private final SessionUpdates updates;
    private final Conversation conversation;
    private final AcrossChats acrossChats;
    private final Routing routing;
    private final Clock clock;
    /** One state machine definition per flow, with pooled machines (only {@link Stepping} moves them). */
    final FlowMachines machines = new FlowMachines();

    public Engine(FlowCatalog flows, CoupleDirectory couples, SessionStore store, PhrasingCoach coach, Safety safety,
                  Clock clock) {
        this(flows, couples, store, coach, safety, clock, List.of());
    }

    /** {@code commands}: commands other features answer, such as /weekly. */
    public Engine(FlowCatalog flows, CoupleDirectory couples, SessionStore store, PhrasingCoach coach, Safety safety,
                  Clock clock, List<ChatCommands> commands) {
        this.flows = Objects.requireNonNull(flows);
        this.couples = Objects.requireNonNull(couples);
        this.store = Objects.requireNonNull(store);
        this.clock = Objects.requireNonNull(clock);
        FeatureCommands features = new FeatureCommands(commands);
        this.updates = new SessionUpdates(store);
        OtherChats others = new OtherChats(store, couples);
        this.conversation = new Conversation(machines, couples, Objects.requireNonNull(coach), Objects.requireNonNull(safety),
                features, others);
        this.routing = new Routing(store, couples);
        this.acrossChats = new AcrossChats(store, updates, couples, features, others, conversation, clock);
    }

    public FlowCatalog flows() {
        return flows;
    }

    /**
     * Puts a newly loaded, valid catalog in place of the running one, for the updates that begin
     * after this. A conversation already running a flow whose text changed is ended kindly at its
     * next update (its flow's version no longer matches), as after a restart with changed flows.
     */
    public void replaceFlows(FlowCatalog next) {
        this.flows = Objects.requireNonNull(next);
        log.info("The flows were reloaded: {} flows", next.all().size());
    }

    /**
     * Applies one event. What the bot says in response (possibly nothing) is saved in the
     * session's outbox in the same write, and returned: send it, then mark it sent.
     */
    public List<Outgoing> handle(ChatEvent event) {
        long t0 = System.nanoTime();
        List<Outgoing> queued = apply(event);
        EngineMetrics.handled(Duration.ofNanos(System.nanoTime() - t0));
        return queued;
    }

    private List<Outgoing> apply(ChatEvent event) {
        ChatId target = routing.target(event, flows);
        FlowCatalog catalog = flows;
        Optional<Turn> applied = updates.update(target, () -> "chat " + target + " kept changing under update " + event.updateId(),
                session -> attempt(session, event, target, catalog));
        if (applied.isEmpty()) {
            return List.of();
        }
        Turn t = applied.get();
        if (t.forget().isPresent()) {
            return acrossChats.forget(t.forget().get(), event.chat());
        }
        t.countSaved();
        if (log.isDebugEnabled()) {
            log.debug("Update {} in chat {} ({}): {}", event.updateId(), target, event.payload().getClass().getSimpleName(),
                    t.session().run().map(r -> "flow " + r.flow() + " at step '" + r.step() + "'").orElse("no flow running"));
        }
        List<Outgoing> queued = new ArrayList<>(t.queued());
        queued.addAll(acrossChats.after(t, event.from().id(), catalog));
        return queued;
    }

    /** One attempt at an event: the turn to save (or to act on, for /forget), or nothing to do. */
    private SessionUpdates.Outcome<Optional<Turn>> attempt(Session session, ChatEvent event, ChatId target, FlowCatalog catalog) {
        if (session.alreadyApplied(event.updateId())) {
            return SessionUpdates.done(Optional.empty());
        }
        Turn t = new Turn(session, clock.instant(), catalog, event);
        if (session.outbox().size() >= MAX_OUTBOX && event.payload() instanceof ChatEvent.Command cmd && !cmd.name().equals("forget")) {
            // Answers are always taken (never lose a word); commands wait until the outbox drains, said once.
            if (session.outbox().stream().noneMatch(o -> o.reply().text().equals(Wording.CATCHING_UP))) {
                t.answer(Wording.CATCHING_UP);
            }
        } else {
            try {
                conversation.apply(t);
            } catch (RuntimeException e) {
                throw new EngineException("could not apply update " + event.updateId() + " in chat " + target + t.where(), e);
            }
            if (t.forget().isPresent()) {
                return SessionUpdates.done(Optional.of(t));
            }
            if (!t.worthSaving()) {
                return SessionUpdates.unsure(Optional.empty());
            }
        }
        session.markApplied(event.updateId());
        t.queueReplies();
        return SessionUpdates.save(Optional.of(t));
    }

    /** What became of a scheduled start. */
    public enum Scheduled {
        /** The flow started (or this very occurrence already had). */
        STARTED,
        /** Another flow is running: try again later. */
        BUSY,
        /** Not now: the chat is unreachable, or the safety screen flagged something lately. */
        HELD,
        /** The group has no couple any more. */
        GONE
    }

    public record ScheduledStart(Scheduled outcome, List<Outgoing> queued) {
    }

    /**
     * Starts a couple flow at its scheduled time, with the couple's first partner as its starter;
     * its first posts go out in the background (after live replies). {@code updateId} names this
     * occurrence: starting it twice starts it once.
     */
    public ScheduledStart startScheduled(ChatId group, FlowId flowId, long updateId) {
        Optional<Couple> couple = couples.inGroup(group);
        FlowCatalog catalog = flows;
        Optional<Flow> flow = catalog.find(flowId);
        if (couple.isEmpty() || flow.isEmpty()) {
            return new ScheduledStart(Scheduled.GONE, List.of());
        }
        // Fresh: whether it already started, or another flow runs, is decided without a save to check it.
        return updates.updateFresh(group, () -> "chat " + group + " kept changing while starting " + flowId, session -> {
            Instant now = clock.instant();
            if (session.alreadyApplied(updateId)) {
                return SessionUpdates.done(new ScheduledStart(Scheduled.STARTED, List.of()));
            }
            if (session.inactive() || session.isQuiet(now)) {
                return SessionUpdates.done(new ScheduledStart(Scheduled.HELD, List.of()));
            }
            if (session.run().isPresent()) {
                return SessionUpdates.done(new ScheduledStart(Scheduled.BUSY, List.of()));
            }
            Turn t = new Turn(session, now, catalog);
            conversation.startScheduled(t, flow.get(), couple.get().first());
            session.markApplied(updateId);
            return SessionUpdates.save(new ScheduledStart(Scheduled.STARTED, t.queueReplies(true)));
        });
    }

    /** Fires everything due by now, in every chat; the replies are queued as by {@link #handle}. */
    public List<Outgoing> tick() {
        Instant now = clock.instant();
        List<Outgoing> replies = new ArrayList<>();
        for (ChatId chat : store.due(now, DUE_BATCH)) {
            replies.addAll(fireDue(chat, now));
        }
        return replies;
    }

    private List<Outgoing> fireDue(ChatId chat, Instant now) {
        FlowCatalog catalog = flows;
        Optional<Turn> fired = updates.update(chat, () -> "chat " + chat + " kept changing while firing due timers", session -> {
            if (!session.isDue(now)) {
                // A copy kept in memory may predate another instance's write: make sure before doing nothing.
                return SessionUpdates.unsure(Optional.empty());
            }
            Turn t = new Turn(session, now, catalog);
            try {
                conversation.fireDue(t);
            } catch (RuntimeException e) {
                throw new EngineException("could not fire what was due in chat " + chat + t.where(), e);
            }
            t.queueReplies();
            return SessionUpdates.save(Optional.of(t));
        });
        fired.ifPresent(Turn::countSaved);
        return fired.map(Turn::queued).orElse(List.of());
    }

    /**
     * A group continues under a new id (Telegram turns a group into a supergroup): its couple and
     * its session (running flow, answers, queued replies) move there. Safe to repeat.
     */
    public void moveChat(ChatId from, ChatId to) {
        couples.inGroup(from).ifPresent(c -> {
            couples.pair(new Couple(to, c.first(), c.second(), c.shared(), c.firstZone(), c.secondZone()));
            couples.remove(from);
        });
        updates.retry(() -> "could not move chat " + from + " to " + to, () -> {
            Session old = store.load(from);
            if (old.version() == 0) {
                return Optional.of(Boolean.TRUE);
            }
            if (store.save(old.movedTo(to)) || store.load(to).version() > 0) {
                store.delete(from);
                return Optional.of(Boolean.TRUE);
            }
            return Optional.empty();
        });
    }

    /**
     * The bot can no longer write to this chat (it was blocked or removed): its flow ends and what
     * was queued for it is dropped, so nothing keeps failing.
     */
    public void chatUnreachable(ChatId chat) {
        if (chat.value() > 0) {
            acrossChats.privateChatUnreachable(new UserId(chat.value()), flows);
        }
        updates.update(chat, () -> "chat " + chat + " kept changing while closing it", s -> {
            if (s.version() == 0) {
                return SessionUpdates.done(Boolean.TRUE);
            }
            s.end();
            s.inactive(true);
            s.removeSent(s.outbox().stream().filter(o -> o.reply().chat().equals(chat)).map(Outgoing::id).toList());
            return SessionUpdates.save(Boolean.TRUE);
        });
    }

    /**
     * Whether a button the bot sent in this chat can still be tapped to any effect. "I'm in" can until
     * the group has its couple; a flow menu until a newer menu goes out or a flow starts; the buttons
     * of a question, a pause or a confirmation only until the chat has moved on (for a question to both
     * partners, until both have answered).
     */
    public boolean buttonStillLive(ChatId chat, String data) {
        if (data.equals(Button.OPEN_PRIVATE_CHAT)) {
            return true;
        }
        Optional<ButtonData> parsed = ButtonData.parse(data);
        if (parsed.isEmpty()) {
            return false;
        }
        ButtonData b = parsed.get();
        return switch (b.kind()) {
            case PAIR -> couples.inGroup(chat).isEmpty();
            case ZONE -> true;
            // The help's "I feel safe to carry on" and its question answer once; /resume in the private chat stays.
            case HOLD -> false;
            default -> b.stillLiveIn(store.load(chat));
        };
    }

    /** The step the chat's running flow rests on, if a flow runs there. */
    public Optional<StepId> stepOf(ChatId chat) {
        return store.load(chat).run().map(FlowRun::step);
    }
}
