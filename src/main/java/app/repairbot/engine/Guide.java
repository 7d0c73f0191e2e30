package app.repairbot.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import app.repairbot.chat.Person;
import app.repairbot.flow.Audience;
import app.repairbot.flow.BotCommands;
import app.repairbot.flow.Flow;
import app.repairbot.flow.Role;
import app.repairbot.flow.Step;
import app.repairbot.session.FlowRun;
import app.repairbot.session.Session;
import app.repairbot.text.Spelling;

/**
 * The bot introducing itself: /help (the commands that work in this chat, and the flows' own
 * commands), /start in a private chat (where a waiting private question, or help owed after a
 * safety flag, comes now), and hello to someone who writes privately while nothing runs.
 */
final class Guide {
    /** The commands the engine answers itself; the others of {@link BotCommands} are answered by a feature, when it is there. */
    static final Set<String> ANSWERED_HERE = Set.of("repair", "pause", "resume", "stop", "status", "start", "forget",
            "practice", "therapy", "help");

    private final Safety safety;
    private final Asking asking;
    private final FeatureCommands commands;
    private final OtherChats others;

    Guide(Safety safety, Asking asking, FeatureCommands commands, OtherChats others) {
        this.safety = safety;
        this.asking = asking;
        this.commands = commands;
        this.others = others;
    }

    /** /help: the commands that apply in this chat, in plain words (from {@link BotCommands}), and the flows' own commands. */
    void help(Turn t) {
        boolean group = t.here() == Audience.COUPLE;
        List<String> lines = offeredHere(group).stream().map(c -> Wording.helpLine(c.name(), c.does(group).orElseThrow())).toList();
        List<String> flows = flowsWithCommands(t).stream().map(f -> Wording.helpLine(f.command().get(), f.title())).toList();
        t.say(Wording.help(group, lines, flows));
    }

    /** A command nobody knows here: said kindly, with the one it was probably meant to be, if one is close. */
    void unknown(Turn t, String name) {
        boolean group = t.here() == Audience.COUPLE;
        List<String> known = new ArrayList<>();
        offeredHere(group).forEach(c -> known.add(c.name()));
        flowsWithCommands(t).forEach(f -> known.add(f.command().get()));
        t.say(Wording.unknownCommand(name, Spelling.closest(name, known)));
    }

    /** The built-in commands that work in this kind of chat: answered here, or by a feature that is there. */
    private List<BotCommands.Command> offeredHere(boolean group) {
        return BotCommands.offered(group).stream().filter(c -> ANSWERED_HERE.contains(c.name()) || commands.has(c.name())).toList();
    }

    /** The flows for this chat that have a command of their own. */
    private static List<Flow> flowsWithCommands(Turn t) {
        return t.flows().forAudience(t.here()).stream().filter(f -> f.command().isPresent()).toList();
    }

    /**
     * /start in a private chat: when a sealed question in the person's group waits for them (they
     * just opened the chat from the group's button), it comes now; otherwise a short hello.
     */
    void start(Turn t, Person from) {
        Session session = t.session();
        if (!t.fromOwnChat() && session.care().helpGiven(from.id())) {
            t.answer(safety.helpLater());
            return;
        }
        Optional<FlowRun> run = session.run();
        if (!t.fromOwnChat() && run.isPresent() && t.flowOf(run.get()).step(run.get().step()) instanceof Step.Ask ask && ask.sealed()) {
            Optional<Role> role = run.get().roleOf(from.id());
            if (role.isPresent() && run.get().awaited(ask).contains(role.get())) {
                asking.askAgain(t, ask, Set.of(role.get()));
                return;
            }
        }
        t.answer(hello(t, from, ""));
    }

    /** Someone wrote {@code text} in their private chat while nothing runs there. */
    void hello(Turn t, String text) {
        t.say(hello(t, t.from(), text));
    }

    /** How long after help in a private chat its hello stays gentle. */
    private static final Duration GENTLE_AFTER_HELP = Duration.ofDays(1);

    /** The first private contact says what the bot is and is not, what it keeps, and /forget; later, just hello. */
    private String hello(Turn t, Person from, String text) {
        if (t.session().version() == 0 && t.fromOwnChat()) {
            return Wording.privateWelcome(from.firstName());
        }
        // After help was given here in the last day, not a cheerful pointer to exercises.
        boolean helpedLately = t.fromOwnChat() && t.session().care().flaggedSince(t.now().minus(GENTLE_AFTER_HELP));
        if (helpedLately) {
            // A thank-you or a sorry gets its own answer; anything else, one of two in turn (counted as a post the
            // conversation moved on with), so that "ok" twice is not the same block twice.
            return Wording.privateHelloAfterHelp(from.firstName(), Wording.Said.of(text), t.session().nextSeq() % 2 == 0);
        }
        // Nor, while a hold they raised stands, a pointer to practising words for their partner.
        if (others.holdsAHold(from.id())) {
            return Wording.privateHelloDuringHold(from.firstName());
        }
        // While their group's conversation runs, what they wrote here is not an answer there: say so (the partner may
        // have answered a question for either of them already).
        boolean groupRuns = t.fromOwnChat() && others.groupsOf(from.id()).stream().anyMatch(s -> s.run().isPresent());
        return groupRuns ? Wording.privateHelloWhileGroupRuns(from.firstName()) : Wording.privateHello(from.firstName());
    }
}
