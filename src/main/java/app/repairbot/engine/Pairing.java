package app.repairbot.engine;

import java.util.List;
import java.util.Optional;

import app.repairbot.chat.BotReply;
import app.repairbot.chat.Button;
import app.repairbot.chat.ChatEvent;
import app.repairbot.chat.Person;
import app.repairbot.session.Couple;
import app.repairbot.session.CoupleDirectory;
import app.repairbot.session.Session;

/**
 * Who may act in a chat, and how a group gets its couple. In a group with no couple yet, the bot
 * introduces itself (when added, or asked for anything), and the first two different people to tap
 * "I'm in" become the couple; then it asks their time zone, when a feature keeps one. In a group
 * with a couple, only its two partners act; in a private chat, the person themself.
 */
final class Pairing {
    private final CoupleDirectory couples;
    private final OtherChats others;
    private final FeatureCommands commands;

    Pairing(CoupleDirectory couples, OtherChats others, FeatureCommands commands) {
        this.couples = couples;
        this.others = others;
        this.commands = commands;
    }

    /**
     * The person the event comes from, when they may act here: in a group, one of its couple
     * (anyone else is ignored); in a private chat, the person themself. Empty when the event was
     * about pairing (answered here) or comes from someone else.
     */
    Optional<Person> participant(Turn t, ChatEvent event) {
        if (t.inPrivate()) {
            return Optional.of(event.from());
        }
        Optional<Couple> couple = couples.inGroup(event.chat());
        if (couple.isEmpty()) {
            pairing(t, event);
            return Optional.empty();
        }
        if (event.payload() instanceof ChatEvent.Tap tap && tap.data().equals(ButtonData.PAIR)) {
            if (couple.get().has(event.from().id()) && !t.session().pairing().isEmpty()) {
                // An earlier attempt at this tap made the couple (outside this document) but lost its save to a
                // concurrent write: finish what it began, rather than saying "already set up" and losing the welcome.
                t.session().clearPairing();
                holdWhereCarried(t.session(), List.of(couple.get().first(), couple.get().second()));
                t.say(Wording.paired(couple.get().first().firstName(), couple.get().second().firstName(), t.session().care().onHold()));
                askTheZone(t);
                return Optional.empty();
            }
            t.notice(!couple.get().has(event.from().id()) ? Wording.A_COUPLE_IS_TWO
                    : t.session().care().onHold() ? Wording.ALREADY_PAIRED_ON_HOLD : Wording.ALREADY_PAIRED);
            return Optional.empty();
        }
        if (event.payload() instanceof ChatEvent.BotAdded) {
            t.say(Wording.welcomeBack(couple.get().first().firstName(), couple.get().second().firstName()));
            return Optional.empty();
        }
        return couple.get().person(event.from().id());
    }

    /** In a group with no couple yet: the welcome, or a tap on "I'm in". */
    private void pairing(Turn t, ChatEvent event) {
        ChatEvent.Payload payload = event.payload();
        Session session = t.session();
        if (payload instanceof ChatEvent.BotAdded || payload instanceof ChatEvent.Command) {
            t.post(BotReply.withButtons(t.chat(), Wording.GROUP_WELCOME, List.of(new Button(Wording.IM_IN, ButtonData.PAIR))));
            return;
        }
        if (!(payload instanceof ChatEvent.Tap tap) || !tap.data().equals(ButtonData.PAIR)) {
            return;
        }
        Person who = event.from();
        if (session.pairing().stream().anyMatch(p -> p.id().equals(who.id()))) {
            t.notice(Wording.waitingForPartner(who.firstName()));
            return;
        }
        if (session.pairing().isEmpty()) {
            session.joinPairing(who);
            t.say(Wording.waitingForPartner(who.firstName()));
            return;
        }
        Person first = session.pairing().get(0);
        couples.pair(new Couple(t.chat(), first, who, null));
        holdWhereCarried(session, List.of(first, who));
        session.clearPairing();
        t.say(Wording.paired(first.firstName(), who.firstName(), session.care().onHold()));
        askTheZone(t);
    }

    /** A hold goes with the person who raised it: a couple made again (after the other partner's /forget, say) is on hold too. */
    private void holdWhereCarried(Session session, List<Person> partners) {
        for (Person p : partners) {
            if (others.carriesAHold(p.id())) {
                session.care().hold(p.id());
            }
        }
    }

    /** Once paired: the couple's time zone, for scheduled prompts, with a few common choices and free text. */
    private void askTheZone(Turn t) {
        if (!commands.has("timezone")) {
            return;
        }
        List<Button> zones = Wording.COMMON_ZONES.stream().map(z -> new Button(z.substring(z.indexOf('/') + 1).replace('_', ' '),
                ButtonData.zone(z))).toList();
        t.post(BotReply.withButtons(t.chat(), Wording.WHICH_ZONE, zones));
    }
}
