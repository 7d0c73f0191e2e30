package app.repairbot.engine;

import java.util.List;
import java.util.Optional;

import app.repairbot.chat.BotReply;
import app.repairbot.chat.Button;
import app.repairbot.chat.Person;
import app.repairbot.flow.Audience;
import app.repairbot.flow.Flow;
import app.repairbot.flow.FlowCatalog;
import app.repairbot.flow.Role;
import app.repairbot.session.FlowRun;
import app.repairbot.session.PauseState;
import app.repairbot.session.Session;

/**
 * How a flow gets started by someone: /repair and /practice with their menus (numbered, so that
 * only the latest starts anything), a flow's own command, and, while another flow runs, the
 * question whether to replace it ("Replace" or "Keep going").
 */
final class Starting {
    private final Stepping stepping;
    private final OtherChats others;

    Starting(Stepping stepping, OtherChats others) {
        this.stepping = stepping;
        this.others = others;
    }

    /** /repair [flow]: the menu of this chat's flows, or the flow named. */
    void repair(Turn t, Person from, String args) {
        if (args.isEmpty()) {
            if (t.here() == Audience.PRIVATE && practiceHeldFor(t, from)) {
                return;
            }
            menu(t, t.here() == Audience.PRIVATE ? Wording.PRACTICE_MENU : Wording.MENU);
            return;
        }
        String id = args.split("\\s+")[0];
        Optional<Flow> flow = t.flows().find(id);
        if (flow.isEmpty()) {
            menu(t, Wording.unknownFlow(id));
            return;
        }
        request(t, from, flow.get());
    }

    /** /practice: the private flows as buttons, in a private chat; in a group, the way there. */
    void practice(Turn t) {
        if (t.here() == Audience.PRIVATE) {
            if (practiceHeldFor(t, t.from())) {
                return;
            }
            menu(t, Wording.PRACTICE_MENU);
            return;
        }
        t.post(BotReply.withButtons(t.chat(), Wording.PRACTICE_IS_PRIVATE,
                List.of(new Button(Wording.OPEN_PRIVATE_CHAT, Button.OPEN_PRIVATE_CHAT))));
    }

    /**
     * The flows for this chat, in the authors' order (menu.txt), each with its one-line description
     * and a button. The menu is numbered: a newer menu, or any flow starting, makes its buttons stale.
     */
    private void menu(Turn t, String text) {
        List<Flow> flows = t.flows().forAudience(t.here());
        if (flows.isEmpty()) {
            t.say(Wording.NO_FLOWS);
            return;
        }
        int number = t.session().openMenu();
        List<Button> buttons = flows.stream().map(f -> new Button(f.title(), ButtonData.menu(number, f.id()))).toList();
        t.post(BotReply.withButtons(t.chat(), Wording.menu(text, flows.stream().map(f -> Wording.menuLine(f.title(),
                f.description())).toList()), buttons));
    }

    /** A tap on a menu's flow: only the latest menu starts anything, and only until a flow starts. */
    void tapMenu(Turn t, Person from, ButtonData b) {
        Optional<Flow> flow = t.session().isOpenMenu(b.number()) ? t.flows().find(b.detail()) : Optional.empty();
        flow.ifPresentOrElse(f -> request(t, from, f), () -> t.notice(oldMenu(t)));
    }

    /** What a tap on a menu that is no longer the latest hears. */
    static String oldMenu(Turn t) {
        return t.here() == Audience.PRIVATE ? Wording.OLD_PRACTICE_MENU : Wording.OLD_MENU;
    }

    /**
     * Someone asks to start {@code flow} (by its command, or a menu): it starts, unless it only
     * comes as a follow-up, belongs in another kind of chat, or another flow runs (then they are
     * asked whether to replace it).
     */
    void request(Turn t, Person from, Flow flow) {
        if (FlowCatalog.isFollowUpOnly(flow)) {
            t.say(Wording.onlyAsFollowUp(flow.title()));
            return;
        }
        if (flow.audience() != t.here()) {
            t.say(flow.audience() == Audience.COUPLE ? Wording.forTheCouple(flow.title(), flow.command())
                    : Wording.forPractice(flow.title()));
            return;
        }
        if (flow.audience() == Audience.PRIVATE && practiceHeldFor(t, from)) {
            return;
        }
        Session session = t.session();
        Optional<FlowRun> running = session.run();
        if (running.isPresent() && running.get().pause().filter(p -> p.afterSafetyWords() && !p.ownedBy(from.id())).isPresent()) {
            // The pause after someone else's safety words: not even the question of replacing it (it names nobody).
            t.say(Wording.LEAVE_IT_PAUSED);
            return;
        }
        if (running.isPresent()) {
            session.askToReplace(flow.id(), from.id());
            int seq = session.seq();
            t.post(BotReply.withButtons(t.chat(), Wording.replace(title(t, running.get()), flow.title()),
                    List.of(new Button(Wording.REPLACE, ButtonData.replace(seq)), new Button(Wording.KEEP_GOING, ButtonData.keepGoing(seq)))));
            return;
        }
        stepping.start(t, flow, from);
    }

    /**
     * Practice is finding words for one's partner: not offered to someone who raised a safety hold
     * that still stands, whose safety comes first. True when so answered.
     */
    private boolean practiceHeldFor(Turn t, Person from) {
        if (!others.holdsAHold(from.id())) {
            return false;
        }
        t.say(Wording.PRACTICE_DURING_YOUR_HOLD);
        return true;
    }

    /** "Replace": the running flow ends (the other partner is told what ended, and who chose the new one) and the new one starts. */
    void replace(Turn t, Person from) {
        Session session = t.session();
        Optional<Flow> wanted = session.pendingReplace().flatMap(t.flows()::find);
        if (wanted.isEmpty()) {
            t.notice(Wording.MOVED_ON);
            return;
        }
        // A flow to replace is asked about only while one runs (starting or ending a run forgets it).
        FlowRun replaced = session.run().orElseThrow();
        Optional<String> pausedFor = pausedForSomeoneElse(replaced, from);
        if (pausedFor.isPresent()) {
            t.notice(pausedFor.get());
            return;
        }
        // The flow starts as the one who asked for it, whichever of the two tapped "Replace".
        Person starter = session.replaceAskedBy().flatMap(by -> replaced.roleOf(by).map(replaced::person)).orElse(from);
        stepping.stop(t, replaced, "stopped");
        if (replaced.together()) {
            Role other = replaced.roleOf(starter.id()).map(x -> x == Role.STARTER ? Role.PARTNER : Role.STARTER).orElse(Role.PARTNER);
            // Whoever tapped chose it: the one who asked, or the other agreeing (then not "X chose…, just so you know").
            t.say(starter.id().equals(from.id())
                    ? Wording.replaced(starter.firstName(), title(t, replaced), wanted.get().title(), replaced.person(other).firstName())
                    : Wording.replacedAgreed(starter.firstName(), from.firstName(), title(t, replaced), wanted.get().title()));
        }
        stepping.start(t, wanted.get(), starter);
    }

    /**
     * The run rests on a pause that is someone else's (their /pause, or the pause after their safety words): only
     * they end it, and nobody else ends it sideways by replacing the flow (the one who paused may: the question to
     * replace it is asked as usual). What to say, if so: after safety words it names nobody. A pause step belongs to
     * both, so it is nobody else's.
     */
    private static Optional<String> pausedForSomeoneElse(FlowRun run, Person from) {
        Optional<PauseState> pause = run.pause().filter(p -> p.owner().isPresent() && !p.ownedBy(from.id()));
        if (pause.isEmpty()) {
            return Optional.empty();
        }
        if (pause.get().afterSafetyWords()) {
            return Optional.of(Wording.LEAVE_IT_PAUSED);
        }
        return Pauses.owner(run, pause.get()).map(run::person).map(owner -> Wording.pausedBy(owner.firstName()));
    }

    /** "Keep going": the running flow goes on, and the question is settled. */
    void keepGoing(Turn t) {
        if (t.session().pendingReplace().isEmpty()) {
            t.notice(Wording.MOVED_ON);
            return;
        }
        t.session().clearPendingReplace();
        t.say(t.session().run().filter(FlowRun::isPaused).isPresent() ? Wording.KEEPING_PAUSED : Wording.KEEPING);
    }

    private static String title(Turn t, FlowRun run) {
        return t.flows().find(run.flow()).map(Flow::title).orElse(run.flow().value());
    }
}
