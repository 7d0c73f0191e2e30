package app.repairbot.engine;

import java.util.Optional;
import java.util.regex.Pattern;

import app.repairbot.session.Session;

/**
 * What a button the engine posts carries back when tapped, written and read here only. Telegram
 * keeps at most 64 bytes of it. Most kinds carry a number: the session's {@link Session#seq} when
 * the button was sent (such buttons go stale once the conversation moves on), a menu's number, or a
 * follow-up's id; some carry a detail (an option's index, a choice, a time zone).
 *
 * <pre>
 * a:SEQ:OPTION   an ask's option            c:SEQ:u|r   the coach's "Use my words" / "Let me rephrase"
 * r:SEQ          "Ready" after a pause      s:SEQ:GROUP|n  share a private answer with a group, or not
 * x:SEQ, k:SEQ   replace the running flow, or keep going
 * fg:SEQ:y|n     /forget's question         f:MENU:FLOW  a flow menu's entry
 * fu:ID          cancel a follow-up         tz:ZONE     a time zone after pairing
 * hold:ask|yes|no  lifting a safety hold    pair        "I'm in"
 * </pre>
 */
record ButtonData(Kind kind, int number, String detail) {
    private static final Pattern NUMBER = Pattern.compile("\\d{1,9}");

    enum Kind {
        ANSWER("a", true, true), COACH("c", true, true), READY("r", true, false), SHARE("s", true, true),
        REPLACE("x", true, false), KEEP_GOING("k", true, false), FORGET("fg", true, true), MENU("f", false, true),
        FOLLOW_UP("fu", false, false), ZONE("tz", false, true), HOLD("hold", false, true), PAIR("pair", false, false);

        final String prefix;
        /** Whether the number is the session's seq when it was sent: the button goes stale when the conversation moves on. */
        final boolean followsSeq;
        final boolean hasDetail;

        Kind(String prefix, boolean followsSeq, boolean hasDetail) {
            this.prefix = prefix;
            this.followsSeq = followsSeq;
            this.hasDetail = hasDetail;
        }
    }

    static String answer(int seq, int option) {
        return "a:" + seq + ":" + option;
    }

    static String coach(int seq, boolean useMyWords) {
        return "c:" + seq + (useMyWords ? ":u" : ":r");
    }

    static String ready(int seq) {
        return "r:" + seq;
    }

    static String share(int seq, app.repairbot.chat.ChatId group) {
        return "s:" + seq + ":" + group.value();
    }

    static String keepPrivate(int seq) {
        return "s:" + seq + ":n";
    }

    static String replace(int seq) {
        return "x:" + seq;
    }

    static String keepGoing(int seq) {
        return "k:" + seq;
    }

    static String forget(int seq, boolean yes) {
        return "fg:" + seq + (yes ? ":y" : ":n");
    }

    static String menu(int number, app.repairbot.flow.FlowId flow) {
        return "f:" + number + ":" + flow.value();
    }

    static String cancelFollowUp(int id) {
        return "fu:" + id;
    }

    static String zone(String zoneId) {
        return "tz:" + zoneId;
    }

    static String hold(String choice) {
        return "hold:" + choice;
    }

    static final String PAIR = "pair";

    /** The button's data read back, or empty for anything the engine never wrote (a forged or outdated tap). */
    static Optional<ButtonData> parse(String data) {
        if (data == null || data.length() > 64) {
            return Optional.empty();
        }
        if (data.equals(PAIR)) {
            return Optional.of(new ButtonData(Kind.PAIR, 0, ""));
        }
        int colon = data.indexOf(':');
        if (colon < 0) {
            return Optional.empty();
        }
        String prefix = data.substring(0, colon);
        String rest = data.substring(colon + 1);
        for (Kind k : Kind.values()) {
            if (!k.prefix.equals(prefix) || k == Kind.PAIR) {
                continue;
            }
            if (k == Kind.ZONE || k == Kind.HOLD) {
                return rest.isEmpty() ? Optional.empty() : Optional.of(new ButtonData(k, 0, rest));
            }
            int second = rest.indexOf(':');
            String number = second < 0 ? rest : rest.substring(0, second);
            String detail = second < 0 ? "" : rest.substring(second + 1);
            if (!NUMBER.matcher(number).matches() || k.hasDetail == detail.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new ButtonData(k, Integer.parseInt(number), detail));
        }
        return Optional.empty();
    }

    /** Whether this button was sent at {@code session}'s current seq: buttons from before the conversation last moved on do nothing. */
    boolean isCurrentIn(Session session) {
        return kind.followsSeq && number == session.seq();
    }

    /**
     * Whether this button can still do anything in {@code session}: a menu's until a newer menu goes
     * out or a flow starts; a follow-up's cancel while the follow-up waits; "Replace" and "Keep going"
     * while their question is open; the others only until the conversation moves on.
     */
    boolean stillLiveIn(Session session) {
        return switch (kind) {
            case MENU -> session.isOpenMenu(number);
            case FOLLOW_UP -> session.hasFollowUp(number);
            case REPLACE, KEEP_GOING -> isCurrentIn(session) && session.pendingReplace().isPresent();
            default -> isCurrentIn(session);
        };
    }

    /** Whether a tap on this button answers the /forget question open in {@code session} (not one forged on another button's number). */
    boolean answersForgetQuestionIn(Session session) {
        return isCurrentIn(session) && session.asksToForgetAt(number);
    }

    /** Buttons of a private chat that answer where they were tapped, never in a group the person is in. */
    boolean answersWhereTapped() {
        return kind == Kind.FORGET || kind == Kind.HOLD || kind == Kind.FOLLOW_UP || kind == Kind.MENU;
    }

    /** The detail as a small index (an option), or -1. */
    int index() {
        return detail.matches("\\d{1,4}") ? Integer.parseInt(detail) : -1;
    }
}
