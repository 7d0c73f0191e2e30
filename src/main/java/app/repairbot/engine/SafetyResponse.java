package app.repairbot.engine;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import app.repairbot.chat.BotReply;
import app.repairbot.chat.Button;
import app.repairbot.chat.ChatEvent;
import app.repairbot.chat.ChatId;
import app.repairbot.chat.Person;
import app.repairbot.chat.UserId;
import app.repairbot.session.Care;
import app.repairbot.session.Couple;
import app.repairbot.session.CoupleDirectory;
import app.repairbot.session.FlowRun;
import app.repairbot.session.PauseState;
import app.repairbot.session.Session;

/**
 * What a safety flag does, and the hold that follows abuse or fear. Every text is screened
 * ({@link Safety}) before a flow sees it; a flagged text goes no further and nothing stores it. The
 * person gets help privately; their couple's flow pauses (crisis) or the couple is put on hold
 * (abuse or fear) with a neutral message that names nobody. While on hold nothing joint moves, and
 * only the person who raised the hold lifts it, privately.
 */
final class SafetyResponse {
    /** The button on the help after abuse or fear: asks once more before anything joint carries on. */
    static final String LIFT_HOLD_ASK = ButtonData.hold("ask");
    private static final String LIFT_HOLD_YES = ButtonData.hold("yes");
    private static final String LIFT_HOLD_NO = ButtonData.hold("no");
    /** Commands that move something joint, held while the couple is on hold (with a flow's own command). */
    private static final Set<String> MOVING = Set.of("resume", "repair", "pause", "status");
    /** Within this long of help in a private chat, a new flag there gets the shorter answer. */
    private static final Duration AGAIN_WITHIN = Duration.ofHours(1);

    private final Safety safety;
    private final CoupleDirectory couples;
    private final OtherChats others;
    private final FeatureCommands commands;
    private final Stepping stepping;

    SafetyResponse(Safety safety, CoupleDirectory couples, OtherChats others, FeatureCommands commands, Stepping stepping) {
        this.safety = safety;
        this.couples = couples;
        this.others = others;
        this.commands = commands;
        this.stepping = stepping;
    }

    /**
     * Screens what someone wrote; true when it was flagged (and answered here: nothing else sees
     * it). In their own private chat within an hour of a flag there, the screen reads more closely.
     */
    boolean flagged(Turn t, String words) {
        Optional<Safety.Concern> concern = flaggedHereLately(t) ? safety.screenClosely(words) : safety.screen(words);
        concern.ifPresent(c -> concern(t, c));
        return concern.isPresent();
    }

    /** In the person's own private chat, something was flagged within the hour: read closely, answer shorter. */
    private static boolean flaggedHereLately(Turn t) {
        return t.inPrivate() && t.fromOwnChat() && t.session().care().flaggedSince(t.now().minus(AGAIN_WITHIN));
    }

    /**
     * Something in the text screened as crisis or abuse. The person gets help in their private
     * chat; their couple's flow pauses with a message that says nothing about why. Without a
     * private chat to write to, the group gets only a neutral note with a button to open one (the
     * help waits for them there).
     */
    private void concern(Turn t, Safety.Concern concern) {
        Session session = t.session();
        Person who = t.from();
        t.flagged(concern);
        if (t.inPrivate()) {
            boolean again = flaggedHereLately(t);
            t.replies().first(help(t, who, concern, again));
            if (t.fromOwnChat()) {
                session.care().flagged(t.now());
            } else {
                // A private answer routed to its group (a sealed ask): the other groups follow through the engine.
                respondInGroup(t, who.id(), concern);
            }
            t.flaggedPrivately(concern);
            return;
        }
        Optional<Couple> couple = couples.inGroup(t.chat()).filter(c -> c.has(who.id()));
        boolean ours = couple.isPresent();
        if (others.hasPrivateChat(who.id())) {
            t.replies().first(help(t, who, concern, false));
            if (ours) {
                respondInGroup(t, who.id(), concern);
                couple.filter(c -> concern == Safety.Concern.HARM).ifPresent(c -> holdForThePartner(t, c.other(who.id())));
            }
            return;
        }
        if (ours) {
            session.care().oweHelpTo(who.id());
            session.care().flagged(t.now());
            if (concern.holds()) {
                session.care().hold(who.id());
            }
            if (concern == Safety.Concern.HARM) {
                holdForThePartner(t, couple.get().other(who.id()));
            }
            pauseFor(t, who.id(), concern);
            t.post(BotReply.withButtons(t.chat(), Wording.PAUSED_FOR_NOW,
                    List.of(new Button(Wording.OPEN_PRIVATE_CHAT, Button.OPEN_PRIVATE_CHAT))));
        }
    }

    /**
     * The private help for a concern; after abuse or fear, with the way to lift the hold when they
     * feel safe. {@code again}: they were given help in this chat within the last hour, so the
     * shorter answer, still with the help lines.
     */
    private BotReply help(Turn t, Person who, Safety.Concern concern, boolean again) {
        ChatId chat = ChatId.privateOf(who.id());
        // Only a repeated abuse disclosure asks whether the person's hold already stood (it reads their groups).
        boolean holdStood = concern.holds() && again && others.holdsAHold(who.id());
        if (holdStood && t.session().care().flagsSince(t.now().minus(AGAIN_WITHIN)) >= 2) {
            // A third message within the hour, the hold standing: someone may be reading over their shoulder, so no
            // more long blocks on the screen; the help lines are a little way up.
            return BotReply.say(chat, Wording.SAFETY_STILL_HERE_BRIEFLY);
        }
        String words = (again ? safety.helpAgain(concern) : safety.help(concern))
                .replace(Safety.PAUSED, jointFlowOf(t, who.id()) ? Wording.SAFETY_PAUSED_PRIVATELY + " " : "");
        // Said again within the hour by someone whose hold already stands (they were offered the button then), it is no
        // moment to offer carrying on: no button, and the text says /resume lifts it. A first hold always gets the button.
        if (concern == Safety.Concern.ABUSE && !holdStood) {
            return BotReply.withButtons(chat, words, List.of(new Button(Wording.LIFT_HOLD, LIFT_HOLD_ASK)));
        }
        return BotReply.say(chat, words);
    }

    /** Whether a flow runs (paused or not) in a group of this person's: the one this turn is in, or any, from a private chat. */
    private boolean jointFlowOf(Turn t, UserId who) {
        if (!t.inPrivate()) {
            return t.session().run().isPresent();
        }
        return others.groupsOf(who).stream().anyMatch(s -> s.run().isPresent());
    }

    /**
     * Violence or threats toward the partner, written where the partner reads them: the partner holds the hold too (so
     * the writer's /resume alone does not lift it), and hears privately where help is and how they lift it.
     */
    private void holdForThePartner(Turn t, Person partner) {
        t.session().care().hold(partner.id());
        // The pause is theirs, not the writer's: once every hold is lifted, it carries on when they say so.
        t.session().run().ifPresent(r -> r.handPauseTo(partner.id()));
        if (others.hasPrivateChat(partner.id())) {
            t.post(BotReply.withButtons(ChatId.privateOf(partner.id()), safety.helpForThePartner(),
                    List.of(new Button(Wording.LIFT_HOLD, LIFT_HOLD_ASK))));
        }
    }

    /** What a flag does in one of the person's groups: a pause for crisis, a hold for abuse or fear, or harm. */
    void respondInGroup(Turn t, UserId who, Safety.Concern concern) {
        if (concern.holds()) {
            holdForSafety(t, who);
        } else {
            pauseForSafety(t, who);
        }
    }

    /**
     * The group's side of a crisis flag: the fact is remembered, a running flow pauses with a
     * neutral message, and the pause belongs to the person who wrote the words.
     */
    private void pauseForSafety(Turn t, UserId who) {
        t.session().care().flagged(t.now());
        if (pauseFor(t, who, Safety.Concern.CRISIS)) {
            t.say(Wording.SAFETY_PAUSE);
        }
    }

    /**
     * The group's side of an abuse flag: the couple's flows, follow-ups and scheduled prompts wait
     * until the person who raised it lifts the hold privately. The group is told nothing of why.
     */
    private void holdForSafety(Turn t, UserId who) {
        Session session = t.session();
        session.care().flagged(t.now());
        session.care().hold(who);
        session.dropFollowUps();
        session.clearPendingReplace();
        if (pauseFor(t, who, Safety.Concern.ABUSE)) {
            t.say(Wording.SAFETY_HOLD);
        }
    }

    /**
     * A running flow pauses with no end time, owned by {@code who}; true when it paused now. One
     * already paused becomes theirs after crisis words, so that nobody else can end it early; a hold
     * leaves it whose it was (perhaps the partner's, after their own crisis words), since the hold
     * itself keeps everyone but its raiser from moving anything, and lifting it ends only the
     * raiser's own pause.
     */
    private boolean pauseFor(Turn t, UserId who, Safety.Concern concern) {
        Optional<FlowRun> run = t.session().run();
        if (run.isPresent() && !run.get().isPaused()) {
            stepping.pause(t, Optional.empty(), Optional.of(who));
            return true;
        }
        if (concern == Safety.Concern.CRISIS) {
            run.ifPresent(r -> r.handPauseTo(who));
        }
        return false;
    }

    /**
     * The person lifts the hold they raised here (asked privately): when no hold is left, a flow on
     * a pause of theirs (or of nobody's) carries on by asking its question again.
     */
    void liftHoldFor(Turn t, UserId who) {
        Care care = t.session().care();
        if (!care.heldBy(who) || !care.lift(who)) {
            return;
        }
        Optional<FlowRun> run = t.session().run();
        boolean theirs = run.flatMap(FlowRun::pause).flatMap(PauseState::owner).map(who::equals).orElse(true);
        if (run.isPresent() && run.get().isPaused() && theirs) {
            stepping.endPause(t, t.flowOf(run.get()), run.get());
        }
        // A pause that is someone else's (the partner's own, or after their crisis words) goes on until they end it.
    }

    /**
     * While the couple is on hold, nothing joint moves, whoever asks: a resume, a "Ready", a flow
     * start, an answer or a tap that would move the flow gets the same neutral words. What stays
     * open: /stop, /forget, /therapy, /help and the like. In a private chat, only the person who
     * raised the hold may lift it. True when the event was answered here.
     */
    boolean heldHere(Turn t, Person from, ChatEvent.Payload payload) {
        if (t.inPrivate()) {
            return privateHoldRequest(t, from, payload);
        }
        Session session = t.session();
        if (!session.care().onHold()) {
            return false;
        }
        boolean moves;
        if (payload instanceof ChatEvent.Command c) {
            moves = MOVING.contains(c.name()) || !commands.has(c.name()) && t.flows().byCommand(c.name()).isPresent();
        } else if (payload instanceof ChatEvent.Tap tap) {
            moves = ButtonData.parse(tap.data()).map(b -> b.kind() != ButtonData.Kind.FORGET && b.kind() != ButtonData.Kind.ZONE
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
            t.notice(Wording.ON_HOLD);
        } else {
            t.say(Wording.ON_HOLD);
        }
        return true;
    }

    /** /resume and the hold's buttons in a private chat, for whoever has a hold in a group. */
    private boolean privateHoldRequest(Turn t, Person from, ChatEvent.Payload payload) {
        boolean resume = payload instanceof ChatEvent.Command c && c.name().equals("resume");
        String tap = payload instanceof ChatEvent.Tap tp && ButtonData.parse(tp.data()).filter(b -> b.kind() == ButtonData.Kind.HOLD)
                .isPresent() ? tp.data() : null;
        if (!resume && tap == null) {
            return false;
        }
        if (!others.holdsAHold(from.id())) {
            if (tap != null) {
                t.notice(Wording.HOLD_ALREADY_LIFTED);
                return true;
            }
            if (others.isOnHold(from.id())) {
                t.answer(Wording.ON_HOLD);
                return true;
            }
            return false;
        }
        if (LIFT_HOLD_ASK.equals(tap)) {
            t.post(BotReply.withButtons(t.eventChat(), Wording.LIFT_HOLD_QUESTION, List.of(new Button(Wording.LIFT_HOLD_YES, LIFT_HOLD_YES),
                    new Button(Wording.LIFT_HOLD_NO, LIFT_HOLD_NO))));
        } else if (LIFT_HOLD_NO.equals(tap)) {
            t.answer(Wording.HOLD_KEPT);
        } else {
            // Read before lifting: whether a conversation of theirs waits in a group they hold, and whether a hold
            // their partner raised stays (then nothing carries on, and the answer must not say it does, nor why).
            List<Session> held = others.groupsOf(from.id()).stream().filter(g -> g.care().heldBy(from.id())).toList();
            boolean anotherStays = held.stream().anyMatch(g -> g.care().heldByAnyoneBut(from.id()));
            boolean flowWaits = held.stream().anyMatch(g -> g.run().isPresent());
            t.liftHold();
            t.answer(anotherStays ? Wording.ownHoldLifted() : Wording.holdLifted(flowWaits));
        }
        return true;
    }
}
