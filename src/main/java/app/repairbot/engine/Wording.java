package app.repairbot.engine;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import app.repairbot.flow.Template;
import app.repairbot.session.FlowRun;

/**
 * The bot's own words (flows bring theirs). Kept together so that tone stays warm, plain and
 * consistent, and so that no text blames anyone.
 */
final class Wording {
    static final int QUOTE_LIMIT = 500;

    private Wording() {
    }

    static String names(List<String> names) {
        if (names.size() <= 1) {
            return names.isEmpty() ? "" : names.get(0);
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
    }

    /** A saved answer quoted back: kept whole in storage, shortened when shown. */
    static String quote(String value) {
        if (value == null) {
            return "";
        }
        return value.length() <= QUOTE_LIMIT ? value : value.substring(0, QUOTE_LIMIT - 1).stripTrailing() + "…";
    }

    /** {@code template} filled in with {@code run}'s names and answers; an answer is quoted as its author wrote it. */
    static String render(FlowRun run, Template template) {
        return template.render(n -> {
            String v = run.value(n);
            return n.equals("starter") || n.equals("partner") ? v : quote(v);
        });
    }

    static String turn(String awaited, String writer) {
        return "It's " + awaited + "'s turn just now, " + writer + ". I'll let you know when it's yours.";
    }

    static String alreadyAnswered(String writer, String awaited) {
        return "Thank you, " + writer + ". Now we're waiting for " + awaited + ".";
    }

    /** Someone who answered a question for both writes again before the other has: the first answer stands. */
    static String answeredBefore(String writer, String awaited) {
        return "You've answered this one already, " + writer + ", and I've kept your first answer. Now we're waiting for "
                + awaited + ".";
    }

    static String nonText(String name) {
        return "I can only read text here, " + name + ". Could you type your answer?";
    }

    static String empty(String name) {
        return "I didn't catch any words there, " + name + ". Take your time, and type your answer when you're ready.";
    }

    /** A {@code min_length} answer that came out short: asked again, kindly, and never with a count. */
    static String tooShort(String name) {
        return "Could you say a little more, " + name + "? Even a sentence or two helps this land.";
    }

    static String pickAButton(String name) {
        return "Please choose one of the buttons, " + name + ".";
    }

    static final String MOVED_ON = "That question has moved on.";
    /** A button of the question tapped during a pause (of any kind: it names nobody): it waits, nothing is lost. */
    static final String TAP_WHILE_PAUSED = "We're on a pause just now, so I haven't taken that. I'll ask again when we carry on.";

    static final String FOLLOW_UPS = "Coming back to you:";

    /** After a pause, to the person whose answer the coach was holding when it began. */
    static String heldThroughPause(String name) {
        return name + ", your answer from before the pause is still here. Would you like to use your words as they are, "
                + "or put them another way?";
    }

    /** A running conversation was replaced by another: said to both, naming the other partner. */
    static String replaced(String who, String ended, String started, String other) {
        if (ended.equals(started)) {
            return who + " started " + started + " again from the beginning (" + other + ", just so you know).";
        }
        return who + " chose to start " + started + " instead, so " + ended + " ends here (" + other
                + ", just so you know). /repair can bring it back another time.";
    }

    /** The other partner tapped "Replace" on what {@code asker} asked for: both chose it, and it says so. */
    static String replacedAgreed(String asker, String agreed, String ended, String started) {
        if (ended.equals(started)) {
            return asker + " asked to start " + started + " again from the beginning, and " + agreed + " agreed.";
        }
        return asker + " asked to start " + started + " instead, and " + agreed + " agreed, so " + ended
                + " ends here. /repair can bring it back another time.";
    }
    static final String FOLLOW_UP_GONE = "That one isn't scheduled any more.";
    private static final java.time.format.DateTimeFormatter FOLLOW_UP_WHEN =
            java.time.format.DateTimeFormatter.ofPattern("EEEE d MMMM 'at' HH:mm", java.util.Locale.ENGLISH);

    /** "How the small steps went, following up Name the impact: Saturday 5 December at 19:00 (Europe/London)". */
    static String followUpLine(String title, String after, java.time.ZonedDateTime when) {
        return title + ", following up " + after + ": " + FOLLOW_UP_WHEN.format(when) + " (" + when.getZone().getId() + ")";
    }

    /** The cancel button of one follow-up: which one, when two are pending (at most 64 bytes). */
    static String cancelFollowUp(String title, String after) {
        for (String label : List.of("Cancel: " + title + " (" + after + ")", "Cancel the one after " + after, "Cancel " + title)) {
            if (label.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= 60) {
                return label;
            }
        }
        return "Cancel this one";
    }

    static String followUpCancelled(String who, String title, String after, java.util.Optional<String> other) {
        return who + " cancelled " + title + " (following up " + after + "); it won't come"
                + other.map(o -> " (" + o + ", just so you know)").orElse("") + ". You can always start something yourselves with /repair.";
    }

    /** Someone asked by hand for a flow that only makes sense after another one. */
    static String onlyAsFollowUp(String title) {
        return title + " comes back on its own a few days after the conversation it follows up, so it can bring back "
                + "what you said then. /repair shows what you can start now.";
    }

    static String notYourButton(String awaited) {
        return "That one is for " + awaited + " to answer.";
    }

    static String sealedPrompt(String names) {
        return names + ", this one is private. I've asked you each in your private chat with me, and I'll share "
                + "both answers here together once you've both replied.";
    }

    static String sealedInGroup(String name) {
        return name + ", please answer this one in your private chat with me, so that neither of you sees "
                + "the other's answer first.";
    }

    /** {@code coach: private}: an answer typed in the group is not taken; the words are found privately first. */
    static String privateInGroup(String name) {
        return name + ", I've asked you this one in your private chat with me: please write it there, so you can "
                + "find your words first. I'll share them here.";
    }

    /** Privately, to the first of two to answer a sealed or {@code coach: private} {@code both} ask. */
    static String sealedThanks(String other) {
        return "Thank you. I'll share both answers in the group together once " + other + " has answered.";
    }

    /** Privately, to the second of two: both answers are in the group now. */
    static String bothShared(String other) {
        return "Thank you. " + other + " has answered too, so I've shared both answers in the group.";
    }

    /** Privately, once a {@code coach: private} answer is posted in the group. */
    static String wordsShared(String partner) {
        return "Thank you. I've shared your words with " + partner + " in the group.";
    }

    /** Privately, once a sealed answer of one person is posted in the group. */
    static final String ANSWER_SHARED = "Thank you. I've shared your answer in the group.";

    static final String SEALED_REVEAL = "You've both answered. Here is what you each said:";
    static final String PRIVATE_WORDS_BOTH = "You've both found your words. Here they are:";

    /**
     * {@code coach: private}: where the question went, said in the group without any draft. {@code both}: it waits
     * for each of them; {@code either}: asked of each, and the first answer is the one shared.
     */
    static String askedPrivately(String names, boolean both, boolean either) {
        if (either) {
            return names + ", I've asked you each in your private chat with me, so there's room to find the words first. "
                    + "Whoever answers first, I'll share their words here.";
        }
        return both ? names + ", I've asked you each in your private chat with me, so you can find your words first. "
                + "I'll share them here once you've both answered."
                : "I've asked " + names + " in a private chat with me, so there's room to find the words first. I'll share them here.";
    }

    /** {@code coach: private} once more in the same conversation, for people who know by now how it goes: shorter. */
    static String askedPrivatelyAgain(String names, boolean both, boolean either) {
        if (either) {
            return names + ", I've asked you each privately again. Whoever answers first, I'll share their words here.";
        }
        return both ? names + ", I've asked you each privately again. I'll share your answers here once you've both answered."
                : "I've asked " + names + " privately again. I'll share the words here.";
    }

    /** Privately, to the other one asked a {@code coach: private} question for either of them, once the first has answered. */
    static String answeredFirst(String name) {
        return name + " answered this question first, so " + name + "'s words are in the group now and the conversation "
                + "has moved on there. Nothing you wrote here about it has been shared.";
    }

    /** {@code coach: private}: the accepted answer, as its author's words. */
    static String privateWords(String name, String answer) {
        return name + "'s words:\n\n" + answer;
    }

    static String sealedRevealOne(String name, String answer) {
        return name + " answered privately:\n\n" + answer;
    }

    static final String USE_MY_WORDS = "Use my words";
    static final String REPHRASE = "Let me rephrase";

    /** The findings, and a suggestion whose [brackets] show the missing parts (so no separate tips here). */
    static String coach(String name, PhrasingCoach.Review review) {
        StringBuilder b = new StringBuilder("Before this goes on, a gentle thought, " + name + ":");
        for (PhrasingCoach.Finding f : review.findings()) {
            b.append("\n• \"").append(f.quote()).append("\": ").append(f.why());
        }
        review.suggestion().ifPresent(s -> b.append("\nPerhaps something like: \"").append(s).append('"'));
        b.append("\nWould you like to keep your words, or rephrase?");
        return b.toString();
    }

    static final String NOT_COACHED = "I can only coach English for now, so I've kept your words just as they are.";

    static String tips(List<String> tips) {
        StringBuilder b = new StringBuilder("That reads kindly. If you'd like to make it even easier to hear:");
        tips.forEach(t -> b.append("\n• ").append(t));
        return b.toString();
    }

    static final String SHARE = "Share with the group";
    static final String KEEP_PRIVATE = "Keep it private";
    static final String SHARE_PREVIEW = "Here is how it would read in your group. Nothing is posted unless you tap \""
            + SHARE + "\".";
    static final String SHARE_NEEDS_A_TAP = "Nothing from here reaches your group unless you tap \"" + SHARE
            + "\" or \"" + KEEP_PRIVATE + "\" above.";
    static final String SHARED = "Shared in your group.";
    static final String KEPT_PRIVATE = "Kept private: nothing was shared.";
    static final String NO_GROUP_TO_SHARE_WITH = "That group isn't set up with me any more, so nothing was shared.";

    static String shareWith(String partner) {
        return "Share with " + partner;
    }

    static String shared(String name, String text) {
        return name + " prepared this privately and wanted to share it:\n\n" + text;
    }

    /** A pause's length as a person says it: "20 minutes", "90 minutes", "5 hours" (whole hours from two on). */
    static String inWords(int minutes) {
        if (minutes >= 120 && minutes % 60 == 0) {
            return minutes / 60 + " hours";
        }
        return minutes + (minutes == 1 ? " minute" : " minutes");
    }

    static String pauseStarted(int minutes, boolean couple) {
        return "Let's take a breather. Nothing is lost; we'll pick up right here. I'll check back in "
                + inWords(minutes) + (couple ? " (/resume any time you're both ready sooner)."
                : " (/resume any time you're ready sooner).");
    }

    /** After crisis words: the same neutral words as a hold, so the group cannot tell one from the other. */
    static final String SAFETY_PAUSE = "Let's pause here for now. Nothing is lost.";
    static final String PAUSED_FOR_NOW = "I've paused this for now.";
    /** In the private help after crisis words, only when the couple had an exercise running: it is paused, and why is not said. */
    static final String SAFETY_PAUSED_PRIVATELY = "I've paused what you and your partner were doing with me, and I said nothing in your group about why.";
    /** A safety hold: neutral in the group, and it invites nobody there to resume. */
    static final String SAFETY_HOLD = "Let's pause here for now. Nothing is lost.";
    static final String ON_HOLD = "This is on hold for now.";
    static final String TOO_LONG = "That's more than I can take in one message, so I haven't kept it. "
            + "Could you send the heart of it in a shorter one?";
    static final String CATCHING_UP = "I'm still sending my earlier messages. Give me a moment before the next command.";
    /** The person lifted their hold privately; {@code flowWaits}: a conversation in their group carries on now. */
    static String holdLifted(boolean flowWaits) {
        return "Thank you for letting me know. " + (flowWaits ? "Your conversation in your group can carry on now."
                : "Your group is no longer on hold.") + STILL_HERE_AFTER_A_HOLD;
    }

    /**
     * The person lifted their hold while one their partner raised stays: true, and it claims nothing about the
     * group carrying on (it doesn't), nor says why.
     */
    static String ownHoldLifted() {
        return "Thank you for letting me know. Your hold is lifted." + STILL_HERE_AFTER_A_HOLD;
    }

    private static final String STILL_HERE_AFTER_A_HOLD = " If you ever feel unsafe again, just tell me here. "
            + "/therapy here shows support that's just for you.";
    /** The hold's button tapped once the person's hold has gone (lifted by /resume, say): nothing left to lift. */
    static final String HOLD_ALREADY_LIFTED = "Your hold is already lifted.";
    static final String LIFT_HOLD_QUESTION = "Carry on with the exercises in your group? Only if you feel safe to.";
    static final String LIFT_HOLD = "I feel safe to carry on";
    static final String LIFT_HOLD_YES = "Yes, carry on";
    static final String LIFT_HOLD_NO = "Not yet";
    static final String HOLD_KEPT = "Okay. Everything stays on hold. /resume here whenever you feel ready, or never: that's fine too.";

    /** The other partner asked to end a pause that is not theirs: the one who paused decides. */
    static String resumeAsked(String asker, String owner) {
        return asker + " would like to carry on. " + owner + ", tap Ready when you are (or /resume).";
    }

    /** The other partner asks to start a flow during someone's own pause: the pause stands, and who ends it is said. */
    static String pausedBy(String owner) {
        return owner + " asked for a pause, so let's not start something new on top of it. It carries on when " + owner
                + " is ready.";
    }

    static String notYourPause(String owner) {
        return "This pause is " + owner + "'s. I'll carry on when " + owner + " is ready.";
    }

    static String therapyHint(String referral) {
        return "You've needed a few pauses lately, and that's okay: it means you're both trying. If it keeps happening, "
                + "talking with a couples therapist together could help.\n\n" + referral;
    }

    /** The same moment for a couple that has been on a safety hold: never couples therapy, support on their own. */
    static String supportHint(String support) {
        return "You've needed a few pauses lately, and that's okay.\n\n" + support;
    }

    static final String PAUSE_USAGE = "To pause, send /pause for 20 minutes, or choose the minutes, up to a day: /pause 30 is half an hour.";
    static final String ALREADY_PAUSED = "We're already on a pause. /resume when you're ready.";
    static final String WHILE_PAUSED = "We're on a pause just now, so I haven't taken that as an answer. "
            + "Take your time; /resume when you're ready, and I'll ask again.";
    /** The same, written in a private chat (a sealed answer), where /resume does not carry the group on: it says where. */
    static final String WHILE_PAUSED_PRIVATELY = "We're on a pause just now, so I haven't taken that as an answer. "
            + "Take your time; /resume in the group when you're ready, and I'll ask again.";

    /** /practice, or a practice's start, from someone whose safety hold still stands. */
    static final String PRACTICE_DURING_YOUR_HOLD = "While things with your partner are on hold, I won't suggest practising "
            + "what to say to them: your safety comes first. /therapy shows support that's just for you, and the help lines "
            + "I sent are there whenever you need them.";
    /** A share step while the group is on hold (or a share tapped for a group that has gone on hold since). */
    static final String NOT_SHARED_ON_HOLD = "Your group is on hold for now, so this isn't posted there. It stays here, just for you.";

    /** Someone writes during the pause after their partner's safety words: it names nobody, and asks nothing of anyone. */
    static final String WHILE_PAUSED_FOR_NOW = "We're on a pause just now, so I haven't taken that as an answer. "
            + "There's no rush: it carries on when you're both ready.";

    /** The person who raised a safety hold writes an answer while it stands: no command, and no hurry. */
    static final String WHILE_YOUR_HOLD = "Everything with your partner is on hold for now, so I haven't taken that as an answer. "
            + "There's no rush: nothing moves until you tell me you feel safe to carry on.";

    /** Someone writes during the partner's pause, which only the partner can end early. */
    static String whileOthersPause(String owner) {
        return "We're on a pause just now, and it's " + owner + "'s, so I haven't taken that as an answer. "
                + "When " + owner + " is ready to carry on, I'll ask again.";
    }
    static final String READY_PROMPT = "Ready to continue?";
    static final String READY = "Ready";

    static String readyOne(String name, String others) {
        return "Thank you, " + name + ". Waiting for " + others + " to be ready too.";
    }

    static final String WELCOME_BACK = "Welcome back. Let's pick up where we were.";
    static final String NO_PAUSE = "There's no pause to end right now.";

    static String stopped(boolean couple) {
        return couple ? "Okay, we'll stop here. Thank you both for what you shared. /repair whenever you'd like to come back to it."
                : "Okay, we'll stop here. Thank you for what you shared. /practice whenever you'd like to come back to it.";
    }

    static final String STOPPED_ON_HOLD = "Okay, we'll stop here. Thank you both.";
    static final String NOTHING_RUNNING = "No conversation is running just now. /repair shows what we can do.";

    /** The same, without the invitation while the couple is on hold (a new conversation would be held too). */
    static String nothingRunning(boolean onHold) {
        return onHold ? "No conversation is running just now." : NOTHING_RUNNING;
    }
    static final String NOTHING_RUNNING_PRIVATELY = "No conversation is running just now. /practice shows what we can practise.";

    // ---- /status (see StatusReport): plain words, never a step's id ----

    /** Ends a sentence with a full stop, unless it ends in its own punctuation (inside a closing quote or not). */
    static String sentence(String text) {
        String t = text.stripTrailing();
        String bare = t.replaceAll("[\"\u201D'\u2019)]+$", "");
        return bare.matches("(?s).*[.?!\u2026]$") ? t : t + ".";
    }

    static String statusIn(String title) {
        return sentence("You're in \"" + title + "\"");
    }

    static String statusInYourGroup(String partner, String title) {
        return sentence("In your group with " + partner + ", you're in \"" + title + "\"");
    }

    static String statusPractising(String title) {
        return sentence("You're practising \"" + title + "\"");
    }

    static final String BOTH_OF_YOU = "both of you";
    static final String STATUS_YOU_ANSWERED = "You've answered.";
    static final String STATUS_YOU_CHOOSE_WORDS = "You're choosing whether to keep your words or rephrase.";
    static final String STATUS_SHARE = "Waiting for you to choose whether to share it.";
    static final String STATUS_SHARE_AFTER_PAUSE = "When you carry on, you choose whether to share it.";

    static String statusAnswered(String name) {
        return name + " has answered.";
    }

    static String statusChoosingWords(String name) {
        return name + " is choosing whether to keep their words or rephrase.";
    }

    /**
     * Whose turn it is, and what about: {@code topic} is "about …" (an ask's label), a question in
     * quotes, or empty.
     */
    static String statusTurn(String who, boolean privately, String topic, boolean paused) {
        String answer = "to answer" + (privately ? " privately" : "") + (topic.isEmpty() ? ""
                : topic.startsWith("\"") ? (privately ? ": " : " ") + topic : " " + topic);
        return sentence((paused ? "When you carry on, it's over to " + who + " " : "Waiting for " + who + " ") + answer);
    }

    static String statusReadyAsked(boolean couple, boolean fromPrivateChat) {
        return !couple ? "The pause is over: tap Ready when you're ready to carry on."
                : fromPrivateChat ? "The pause is over: tap Ready in the group when you're ready to carry on."
                : "The pause is over: tap Ready when you're both ready to carry on.";
    }

    static String statusWaitingForReady(String who, boolean fromPrivateChat) {
        return "The pause is over: waiting for " + who + " to tap Ready" + (fromPrivateChat ? " in the group." : ".");
    }

    static final String STATUS_PAUSED_FOR_NOW = "Paused for now. /resume carries on when you're ready.";

    static String statusPausedUntilYouAreReady(boolean fromPrivateChat) {
        return "Paused for now. It carries on whenever you're ready: /resume" + (fromPrivateChat ? " in the group." : ".");
    }

    static final String STATUS_PAUSED_NO_RUSH = "Paused for now. There's no rush: it carries on when you're both ready.";

    /** Privately, /resume from the person whose safety words paused their group: only there, and only if they want to. */
    static final String RESUME_IN_THE_GROUP = "Your conversation in your group is paused, for as long as you need. Only if and "
            + "when you feel up to it: /resume in the group carries on. It's completely fine to leave it paused.";
    /** Privately, /resume while the group rests on an ordinary pause: it carries on there. */
    static final String RESUME_THERE = "Your conversation in your group is paused. /resume in the group carries on when you're ready.";
    /** Privately, an answer from the person whose safety words paused their group: taken nowhere, and nothing presses. */
    static final String WHILE_YOUR_PAUSE_PRIVATELY = "We're on a pause just now, so I haven't taken that as an answer. "
            + "There's no rush: only if and when you feel up to it, /resume in the group carries on, and I'll ask again.";
    /** Privately, /resume from the partner of the person whose words paused their group: it names nobody. */
    static final String GROUP_PAUSED_NO_RUSH = "Your conversation in your group is paused for now. There's no rush: "
            + "it carries on when you're both ready.";

    /** In the group, when the partner who did not pause after safety words asks to carry on: nobody is named or pressed. */
    static final String LEAVE_IT_PAUSED = "Let's leave this paused for now. There's no rush: it carries on when you're both ready.";

    /** Privately, to the person whose words paused the group, when their partner asked to carry on. */
    static String partnerWouldCarryOn(String partner) {
        return partner + " asked about carrying on in your group. Only if and when you feel up to it: /resume in the group "
                + "carries on. It's completely fine to leave it paused, and you don't need to explain.";
    }

    static String statusPausedAlone(String until) {
        return "Paused until " + until + ". /resume carries on sooner.";
    }

    static String statusPausedTogether(String until) {
        return "Paused until " + until + ", when I'll ask if you're both ready. Either of you can end it sooner with /resume.";
    }

    static String statusYourPause(String until, boolean fromPrivateChat) {
        return "Paused until " + until + ", when I'll ask if you're both ready. It's your pause, so you can end it sooner with /resume"
                + (fromPrivateChat ? " in the group." : ".");
    }

    static String statusTheirPause(String until, String owner) {
        return "Paused until " + until + ", when I'll ask if you're both ready. It's " + owner + "'s pause, so " + owner
                + " can end it sooner with /resume.";
    }

    /** /status in a private chat, for a group of theirs on a safety hold: as neutral as the group's own words. */
    static final String STATUS_GROUP_ON_HOLD = "In your group, things are on hold for now.";
    /** To the person who raised the hold: how to lift it, and that nothing presses them to. */
    static final String STATUS_GROUP_ON_YOUR_HOLD = "In your group, things are on hold for now, for as long as you need. "
            + "When you feel safe to carry on, send /resume here.";
    static final String MENU = "Which conversation would you like to have?";
    static final String PRACTICE_MENU = "What would you like to practise?";

    /** A flow menu: the question, then each flow's title with its one-line description (the buttons carry the titles). */
    static String menu(String question, List<String> lines) {
        return question + "\n\n" + String.join("\n", lines);
    }

    static String menuLine(String title, String description) {
        // "Is it time for more support?" is followed by its description without a colon: no "?:".
        String joint = title.matches(".*[?!.]$") ? " " : ": ";
        return "\u2022 " + title + (description.isBlank() ? "" : joint + sentence(description.strip()));
    }

    /** A tap on a flow menu that a newer menu, or a flow starting, has made stale. */
    static final String OLD_MENU = "That menu is from earlier, so it won't start anything now. /repair brings a fresh one.";
    static final String OLD_PRACTICE_MENU = "That menu is from earlier, so it won't start anything now. /practice brings a fresh one.";
    static final List<String> COMMON_ZONES = List.of("Europe/London", "Europe/Berlin", "America/New_York",
            "America/Chicago", "America/Los_Angeles", "Asia/Kolkata", "Australia/Sydney");
    static final String WHICH_ZONE = "One more thing, for check-ins I post on a schedule: which time zone are you in? "
            + "Tap one, or send /timezone with yours, like /timezone Asia/Tokyo. (Until then I use UTC.)";

    static final String PRACTICE_IS_PRIVATE = "Practising happens in a private chat with me: nothing you draft there "
            + "reaches this group unless you tap \"Share with the group\". Open it, then send /practice.";
    static final String NO_FLOWS = "There are no conversations to start here yet.";

    static String unknownFlow(String id) {
        return "I don't know a conversation called '" + id + "'. Here are the ones I know:";
    }

    /** {@code command}: the flow's own command, if it has one; otherwise the menu is the way to it. */
    static String forTheCouple(String title, java.util.Optional<String> command) {
        return "\"" + title + "\" is for the two of you together: start it in your group chat with "
                + command.map(c -> "/" + c + ".").orElse("/repair, and tap it there.");
    }

    static String forPractice(String title) {
        return "\"" + title + "\" is for practising on your own: send me /practice in a private chat, and tap it there.";
    }

    /** A reminder of a question the flow gives no words for: the question again, with the names it is addressed to in front. */
    /** A question to both asked again when one of them has answered it already: whose it still is, then the question. */
    static String stillYoursToAnswer(String name, String question) {
        return name + ", this one is still yours to answer:\n\n" + question;
    }

    static String remindAgain(String question, List<String> names) {
        for (String name : names) {
            String address = name + ", ";
            if (question.startsWith(address)) {
                return name + ", whenever you're ready: " + question.substring(address.length());
            }
        }
        return "Whenever you're ready: " + question;
    }

    static String replace(String current, String wanted) {
        if (current.equals(wanted)) {
            return "You're in the middle of \"" + current + "\". Start it again from the beginning?";
        }
        return "You're in the middle of \"" + current + "\". Start \"" + wanted + "\" instead?";
    }

    static final String REPLACE = "Replace";
    static final String KEEP_GOING = "Keep going";
    static final String KEEPING = "Okay, let's keep going.";
    /** "Keep going" tapped while the conversation is paused: it stays, and so does the pause. */
    static final String KEEPING_PAUSED = "Okay, we'll keep this conversation. It's still paused for now.";
    static String flowChanged(String title) {
        return "\"" + title + "\" has been changed since you started it, so I can't continue where we were. "
                + "I'm sorry about that. /repair starts it again whenever you're ready.";
    }

    static final String DEFAULT_EXPIRE = "Let's leave it here for now. /repair starts it again whenever you're ready.";
    /** Privately, /resume while the group's conversation runs and is not paused. */
    static final String GROUP_NOT_PAUSED = "Your conversation in your group isn't paused, so there's nothing to resume: "
            + "it's going on there now.";
    static final String GROUP_WELCOME = "Hello! I'm repairbot. I help the two of you through short, structured "
            + "conversations after a hard moment: whose turn it is, what to say, time to pause when things get "
            + "heated, and a small step together at the end.\n\n"
            + "I'm not therapy and not for emergencies. I keep your answers (encrypted) only to run the conversation, "
            + "and /forget deletes them. Chats with bots on Telegram are not end-to-end encrypted.\n\n"
            + "If you'd like to use me here as a couple, each of you please tap \"I'm in\".";
    static final String IM_IN = "I'm in";
    /** "I'm in" tapped again once the couple is made: nothing changes. */
    static final String ALREADY_PAIRED = "You're both set up here already. /repair shows the conversations we can have.";
    /** The same during a safety hold, when /repair would start nothing. */
    static final String ALREADY_PAIRED_ON_HOLD = "You're both set up here already.";
    static final String A_COUPLE_IS_TWO = "This group already has its couple, and a couple is two people. "
            + "You're welcome to add me to a group with your own partner.";

    static String waitingForPartner(String name) {
        return "Thank you, " + name + ". Now your partner taps \"I'm in\" too.";
    }

    /** {@code onHold}: paired again while a safety hold stands, so no promise of conversations that would not start. */
    static String paired(String first, String second, boolean onHold) {
        return "Welcome, " + first + " and " + second + ". You're set up as a couple here."
                + (onHold ? "" : " /repair shows the conversations we can have, and either of you can /pause at any moment.");
    }

    static String welcomeBack(String first, String second) {
        return "Hello again, " + first + " and " + second + ". /repair shows the conversations we can have.";
    }

    static String unknownCommand(String name, Optional<String> meant) {
        String guess = meant.map(m -> " Did you mean /" + m + "?").orElse("");
        return "I don't know /" + name + ", sorry." + guess + (meant.filter("help"::equals).isPresent() ? "" : " /help shows what I can do here.");
    }

    static String helpLine(String command, String what) {
        return "/" + command + " \u2013 " + what;
    }

    /** /help: the commands that apply in this chat, then the flows' own commands. */
    static String help(boolean group, List<String> commands, List<String> flows) {
        StringBuilder b = new StringBuilder(group ? "Here's what I can do in this group:" : "Here's what I can do in our private chat:");
        commands.forEach(c -> b.append('\n').append(c));
        if (!flows.isEmpty()) {
            b.append(group ? "\n\nOr start a conversation straight away:" : "\n\nOr start a practice straight away:");
            flows.forEach(f -> b.append('\n').append(f));
        }
        if (!group) {
            b.append("\n\nConversations for the two of you happen in your group with me: /repair there.");
        }
        return b.toString();
    }

    /** What a short message that nothing waits for says: thanks, sorry, or something else. */
    enum Said {
        THANKS, SORRY, OTHER;

        private static final Pattern THANKING =
                Pattern.compile("(?iu)^\\W*(thanks|thank\\s*(you|u)|thx|ty|cheers|ta)\\b.*");
        private static final Pattern APOLOGISING = Pattern.compile("(?iu).*\\b(sorry|soz|apologi[sz]e)\\b.*");

        static Said of(String text) {
            String t = text.strip();
            if (t.length() > 120) {
                return OTHER;
            }
            // A short thank-you only: "thanks for nothing" or a long message that starts with thanks is not answered "You're welcome".
            if (t.length() <= 60 && THANKING.matcher(t).matches() && !t.toLowerCase(java.util.Locale.ROOT).contains("nothing")) {
                return THANKS;
            }
            return APOLOGISING.matcher(t).matches() ? SORRY : OTHER;
        }
    }

    /**
     * Hello in a private chat where the bot gave help in the last day: gentle, and the help lines
     * first. A thank-you and a sorry are answered as such; {@code other} picks the second wording.
     */
    static String privateHelloAfterHelp(String name, Said said, boolean other) {
        return switch (said) {
            case THANKS -> "You're welcome, " + name + ". I'm glad you wrote. " + LINES_ARE_THERE;
            case SORRY -> "There's nothing to be sorry for, " + name + ". I'm glad you wrote. " + LINES_ARE_THERE;
            case OTHER -> other
                    ? "Still here, " + name + ". Take all the time you need. If talking to someone would help, the help lines I sent "
                    + "are there for that."
                    : "I'm here, " + name + ". " + LINES_ARE_THERE;
        };
    }

    /** After abuse words a third time within the hour, the hold standing: short, in case someone is reading the screen. */
    static final String SAFETY_STILL_HERE_BRIEFLY = "I'm still here, and I believe you. If someone may see this phone, it's okay to "
            + "stop here. The help lines I sent are a little way up, and if you're in danger now, please call your local emergency number.";

    private static final String LINES_ARE_THERE = "The help lines I sent you are there whenever you need them, and a person "
            + "there can listen in a way I can't.";

    /** Hello in a private chat to someone whose hold still stands: no pointer to practising words for the partner. */
    static String privateHelloDuringHold(String name) {
        return "Hi " + name + ". Everything with your partner is on hold for now, and nothing moves until you tell me you feel "
                + "safe to carry on. /therapy shows support that's just for you.";
    }

    /** Hello in a private chat while the person's group has a conversation running: nothing here is taken as an answer there. */
    static String privateHelloWhileGroupRuns(String name) {
        return "Hi " + name + ". Nothing is waiting for you here just now, so I haven't taken that as an answer. "
                + "Your conversation goes on in your group. /practice helps you find the words for something you'd like to say.";
    }

    static String privateHello(String name) {
        return "Hi " + name + ". /practice helps you find the words for something you'd like to say to your partner, and "
                + "/therapy shows where to find more support.";
    }

    static String privateWelcome(String name) {
        return "Hi " + name + ", I'm repairbot. Here you can practise what you'd like to say to your partner, and "
                + "answer the questions your couple's conversations ask privately.\n\n"
                + "I'm not therapy and not for emergencies: if you are in danger, please call your local emergency number. "
                + "I keep your answers and drafts (encrypted) only to run our conversations, and nothing from here reaches "
                + "your group unless you tap \"Share with the group\". Chats with bots on Telegram are not end-to-end "
                + "encrypted. /forget deletes everything I keep about you.\n\n/practice to begin.";
    }

    static final String RECAP = "Here is what you shared:";

    /**
     * Whether the end text's author introduced the recap themselves ("…Here's what you both said." or
     * a last line ending in a colon): then the bot adds no heading of its own.
     */
    static boolean introducesRecap(String endText) {
        String t = endText.strip();
        if (t.endsWith(":")) {
            return true;
        }
        String[] sentences = t.split("(?<=[.!?])\\s+");
        String last = sentences[sentences.length - 1].toLowerCase(java.util.Locale.ROOT).replace('\u2019', '\'');
        return last.matches("(here is|here's|here are|this is|these are) (what|a recap|your|the answers|how).*");
    }

    static final String OPEN_PRIVATE_CHAT = "Open a private chat with me";

    static String openPrivateChat(String name) {
        return name + ", I can't write to you privately yet: Telegram only lets me once you've opened a chat with me. "
                + "Tap the button below and press Start, and I'll send you the question there.";
    }

    /**
     * /forget's question in a private chat. {@code partners}: the first names of the partners the person shares a group
     * with (usually one, or none); {@code keepingTheHold}: they raised a hold, which stays.
     */
    static String forgetMe(List<String> partners, boolean keepingTheHold) {
        String groups = switch (partners.size()) {
            case 0 -> "";
            case 1 -> ", and your group with " + partners.get(0) + ": its pairing, its conversations and answers, and its scheduled check-ins";
            default -> ", and your " + partners.size() + " groups with a partner: their pairings, conversations and answers, and "
                    + "scheduled check-ins";
        };
        return "This deletes everything I keep about you: what you wrote to me here" + groups + ". It can't be undone."
                + (keepingTheHold ? "\n\nOne thing stays, to keep you safe: anything with your partner stays on hold until you lift it here "
                + "with /resume. For that I keep only which Telegram account may lift it, none of your words.\n\n" : " ")
                + "Delete everything?";
    }
    static final String FORGET_US = "This deletes this couple's data here: the pairing, any scheduled check-ins, and any "
            + "conversation in progress with its answers. It can't be undone. Both of you need to tap \"Delete our data\".";
    static final String DELETE_EVERYTHING = "Delete everything";
    static final String DELETE_OURS = "Delete our data";
    static final String KEEP_IT = "Keep it";
    static final String KEPT = "Okay, nothing was deleted.";

    static String forgetWaiting(String name, String other) {
        return "Thank you, " + name + ". I'll delete it once " + other + " taps \"Delete our data\" too.";
    }

    static String forgotPerson(int groups, boolean holdKept) {
        return "Done. I deleted everything I kept about you: what you wrote to me here"
                + (groups == 0 ? "" : groups == 1 ? ", and the pairing, conversations, answers and schedules of the group you shared"
                : ", and the pairings, conversations, answers and schedules of the " + groups + " groups you shared")
                + (holdKept ? ". Anything with your partner stays on hold until you lift it here with /resume; that is all I keep."
                : ". If you write to me again, I'll start fresh.");
    }

    static String forgotCouple(boolean conversation) {
        return "Done. I deleted this couple's data here: the pairing and any scheduled check-ins" + (conversation
                ? ", and the conversation in progress with its answers" : "")
                + ". Your private chats with me are your own: /forget there deletes them.";
    }
}
