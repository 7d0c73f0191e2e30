package app.repairbot.engine;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import app.repairbot.chat.BotReply;
import app.repairbot.chat.ChatId;
import app.repairbot.chat.Person;
import app.repairbot.flow.Audience;
import app.repairbot.flow.Flow;
import app.repairbot.flow.Role;
import app.repairbot.flow.Step;
import app.repairbot.flow.Who;
import app.repairbot.session.FlowRun;

/**
 * Answers to the question the run rests on, written or tapped: whose turn it is, where a sealed
 * answer must be written, what an answer must be (not empty, a button for a strict ask, long
 * enough), the phrasing coach on {@code coach: true} asks (it holds a draft until its author
 * chooses), and a {@code both} ask's answers kept until both came. An accepted answer is saved and
 * the run moves on ({@link Stepping}).
 */
final class Answers {
    private final Stepping stepping;
    private final Asking asking;
    private final PhrasingCoach coach;

    Answers(Stepping stepping, Asking asking, PhrasingCoach coach) {
        this.stepping = stepping;
        this.asking = asking;
        this.coach = coach;
    }

    /** A message (or, {@code nonText}, a photo or sticker) from someone taking part in the running flow. */
    void text(Turn t, FlowRun run, Person from, String text, boolean nonText) {
        Optional<Role> role = run.roleOf(from.id());
        if (role.isEmpty()) {
            return;
        }
        Flow flow = t.flowOf(run);
        // Said once per pause in the group; to an answer written privately (a sealed ask's), always, since nobody else sees it.
        if (run.isPaused() && t.session().care().onHold()) {
            // On a safety hold nothing here invites carrying on: its raiser hears that nothing moves until they feel safe.
            if (run.firstPauseNotice() || t.inPrivate()) {
                t.answer(t.session().care().heldBy(from.id()) ? Wording.WHILE_YOUR_HOLD : Wording.ON_HOLD);
            }
            return;
        }
        if (run.isPaused()) {
            if (run.firstPauseNotice() || t.inPrivate()) {
                // Whose pause it is decides what helps: only its owner can end it early.
                Optional<String> owner = run.pause().flatMap(p -> Pauses.owner(run, p)).map(run::person)
                        .filter(p -> !p.id().equals(from.id())).map(Person::firstName);
                if (owner.isPresent() && run.pause().get().afterSafetyWords()) {
                    // The pause after the partner's safety words: nothing here says whose it is.
                    t.answer(Wording.WHILE_PAUSED_FOR_NOW);
                } else if (run.pause().get().afterSafetyWords() && t.inPrivate()) {
                    // Their own pause after their safety words, written privately: where it carries on, and no pressure.
                    t.answer(Wording.WHILE_YOUR_PAUSE_PRIVATELY);
                } else {
                    t.answer(owner.map(Wording::whileOthersPause).orElse(t.inPrivate() ? Wording.WHILE_PAUSED_PRIVATELY : Wording.WHILE_PAUSED));
                }
            }
            return;
        }
        if (flow.step(run.step()) instanceof Step.Share) {
            t.say(Wording.SHARE_NEEDS_A_TAP);
            return;
        }
        if (!(flow.step(run.step()) instanceof Step.Ask ask)) {
            return;
        }
        if (!mayAnswer(t, run, ask, role.get(), false)) {
            return;
        }
        if (nonText) {
            asking.reply(t, run, ask, role.get(), Wording.nonText(from.firstName()), List.of());
            return;
        }
        answer(t, flow, run, ask, role.get(), text, Optional.empty());
    }

    /** A tap on one of the question's options (a tap during a pause is answered before: {@code Conversation.tapInFlow}). */
    void tapOption(Turn t, Flow flow, FlowRun run, Role role, ButtonData b) {
        if (!(flow.step(run.step()) instanceof Step.Ask ask) || b.index() < 0 || b.index() >= ask.options().size()) {
            t.notice(Wording.MOVED_ON);
            return;
        }
        if (mayAnswer(t, run, ask, role, true)) {
            Step.Option option = ask.options().get(b.index());
            answer(t, flow, run, ask, role, option.label(), Optional.of(option));
        }
    }

    /** A tap on the coach's "Use my words" (the held draft is accepted) or "Let me rephrase" (the question comes again). */
    void tapCoach(Turn t, Flow flow, FlowRun run, Role role, ButtonData b) {
        String held = run.askState().held().get(role);
        if (held == null && !run.askState().held().isEmpty()) {
            // The coach's question to the other partner: theirs to answer.
            t.notice(Wording.notYourButton(Asking.names(run, run.askState().held().keySet())));
            return;
        }
        if (held == null || !(flow.step(run.step()) instanceof Step.Ask ask)) {
            t.notice(Wording.MOVED_ON);
            return;
        }
        if (b.detail().equals("u")) {
            accept(t, flow, run, ask, role, held, Optional.empty());
        } else {
            run.releaseDraft(role);
            asking.askAgain(t, ask, Set.of(role));
        }
    }

    /** Whether this person may answer now; if not, says why (gently, at most once per step). */
    private boolean mayAnswer(Turn t, FlowRun run, Step.Ask ask, Role role, boolean tap) {
        Set<Role> awaited = run.awaited(ask);
        String name = run.person(role).firstName();
        if (!awaited.contains(role)) {
            String others = Asking.names(run, awaited);
            if (tap) {
                t.notice(awaited.isEmpty() ? Wording.MOVED_ON : Wording.notYourButton(others));
            } else if (!awaited.isEmpty() && run.firstTurnNotice()) {
                boolean answered = ask.who() == Who.BOTH && run.askState().partial().containsKey(role);
                t.say(answered ? Wording.answeredBefore(name, others) : Wording.turn(others, name));
            }
            return false;
        }
        if (ask.sealed() && !t.inPrivate()) {
            t.say(ask.coachPrivately() ? Wording.privateInGroup(name) : Wording.sealedInGroup(name));
            return false;
        }
        return true;
    }

    private void answer(Turn t, Flow flow, FlowRun run, Step.Ask ask, Role role, String text, Optional<Step.Option> tapped) {
        String name = run.person(role).firstName();
        Optional<Step.Option> chosen = tapped.isPresent() ? tapped : ask.optionLabelled(text);
        if (chosen.isEmpty()) {
            if (text.isBlank()) {
                asking.reply(t, run, ask, role, Wording.empty(name), List.of());
                return;
            }
            if (ask.strict()) {
                asking.reply(t, run, ask, role, Wording.pickAButton(name), asking.buttons(t, ask));
                return;
            }
            if (ask.minLength() > 0 && text.strip().length() < ask.minLength()) {
                asking.reply(t, run, ask, role, Wording.tooShort(name), List.of());
                return;
            }
            if (ask.coach() && !coached(t, run, ask, role, name, text)) {
                return;
            }
        }
        accept(t, flow, run, ask, role, chosen.map(Step.Option::value).orElse(text), chosen);
    }

    /**
     * The coach reads a written answer: false when it needs work (the draft is held, and its author
     * chooses to use it or rephrase). In practice the coach also says what it could not read, and
     * what could be added; neither holds anything back.
     */
    private boolean coached(Turn t, FlowRun run, Step.Ask ask, Role role, String name, String text) {
        boolean practice = run.audience() == Audience.PRIVATE;
        PhrasingCoach.Review review = coach.review(text, ask.coachFor());
        if (review.needsWork()) {
            run.holdDraft(role, text);
            asking.reply(t, run, ask, role, Wording.coach(name, review), Asking.coachChoice(t.session().seq()));
            return false;
        }
        if (practice && !review.coached()) {
            asking.reply(t, run, ask, role, Wording.NOT_COACHED, List.of());
        } else if (practice && !review.tips().isEmpty()) {
            asking.reply(t, run, ask, role, Wording.tips(review.tips()), List.of());
        }
        return true;
    }

    /**
     * A question for either of them, asked in each one's private chat: once one answered it (and their words are in
     * the group), the other hears there that it has moved on, and that nothing they wrote about it was shared.
     */
    private static void answeredFirst(Turn t, FlowRun run, Step.Ask ask, Role answered) {
        if (ask.who() == Who.EITHER) {
            Person other = run.person(answered.other());
            t.post(BotReply.addressed(ChatId.privateOf(other.id()), other, Wording.answeredFirst(run.person(answered).firstName()),
                    List.of()));
        }
    }

    private void accept(Turn t, Flow flow, FlowRun run, Step.Ask ask, Role role, String value, Optional<Step.Option> chosen) {
        run.releaseDraft(role);
        if (ask.who() != Who.BOTH) {
            run.saveAnswer(ask.save(), role, value);
            String next = ask.nextAfter(chosen);
            if (ask.coachPrivately() && !Asking.asksAgainPrivately(ask, flow.steps().get(next))) {
                t.say(Wording.privateWords(run.person(role).firstName(), Wording.quote(ask.shown(value))));
                asking.reply(t, run, ask, role, Wording.wordsShared(run.person(role.other()).firstName()), List.of());
                answeredFirst(t, run, ask, role);
            } else if (ask.sealed() && !ask.coachPrivately()) {
                t.say(Wording.sealedRevealOne(run.person(role).firstName(), Wording.quote(value)));
                asking.reply(t, run, ask, role, Wording.ANSWER_SHARED, List.of());
                answeredFirst(t, run, ask, role);
            }
            stepping.answered(t, flow, ask, next);
            return;
        }
        run.answerPartly(role, value);
        Set<Role> awaited = run.awaited(ask);
        if (!awaited.isEmpty()) {
            String others = Asking.names(run, awaited);
            String name = run.person(role).firstName();
            if (ask.sealed()) {
                asking.reply(t, run, ask, role, Wording.sealedThanks(others), List.of());
            } else {
                // Addressed to whoever is still awaited: in a group that passes on only replies, they reply to this.
                t.post(BotReply.question(t.chat(), Wording.alreadyAnswered(name, others), asking.buttons(t, ask),
                        Asking.onlyOne(run, awaited)));
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
            t.say(reveal.toString());
            asking.reply(t, run, ask, role, Wording.bothShared(run.person(role.other()).firstName()), List.of());
        }
        stepping.answered(t, flow, ask, bothNext(ask, run));
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
}
