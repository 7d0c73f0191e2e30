package app.repairbot.engine;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import app.repairbot.chat.ChatEvent;
import app.repairbot.chat.ChatId;
import app.repairbot.chat.ChatKind;
import app.repairbot.chat.UserId;
import app.repairbot.engine.internal.FlowMachines;
import app.repairbot.flow.FlowCatalog;

/**
 * Runs flows. {@link #handle} applies one chat event; {@link #tick} fires whatever is due
 * (reminders, pause ends, expiry). Each call loads the session, applies, and saves it once,
 * optimistically: on a conflict it reloads and applies again. An update id already applied to
 * a session changes nothing and sends nothing.
 */
public final class Engine {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Engine.class);
    private static final int ATTEMPTS = 50;
    private static final int DUE_BATCH = 500;
    /** Replies a session may hold unsent before further commands are refused (a flood of /status, say). */
    static final int MAX_OUTBOX = 40;

    /** Swapped whole by {@link #replaceFlows}; each update reads it once (a Conversation keeps the one it began with). */
    private volatile FlowCatalog flows;
    final CoupleDirectory couples;
    final PhrasingCoach coach;
    final Safety safety;
    private final java.util.Map<String, ChatCommands> commands = new java.util.HashMap<>();
    final FlowMachines machines = new FlowMachines();
    private final SessionStore store;
    private final Clock clock;

    public Engine(FlowCatalog flows, CoupleDirectory couples, SessionStore store, PhrasingCoach coach, Safety safety,
                  Clock clock) {
        this(flows, couples, store, coach, safety, clock, List.of());
    }

    /** {@code commands}: commands other features answer, such as /weekly. */
    public Engine(FlowCatalog flows, CoupleDirectory couples, SessionStore store, PhrasingCoach coach, Safety safety,
                  Clock clock, List<ChatCommands> commands) {
        for (ChatCommands c : commands) {
            c.names().forEach(name -> this.commands.put(name, c));
        }
        this.flows = Objects.requireNonNull(flows);
        this.couples = Objects.requireNonNull(couples);
        this.store = Objects.requireNonNull(store);
        this.coach = Objects.requireNonNull(coach);
        this.safety = Objects.requireNonNull(safety);
        this.clock = Objects.requireNonNull(clock);
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
        EngineMetrics.handled(java.time.Duration.ofNanos(System.nanoTime() - t0));
        return queued;
    }

    private List<Outgoing> apply(ChatEvent event) {
        ChatId target = route(event);
        boolean[] fresh = {false};
        return untilSaved(() -> "chat " + target + " kept changing under update " + event.updateId(), () -> {
            Session session = fresh[0] ? store.loadFresh(target) : store.load(target);
            if (session.alreadyApplied(event.updateId())) {
                return Optional.of(List.of());
            }
            if (session.outbox().size() >= MAX_OUTBOX && event.payload() instanceof ChatEvent.Command cmd && !cmd.name().equals("forget")) {
                // Answers are always taken (never lose a word); commands wait until the outbox drains, said once.
                session.markApplied(event.updateId());
                boolean told = session.outbox().stream().anyMatch(o -> o.reply().text().equals(Wording.CATCHING_UP));
                List<Outgoing> queued = told ? List.of() : session.enqueue(List.of(app.repairbot.chat.BotReply.say(event.chat(),
                        Wording.CATCHING_UP)));
                if (store.save(session)) {
                    return Optional.of(queued);
                }
                return Optional.empty();
            }
            Conversation c = new Conversation(this, session, clock.instant());
            try {
                c.apply(event);
            } catch (RuntimeException e) {
                throw new EngineException("could not apply update " + event.updateId() + " in chat " + target
                        + c.where(), e);
            }
            if (c.forget().isPresent()) {
                return Optional.of(forget(c.forget().get(), event.chat()));
            }
            if (!c.worthSaving()) {
                if (!fresh[0]) {
                    // Nothing to do, by a copy that may predate another instance's write (a question it posted,
                    // say): look again at the stored session before letting the event go.
                    fresh[0] = true;
                    return Optional.empty();
                }
                return Optional.of(List.of());
            }
            session.markApplied(event.updateId());
            List<Outgoing> queued = new ArrayList<>(session.enqueueFirst(c.urgent()));
            queued.addAll(session.enqueue(c.replies()));
            if (store.save(session)) {
                c.countSaved();
                if (log.isDebugEnabled()) {
                    log.debug("Update {} in chat {} ({}): {}", event.updateId(), target, event.payload().getClass().getSimpleName(),
                            session.run().map(r -> "flow " + r.flow() + " at step '" + r.step() + "'").orElse("no flow running"));
                }
                if (c.flaggedPrivately().isPresent()) {
                    Safety.Concern concern = c.flaggedPrivately().get();
                    UserId who = event.from().id();
                    queued.addAll(inEachGroupOf(who, g -> g.respondInGroup(who, concern)));
                }
                if (c.raisedAHold()) {
                    rememberHold(event.from().id(), true);
                }
                if (c.liftHold()) {
                    UserId who = event.from().id();
                    rememberHold(who, false);
                    queued.addAll(inEachGroupOf(who, g -> g.liftHoldFor(who)));
                }
                return Optional.of(queued);
            }
            return Optional.empty();
        });
    }

    private static final Optional<Boolean> DONE = Optional.of(Boolean.TRUE);

    /**
     * The one way the engine changes a session: {@code attempt} reads it, changes it and saves it if
     * nobody wrote since the read. It returns a result when it is done (saved, or nothing to do), and
     * empty when another write came first, to read and do it again. After {@link #ATTEMPTS} rounds it
     * gives up with an {@link EngineException} that says {@code what} (an update is then delivered again).
     */
    private static <T> T untilSaved(java.util.function.Supplier<String> what, java.util.function.Supplier<Optional<T>> attempt) {
        for (int i = 0; i < ATTEMPTS; i++) {
            Optional<T> done = attempt.get();
            if (done.isPresent()) {
                return done.get();
            }
        }
        throw new EngineException(what.get() + "; gave up after " + ATTEMPTS + " attempts", null);
    }

    Optional<ChatCommands> command(String name) {
        return Optional.ofNullable(commands.get(name));
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
    public ScheduledStart startScheduled(ChatId group, app.repairbot.flow.FlowId flowId, long updateId) {
        return untilSaved(() -> "chat " + group + " kept changing while starting " + flowId, () -> {
            Optional<Couple> couple = couples.inGroup(group);
            Optional<app.repairbot.flow.Flow> flow = flows.find(flowId);
            if (couple.isEmpty() || flow.isEmpty()) {
                return Optional.of(new ScheduledStart(Scheduled.GONE, List.of()));
            }
            // Fresh: whether it already started, or another flow runs, is decided without a save to check it.
            Session session = store.loadFresh(group);
            Instant now = clock.instant();
            if (session.alreadyApplied(updateId)) {
                return Optional.of(new ScheduledStart(Scheduled.STARTED, List.of()));
            }
            if (session.inactive() || session.isQuiet(now)) {
                return Optional.of(new ScheduledStart(Scheduled.HELD, List.of()));
            }
            if (session.run().isPresent()) {
                return Optional.of(new ScheduledStart(Scheduled.BUSY, List.of()));
            }
            Conversation c = new Conversation(this, session, now);
            c.startScheduled(flow.get(), couple.get().first());
            session.markApplied(updateId);
            List<Outgoing> queued = session.enqueue(c.replies().stream().map(app.repairbot.chat.BotReply::inBackground).toList());
            if (store.save(session)) {
                c.countSaved();
                return Optional.of(new ScheduledStart(Scheduled.STARTED, queued));
            }
            return Optional.empty();
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
        return untilSaved(() -> "chat " + chat + " kept changing while firing due timers", () -> {
            Session session = store.load(chat);
            if (!session.isDue(now)) {
                // A copy kept in memory may predate another instance's write: make sure before doing nothing.
                session = store.loadFresh(chat);
                if (!session.isDue(now)) {
                    return Optional.of(List.of());
                }
            }
            Conversation c = new Conversation(this, session, now);
            try {
                c.fireDue();
            } catch (RuntimeException e) {
                throw new EngineException("could not fire what was due in chat " + chat + c.where(), e);
            }
            List<Outgoing> queued = session.enqueue(c.replies());
            if (store.save(session)) {
                c.countSaved();
                return Optional.of(queued);
            }
            return Optional.empty();
        });
    }

    /**
     * Deletes what /forget covers. The confirmation is returned to be sent but not stored: it is
     * the one reply no document keeps, so that nothing is left that concerns the person.
     */
    private List<Outgoing> forget(Conversation.Forget what, ChatId where) {
        String text;
        if (what instanceof Conversation.ForgetPerson p) {
            store.delete(ChatId.privateOf(p.user()));
            int groups = 0;
            for (Couple couple : couples.of(p.user())) {
                store.delete(couple.group());
                couples.remove(couple.group());
                forgetElsewhere(couple.group());
                groups++;
            }
            text = Wording.forgotPerson(groups);
        } else {
            ChatId group = ((Conversation.ForgetCouple) what).group();
            boolean running = store.load(group).run().isPresent();
            store.delete(group);
            couples.remove(group);
            forgetElsewhere(group);
            text = Wording.forgotCouple(running);
        }
        return List.of(Outgoing.unstored(where, app.repairbot.chat.BotReply.say(where, text)));
    }

    /** Whether this person raised a safety hold that is in force in one of their groups. */
    boolean holdsAHold(UserId user) {
        return carriesAHold(user) || couples.of(user).stream().anyMatch(c -> store.load(c.group()).care().heldBy(user.value()));
    }

    /** Whether the person raised a hold they have not lifted (kept in their private chat's session, which only they can delete). */
    boolean carriesAHold(UserId user) {
        return store.load(ChatId.privateOf(user)).care().heldBy(user.value());
    }

    /**
     * Keeps (or drops) the fact that this person raised a hold in their own private chat's session, so
     * that the hold outlives a couple deleted by the other partner's /forget and comes back if they
     * pair again. Only who may lift it is kept, as in the group.
     */
    private void rememberHold(UserId user, boolean held) {
        ChatId own = ChatId.privateOf(user);
        untilSaved(() -> "the private chat of a person raising or lifting a safety hold kept changing", () -> {
            Session s = store.load(own);
            if (s.care().heldBy(user.value()) == held) {
                return DONE;
            }
            if (held) {
                s.care().hold(user.value());
            } else {
                s.care().lift(user.value());
            }
            if (store.save(s)) {
                return DONE;
            }
            return Optional.empty();
        });
    }

    /** Whether one of this person's groups is on a safety hold (raised by anyone). */
    boolean isOnHold(UserId user) {
        return couples.of(user).stream().anyMatch(c -> store.load(c.group()).care().onHold());
    }

    /** Whether one of this person's groups has ever been on a safety hold. */
    boolean everHeld(UserId user) {
        return couples.of(user).stream().anyMatch(c -> store.load(c.group()).care().everHeld());
    }

    /**
     * Does {@code what} in the session of each group the person shares with a partner, saving each
     * that it changed (reloading and doing it again if another write came first); returns what
     * those saves queued.
     */
    private List<Outgoing> inEachGroupOf(UserId user, java.util.function.Consumer<Conversation> what) {
        List<Outgoing> queued = new ArrayList<>();
        for (Couple couple : couples.of(user)) {
            queued.addAll(untilSaved(() -> "group " + couple.group() + " kept changing", () -> {
                Session group = store.load(couple.group());
                Conversation c = new Conversation(this, group, clock.instant());
                what.accept(c);
                if (!c.worthSaving()) {
                    return Optional.of(List.<Outgoing>of());
                }
                List<Outgoing> replies = group.enqueue(c.replies());
                if (store.save(group)) {
                    c.countSaved();
                    return Optional.of(replies);
                }
                return Optional.empty();
            }));
        }
        return queued;
    }

    /** What /status in a private chat says about each of the person's groups where a conversation runs (or waits on a hold). */
    List<String> groupStatus(app.repairbot.chat.Person viewer) {
        List<String> lines = new ArrayList<>();
        for (Couple couple : couples.of(viewer.id())) {
            Session group = store.load(couple.group());
            if (group.care().onHold()) {
                lines.add(Wording.STATUS_GROUP_ON_HOLD);
            } else {
                new Conversation(this, group, clock.instant()).statusFor(viewer).ifPresent(lines::add);
            }
        }
        return lines;
    }

    /** Whether this person has ever opened a private chat with the bot (it keeps a session for it). */
    boolean hasPrivateChat(UserId user) {
        return store.load(ChatId.privateOf(user)).version() > 0;
    }

    /** What other features keep about a group goes with its couple (its schedules, for one). */
    private void forgetElsewhere(ChatId group) {
        commands.values().stream().distinct().forEach(c -> c.forget(group));
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
        untilSaved(() -> "could not move chat " + from + " to " + to, () -> {
            Session old = store.load(from);
            if (old.version() == 0) {
                return DONE;
            }
            java.util.Map<String, Object> doc = SessionDocuments.toDocument(old, t -> t);
            doc.put("_id", to.value());
            doc.put("version", 0L);
            for (Object o : (List<?>) doc.get("outbox")) {
                @SuppressWarnings("unchecked")
                java.util.Map<String, Object> entry = (java.util.Map<String, Object>) o;
                if (Long.valueOf(from.value()).equals(entry.get("chat"))) {
                    entry.put("chat", to.value());
                }
            }
            Session moved = SessionDocuments.fromDocument(doc, t -> t);
            if (store.save(moved)) {
                store.delete(from);
                return DONE;
            }
            if (store.load(to).version() > 0) {
                store.delete(from);
                return DONE;
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
            privateChatUnreachable(new UserId(chat.value()));
        }
        untilSaved(() -> "chat " + chat + " kept changing while closing it", () -> {
            Session s = store.load(chat);
            if (s.version() == 0) {
                return DONE;
            }
            s.end();
            s.inactive(true);
            s.removeSent(s.outbox().stream().filter(o -> o.reply().chat().equals(chat)).map(Outgoing::id).toList());
            if (store.save(s)) {
                return DONE;
            }
            return Optional.empty();
        });
    }

    /** A person's private chat is closed to the bot: their groups awaiting them privately say how to open it. */
    private void privateChatUnreachable(UserId user) {
        // What this queues goes out with the next sweep of outboxes; nothing here is waiting on it.
        inEachGroupOf(user, c -> c.cannotWritePrivatelyTo(user));
    }

    /**
     * Whether a button the bot sent in this chat can still be tapped to any effect. "I'm in" can until
     * the group has its couple; a flow menu until a newer menu goes out or a flow starts; the buttons
     * of a question, a pause or a confirmation only until the chat has moved on (for a question to both
     * partners, until both have answered).
     */
    public boolean buttonStillLive(ChatId chat, String data) {
        if (data.equals(app.repairbot.chat.Button.OPEN_PRIVATE_CHAT)) {
            return true;
        }
        Optional<ButtonData> parsed = ButtonData.parse(data);
        if (parsed.isEmpty()) {
            return false;
        }
        ButtonData b = parsed.get();
        return switch (b.kind()) {
            case PAIR -> couples.inGroup(chat).isEmpty();
            case MENU -> store.load(chat).isOpenMenu(b.number());
            case ZONE -> true;
            // The help's "I feel safe to carry on" and its question answer once; /resume in the private chat stays.
            case HOLD -> false;
            case FOLLOW_UP -> store.load(chat).followUps().stream().anyMatch(f -> f.id() == b.number());
            case REPLACE, KEEP_GOING -> {
                Session s = store.load(chat);
                yield s.isCurrent(b) && s.pendingReplace().isPresent();
            }
            default -> store.load(chat).isCurrent(b);
        };
    }

    /** The step the chat's running flow rests on, if a flow runs there. */
    public Optional<String> stepOf(ChatId chat) {
        return store.load(chat).run().map(FlowRun::step);
    }

    /**
     * Private messages and taps go to the partner's group when a sealed ask there waits for
     * them, or when the group already applied this very update (a redelivery must find the
     * session that remembers it); otherwise they belong to the private chat itself.
     */
    private ChatId route(ChatEvent event) {
        boolean start = event.payload() instanceof ChatEvent.Command c && c.name().equals("start");
        boolean ownTap = event.payload() instanceof ChatEvent.Tap t
                && ButtonData.parse(t.data()).filter(ButtonData::answersWhereTapped).isPresent();
        if (event.chatKind() == ChatKind.GROUP || event.payload() instanceof ChatEvent.Command && !start || ownTap) {
            // A private chat's own buttons (/forget's question, the hold's, its practice menu) answer there, never in a group.
            return event.chat();
        }
        for (Couple couple : couples.of(event.from().id())) {
            Session group = store.load(couple.group());
            if (group.alreadyApplied(event.updateId()) || Conversation.awaitsPrivately(this, group, event.from().id())
                    || start && group.care().owesHelpTo(event.from().id().value())) {
                return couple.group();
            }
        }
        return event.chat();
    }
}
