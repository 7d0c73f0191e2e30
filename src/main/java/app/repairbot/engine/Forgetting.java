package app.repairbot.engine;

import java.util.List;

import app.repairbot.chat.BotReply;
import app.repairbot.chat.Button;
import app.repairbot.chat.ChatId;
import app.repairbot.chat.Person;
import app.repairbot.chat.UserId;
import app.repairbot.session.Couple;
import app.repairbot.session.CoupleDirectory;
import app.repairbot.session.Session;

/**
 * /forget: asks first, with a button to confirm. In a private chat, the person's confirmation
 * deletes everything about them, except a safety hold they raised: that stays until they lift it,
 * and the question says so. In a group, both partners must confirm before the couple's data goes.
 * The deleting itself is the engine's, once this turn says what to delete.
 */
final class Forgetting {
    /** What /forget, once confirmed, asks the engine to delete. */
    sealed interface Forget permits ForgetPerson, ForgetCouple {
    }

    /** A person's private chat, and every group they share with a partner. */
    record ForgetPerson(UserId user) implements Forget {
    }

    /** A couple's group, and what every feature keeps about it. */
    record ForgetCouple(ChatId group) implements Forget {
    }

    private final CoupleDirectory couples;
    private final OtherChats others;

    Forgetting(CoupleDirectory couples, OtherChats others) {
        this.couples = couples;
        this.others = others;
    }

    /** /forget: the question, with a button to delete and one to keep; an earlier question's buttons go stale. */
    void ask(Turn t) {
        int seq = t.session().askToForget();
        boolean privately = t.inPrivate();
        UserId who = t.from().id();
        String question = !privately ? Wording.FORGET_US
                : Wording.forgetMe(couples.of(who).stream().map(c -> c.other(who).firstName()).toList(), others.holdsAHold(who));
        t.post(BotReply.withButtons(t.chat(), question,
                List.of(new Button(privately ? Wording.DELETE_EVERYTHING : Wording.DELETE_OURS, ButtonData.forget(seq, true)),
                        new Button(Wording.KEEP_IT, ButtonData.forget(seq, false)))));
    }

    /** A tap on the question's buttons. */
    void tap(Turn t, Person from, ButtonData b) {
        Session session = t.session();
        if (!b.answersForgetQuestionIn(session)) {
            // Only a tap on the question /forget asked here confirms: not one forged on another button's number.
            t.notice(Wording.MOVED_ON);
            return;
        }
        if (b.detail().equals("n")) {
            session.keepEverything();
            t.say(Wording.KEPT);
            return;
        }
        if (t.inPrivate()) {
            t.forget(new ForgetPerson(from.id()));
            return;
        }
        java.util.Set<UserId> votes = session.voteToForget(from.id());
        Couple couple = couples.inGroup(t.chat()).orElseThrow();
        if (votes.contains(couple.first().id()) && votes.contains(couple.second().id())) {
            t.forget(new ForgetCouple(t.chat()));
        } else {
            t.say(Wording.forgetWaiting(from.firstName(), couple.other(from.id()).firstName()));
        }
    }
}
