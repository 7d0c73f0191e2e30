package app.repairbot.engine;

import app.repairbot.chat.Person;
import app.repairbot.session.Care;

/**
 * When the bot suggests couples therapy (after repeated pauses or safety flags lately, at most
 * monthly) and what /therapy says. A couple that has ever been on a safety hold is never pointed
 * to couples therapy: they get individual support and domestic-abuse services instead.
 */
final class Therapy {
    private final Safety safety;
    private final OtherChats others;

    Therapy(Safety safety, OtherChats others) {
        this.safety = safety;
        this.others = others;
    }

    /** Remembers the pause; after repeated pauses (or flags) lately, suggests couples therapy, at most monthly. */
    void tookAPause(Turn t) {
        Care care = t.session().care();
        care.paused(t.now());
        if (care.suggestTherapy(t.now())) {
            t.say(care.everHeld() ? Wording.supportHint(safety.individualSupport()) : Wording.therapyHint(safety.therapyReferral()));
        }
    }

    /**
     * /therapy: the operator's couples-therapy referral, or, for anyone whose couple has been on a
     * safety hold, individual support and domestic-abuse services instead.
     */
    void referral(Turn t, Person from) {
        boolean held = t.inPrivate() ? others.everHeld(from.id()) : t.session().care().everHeld();
        t.say(held ? safety.individualSupport() : safety.therapyReferral());
    }
}
