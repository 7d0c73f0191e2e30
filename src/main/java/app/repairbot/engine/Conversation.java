package app.repairbot.engine;

import java.util.List;
import java.util.Optional;

import app.repairbot.chat.ChatEvent;
import app.repairbot.chat.Person;
import app.repairbot.chat.UserId;
import app.repairbot.engine.internal.FlowMachines;
import app.repairbot.flow.Flow;
import app.repairbot.flow.Role;
import app.repairbot.session.Couple;
import app.repairbot.session.CoupleDirectory;
import app.repairbot.session.FlowRun;

/**
 * What one event, or one round of due timers, does to one chat's session: a dispatcher over a
 * {@link Turn}. It screens every text first, finds who may act, and hands each command, tap and
 * answer to the part whose job it is; the parts keep no state between turns, so one conversation
 * serves every chat at once.
 *
 * <pre>
 * safety ........ SafetyResponse   pairing ...... Pairing       stepping ..... Stepping (the state machine)
 * questions ..... Asking           answers ...... Answers       pauses ....... Pauses
 * sharing ....... Sharing          forgetting ... Forgetting    timers ....... Timers, FollowUps
 * menus, starts . Starting         /help, /start  Guide         /status ...... Status    /therapy  Therapy
 * </pre>
 */
final class Conversation {
    /** The longest text kept as an answer: Telegram's own limit for a message. */
    static final int MAX_TEXT = 4096;

    private final CoupleDirectory couples;
    private final FeatureCommands commands;
    private final Asking asking;
    private final Sharing sharing;
    private final FollowUps followUps;
    private final Therapy therapy;
    private final Stepping stepping;
    private final Answers answers;
    private final Pauses pauses;
    private final Forgetting forgetting;
    private final Pairing pairing;
    private final SafetyResponse safety;
    private final Timers timers;
    private final Status status;
    private final Starting starting;
    private final Guide guide;

    Conversation(FlowMachines machines, CoupleDirectory couples, PhrasingCoach coach, Safety safety, FeatureCommands commands,
                 OtherChats others) {
        this.couples = couples;
        this.commands = commands;
        this.asking = new Asking(others);
        this.sharing = new Sharing(couples, others);
        this.followUps = new FollowUps(couples);
        this.therapy = new Therapy(safety, others);
        this.stepping = new Stepping(machines, couples, asking, sharing, followUps, therapy);
        this.answers = new Answers(stepping, asking, coach);
        this.pauses = new Pauses(stepping, therapy, others);
        this.forgetting = new Forgetting(couples, others);
        this.pairing = new Pairing(couples, others, commands);
        this.safety = new SafetyResponse(safety, couples, others, commands, stepping);
        this.timers = new Timers(stepping, asking, couples);
        this.status = new Status(couples, others);
        this.starting = new Starting(stepping, others);
        this.guide = new Guide(safety, asking, commands, others);
    }

    /** What a command carries that the person wrote: its arguments, unless they only name a flow ("/repair practice-invite"). */
    private static String typed(Turn t, ChatEvent.Command c) {
        return t.flows().find(c.args().strip()).isPresent() ? "" : c.args();
    }

    /** Someone wrote, tapped, or sent a command (or the bot was added): the turn's event. */
    void apply(Turn t) {
        ChatEvent e = t.event().orElseThrow();
        if (t.fromOwnChat()) {
            t.session().inactive(false);
        }
        String words = e.payload() instanceof ChatEvent.Text x ? x.text() : e.payload() instanceof ChatEvent.Command c ? typed(t, c) : "";
        boolean tooLong = words.length() > MAX_TEXT;
        // A text over Telegram's own limit (only a forged update has one) is screened as far as that limit.
        if (!words.isBlank() && safety.flagged(t, tooLong ? words.substring(0, MAX_TEXT) : words)) {
            return;
        }
        if (tooLong) {
            t.answer(Wording.TOO_LONG);
            return;
        }
        Optional<Person> person = pairing.participant(t, e);
        if (person.isEmpty()) {
            return;
        }
        stepping.endIfTheFlowChanged(t);
        if (safety.heldHere(t, person.get(), e.payload())) {
            return;
        }
        if (e.payload() instanceof ChatEvent.Command c) {
            command(t, person.get(), c);
        } else if (e.payload() instanceof ChatEvent.Tap tap) {
            tap(t, person.get(), tap.data());
        } else if (e.payload() instanceof ChatEvent.Text x) {
            text(t, person.get(), x.text(), false);
        } else if (e.payload() instanceof ChatEvent.NonText) {
            text(t, person.get(), null, true);
        }
    }

    private void command(Turn t, Person from, ChatEvent.Command c) {
        switch (c.name()) {
            case "repair" -> starting.repair(t, from, c.args());
            case "pause" -> pauses.pause(t, c.args());
            case "resume" -> pauses.resume(t);
            case "stop" -> stop(t);
            case "status" -> status.status(t);
            case "start" -> guide.start(t, from);
            case "forget" -> forgetting.ask(t);
            case "practice" -> starting.practice(t);
            case "therapy" -> therapy.referral(t, from);
            case "help" -> guide.help(t);
            default -> commands.find(c.name()).ifPresentOrElse(x -> feature(t, x, from, c.name(), c.args()),
                    () -> t.flows().byCommand(c.name()).ifPresentOrElse(f -> starting.request(t, from, f),
                            () -> guide.unknown(t, c.name())));
        }
    }

    /** /stop: the running flow ends, and both are told. */
    private void stop(Turn t) {
        Optional<FlowRun> run = t.session().run();
        if (run.isEmpty()) {
            t.say(Wording.nothingRunning(t.session().care().onHold()));
            return;
        }
        // On a safety hold, no invitation to start again: a new flow would be held too.
        t.say(t.session().care().onHold() ? Wording.STOPPED_ON_HOLD : Wording.stopped(run.get().together()));
        stepping.stop(t, run.get(), "stopped");
    }

    /** A command another feature answers; what it says goes out here like any reply. /schedule also lists the follow-ups. */
    private void feature(Turn t, ChatCommands feature, Person from, String name, String args) {
        boolean group = !t.inPrivate();
        Optional<Couple> couple = group ? couples.inGroup(t.chat()) : Optional.empty();
        List<String> said = feature.run(new ChatCommands.Request(t.chat(), group, couple, from, name, args, t.now()));
        if (name.equals("schedule") && !group && !t.session().followUps().isEmpty()) {
            // In a private chat, /schedule is about this chat's own follow-ups, when it has any.
            followUps.list(t, from);
            return;
        }
        said.forEach(t::say);
        if (name.equals("schedule") && couple.isPresent()) {
            followUps.list(t, from);
        }
    }

    private void tap(Turn t, Person from, String data) {
        Optional<ButtonData> parsed = ButtonData.parse(data);
        if (parsed.isEmpty()) {
            // A menu button of an older version ("f:ID") or a forged one.
            t.notice(data.startsWith("f:") ? Starting.oldMenu(t) : Wording.MOVED_ON);
            return;
        }
        ButtonData b = parsed.get();
        switch (b.kind()) {
            case FOLLOW_UP -> followUps.cancel(t, from, b.number());
            case MENU -> starting.tapMenu(t, from, b);
            case ZONE -> commands.find("timezone").ifPresentOrElse(tz -> feature(t, tz, from, "timezone", b.detail()),
                    () -> t.notice(Wording.MOVED_ON));
            case FORGET -> forgetting.tap(t, from, b);
            case PAIR, HOLD -> t.notice(Wording.MOVED_ON);
            default -> tapInFlow(t, from, b);
        }
    }

    /** A button of the running flow's current question, pause, share or replace-question. */
    private void tapInFlow(Turn t, Person from, ButtonData b) {
        Optional<FlowRun> run = t.session().run();
        if (run.isPresent() && run.get().isPaused() && (b.kind() == ButtonData.Kind.ANSWER || b.kind() == ButtonData.Kind.COACH)) {
            // A pause posts its own buttons, so the question's are no longer current: it waits, it has not moved on.
            t.notice(Wording.TAP_WHILE_PAUSED);
            return;
        }
        if (run.isEmpty() || !b.isCurrentIn(t.session())) {
            t.notice(Wording.MOVED_ON);
            return;
        }
        Optional<Role> role = run.get().roleOf(from.id());
        if (role.isEmpty()) {
            return;
        }
        Flow flow = t.flowOf(run.get());
        switch (b.kind()) {
            case ANSWER -> answers.tapOption(t, flow, run.get(), role.get(), b);
            case COACH -> answers.tapCoach(t, flow, run.get(), role.get(), b);
            case READY -> pauses.ready(t, flow, run.get(), role.get());
            case SHARE -> {
                if (sharing.tap(t, flow, run.get(), b)) {
                    stepping.leave(t, flow);
                }
            }
            case REPLACE -> starting.replace(t, from);
            case KEEP_GOING -> starting.keepGoing(t);
            default -> t.notice(Wording.MOVED_ON);
        }
    }

    private void text(Turn t, Person from, String text, boolean nonText) {
        Optional<FlowRun> run = t.session().run();
        if (run.isPresent()) {
            answers.text(t, run.get(), from, text, nonText);
        } else if (t.inPrivate() && !nonText) {
            guide.hello(t, text);
        }
    }

    // ---- turns nobody's message began -----------------------------------------------------

    /** Fires every due timer of the session, oldest first. */
    void fireDue(Turn t) {
        timers.fireDue(t);
    }

    /** A flow started by the clock: the same as a person starting it, without asking to replace (nothing runs). */
    void startScheduled(Turn t, Flow flow, Person starter) {
        stepping.start(t, flow, starter);
    }

    /** A person's flag in another chat reaches this group of theirs: a pause for crisis, a hold for abuse or fear. */
    void respondInGroup(Turn t, UserId who, Safety.Concern concern) {
        safety.respondInGroup(t, who, concern);
    }

    /** The person lifted, privately, the hold they raised: this group of theirs carries on when no hold is left. */
    void liftHoldFor(Turn t, UserId who) {
        safety.liftHoldFor(t, who);
    }

    /** The bot cannot write privately to this person: a sealed question here that waits for them says so in the group. */
    void cannotWritePrivatelyTo(Turn t, UserId user) {
        asking.cannotWritePrivatelyTo(t, user);
    }
}
