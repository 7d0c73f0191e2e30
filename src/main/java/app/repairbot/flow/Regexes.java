package app.repairbot.flow;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a flow's {@code matches:} regex, which runs over what people write, from taking unbounded
 * time. Java's regex engine backtracks, so two checks: validation refuses the usual shape of
 * catastrophic backtracking (a repeated group that holds an unbounded repeat, like {@code (a+)+}),
 * and every match runs over a text that counts the characters the engine reads and gives up past
 * {@link #BUDGET}, whatever the pattern.
 */
final class Regexes {
    private static final Logger log = LoggerFactory.getLogger(Regexes.class);
    /**
     * Characters the engine may read in one match. A plain pattern reads each character of a
     * 4096-character message a few times (about 10,000 reads); a runaway one reaches this in about
     * 10 ms and stops.
     */
    static final long BUDGET = 1_000_000;

    private Regexes() {
    }

    /** What validation says of a pattern with a repeated group holding an unbounded repeat, if it has one. */
    static Optional<String> nestedRepeat(String regex) {
        Deque<Group> open = new ArrayDeque<>();
        Group current = new Group(0);
        int i = 0;
        while (i < regex.length()) {
            char c = regex.charAt(i);
            switch (c) {
                case '\\' -> {
                    i = afterEscape(regex, i);
                    i = quantifier(regex, i, current);
                }
                case '[' -> {
                    i = afterClass(regex, i);
                    i = quantifier(regex, i, current);
                }
                case '(' -> {
                    open.push(current);
                    current = new Group(i);
                    i++;
                }
                case ')' -> {
                    Group closed = current;
                    current = open.isEmpty() ? new Group(0) : open.pop();
                    int after = quantifier(regex, i + 1, current);
                    Repeat outer = Repeat.of(regex, i + 1);
                    if (closed.unbounded && outer.many()) {
                        return Optional.of("'" + regex.substring(closed.start, i + 1) + "' is repeated by '"
                                + regex.substring(i + 1, after) + "' and holds an unbounded repeat itself");
                    }
                    current.unbounded |= closed.unbounded;
                    i = after;
                }
                default -> i = quantifier(regex, i + 1, current);
            }
        }
        return Optional.empty();
    }

    /** A group being read: where it starts, and whether anything inside repeats without bound. */
    private static final class Group {
        final int start;
        boolean unbounded;

        Group(int start) {
            this.start = start;
        }
    }

    /** A quantifier at a position: how often it lets the thing before it repeat. */
    private record Repeat(int length, boolean unbounded, boolean many) {
        static final Repeat NONE = new Repeat(0, false, false);

        static Repeat of(String regex, int i) {
            if (i >= regex.length()) {
                return NONE;
            }
            char c = regex.charAt(i);
            if (c == '*' || c == '+') {
                return new Repeat(1, true, true);
            }
            if (c == '?') {
                return new Repeat(1, false, false);
            }
            if (c == '{') {
                int close = regex.indexOf('}', i);
                if (close < 0) {
                    return NONE;
                }
                String[] bounds = regex.substring(i + 1, close).split(",", -1);
                boolean unbounded = bounds.length == 2 && bounds[1].isBlank();
                int most = unbounded ? Integer.MAX_VALUE : number(bounds[bounds.length - 1]);
                return new Repeat(close - i + 1, unbounded, most > 1);
            }
            return NONE;
        }

        private static int number(String s) {
            try {
                return Integer.parseInt(s.strip());
            } catch (NumberFormatException e) {
                return Integer.MAX_VALUE;
            }
        }
    }

    /** Past the quantifier at {@code i} (and its lazy or possessive mark), noting an unbounded one in the group. */
    private static int quantifier(String regex, int i, Group group) {
        Repeat r = Repeat.of(regex, i);
        if (r.length() == 0) {
            return i;
        }
        group.unbounded |= r.unbounded();
        int after = i + r.length();
        if (after < regex.length() && (regex.charAt(after) == '?' || regex.charAt(after) == '+')) {
            after++;
        }
        return after;
    }

    /** Past an escape: {@code \Q…\E}, {@code \p{…}}, {@code \x{…}}, {@code \k<…>} or one character. */
    private static int afterEscape(String regex, int i) {
        if (i + 1 >= regex.length()) {
            return regex.length();
        }
        char e = regex.charAt(i + 1);
        if (e == 'Q') {
            int end = regex.indexOf("\\E", i + 2);
            return end < 0 ? regex.length() : end + 2;
        }
        if ("pPxN".indexOf(e) >= 0 && i + 2 < regex.length() && regex.charAt(i + 2) == '{') {
            int end = regex.indexOf('}', i + 2);
            return end < 0 ? regex.length() : end + 1;
        }
        if (e == 'k' && i + 2 < regex.length() && regex.charAt(i + 2) == '<') {
            int end = regex.indexOf('>', i + 2);
            return end < 0 ? regex.length() : end + 1;
        }
        return i + 2;
    }

    /** Past a character class, nested classes ({@code [a-z&&[^b]]}) and escapes included. */
    private static int afterClass(String regex, int i) {
        int depth = 0;
        int j = i;
        while (j < regex.length()) {
            char c = regex.charAt(j);
            if (c == '\\') {
                j = afterEscape(regex, j);
                continue;
            }
            if (c == '[') {
                depth++;
                j++;
                // A ']' first in a class (after an optional '^') is a literal.
                if (j < regex.length() && regex.charAt(j) == '^') {
                    j++;
                }
                if (j < regex.length() && regex.charAt(j) == ']') {
                    j++;
                }
                continue;
            }
            if (c == ']' && --depth == 0) {
                return j + 1;
            }
            j++;
        }
        return regex.length();
    }

    /**
     * Whether the pattern is found in the text, reading at most {@link #BUDGET} characters; past
     * that, no (logged with the flow and step, never the text).
     */
    static boolean find(Pattern pattern, String text, String flow, String step) {
        try {
            return pattern.matcher(new Budgeted(text, BUDGET)).find();
        } catch (OutOfBudget e) {
            log.warn("The matches condition of flow {}, step {} gave up after reading {} characters of a {}-character answer; "
                    + "taken as no match (simplify the regex)", flow, step, BUDGET, text.length());
            return false;
        }
    }

    /** Thrown when a match has read all its budget; no stack trace (it is expected, and handled). */
    static final class OutOfBudget extends RuntimeException {
        OutOfBudget() {
            super("the regex read more than " + BUDGET + " characters", null, false, false);
        }
    }

    /** A text that counts the characters read from it and throws {@link OutOfBudget} past the budget. */
    static final class Budgeted implements CharSequence {
        private final String text;
        private long left;

        Budgeted(String text, long budget) {
            this.text = text;
            this.left = budget;
        }

        /** What is left of the budget. */
        long left() {
            return left;
        }

        @Override
        public char charAt(int index) {
            if (--left < 0) {
                throw new OutOfBudget();
            }
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return text.subSequence(start, end);
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
