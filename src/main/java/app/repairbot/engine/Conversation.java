package app.repairbot.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import app.repairbot.chat.BotReply;
import app.repairbot.chat.Button;
import app.repairbot.chat.ChatEvent;
import app.repairbot.chat.ChatId;
import app.repairbot.chat.ChatKind;
import app.repairbot.chat.Person;
import app.repairbot.chat.UserId;
import app.repairbot.engine.internal.FlowMachines;
import app.repairbot.flow.Audience;
import app.repairbot.flow.BotCommands;
import app.repairbot.flow.Flow;
import app.repairbot.flow.Role;
import app.repairbot.flow.Step;
import app.repairbot.flow.Who;

/**
 * What one event, or one round of due timers, does to one chat's session. Short-lived: made
 * per attempt, it changes the session in place and collects the replies.
 */
final class Conversation {
    private static final int MAX_HOPS = 1000;
    /** The longest text kept as an answer: Telegram's own limit for a message. */
    static final int MAX_TEXT = 4096;
    private static final int DEFAULT_PAUSE_MINUTES = 20;
    private static final int MAX_PAUSE_MINUTES = 24 * 60;

    private final Engine engine;

    /** The flows as they were when this update began: a catalog swapped in meanwhile is read from the next one on. */

    private final app.repairbot.flow.FlowCatalog catalog;
    private final Session session;
    private final Instant now;
    private final List<BotReply> replies = new ArrayList<>();
    private ChatEvent event;
    private Forget forget;
    private Safety.Concern flaggedPrivately;
    private Safety.Concern flagged;
    /** Replies that go out ahead of anything already queued (help after a safety flag). */
    private final List<BotReply> urgent = new ArrayList<>();
    /** The person asked, privately, to lift the safety hold they raised. */
    private boolean liftHold;
    /** Flow events to count once this attempt is saved (an attempt that loses a race counts nothing). */
    private final List<String[]> counts = new ArrayList<>();

    private void counted(FlowRun run, String event) {
        counts.add(new String[] {run.flow().value(), event});
    }

    /** Whether this attempt flagged abuse or fear written by the event's sender (the engine remembers the hold with them). */
    boolean raisedAHold() {
        return flagged == Safety.Concern.ABUSE;
    }

    /** Counts what this attempt did; call once its save went through. */
    void countSaved() {
        counts.forEach(c -> EngineMetrics.flow(c[0], c[1]));
        if (flagged != null) {
            EngineMetrics.safetyFlag(flagged);
        }
    }

    /** What /forget, once confirmed, asks the engine to delete. */
    sealed interface Forget permits ForgetPerson, ForgetCouple {
    }

    record ForgetPerson(UserId user) implements Forget {
    }

    record ForgetCouple(ChatId group) implements Forget {
    }

    Optional<Forget> forget() {
        return Optional.ofNullable(forget);
    }

    Conversation(Engine engine, Session session, Instant now) {
        this.engine = engine;
        this.catalog = engine.flows();
        this.session = session;
        this.now = now;
    }

    List<BotReply> replies() {
        return replies;
    }

    /** Replies to send before anything already queued in this session. */
    List<BotReply> urgent() {
        return urgent;
    }

    /** Whether the person asked to lift their safety hold: the engine lifts it in each of their groups. */
    boolean liftHold() {
        return liftHold;
    }

    /**
     * Whether this attempt is worth a save: the session changed (it records that itself), or the
     * bot has something to say, or a safety flag to count.
     */
    boolean worthSaving() {
        return session.hasChanges() || !replies.isEmpty() || !urgent.isEmpty() || flagged != null;
    }

    /** ", flow X at step Y", for error messages. */
    String where() {
        return session.run().map(r -> ", flow " + r.flow() + " at step '" + r.step() + "'").orElse("");
    }

    static boolean awaitsPrivately(Engine engine, Session group, UserId user) {
        Optional<FlowRun> run = group.run();
        if (run.isEmpty()) {
            return false;
        }
        Optional<Role> role = run.get().roleOf(user);
        Optional<Flow> flow = engine.flows().find(run.get().flow());
        if (role.isEmpty() || flow.isEmpty() || !flow.get().steps().containsKey(run.get().step())) {
            return false;
        }
        return flow.get().step(run.get().step()) instanceof Step.Ask ask && ask.sealed()
                && run.get().awaited(ask).contains(role.get());
    }

    // ---- events -------------------------------------------------------------------------

    /** What the safety screen flagged in someone's private chat, if anything: their groups pause or hold too. */
    Optional<Safety.Concern> flaggedPrivately() {
        return Optional.ofNullable(flaggedPrivately);
    }

    void apply(ChatEvent e) {
        this.event = e;
        if (session.inactive() && session.chat().equals(e.chat())) {
            session.inactive(false);
        }
        String words = e.payload() instanceof ChatEvent.Text t ? t.text()
                : e.payload() instanceof ChatEvent.Command c ? c.args() : "";
        boolean tooLong = words.length() > MAX_TEXT;
        if (!words.isBlank()) {
            // A text over Telegram's own limit (only a forged update has one) is screened as far as that limit.
            Optional<Safety.Concern> concern = engine.safety.screen(tooLong ? words.substring(0, MAX_TEXT) : words);
            if (concern.isPresent()) {
                concern(concern.get());
                return;
            }
        }
        if (tooLong) {
            replies.add(BotReply.say(event.chat(), Wording.TOO_LONG));
            return;
        }
        Optional<Person> person = participant();
        if (person.isEmpty()) {
            return;
        }
        endIfTheFlowChangedUnderIt();
        ChatEvent.Payload payload = e.payload();
        if (heldHere(person.get(), payload)) {
            return;
        }
        if (payload instanceof ChatEvent.Command c) {
            command(person.get(), c);
        } else if (payload instanceof ChatEvent.Tap t) {
            tap(person.get(), t.data());
        } else if (payload instanceof ChatEvent.Text t) {
            text(person.get(), t.text(), false);
        } else if (payload instanceof ChatEvent.NonText) {
            text(person.get(), null, true);
        }
    }

    /**
     * The person the event comes from, when they may act here: in a group, one of its couple
     * (anyone else is ignored); in a private chat, the person themself.
     */
    private Optional<Person> participant() {
        if (event.chatKind() == ChatKind.PRIVATE) {
            return Optional.of(event.from());
        }
        Optional<Couple> couple = engine.couples.inGroup(event.chat());
        if (couple.isEmpty()) {
            pairing();
            return Optional.empty();
        }
        if (event.payload() instanceof ChatEvent.Tap t && t.data().equals(PAIR)) {
            if (couple.get().has(event.from().id()) && !session.pairing().isEmpty()) {
                // An earlier attempt at this tap made the couple (outside this document) but lost its save to a
                // concurrent write: finish what it began, rather than saying "already set up" and losing the welcome.
                session.clearPairing();
                say(Wording.paired(couple.get().first().firstName(), couple.get().second().firstName()));
                askTheZone();
                return Optional.empty();
            }
            notice(couple.get().has(event.from().id()) ? Wording.ALREADY_PAIRED : Wording.A_COUPLE_IS_TWO);
            return Optional.empty();
        }
        if (event.payload() instanceof ChatEvent.BotAdded) {
            say(Wording.welcomeBack(couple.get().first().firstName(), couple.get().second().firstName()));
            return Optional.empty();
        }
        return couple.get().person(event.from().id());
    }

    // ---- safety -------------------------------------------------------------------------

    /**
     * Something in the text screened as crisis or abuse. The text goes no further: no flow sees it
     * and nothing stores it. The person gets help in their private chat; their couple's flow pauses
     * with a message that says nothing about why. Without a private chat to write to, the group
     * gets only a neutral note with a button to open one (the help waits for them there).
     */
    private void concern(Safety.Concern concern) {
        Person who = event.from();
        flagged = concern;
        if (event.chatKind() == ChatKind.PRIVATE) {
            urgent.add(help(who, concern));
            if (session.chat().equals(event.chat())) {
                session.care().flagged(now);
                flaggedPrivately = concern;
            } else {
                // A private answer routed to its group (a sealed ask): the other groups follow through the engine.
                respondInGroup(who.id(), concern);
                flaggedPrivately = concern;
            }
            return;
        }
        boolean ours = engine.couples.inGroup(session.chat()).filter(c -> c.has(who.id())).isPresent();
        if (engine.hasPrivateChat(who.id())) {
            urgent.add(help(who, concern));
            if (ours) {
                respondInGroup(who.id(), concern);
            }
            return;
        }
        if (ours) {
            session.care().oweHelpTo(who.id().value());
            session.care().flagged(now);
            if (concern == Safety.Concern.ABUSE) {
                session.care().hold(who.id().value());
            }
            session.run().filter(r -> !r.isPaused()).ifPresent(r -> pauseIndefinitely(who.id()));
            session.run().ifPresent(r -> r.handPauseTo(who.id()));
            replies.add(BotReply.withButtons(session.chat(), Wording.PAUSED_FOR_NOW,
                    List.of(new Button(Wording.OPEN_PRIVATE_CHAT, Button.OPEN_PRIVATE_CHAT))));
        }
    }

    /** The private help for a concern; after abuse or fear, with the way to lift the hold when they feel safe. */
    private BotReply help(Person who, Safety.Concern concern) {
        ChatId chat = ChatId.privateOf(who.id());
        if (concern == Safety.Concern.ABUSE) {
            return BotReply.withButtons(chat, engine.safety.help(concern), List.of(new Button(Wording.LIFT_HOLD, LIFT_HOLD_ASK)));
        }
        return BotReply.say(chat, engine.safety.help(concern));
    }

    /** What a flag does in one of the person's groups: a pause for crisis, a hold for abuse or fear. */
    void respondInGroup(UserId who, Safety.Concern concern) {
        if (concern == Safety.Concern.ABUSE) {
            holdForSafety(who);
        } else {
            pauseForSafety(who);
        }
    }

    /**
     * The group's side of a crisis flag: the fact is remembered, a running flow pauses with a
     * neutral message, and the pause belongs to the person who wrote the words.
     */
    void pauseForSafety(UserId who) {
        session.care().flagged(now);
        Optional<FlowRun> run = session.run();
        if (run.isPresent() && !run.get().isPaused()) {
            pauseIndefinitely(who);
            say(Wording.SAFETY_PAUSE);
        } else {
            run.ifPresent(r -> r.handPauseTo(who));
        }
    }

    /**
     * The group's side of an abuse flag: the couple's flows, follow-ups and scheduled prompts wait
     * until the person who raised it lifts the hold privately. The group is told nothing of why.
     */
    void holdForSafety(UserId who) {
        session.care().flagged(now);
        session.care().hold(who.value());
        session.dropFollowUps();
        session.clearPendingReplace();
        Optional<FlowRun> run = session.run();
        if (run.isPresent() && !run.get().isPaused()) {
            pauseIndefinitely(who);
            say(Wording.SAFETY_HOLD);
        } else {
            run.ifPresent(r -> r.handPauseTo(who));
        }
    }

    /**
     * The person lifts the hold they raised here (asked privately): when no hold is left, a flow on
     * its pause carries on by asking its question again.
     */
    void liftHoldFor(UserId who) {
        if (!session.care().heldBy(who.value())) {
            return;
        }
        if (!session.care().lift(who.value())) {
            return;
        }
        Optional<FlowRun> run = session.run();
        if (run.isPresent() && run.get().isPaused()) {
            endPause(flowOf(run.get()), run.get());
        }
    }

    /** A pause with no end time: no "Ready?" comes by itself; its owner's /resume (or the flow's expiry) ends it. */
    private void pauseIndefinitely(UserId owner) {
        beginPause(java.time.Duration.ZERO);
        FlowRun run = session.run().orElseThrow();
        run.pause(Optional.empty(), Optional.of(owner), run.expireAt());
    }

    /** The button on the help after abuse or fear: asks once more before anything joint carries on. */
    static final String LIFT_HOLD_ASK = ButtonData.hold("ask");
    private static final String LIFT_HOLD_YES = ButtonData.hold("yes");
    private static final String LIFT_HOLD_NO = ButtonData.hold("no");

    /**
     * While the couple is on hold, nothing joint moves, whoever asks: a resume, a "Ready", a flow
     * start, an answer or a tap that would move the flow gets the same neutral words. What stays
     * open: /stop, /forget, /therapy, /help and the like. In a private chat, only the person who
     * raised the hold may lift it. True when the event was answered here.
     */
    private boolean heldHere(Person from, ChatEvent.Payload payload) {
        if (event.chatKind() == ChatKind.PRIVATE) {
            return privateHoldRequest(from, payload);
        }
        if (!session.care().onHold()) {
            return false;
        }
        boolean moves;
        if (payload instanceof ChatEvent.Command c) {
            moves = Set.of("resume", "repair", "pause", "status").contains(c.name())
                    || engine.command(c.name()).isEmpty() && catalog.byCommand(c.name()).isPresent();
        } else if (payload instanceof ChatEvent.Tap t) {
            moves = ButtonData.parse(t.data()).map(b -> b.kind() != ButtonData.Kind.FORGET && b.kind() != ButtonData.Kind.ZONE
                    && b.kind() != ButtonData.Kind.PAIR).orElse(true);
        } else {
            moves = session.run().isPresent();
            if (moves && !session.run().get().firstPauseNotice()) {
                return true;
            }
        }
        if (!moves) {
            return false;
        }
        if (payload instanceof ChatEvent.Tap) {
            notice(Wording.ON_HOLD);
        } else {
            say(Wording.ON_HOLD);
        }
        return true;
    }

    /** /resume and the hold's buttons in a private chat, for whoever has a hold in a group. */
    private boolean privateHoldRequest(Person from, ChatEvent.Payload payload) {
        boolean resume = payload instanceof ChatEvent.Command c && c.name().equals("resume");
        String tap = payload instanceof ChatEvent.Tap t && ButtonData.parse(t.data()).filter(b -> b.kind() == ButtonData.Kind.HOLD)
                .isPresent() ? t.data() : null;
        if (!resume && tap == null) {
            return false;
        }
        boolean holder = engine.holdsAHold(from.id());
        if (!holder) {
            if (tap != null) {
                notice(Wording.MOVED_ON);
                return true;
            }
            if (engine.isOnHold(from.id())) {
                replies.add(BotReply.say(event.chat(), Wording.ON_HOLD));
                return true;
            }
            return false;
        }
        if (LIFT_HOLD_ASK.equals(tap)) {
            replies.add(BotReply.withButtons(event.chat(), Wording.LIFT_HOLD_QUESTION, List.of(new Button(Wording.LIFT_HOLD_YES, LIFT_HOLD_YES),
                    new Button(Wording.LIFT_HOLD_NO, LIFT_HOLD_NO))));
        } else if (LIFT_HOLD_NO.equals(tap)) {
            replies.add(BotReply.say(event.chat(), Wording.HOLD_KEPT));
        } else {
            liftHold = true;
            replies.add(BotReply.say(event.chat(), Wording.HOLD_LIFTED));
        }
        return true;
    }

    /** The data of the "I'm in" button; it never goes stale until the couple is made. */
    static final String PAIR = ButtonData.PAIR;

    /**
     * In a group with no couple yet: the bot introduces itself when added (or asked for anything),
     * and the first two different people to tap "I'm in" become the couple.
     */
    private void pairing() {
        ChatEvent.Payload payload = event.payload();
        if (payload instanceof ChatEvent.BotAdded || payload instanceof ChatEvent.Command) {
            replies.add(BotReply.withButtons(session.chat(), Wording.GROUP_WELCOME, List.of(new Button(Wording.IM_IN, PAIR))));
            return;
        }
        if (!(payload instanceof ChatEvent.Tap t) || !t.data().equals(PAIR)) {
            return;
        }
        Person who = event.from();
        if (session.pairing().stream().anyMatch(p -> p.id().equals(who.id()))) {
            notice(Wording.waitingForPartner(who.firstName()));
            return;
        }
        if (session.pairing().isEmpty()) {
            session.joinPairing(who);
            say(Wording.waitingForPartner(who.firstName()));
            return;
        }
        Person first = session.pairing().get(0);
        engine.couples.pair(new Couple(session.chat(), first, who, null));
        // A hold goes with the person who raised it: a couple made again (after the other partner's /forget, say) is on hold too.
        for (Person p : List.of(first, who)) {
            if (engine.carriesAHold(p.id())) {
                session.care().hold(p.id().value());
            }
        }
        session.clearPairing();
        say(Wording.paired(first.firstName(), who.firstName()));
        askTheZone();
    }

    /** Once paired: the couple's time zone, for scheduled prompts, with a few common choices and free text. */
    private void askTheZone() {
        if (engine.command("timezone").isEmpty()) {
            return;
        }
        List<Button> zones = Wording.COMMON_ZONES.stream().map(z -> new Button(z.substring(z.indexOf('/') + 1).replace('_', ' '),
                ButtonData.zone(z))).toList();
        replies.add(BotReply.withButtons(session.chat(), Wording.WHICH_ZONE, zones));
    }

    private void command(Person from, ChatEvent.Command c) {
        switch (c.name()) {
            case "repair" -> repair(from, c.args());
            case "pause" -> pause(c.args());
            case "resume" -> resume();
            case "stop" -> stop();
            case "status" -> status();
            case "start" -> start(from);
            case "forget" -> askToForget();
            case "practice" -> practice();
            case "therapy" -> say(therapy(from));
            case "help" -> help();
            default -> engine.command(c.name()).ifPresentOrElse(x -> extension(x, from, c.name(), c.args()),
                    () -> catalog.byCommand(c.name()).ifPresentOrElse(f -> requestStart(from, f),
                            () -> say(Wording.unknownCommand(c.name()))));
        }
    }

    /** The commands this class answers itself; the others of {@link BotCommands} are answered by a feature, when it is there. */
    private static final Set<String> ANSWERED_HERE = Set.of("repair", "pause", "resume", "stop", "status", "start", "forget",
            "practice", "therapy", "help");

    /** /help: the commands that apply in this chat, in plain words (from {@link BotCommands}), and the flows' own commands. */
    private void help() {
        boolean group = here() == Audience.COUPLE;
        List<String> commands = BotCommands.offered(group).stream()
                .filter(c -> ANSWERED_HERE.contains(c.name()) || engine.command(c.name()).isPresent())
                .map(c -> Wording.helpLine(c.name(), c.does(group).orElseThrow())).toList();
        List<String> flows = catalog.forAudience(here()).stream().filter(f -> f.command().isPresent())
                .map(f -> Wording.helpLine(f.command().get(), f.title())).toList();
        say(Wording.help(group, commands, flows));
    }

    /**
     * /start in a private chat: when a sealed question in the person's group waits for them (they
     * just opened the chat from the group's button), it comes now; otherwise a short hello.
     */
    private void start(Person from) {
        if (!session.chat().equals(event.chat()) && session.care().helpGiven(from.id().value())) {
            replies.add(BotReply.say(event.chat(), engine.safety.helpLater()));
            return;
        }
        Optional<FlowRun> run = session.run();
        if (!session.chat().equals(event.chat()) && run.isPresent()
                && flowOf(run.get()).step(run.get().step()) instanceof Step.Ask ask && ask.sealed()) {
            Optional<Role> role = run.get().roleOf(from.id());
            if (role.isPresent() && run.get().awaited(ask).contains(role.get())) {
                askAgain(flowOf(run.get()), ask, Set.of(role.get()));
                return;
            }
        }
        replies.add(BotReply.say(event.chat(), hello(from)));
    }

    /**
     * The bot cannot write to this person privately (they never opened a chat with it): if a
     * sealed question waits for them, say so in the group, once per step, with a button that opens
     * the private chat.
     */
    void cannotWritePrivatelyTo(UserId user) {
        Optional<FlowRun> run = session.run();
        if (run.isEmpty() || !(flowOf(run.get()).step(run.get().step()) instanceof Step.Ask ask) || !ask.sealed()) {
            return;
        }
        Optional<Role> role = run.get().roleOf(user);
        if (role.isEmpty() || !run.get().awaited(ask).contains(role.get()) || !run.get().firstOpenChatNotice(role.get())) {
            return;
        }
        Person p = run.get().person(role.get());
        replies.add(BotReply.addressed(session.chat(), p, Wording.openPrivateChat(p.firstName()),
                List.of(new Button(Wording.OPEN_PRIVATE_CHAT, Button.OPEN_PRIVATE_CHAT))));
    }

    /** The first private contact says what the bot is and is not, what it keeps, and /forget; later, just hello. */
    private String hello(Person from) {
        return session.version() == 0 && session.chat().equals(event.chat()) ? Wording.privateWelcome(from.firstName())
                : Wording.privateHello(from.firstName());
    }

    private Audience here() {
        return session.chat().equals(ChatId.privateOf(event.from().id())) && event.chatKind() == ChatKind.PRIVATE
                ? Audience.PRIVATE : Audience.COUPLE;
    }

    private void repair(Person from, String args) {
        if (args.isEmpty()) {
            menu(here() == Audience.PRIVATE ? Wording.PRACTICE_MENU : Wording.MENU);
            return;
        }
        String id = args.split("\\s+")[0];
        Optional<Flow> flow = catalog.find(id);
        if (flow.isEmpty()) {
            menu(Wording.unknownFlow(id));
            return;
        }
        requestStart(from, flow.get());
    }

    /** A command another feature answers; what it says goes out here like any reply. */
    private void extension(ChatCommands commands, Person from, String name, String args) {
        boolean group = event.chatKind() == ChatKind.GROUP;
        Optional<Couple> couple = group ? engine.couples.inGroup(session.chat()) : Optional.empty();
        List<String> said = commands.run(new ChatCommands.Request(session.chat(), group, couple, from, name, args, now));
        if (name.equals("schedule") && !group && !session.followUps().isEmpty()) {
            // In a private chat, /schedule is about this chat's own follow-ups, when it has any.
            listFollowUps(from);
            return;
        }
        said.forEach(this::say);
        if (name.equals("schedule") && couple.isPresent()) {
            listFollowUps(from);
        }
    }

    /** A flow started by the clock: the same as a person starting it, without asking to replace (nothing runs). */
    void startScheduled(Flow flow, Person starter) {
        start(flow, starter);
    }

    /** /practice: the private flows as buttons, in a private chat; in a group, the way there. */
    private void practice() {
        if (here() == Audience.PRIVATE) {
            menu(Wording.PRACTICE_MENU);
            return;
        }
        replies.add(BotReply.withButtons(session.chat(), Wording.PRACTICE_IS_PRIVATE,
                List.of(new Button(Wording.OPEN_PRIVATE_CHAT, Button.OPEN_PRIVATE_CHAT))));
    }

    /**
     * The flows for this chat, in the authors' order (menu.txt), each with its one-line description
     * and a button. The menu is numbered: a newer menu, or any flow starting, makes its buttons stale.
     */
    private void menu(String text) {
        List<Flow> flows = catalog.forAudience(here());
        if (flows.isEmpty()) {
            say(Wording.NO_FLOWS);
            return;
        }
        int number = session.openMenu();
        List<Button> buttons = flows.stream().map(f -> new Button(f.title(), ButtonData.menu(number, f.id()))).toList();
        replies.add(BotReply.withButtons(session.chat(), Wording.menu(text, flows.stream().map(f -> Wording.menuLine(f.title(),
                f.description())).toList()), buttons));
    }

    private void requestStart(Person from, Flow flow) {
        if (app.repairbot.flow.FlowCatalog.isFollowUpOnly(flow)) {
            say(Wording.onlyAsFollowUp(flow.title()));
            return;
        }
        if (flow.audience() != here()) {
            say(flow.audience() == Audience.COUPLE ? Wording.forTheCouple(flow.title(), flow.command())
                    : Wording.forPractice(flow.title()));
            return;
        }
        Optional<FlowRun> running = session.run();
        if (running.isPresent()) {
            String current = catalog.find(running.get().flow()).map(Flow::title).orElse(running.get().flow().value());
            session.askToReplace(flow.id().value());
            int seq = session.seq();
            replies.add(BotReply.withButtons(session.chat(), Wording.replace(current, flow.title()),
                    List.of(new Button(Wording.REPLACE, ButtonData.replace(seq)), new Button(Wording.KEEP_GOING, ButtonData.keepGoing(seq)))));
            return;
        }
        start(flow, from);
    }

    private void start(Flow flow, Person starter) {
        Person partner = null;
        if (flow.audience() == Audience.COUPLE) {
            partner = engine.couples.inGroup(session.chat()).orElseThrow().other(starter.id());
        }
        FlowRun run = new FlowRun(flow.id(), flow.version(), flow.audience(), starter, partner);
        session.start(run);
        session.closeMenu();
        counted(run, "started");
        advance(flow, FlowMachines.BEFORE_START, flow.start());
    }

    // ---- stepping -----------------------------------------------------------------------

    /** Moves the run from one step towards another, through say steps and branches, to a rest. */
    private void advance(Flow flow, String from, String to) {
        FlowRun run = session.run().orElseThrow();
        for (int hop = 0; hop < MAX_HOPS; hop++) {
            String state = engine.machines.move(flow, from, to, run::value);
            run.enter(state, now.plus(flow.expire()));
            if (state.equals(Step.END)) {
                counted(run, "finished");
                session.end();
                return;
            }
            Step step = flow.step(state);
            FlowRun current = run;
            if (step instanceof Step.Say s) {
                say(s.text().render(n -> quoted(current, n)));
                from = state;
                to = s.next();
            } else if (step instanceof Step.Ask ask) {
                session.nextSeq();
                if (ask.coachPrivately()) {
                    announcePrivateAsk(run, run.awaited(ask));
                }
                askAgain(flow, ask, run.awaited(ask));
                return;
            } else if (step instanceof Step.Pause p) {
                String text = p.text().render(n -> quoted(current, n));
                if (!text.isBlank()) {
                    say(text);
                }
                beginPause(p.duration());
                if (run.audience() == Audience.COUPLE) {
                    tookAPause();
                }
                return;
            } else if (step instanceof Step.Share share) {
                session.nextSeq();
                if (offerShare(run, share)) {
                    return;
                }
                from = state;
                to = share.next();
            } else if (step instanceof Step.End end) {
                finish(run, end);
                counted(run, "finished");
                session.end();
                return;
            } else if (step instanceof Step.Goto g) {
                flow = catalog.find(g.flow()).orElseThrow(() -> new IllegalStateException("unknown flow " + g.flow()));
                FlowRun next = new FlowRun(flow.id(), flow.version(), flow.audience(), run.starter(), run.partner().orElse(null),
                        run.before());
                counted(run, "finished");
                session.start(next);
                counted(next, "started");
                run = next;
                from = FlowMachines.BEFORE_START;
                to = flow.start();
            } else {
                throw new IllegalStateException("flow " + flow.id() + " rests on branch '" + state + "'");
            }
        }
        throw new IllegalStateException("flow " + flow.id() + " went through " + MAX_HOPS + " steps without waiting");
    }

    private static String quoted(FlowRun run, String name) {
        String v = run.value(name);
        return name.equals("starter") || name.equals("partner") ? v : Wording.quote(v);
    }

    /**
     * {@code coach: private}: the group hears that the question went to a private chat (with a
     * button to open one, for anyone who has none yet), never the draft itself.
     */
    private void announcePrivateAsk(FlowRun run, Set<Role> awaited) {
        boolean someoneHasNoChat = awaited.stream().anyMatch(r -> !engine.hasPrivateChat(run.person(r).id()));
        List<Button> open = someoneHasNoChat ? List.of(new Button(Wording.OPEN_PRIVATE_CHAT, Button.OPEN_PRIVATE_CHAT)) : List.of();
        replies.add(BotReply.withButtons(session.chat(), Wording.askedPrivately(names(run, awaited), awaited.size() > 1), open));
    }

    /** Posts an ask's question to those of {@code awaited} (all of them, or one again). */
    private void askAgain(Flow flow, Step.Ask ask, Set<Role> awaited) {
        FlowRun run = session.run().orElseThrow();
        run.asked(now, ask.timeout());
        String text = ask.text().render(n -> quoted(run, n));
        List<Button> buttons = buttons(ask);
        if (ask.sealed()) {
            if (!ask.coachPrivately() && awaited.size() == run.awaited(ask).size() && awaited.size() > 1) {
                say(Wording.sealedPrompt(names(run, awaited)));
            }
            for (Role r : awaited) {
                Person p = run.person(r);
                replies.add(BotReply.addressed(ChatId.privateOf(p.id()), p, text, buttons));
            }
            return;
        }
        Optional<Person> to = awaited.size() == 1 ? Optional.of(run.person(awaited.iterator().next())) : Optional.empty();
        replies.add(BotReply.question(session.chat(), text, buttons, to));
    }

    private List<Button> buttons(Step.Ask ask) {
        List<Button> buttons = new ArrayList<>();
        for (int i = 0; i < ask.options().size(); i++) {
            buttons.add(new Button(ask.options().get(i).label(), ButtonData.answer(session.seq(), i)));
        }
        return buttons;
    }

    private void finish(FlowRun run, Step.End end) {
        StringBuilder text = new StringBuilder(end.text().render(n -> quoted(run, n)).strip());
        if (end.recap()) {
            List<String> lines = recap(flowOf(run), run);
            if (!lines.isEmpty()) {
                if (text.length() > 0) {
                    text.append("\n\n");
                }
                text.append(Wording.RECAP);
                lines.forEach(l -> text.append("\n• ").append(l));
            }
        }
        if (text.length() > 0) {
            say(text.toString());
        }
        end.followUp().ifPresent(f -> scheduleFollowUp(run, f));
    }

    /**
     * A run ended through a step with {@code follow_up}: the flow is kept to start here {@code after}
     * from now (with {@code at}: at the first such time of the starter's day after that), with this
     * run's answers to read as {@code before.*}. Not on hold: a hold drops follow-ups.
     */
    private void scheduleFollowUp(FlowRun run, Step.FollowUp f) {
        if (session.care().onHold()) {
            return;
        }
        Instant due = now.plus(f.after());
        if (f.at().isPresent()) {
            java.time.ZonedDateTime local = due.atZone(zoneOf(run.starter()));
            java.time.ZonedDateTime at = java.time.ZonedDateTime.of(local.toLocalDate(), f.at().get(), local.getZone());
            due = (at.isBefore(local) ? at.plusDays(1) : at).toInstant();
        }
        // Two of the same flow a few hours apart (two conversations ended close together) come on different days.
        while (tooClose(f.flow(), due)) {
            due = due.plus(java.time.Duration.ofDays(1));
        }
        session.addFollowUp(new PendingFollowUp(session.nextFollowUpId(), f.flow(), due, run.starter(), run.flow(), run.answers()));
    }

    private boolean tooClose(app.repairbot.flow.FlowId flow, Instant due) {
        return session.followUps().stream().anyMatch(p -> p.flow().equals(flow)
                && java.time.Duration.between(p.due(), due).abs().compareTo(FOLLOW_UP_APART) < 0);
    }

    /** How far apart two follow-ups of one flow come at least. */
    private static final java.time.Duration FOLLOW_UP_APART = java.time.Duration.ofHours(12);

    /** A person's own time zone: from their couple (in a private chat, their first couple's), else UTC. */
    private java.time.ZoneId zoneOf(Person p) {
        Optional<Couple> couple = engine.couples.inGroup(session.chat()).filter(c -> c.has(p.id()));
        if (couple.isEmpty()) {
            couple = engine.couples.of(p.id()).stream().findFirst();
        }
        return couple.map(c -> c.zoneOf(p.id())).orElse(java.time.ZoneId.of("UTC"));
    }

    /**
     * The recap's lines, in the order the answers were given. When any ask of the flow has a
     * label, exactly the labelled answers, each introduced by its label (a {@code both} ask: one
     * line per partner, with their name); otherwise every answer with who gave it. A tapped answer
     * shows its button's label; a variable's name never shows.
     */
    private static List<String> recap(Flow flow, FlowRun run) {
        boolean labelled = flow.steps().values().stream().anyMatch(s -> s instanceof Step.Ask a && a.label().isPresent());
        List<String> lines = new ArrayList<>();
        run.answers().forEach((key, a) -> {
            Optional<Step.Ask> ask = askSaving(flow, key);
            String shown = Wording.quote(ask.map(x -> x.shown(a.value())).orElse(a.value()));
            if (!labelled) {
                lines.add(a.byName() + ": " + shown);
                return;
            }
            if (ask.isEmpty() || ask.get().label().isEmpty()) {
                return;
            }
            String label = ask.get().label().get().render(n -> quoted(run, n)).strip();
            lines.add(ask.get().who() == Who.BOTH ? label + " (" + a.byName() + "): " + shown : label + ": " + shown);
        });
        return lines;
    }

    /** The ask that saves an answer's key ({@code starter.NAME} and {@code partner.NAME} for a both ask). */
    private static Optional<Step.Ask> askSaving(Flow flow, String key) {
        int dot = key.indexOf('.');
        String bare = dot < 0 ? key : key.substring(dot + 1);
        return flow.steps().values().stream().filter(s -> s instanceof Step.Ask).map(s -> (Step.Ask) s)
                .filter(a -> a.who() == Who.BOTH ? dot >= 0 && a.save().equals(bare) : a.save().equals(key)).findFirst();
    }

    // ---- answers ------------------------------------------------------------------------

    private void text(Person from, String text, boolean nonText) {
        Optional<FlowRun> run = session.run();
        if (run.isEmpty()) {
            if (event.chatKind() == ChatKind.PRIVATE && !nonText) {
                say(hello(from));
            }
            return;
        }
        Optional<Role> role = run.get().roleOf(from.id());
        if (role.isEmpty()) {
            return;
        }
        Flow flow = flowOf(run.get());
        if (run.get().isPaused()) {
            if (run.get().firstPauseNotice()) {
                replies.add(BotReply.say(event.chat(), Wording.WHILE_PAUSED));
            }
            return;
        }
        if (flow.step(run.get().step()) instanceof Step.Share) {
            say(Wording.SHARE_NEEDS_A_TAP);
            return;
        }
        if (!(flow.step(run.get().step()) instanceof Step.Ask ask)) {
            return;
        }
        if (!mayAnswer(run.get(), ask, role.get(), false)) {
            return;
        }
        if (nonText) {
            reply(run.get(), ask, role.get(), Wording.nonText(from.firstName()), List.of());
            return;
        }
        answer(flow, run.get(), ask, role.get(), text, Optional.empty());
    }

    /** Whether this person may answer now; if not, says why (gently, at most once per step). */
    private boolean mayAnswer(FlowRun run, Step.Ask ask, Role role, boolean tap) {
        Set<Role> awaited = run.awaited(ask);
        String name = run.person(role).firstName();
        if (!awaited.contains(role)) {
            String others = names(run, awaited);
            if (tap) {
                notice(awaited.isEmpty() ? Wording.MOVED_ON : Wording.notYourButton(others));
            } else if (!awaited.isEmpty() && run.firstTurnNotice()) {
                boolean answered = ask.who() == Who.BOTH && run.askState().partial().containsKey(role);
                say(answered ? Wording.alreadyAnswered(name, others) : Wording.turn(others, name));
            }
            return false;
        }
        boolean fromPrivate = event.chatKind() == ChatKind.PRIVATE;
        if (ask.sealed() && !fromPrivate) {
            say(ask.coachPrivately() ? Wording.privateInGroup(name) : Wording.sealedInGroup(name));
            return false;
        }
        return true;
    }

    private void answer(Flow flow, FlowRun run, Step.Ask ask, Role role, String text, Optional<Step.Option> tapped) {
        String name = run.person(role).firstName();
        Optional<Step.Option> chosen = tapped.isPresent() ? tapped : ask.optionLabelled(text);
        if (chosen.isEmpty()) {
            if (text.isBlank()) {
                reply(run, ask, role, Wording.empty(name), List.of());
                return;
            }
            if (ask.strict()) {
                reply(run, ask, role, Wording.pickAButton(name), buttons(ask));
                return;
            }
            if (ask.minLength() > 0 && text.strip().length() < ask.minLength()) {
                reply(run, ask, role, Wording.tooShort(name), List.of());
                return;
            }
            if (ask.coach()) {
                boolean practice = run.audience() == Audience.PRIVATE;
                PhrasingCoach.Review review = engine.coach.review(text, ask.coachFor());
                if (review.needsWork()) {
                    run.holdDraft(role, text);
                    int seq = session.seq();
                    reply(run, ask, role, Wording.coach(name, review), List.of(
                            new Button(Wording.USE_MY_WORDS, ButtonData.coach(seq, true)),
                            new Button(Wording.REPHRASE, ButtonData.coach(seq, false))));
                    return;
                }
                // In practice the coach also says what it could not read, and what could be added; neither holds anything back.
                if (practice && !review.coached()) {
                    reply(run, ask, role, Wording.NOT_COACHED, List.of());
                } else if (practice && !review.tips().isEmpty()) {
                    reply(run, ask, role, Wording.tips(review.tips()), List.of());
                }
            }
        }
        accept(flow, run, ask, role, chosen.map(Step.Option::value).orElse(text), chosen);
    }

    /** A reply to one person about their answer: in their private chat for a sealed ask. */
    private void reply(FlowRun run, Step.Ask ask, Role role, String text, List<Button> buttons) {
        Person p = run.person(role);
        ChatId chat = ask.sealed() ? ChatId.privateOf(p.id()) : session.chat();
        replies.add(BotReply.addressed(chat, p, text, buttons));
    }

    private void accept(Flow flow, FlowRun run, Step.Ask ask, Role role, String value, Optional<Step.Option> chosen) {
        run.releaseDraft(role);
        if (ask.who() != Who.BOTH) {
            run.saveAnswer(ask.save(), role, value);
            if (ask.coachPrivately()) {
                say(Wording.privateWords(run.person(role).firstName(), Wording.quote(ask.shown(value))));
            } else if (ask.sealed()) {
                say(Wording.sealedRevealOne(run.person(role).firstName(), Wording.quote(value)));
            }
            advance(flow, ask.id(), ask.nextAfter(chosen));
            return;
        }
        run.answerPartly(role, value);
        Set<Role> awaited = run.awaited(ask);
        if (!awaited.isEmpty()) {
            String others = names(run, awaited);
            String name = run.person(role).firstName();
            if (ask.sealed()) {
                reply(run, ask, role, Wording.sealedThanks(others), List.of());
            } else {
                // Addressed to whoever is still awaited: in a group that passes on only replies, they reply to this.
                Optional<Person> next = awaited.size() == 1 ? Optional.of(run.person(awaited.iterator().next())) : Optional.empty();
                replies.add(BotReply.question(session.chat(), Wording.alreadyAnswered(name, others), buttons(ask), next));
            }
            return;
        }
        StringBuilder reveal = new StringBuilder(ask.coachPrivately() ? Wording.PRIVATE_WORDS_BOTH : Wording.SEALED_REVEAL);
        run.roles().forEach(r -> {
            String given = run.askState().partial().get(r);
            reveal.append("\n\n").append(run.person(r).firstName()).append(": ").append(Wording.quote(given));
            run.saveAnswer(r.key() + "." + ask.save(), r, given);
        });
        if (ask.sealed()) {
            say(reveal.toString());
        }
        advance(flow, ask.id(), bothNext(ask, run));
    }

    /**
     * Where a {@code both} ask goes: the step's next; without one (strict, every option with a
     * next), the option the starter chose.
     */
    private static String bothNext(Step.Ask ask, FlowRun run) {
        if (ask.next().isPresent()) {
            return ask.next().get();
        }
        return ask.optionLabelled(labelOf(ask, run.askState().partial().get(Role.STARTER))).flatMap(Step.Option::next)
                .orElseGet(() -> ask.options().get(0).next().orElseThrow());
    }

    private static String labelOf(Step.Ask ask, String value) {
        return ask.options().stream().filter(o -> o.value().equals(value)).map(Step.Option::label).findFirst().orElse(value);
    }


    // ---- taps ---------------------------------------------------------------------------

    private void tap(Person from, String data) {
        Optional<ButtonData> parsed = ButtonData.parse(data);
        if (parsed.isEmpty()) {
            // A menu button of an older version ("f:ID") or a forged one.
            notice(data.startsWith("f:") ? here() == Audience.PRIVATE ? Wording.OLD_PRACTICE_MENU : Wording.OLD_MENU
                    : Wording.MOVED_ON);
            return;
        }
        ButtonData b = parsed.get();
        switch (b.kind()) {
            case FOLLOW_UP -> cancelFollowUp(from, b.number());
            case MENU -> {
                // Only the latest menu starts anything, and only until a flow starts.
                Optional<Flow> flow = session.isOpenMenu(b.number()) ? catalog.find(b.detail()) : Optional.empty();
                flow.ifPresentOrElse(f -> requestStart(from, f),
                        () -> notice(here() == Audience.PRIVATE ? Wording.OLD_PRACTICE_MENU : Wording.OLD_MENU));
            }
            case ZONE -> engine.command("timezone").ifPresentOrElse(tz -> extension(tz, from, "timezone", b.detail()),
                    () -> notice(Wording.MOVED_ON));
            case FORGET -> {
                if (session.isCurrent(b)) {
                    confirmForget(from, b);
                } else {
                    notice(Wording.MOVED_ON);
                }
            }
            case PAIR, HOLD -> notice(Wording.MOVED_ON);
            default -> tapInFlow(from, b);
        }
    }

    /** A button of the running flow's current question, pause or replace-question. */
    private void tapInFlow(Person from, ButtonData b) {
        Optional<FlowRun> run = session.run();
        if (run.isEmpty() || !session.isCurrent(b)) {
            notice(Wording.MOVED_ON);
            return;
        }
        Optional<Role> role = run.get().roleOf(from.id());
        if (role.isEmpty()) {
            return;
        }
        Flow flow = flowOf(run.get());
        switch (b.kind()) {
            case ANSWER -> tapOption(flow, run.get(), role.get(), b);
            case COACH -> tapCoach(flow, run.get(), role.get(), b);
            case READY -> ready(flow, run.get(), role.get());
            case SHARE -> tapShare(flow, run.get(), b);
            case REPLACE -> replaceRunning(from);
            case KEEP_GOING -> keepGoing();
            default -> notice(Wording.MOVED_ON);
        }
    }

    private void tapOption(Flow flow, FlowRun run, Role role, ButtonData b) {
        if (run.isPaused() || !(flow.step(run.step()) instanceof Step.Ask ask) || b.index() < 0 || b.index() >= ask.options().size()) {
            notice(Wording.MOVED_ON);
            return;
        }
        if (mayAnswer(run, ask, role, true)) {
            Step.Option option = ask.options().get(b.index());
            answer(flow, run, ask, role, option.label(), Optional.of(option));
        }
    }

    private void tapCoach(Flow flow, FlowRun run, Role role, ButtonData b) {
        String held = run.askState().held().get(role);
        if (held == null && !run.isPaused() && !run.askState().held().isEmpty()) {
            // The coach's question to the other partner: theirs to answer.
            notice(Wording.notYourButton(names(run, run.askState().held().keySet())));
            return;
        }
        if (held == null || run.isPaused() || !(flow.step(run.step()) instanceof Step.Ask ask)) {
            notice(Wording.MOVED_ON);
            return;
        }
        if (b.detail().equals("u")) {
            accept(flow, run, ask, role, held, Optional.empty());
        } else {
            run.releaseDraft(role);
            askAgain(flow, ask, Set.of(role));
        }
    }

    // ---- share --------------------------------------------------------------------------

    /**
     * Shows the saved answer as it would read in the person's group, with a button to post it
     * there (one per group if they have several) and one to keep it private. False when they have
     * no couple: sharing is not offered.
     */
    private boolean offerShare(FlowRun run, Step.Share step) {
        List<Couple> couples = engine.couples.of(run.starter().id());
        if (couples.isEmpty()) {
            return false;
        }
        int seq = session.seq();
        List<Button> buttons = new ArrayList<>();
        for (Couple couple : couples) {
            String label = couples.size() == 1 ? Wording.SHARE : Wording.shareWith(couple.other(run.starter().id()).firstName());
            buttons.add(new Button(label, ButtonData.share(seq, couple.group())));
        }
        buttons.add(new Button(Wording.KEEP_PRIVATE, ButtonData.keepPrivate(seq)));
        String intro = step.text().render(n -> quoted(run, n));
        String preview = (intro.isBlank() ? Wording.SHARE_PREVIEW : intro) + "\n\n"
                + Wording.shared(run.starter().firstName(), run.value(step.variable()));
        replies.add(BotReply.withButtons(session.chat(), preview, buttons));
        return true;
    }

    /** The only way anything from a private chat reaches a group: its author's tap on "Share". */
    private void tapShare(Flow flow, FlowRun run, ButtonData b) {
        if (run.isPaused() || !(flow.step(run.step()) instanceof Step.Share step)) {
            notice(Wording.MOVED_ON);
            return;
        }
        if (b.detail().equals("n")) {
            say(Wording.KEPT_PRIVATE);
            advance(flow, step.id(), step.next());
            return;
        }
        Optional<Couple> couple = b.detail().matches("-?\\d{1,19}")
                ? engine.couples.inGroup(new ChatId(Long.parseLong(b.detail()))).filter(c -> c.has(run.starter().id()))
                : Optional.empty();
        if (couple.isEmpty()) {
            say(Wording.NO_GROUP_TO_SHARE_WITH);
            advance(flow, step.id(), step.next());
            return;
        }
        replies.add(BotReply.say(couple.get().group(), Wording.shared(run.starter().firstName(), run.value(step.variable()))));
        say(Wording.SHARED);
        advance(flow, step.id(), step.next());
    }

    private void replaceRunning(Person from) {
        Optional<Flow> wanted = session.pendingReplace().flatMap(catalog::find);
        if (wanted.isEmpty()) {
            notice(Wording.MOVED_ON);
            return;
        }
        Optional<FlowRun> replaced = session.run();
        replaced.ifPresent(r -> counted(r, "stopped"));
        session.end();
        session.nextSeq();
        // The other partner is told what ended, and who chose the new one: nothing ends without a word.
        replaced.filter(FlowRun::together).ifPresent(r -> say(Wording.replaced(from.firstName(),
                catalog.find(r.flow()).map(Flow::title).orElse(r.flow().value()), wanted.get().title(),
                r.person(r.roleOf(from.id()).map(x -> x == Role.STARTER ? Role.PARTNER : Role.STARTER).orElse(Role.PARTNER)).firstName())));
        start(wanted.get(), from);
    }

    private void keepGoing() {
        if (session.pendingReplace().isEmpty()) {
            notice(Wording.MOVED_ON);
            return;
        }
        session.clearPendingReplace();
        say(Wording.KEEPING);
    }

    // ---- forget -------------------------------------------------------------------------

    private void askToForget() {
        int seq = session.nextSeq();
        session.clearForgetVotes();
        session.forgetAsked(seq);
        boolean privately = event.chatKind() == ChatKind.PRIVATE;
        replies.add(BotReply.withButtons(session.chat(), privately ? Wording.FORGET_ME : Wording.FORGET_US,
                List.of(new Button(privately ? Wording.DELETE_EVERYTHING : Wording.DELETE_OURS, ButtonData.forget(seq, true)),
                        new Button(Wording.KEEP_IT, ButtonData.forget(seq, false)))));
    }

    private void confirmForget(Person from, ButtonData b) {
        if (session.forgetAsked() == 0 || b.number() != session.forgetAsked()) {
            // Only a tap on the question /forget asked here confirms: not one forged on another button's number.
            notice(Wording.MOVED_ON);
            return;
        }
        if (b.detail().equals("n")) {
            session.forgetAsked(0);
            session.clearForgetVotes();
            session.nextSeq();
            say(Wording.KEPT);
            return;
        }
        if (event.chatKind() == ChatKind.PRIVATE) {
            forget = new ForgetPerson(from.id());
            return;
        }
        session.voteToForget(from.id().value());
        Couple couple = engine.couples.inGroup(session.chat()).orElseThrow();
        if (session.forgetVotes().contains(couple.first().id().value())
                && session.forgetVotes().contains(couple.second().id().value())) {
            forget = new ForgetCouple(session.chat());
        } else {
            say(Wording.forgetWaiting(from.firstName(), couple.other(from.id()).firstName()));
        }
    }

    // ---- pause, resume, stop, status ----------------------------------------------------

    private void pause(String args) {
        Optional<FlowRun> run = session.run();
        if (run.isEmpty()) {
            say(Wording.NOTHING_RUNNING);
            return;
        }
        if (run.get().isPaused()) {
            say(Wording.ALREADY_PAUSED);
            return;
        }
        int minutes = DEFAULT_PAUSE_MINUTES;
        if (!args.isEmpty()) {
            String n = args.split("\\s+")[0];
            minutes = n.matches("\\d{1,4}") ? Integer.parseInt(n) : -1;
            if (minutes < 1 || minutes > MAX_PAUSE_MINUTES) {
                say(Wording.PAUSE_USAGE);
                return;
            }
        }
        say(Wording.pauseStarted(minutes, run.get().together()));
        beginPause(java.time.Duration.ofMinutes(minutes));
        run.get().handPauseTo(event.from().id());
        tookAPause();
    }

    /** Remembers the pause; after repeated pauses (or flags) lately, suggests couples therapy, at most monthly. */
    private void tookAPause() {
        session.care().paused(now);
        if (session.care().suggestTherapy(now)) {
            say(Wording.therapyHint(session.care().everHeld() ? engine.safety.individualSupport() : engine.safety.therapyReferral()));
        }
    }

    /**
     * What /therapy says: the operator's couples-therapy referral, or, for anyone whose couple has
     * been on a safety hold, individual support and domestic-abuse services instead.
     */
    private String therapy(Person from) {
        boolean held = event.chatKind() == ChatKind.PRIVATE ? engine.everHeld(from.id()) : session.care().everHeld();
        return held ? engine.safety.individualSupport() : engine.safety.therapyReferral();
    }

    private void beginPause(java.time.Duration length) {
        FlowRun run = session.run().orElseThrow();
        counted(run, "paused");
        run.pause(Optional.of(now.plus(length)), Optional.empty(), now.plus(flowOf(run).expire()).plus(length));
        session.nextSeq();
    }

    private void ready(Flow flow, FlowRun run, Role role) {
        Optional<PauseState> pause = run.pause();
        if (pause.isPresent() && !pause.get().readyAsked() && pause.get().owner().isPresent()) {
            // Before its time is up, a pause ends early only by the one who called it.
            if (pause.get().ownedBy(run.person(role).id())) {
                endPause(flow, run);
            } else {
                notice(Wording.notYourPause(ownerName(run, pause.get())));
            }
            return;
        }
        if (pause.isEmpty() || !pause.get().readyAsked()) {
            notice(Wording.MOVED_ON);
            return;
        }
        Set<Role> waiting = run.ready(role);
        if (waiting.isEmpty()) {
            endPause(flow, run);
        } else {
            say(Wording.readyOne(run.person(role).firstName(), names(run, waiting)));
        }
    }

    /**
     * A pause belongs to whoever called it: their /resume ends it at once; the other partner's asks
     * them (with a Ready button) and moves nothing. A pause step, or one whose time is up, belongs
     * to both.
     */
    private void resume() {
        Optional<FlowRun> run = session.run();
        if (run.isEmpty() || !run.get().isPaused()) {
            session.care().resumed();
            say(run.isEmpty() ? Wording.NOTHING_RUNNING : Wording.NO_PAUSE);
            return;
        }
        FlowRun r = run.get();
        PauseState pause = r.pause().orElseThrow();
        if (pause.owner().isPresent() && !pause.ownedBy(event.from().id()) && !pause.readyAsked()) {
            Optional<Role> owner = r.roles().filter(role -> pause.ownedBy(r.person(role).id())).findFirst();
            if (owner.isPresent() && pause.until().isEmpty()) {
                // The pause after safety words: the group names nobody, and its owner hears it privately, without pressure.
                say(Wording.LEAVE_IT_PAUSED);
                Person p = r.person(owner.get());
                if (engine.hasPrivateChat(p.id())) {
                    replies.add(BotReply.say(ChatId.privateOf(p.id()), Wording.partnerWouldCarryOn(event.from().firstName())));
                }
                return;
            }
            if (owner.isPresent()) {
                replies.add(BotReply.addressed(session.chat(), r.person(owner.get()), Wording.resumeAsked(event.from().firstName(),
                        r.person(owner.get()).firstName()), List.of(new Button(Wording.READY, ButtonData.ready(session.seq())))));
                return;
            }
        }
        session.care().resumed();
        endPause(flowOf(r), r);
    }

    private static String ownerName(FlowRun run, PauseState pause) {
        return run.roles().filter(role -> pause.ownedBy(run.person(role).id())).findFirst()
                .map(role -> run.person(role).firstName()).orElse("");
    }

    private void endPause(Flow flow, FlowRun run) {
        run.resume(now.plus(flow.expire()));
        Step step = flow.step(run.step());
        if (step instanceof Step.Pause p) {
            advance(flow, p.id(), p.next());
        } else if (step instanceof Step.Share share) {
            say(Wording.WELCOME_BACK);
            session.nextSeq();
            if (!offerShare(run, share)) {
                advance(flow, share.id(), share.next());
            }
        } else if (step instanceof Step.Ask ask) {
            say(Wording.WELCOME_BACK);
            int seq = session.nextSeq();
            run.askAfresh();
            // An answer the coach held when the pause began is still there: its author chooses again, nothing is lost.
            Set<Role> holding = java.util.EnumSet.noneOf(Role.class);
            run.awaited(ask).stream().filter(run.askState().held()::containsKey).forEach(holding::add);
            Set<Role> asked = java.util.EnumSet.noneOf(Role.class);
            run.awaited(ask).stream().filter(r -> !holding.contains(r)).forEach(asked::add);
            if (!asked.isEmpty()) {
                askAgain(flow, ask, asked);
            }
            for (Role r : holding) {
                reply(run, ask, r, Wording.heldThroughPause(run.person(r).firstName()), List.of(
                        new Button(Wording.USE_MY_WORDS, ButtonData.coach(seq, true)),
                        new Button(Wording.REPHRASE, ButtonData.coach(seq, false))));
            }
        }
    }

    private void stop() {
        Optional<FlowRun> run = session.run();
        if (run.isEmpty()) {
            say(Wording.NOTHING_RUNNING);
            return;
        }
        say(Wording.stopped(run.get().together()));
        counted(run.get(), "stopped");
        session.end();
        session.nextSeq();
    }

    /**
     * /status in plain words (see {@link StatusReport}). In a private chat: the practice running
     * there, and the conversation of each of the person's groups.
     */
    private void status() {
        if (here() == Audience.PRIVATE) {
            List<String> parts = new ArrayList<>();
            statusFor(event.from()).ifPresent(parts::add);
            parts.addAll(engine.groupStatus(event.from()));
            say(parts.isEmpty() ? Wording.NOTHING_RUNNING_PRIVATELY : String.join("\n\n", parts));
            return;
        }
        say(statusFor(null).orElse(Wording.NOTHING_RUNNING));
    }

    /** What /status says about this chat's running flow, if one runs; {@code viewer}: who asks privately, or null. */
    Optional<String> statusFor(Person viewer) {
        Optional<FlowRun> run = session.run();
        Optional<Flow> flow = run.flatMap(r -> catalog.find(r.flow())).filter(f -> f.version().equals(run.get().flowVersion())
                && f.steps().containsKey(run.get().step()));
        if (flow.isEmpty()) {
            return Optional.empty();
        }
        // Times in the asking person's own zone (named when the two live by different clocks); for a practice,
        // the person's zone from their couple (UTC without one).
        Person asker = viewer != null ? viewer : event != null ? event.from() : run.get().starter();
        Optional<Couple> couple = run.get().audience() == Audience.COUPLE ? engine.couples.inGroup(session.chat())
                : engine.couples.of(run.get().starter().id()).stream().findFirst();
        java.time.ZoneId zone = couple.map(c -> c.has(asker.id()) ? c.zoneOf(asker.id()) : c.zone()).orElse(java.time.ZoneOffset.UTC);
        boolean apart = couple.map(Couple::apart).orElse(false);
        return Optional.of(new StatusReport(run.get(), flow.get(), viewer, zone, now, apart).text());
    }

    // ---- timers -------------------------------------------------------------------------

    /**
     * A run keeps the flow version it started with, or ends kindly: when its flow is gone, or its
     * file was edited since the run started (only the text it started with says what its steps
     * mean), it ends with an apology, rather than going on under changed rules or failing.
     */
    private void endIfTheFlowChangedUnderIt() {
        Optional<FlowRun> run = session.run();
        if (run.isEmpty()) {
            return;
        }
        Optional<Flow> flow = catalog.find(run.get().flow());
        if (flow.isPresent() && flow.get().version().equals(run.get().flowVersion()) && flow.get().steps().containsKey(run.get().step())) {
            return;
        }
        say(Wording.flowChanged(flow.map(Flow::title).orElse(run.get().flow().value())));
        counted(run.get(), "stopped");
        session.end();
        session.nextSeq();
    }

    /** Fires every due timer of the session, oldest first. */
    void fireDue() {
        endIfTheFlowChangedUnderIt();
        for (int i = 0; i < MAX_HOPS; i++) {
            Optional<FlowRun> maybe = session.run();
            if (maybe.isEmpty()) {
                if (session.followUps().isEmpty() || session.followUps().get(0).due().isAfter(now)) {
                    return;
                }
                startFollowUp(session.followUps().get(0));
                continue;
            }
            Optional<Instant> due = maybe.flatMap(FlowRun::nextDue).filter(d -> !d.isAfter(now));
            if (due.isEmpty()) {
                return;
            }
            FlowRun run = maybe.get();
            Flow flow = flowOf(run);
            if (due.get().equals(run.expireAt())) {
                say(flow.onExpire().map(t -> t.render(n -> quoted(run, n))).orElse(Wording.DEFAULT_EXPIRE));
                counted(run, "expired");
                session.end();
                session.nextSeq();
            } else if (run.pause().flatMap(PauseState::until).filter(due.get()::equals).isPresent()) {
                run.askReady();
                int seq = session.nextSeq();
                replies.add(BotReply.withButtons(session.chat(), Wording.READY_PROMPT,
                        List.of(new Button(Wording.READY, ButtonData.ready(seq)))));
            } else {
                run.reminded();
                remind(flow, run);
            }
        }
    }

    /** How long a follow-up waits, when it cannot start now, before it tries again. */
    private static final java.time.Duration FOLLOW_UP_RETRY = java.time.Duration.ofHours(1);

    /**
     * Starts a due follow-up (no flow runs here: one that runs makes it wait). A hold, a couple that
     * is gone, or a flow no longer loaded drops it; a recent safety flag or a chat the bot cannot
     * write to makes it wait an hour.
     */
    private void startFollowUp(PendingFollowUp f) {
        Optional<Flow> flow = catalog.find(f.flow());
        Optional<Couple> couple = engine.couples.inGroup(session.chat());
        boolean group = flow.isPresent() && flow.get().audience() == Audience.COUPLE;
        if (flow.isEmpty() || session.care().onHold() || group && (couple.isEmpty() || !couple.get().has(f.starter().id()))) {
            session.removeFollowUp(f.id());
            return;
        }
        if (session.inactive() || session.isQuiet(now)) {
            session.removeFollowUp(f.id());
            session.addFollowUp(f.postponedTo(now.plus(FOLLOW_UP_RETRY)));
            return;
        }
        session.removeFollowUp(f.id());
        Person starter = group ? couple.get().person(f.starter().id()).orElseThrow() : f.starter();
        Person partner = group ? couple.get().other(starter.id()) : null;
        FlowRun run = new FlowRun(flow.get().id(), flow.get().version(), flow.get().audience(), starter, partner, f.before());
        session.start(run);
        counted(run, "started");
        advance(flow.get(), FlowMachines.BEFORE_START, flow.get().start());
    }

    /** The pending follow-ups, as /schedule lists them, each with a button that cancels it. */
    private void listFollowUps(Person from) {
        List<PendingFollowUp> pending = session.followUps();
        if (pending.isEmpty() || session.care().onHold()) {
            return;
        }
        java.time.ZoneId zone = zoneOf(from);
        StringBuilder b = new StringBuilder(Wording.FOLLOW_UPS);
        List<Button> cancel = new ArrayList<>();
        for (PendingFollowUp f : pending) {
            String title = catalog.find(f.flow()).map(Flow::title).orElse(f.flow().value());
            b.append("\n• ").append(Wording.followUpLine(title, catalog.find(f.scheduledBy()).map(Flow::title)
                    .orElse(f.scheduledBy().value()), f.due().atZone(zone)));
            cancel.add(new Button(Wording.cancelFollowUp(title, catalog.find(f.scheduledBy()).map(Flow::title)
                    .orElse(f.scheduledBy().value())), ButtonData.cancelFollowUp(f.id())));
        }
        replies.add(BotReply.withButtons(session.chat(), b.toString(), cancel));
    }

    /** A tap on a follow-up's cancel button. */
    private void cancelFollowUp(Person from, int id) {
        Optional<PendingFollowUp> f = session.followUps().stream().filter(x -> x.id() == id).findFirst();
        if (f.isEmpty()) {
            notice(Wording.FOLLOW_UP_GONE);
            return;
        }
        session.removeFollowUp(f.get().id());
        String title = catalog.find(f.get().flow()).map(Flow::title).orElse(f.get().flow().value());
        Optional<Person> other = engine.couples.inGroup(session.chat()).filter(c -> c.has(from.id())).map(c -> c.other(from.id()));
        say(Wording.followUpCancelled(from.firstName(), title, catalog.find(f.get().scheduledBy()).map(Flow::title)
                .orElse(f.get().scheduledBy().value()), other.map(Person::firstName)));
    }

    private void remind(Flow flow, FlowRun run) {
        if (!(flow.step(run.step()) instanceof Step.Ask ask) || ask.remind().isEmpty() && ask.timeout().isEmpty()) {
            return;
        }
        Set<Role> awaited = run.awaited(ask);
        String names = names(run, awaited);
        String text = ask.remind().map(t -> t.render(n -> quoted(run, n)))
                .orElse(Wording.remindAgain(ask.text().render(n -> quoted(run, n)),
                        run.roles().map(r -> run.person(r).firstName()).toList()));
        boolean mentioned = awaited.stream().allMatch(r -> text.contains(run.person(r).firstName()));
        Optional<Person> to = awaited.size() == 1 ? Optional.of(run.person(awaited.iterator().next())) : Optional.empty();
        replies.add(BotReply.question(session.chat(), mentioned ? text : app.repairbot.chat.Addressing.to(names, text), List.of(), to));
    }

    // ---- helpers ------------------------------------------------------------------------

    private Flow flowOf(FlowRun run) {
        return catalog.find(run.flow()).orElseThrow(() -> new IllegalStateException(
                "flow " + run.flow() + " of chat " + session.chat() + " is no longer loaded"));
    }

    private static String names(FlowRun run, Set<Role> roles) {
        return Wording.names(run.roles().filter(roles::contains).map(r -> run.person(r).firstName()).toList());
    }

    private void say(String text) {
        replies.add(BotReply.say(session.chat(), text));
    }

    /** A short answer to a tap, shown where the tap was. */
    private void notice(String text) {
        ChatId where = event == null ? session.chat() : event.chat();
        replies.add(BotReply.notice(where, event.from(), text));
    }
}
