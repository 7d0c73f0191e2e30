package app.repairbot.engine;

import java.util.Optional;

/**
 * The safety screen every inbound text passes before a flow sees it, and the words the bot
 * answers with. The engine decides where those words go (only ever the person's private chat)
 * and pauses the couple's flow neutrally; implementations decide what counts and what to say.
 */
public interface Safety {

    /** What a text discloses, if anything. */
    enum Concern {
        /** Suicide or self-harm. */
        CRISIS,
        /** Violence, threats, or fear of the partner. */
        ABUSE,
        /**
         * Violence or threats toward the partner by the person who writes ("I hit her last night", "if you leave I'll
         * make sure you never see the kids"): the couple goes on hold as after abuse, but the writer is answered as
         * someone who may harm, not as someone harmed, and the partner holds the hold too when they read it.
         */
        HARM;

        /** Whether it puts the couple on hold (abuse or fear, and harm by the writer), not only pauses them. */
        public boolean holds() {
            return this != CRISIS;
        }
    }

    Optional<Concern> screen(String text);

    /**
     * The same screen, read more closely: for someone who disclosed something in their private
     * chat within the last hour and goes on writing there ("she's looking through my phone right now").
     * It flags more, at the cost of more false alarms, which there cost only a short answer with
     * the help lines again.
     */
    default Optional<Concern> screenClosely(String text) {
        return screen(text);
    }

    /**
     * The private, warm answer to a concern, with help lines. It may hold {@value #PAUSED}, where
     * the engine says that the couple's exercise is paused, when one was running, or nothing.
     */
    String help(Concern concern);

    /** The place in {@link #help} for the engine's word on a paused exercise (a sentence and a space, or nothing). */
    String PAUSED = "{paused}";

    /**
     * The answer when the same person writes something flagged again soon after the help: shorter,
     * so that it does not read as the same block sent by a machine, and still with the help lines.
     */
    default String helpAgain(Concern concern) {
        return help(concern);
    }

    /**
     * Privately, to the partner of someone whose words in their group threatened them or told of violence toward
     * them: the couple is on hold, where help is, and how they lift it. Nothing of the words.
     */
    String helpForThePartner();

    /** The help for someone who opens the private chat after a flag (which is not remembered): both kinds. */
    String helpLater();

    /** The operator's referral text for couples therapy (/therapy). */
    String therapyReferral();

    /**
     * What /therapy and the automatic hint give a couple once one of them has disclosed abuse or
     * fear of the other: individual support and domestic-abuse services, never couples therapy.
     */
    String individualSupport();
}
