package app.repairbot.engine;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import app.repairbot.chat.BotReply;
import app.repairbot.chat.Button;
import app.repairbot.chat.ChatId;
import app.repairbot.chat.Person;
import app.repairbot.chat.UserId;
import app.repairbot.flow.Flow;
import app.repairbot.flow.Role;
import app.repairbot.session.FlowRun;
import app.repairbot.session.PauseState;

/**
 * Cool-downs, as people ask for them: /pause (with a length), /resume, and "Ready" after a pause.
 * A pause belongs to whoever called it (only they end it early; the other partner's /resume asks
 * them); a pause step, or a pause whose time is up, belongs to both, and ends when both are ready.
 * The pause itself (its timer, the flow's expiry, carrying on after it) is {@link Stepping}'s.
 */
final class Pauses {
    private static final int DEFAULT_MINUTES = 20;
    private static final int MAX_MINUTES = 24 * 60;

    private final Stepping stepping;
    private final Therapy therapy;
    private final OtherChats others;

    Pauses(Stepping stepping, Therapy therapy, OtherChats others) {
        this.stepping = stepping;
        this.therapy = therapy;
        this.others = others;
    }

    /** /pause [minutes]: the running flow pauses, owned by whoever asked. */
    void pause(Turn t, String args) {
        Optional<FlowRun> run = t.session().run();
        if (run.isEmpty()) {
            t.say(Wording.nothingRunning(t.session().care().onHold()));
            return;
        }
        if (run.get().isPaused()) {
            t.say(Wording.ALREADY_PAUSED);
            return;
        }
        int minutes = DEFAULT_MINUTES;
        if (!args.isEmpty()) {
            String n = args.split("\\s+")[0];
            minutes = n.matches("\\d{1,4}") ? Integer.parseInt(n) : -1;
            if (minutes < 1 || minutes > MAX_MINUTES) {
                t.say(Wording.PAUSE_USAGE);
                return;
            }
        }
        t.say(Wording.pauseStarted(minutes, run.get().together()));
        stepping.pause(t, Optional.of(Duration.ofMinutes(minutes)), Optional.of(t.from().id()));
        therapy.tookAPause(t);
    }

    /**
     * /resume: a pause belongs to whoever called it: their /resume ends it at once; the other
     * partner's asks them (with a Ready button) and moves nothing. A pause step, or one whose time
     * is up, belongs to both.
     */
    void resume(Turn t) {
        Optional<FlowRun> run = t.session().run();
        if (run.isEmpty() && t.inPrivate() && groupPaused(t)) {
            return;
        }
        if (run.isEmpty() && t.inPrivate() && others.groupsOf(t.from().id()).stream().anyMatch(g -> g.run().isPresent())) {
            // Their group's conversation runs, unpaused: nothing here to resume, and not "no conversation is running".
            t.say(Wording.GROUP_NOT_PAUSED);
            return;
        }
        if (run.isEmpty() || !run.get().isPaused()) {
            t.session().care().resumed();
            t.say(run.isEmpty() ? Wording.nothingRunning(t.session().care().onHold()) : Wording.NO_PAUSE);
            return;
        }
        FlowRun r = run.get();
        PauseState pause = r.pause().orElseThrow();
        if (pause.owner().isPresent() && !pause.ownedBy(t.from().id()) && !pause.readyAsked()) {
            Optional<Role> owner = owner(r, pause);
            if (owner.isPresent() && pause.until().isEmpty()) {
                // The pause after safety words: the group names nobody, and its owner hears it privately, once, without pressure.
                t.say(Wording.LEAVE_IT_PAUSED);
                Person p = r.person(owner.get());
                if (others.hasPrivateChat(p.id()) && r.firstAskOfOwner()) {
                    t.post(BotReply.say(ChatId.privateOf(p.id()), Wording.partnerWouldCarryOn(t.from().firstName())));
                }
                return;
            }
            if (owner.isPresent()) {
                Person p = r.person(owner.get());
                t.post(BotReply.addressed(t.chat(), p, Wording.resumeAsked(t.from().firstName(), p.firstName()),
                        List.of(new Button(Wording.READY, ButtonData.ready(t.session().seq())))));
                return;
            }
        }
        t.session().care().resumed();
        stepping.endPause(t, t.flowOf(r), r);
    }

    /**
     * /resume in a private chat with nothing running there, while a group of the person's rests on
     * a pause: it carries on in the group. After safety words, that nothing presses, in words that,
     * to the partner, name nobody. True when so answered.
     */
    private boolean groupPaused(Turn t) {
        UserId me = t.from().id();
        List<PauseState> pauses = others.groupsOf(me).stream().flatMap(g -> g.run().flatMap(FlowRun::pause).stream()).toList();
        if (pauses.isEmpty()) {
            return false;
        }
        List<PauseState> afterSafetyWords = pauses.stream().filter(PauseState::afterSafetyWords).toList();
        if (afterSafetyWords.isEmpty()) {
            t.say(Wording.RESUME_THERE);
        } else {
            t.say(afterSafetyWords.stream().anyMatch(p -> p.ownedBy(me)) ? Wording.RESUME_IN_THE_GROUP : Wording.GROUP_PAUSED_NO_RUSH);
        }
        return true;
    }

    /** A tap on "Ready": the pause's owner ends it early; after its time, it ends once everyone is ready. */
    void ready(Turn t, Flow flow, FlowRun run, Role role) {
        Optional<PauseState> pause = run.pause();
        if (pause.isPresent() && !pause.get().readyAsked() && pause.get().owner().isPresent()) {
            // Before its time is up, a pause ends early only by the one who called it.
            if (pause.get().ownedBy(run.person(role).id())) {
                stepping.endPause(t, flow, run);
            } else if (pause.get().afterSafetyWords()) {
                t.notice(Wording.LEAVE_IT_PAUSED);
            } else {
                t.notice(Wording.notYourPause(owner(run, pause.get()).map(r -> run.person(r).firstName()).orElse("")));
            }
            return;
        }
        if (pause.isEmpty() || !pause.get().readyAsked()) {
            t.notice(Wording.MOVED_ON);
            return;
        }
        Set<Role> waiting = run.ready(role);
        if (waiting.isEmpty()) {
            stepping.endPause(t, flow, run);
        } else {
            t.say(Wording.readyOne(run.person(role).firstName(), Asking.names(run, waiting)));
        }
    }

    static Optional<Role> owner(FlowRun run, PauseState pause) {
        return run.roles().filter(role -> pause.ownedBy(run.person(role).id())).findFirst();
    }
}
