package app.repairbot.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import app.repairbot.chat.Addressing;
import app.repairbot.chat.BotReply;
import app.repairbot.chat.Button;
import app.repairbot.chat.ChatId;
import app.repairbot.chat.Person;
import app.repairbot.chat.UserId;
import app.repairbot.flow.Flow;
import app.repairbot.flow.Role;
import app.repairbot.flow.Step;
import app.repairbot.flow.Who;
import app.repairbot.session.FlowRun;
import app.repairbot.session.Session;

/**
 * Puts a flow's questions to people: in the group, or privately for a sealed ask (with a note in
 * the group when a {@code coach: private} question went to private chats), the buttons of its
 * options, replies to one person about their answer, reminders, and the note in the group when a
 * private question cannot reach someone.
 */
final class Asking {
    private final OtherChats others;

    Asking(OtherChats others) {
        this.others = others;
    }

    /**
     * The run came to rest on {@code ask}, coming from the step {@code before} (null at a flow's
     * start): the buttons posted before go stale, and the question goes to everyone it awaits.
     */
    void ask(Turn t, FlowRun run, Step.Ask ask, Step before) {
        t.session().nextSeq();
        if (ask.coachPrivately() && !(before instanceof Step.Ask b && asksAgainPrivately(b, ask))) {
            announcePrivateAsk(t, run, run.awaited(ask));
        }
        askAgain(t, ask, run.awaited(ask));
    }

    /**
     * Whether {@code next} asks the same people privately for the same answer as {@code first}
     * (a button such as "I'm sorry I…" that asks for the whole sentence next): the group already
     * knows where the question is, and only the second answer is shared, not the button's
     * half-sentence.
     */
    static boolean asksAgainPrivately(Step.Ask first, Step next) {
        return first.coachPrivately() && next instanceof Step.Ask again && again.coachPrivately() && again.who() == first.who()
                && again.save().equals(first.save());
    }

    /**
     * {@code coach: private}: the group hears that the question went to a private chat (with a
     * button to open one, for anyone who has none yet), never the draft itself.
     */
    private void announcePrivateAsk(Turn t, FlowRun run, Set<Role> awaited) {
        boolean someoneHasNoChat = awaited.stream().anyMatch(r -> !others.hasPrivateChat(run.person(r).id()));
        List<Button> open = someoneHasNoChat ? List.of(new Button(Wording.OPEN_PRIVATE_CHAT, Button.OPEN_PRIVATE_CHAT)) : List.of();
        Flow flow = t.flowOf(run);
        boolean again = awaited.stream().allMatch(r -> answeredPrivately(flow, run, r));
        boolean both = awaited.size() > 1;
        boolean either = t.flowOf(run).step(run.step()) instanceof Step.Ask a && a.who() == Who.EITHER;
        t.post(BotReply.withButtons(t.chat(), again ? Wording.askedPrivatelyAgain(names(run, awaited), both, either)
                : Wording.askedPrivately(names(run, awaited), both, either), open));
    }

    /** Whether this person already gave a {@code coach: private} answer in this run (the group knows how it goes, then). */
    private static boolean answeredPrivately(Flow flow, FlowRun run, Role role) {
        return flow.steps().values().stream().anyMatch(s -> s instanceof Step.Ask a && a.coachPrivately()
                && (Optional.ofNullable(run.answers().get(a.save())).filter(given -> given.by() == role).isPresent()
                || run.answers().containsKey(role.key() + "." + a.save())));
    }

    /** Posts an ask's question to those of {@code awaited} (all of them, or one again). */
    void askAgain(Turn t, Step.Ask ask, Set<Role> awaited) {
        FlowRun run = t.session().run().orElseThrow();
        run.asked(t.now(), ask.timeout());
        String text = Wording.render(run, ask.text());
        List<Button> buttons = buttons(t, ask);
        if (ask.sealed()) {
            if (!ask.coachPrivately() && awaited.size() == run.awaited(ask).size() && awaited.size() > 1) {
                t.say(Wording.sealedPrompt(names(run, awaited)));
            }
            for (Role r : awaited) {
                Person p = run.person(r);
                t.post(BotReply.addressed(ChatId.privateOf(p.id()), p, text, buttons));
            }
            return;
        }
        if (ask.who() == Who.BOTH && awaited.size() == 1 && run.askState().partial().size() == 1) {
            // Asked again (after a pause, or a rephrase) once the other has answered: it says whose it still is.
            text = Wording.stillYoursToAnswer(names(run, awaited), text);
        }
        t.post(BotReply.question(t.chat(), text, buttons, onlyOne(run, awaited)));
    }

    /** The buttons of an ask's options, for the question as it is now (they go stale once the conversation moves on). */
    List<Button> buttons(Turn t, Step.Ask ask) {
        List<Button> buttons = new ArrayList<>();
        for (int i = 0; i < ask.options().size(); i++) {
            buttons.add(new Button(ask.options().get(i).label(), ButtonData.answer(t.session().seq(), i)));
        }
        return buttons;
    }

    /** The coach's choice for a held draft: "Use my words" or "Let me rephrase". */
    static List<Button> coachChoice(int seq) {
        return List.of(new Button(Wording.USE_MY_WORDS, ButtonData.coach(seq, true)),
                new Button(Wording.REPHRASE, ButtonData.coach(seq, false)));
    }

    /** A reply to one person about their answer: in their private chat for a sealed ask. */
    void reply(Turn t, FlowRun run, Step.Ask ask, Role role, String text, List<Button> buttons) {
        Person p = run.person(role);
        ChatId chat = ask.sealed() ? ChatId.privateOf(p.id()) : t.chat();
        t.post(BotReply.addressed(chat, p, text, buttons));
    }

    /**
     * The question's reminder is due: those it awaits are reminded (with their names, unless the
     * reminder has them). A question asked privately is reminded where it was asked, in each
     * awaited person's private chat, and nothing is said in the group: a nudge there would press
     * them in front of their partner, and their private chat tells them already.
     */
    void remind(Turn t, Flow flow, FlowRun run) {
        if (!(flow.step(run.step()) instanceof Step.Ask ask) || ask.remind().isEmpty() && ask.timeout().isEmpty()) {
            return;
        }
        Set<Role> awaited = run.awaited(ask);
        String names = names(run, awaited);
        String text = ask.remind().map(template -> Wording.render(run, template))
                .orElse(Wording.remindAgain(Wording.render(run, ask.text()), run.firstNames(Set.of(Role.values()))));
        if (ask.sealed()) {
            for (Role r : awaited) {
                Person p = run.person(r);
                t.post(BotReply.addressed(ChatId.privateOf(p.id()), p, text, List.of()));
            }
            return;
        }
        boolean mentioned = awaited.stream().allMatch(r -> text.contains(run.person(r).firstName()));
        t.post(BotReply.question(t.chat(), mentioned ? text : Addressing.to(names, text), List.of(), onlyOne(run, awaited)));
    }

    /**
     * The bot cannot write to this person privately (they never opened a chat with it): if a
     * sealed question waits for them, say so in the group, once per step, with a button that opens
     * the private chat.
     */
    void cannotWritePrivatelyTo(Turn t, UserId user) {
        Optional<FlowRun> run = t.session().run();
        if (run.isEmpty() || !(t.flowOf(run.get()).step(run.get().step()) instanceof Step.Ask ask) || !ask.sealed()) {
            return;
        }
        Optional<Role> role = run.get().roleOf(user);
        if (role.isEmpty() || !run.get().awaited(ask).contains(role.get()) || !run.get().firstOpenChatNotice(role.get())) {
            return;
        }
        Person p = run.get().person(role.get());
        t.post(BotReply.addressed(t.chat(), p, Wording.openPrivateChat(p.firstName()),
                List.of(new Button(Wording.OPEN_PRIVATE_CHAT, Button.OPEN_PRIVATE_CHAT))));
    }

    /** Whether a sealed question in this group waits for {@code user}'s answer (written in their private chat). */
    static boolean awaitsPrivately(Session group, app.repairbot.flow.FlowCatalog flows, UserId user) {
        Optional<FlowRun> run = group.run();
        if (run.isEmpty()) {
            return false;
        }
        Optional<Role> role = run.get().roleOf(user);
        Optional<Flow> flow = flows.find(run.get().flow());
        if (role.isEmpty() || flow.isEmpty() || flow.get().find(run.get().step()).isEmpty()) {
            return false;
        }
        return flow.get().step(run.get().step()) instanceof Step.Ask ask && ask.sealed()
                && run.get().awaited(ask).contains(role.get());
    }

    /** "Alex", "Alex and Sam": the people of {@code roles}, starter first. */
    static String names(FlowRun run, Set<Role> roles) {
        return Wording.names(run.firstNames(roles));
    }

    /** The one person a post is addressed to, when it awaits just one. */
    static Optional<Person> onlyOne(FlowRun run, Set<Role> awaited) {
        return awaited.size() == 1 ? Optional.of(run.person(awaited.iterator().next())) : Optional.empty();
    }
}
