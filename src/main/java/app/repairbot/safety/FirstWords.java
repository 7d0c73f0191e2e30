package app.repairbot.safety;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The words a text must hold for a pattern of the phrase lists to match in it: the word (or the
 * start of a word) that every match begins with, read from the pattern itself. {@code
 * \\b(saved|stockpil\\w*) (pills|tablets)} begins with "saved" or a word starting "stockpil". A text
 * with none of them is not searched at all, which is what keeps some 550 patterns cheap.
 *
 * <p>The reading is deliberately cautious: where a match could begin with something other than a
 * plain word after {@code \\b} (a character class, {@code .}, {@code \\s}, an optional group), there is
 * no guard and the pattern always runs. A guard may let through a text the pattern then does not
 * match; it never stops one it would.
 */
final class FirstWords {
    /** Words a match may begin with, and starts of words it may begin with. */
    record Guard(Set<String> words, List<String> prefixes) {
    }

    private final String regex;
    private int at;

    private FirstWords(String regex) {
        this.regex = regex.toLowerCase(Locale.ROOT);
    }

    /** The guard of a pattern, or empty when a match may begin otherwise than with a plain word. */
    static Optional<Guard> of(String regex) {
        Set<String> words = new HashSet<>();
        List<String> prefixes = new ArrayList<>();
        List<String> endings = new ArrayList<>();
        FirstWords reader = new FirstWords(regex);
        if (!reader.alternatives(words, prefixes, endings, false) || reader.at != reader.regex.length()) {
            return Optional.empty();
        }
        prefixes.addAll(endings);
        return Optional.of(new Guard(Set.copyOf(words), List.copyOf(prefixes)));
    }

    /** Reads {@code A|B|…} up to the end or to the ')' that closes it; false when one alternative has no guard. */
    private boolean alternatives(Set<String> words, List<String> prefixes, List<String> endings, boolean boundary) {
        boolean guarded = true;
        while (true) {
            guarded &= sequence(words, prefixes, endings, boundary);
            skipToAlternativeEnd();
            if (at < regex.length() && regex.charAt(at) == '|') {
                at++;
                continue;
            }
            return guarded;
        }
    }

    /**
     * The start of one alternative: zero-width parts, then a word or a group. A word that ends the
     * alternative goes to {@code endings}: whether it is a whole word depends on what follows the group.
     */
    private boolean sequence(Set<String> words, List<String> prefixes, List<String> endings, boolean boundary) {
        while (true) {
            if (regex.startsWith("\\b", at)) {
                at += 2;
                boundary = true;
            } else if (regex.startsWith("(?<!", at) || regex.startsWith("(?<=", at) || regex.startsWith("(?!", at)
                    || regex.startsWith("(?=", at)) {
                at = groupEnd(at);
            } else {
                break;
            }
        }
        if (at >= regex.length()) {
            return false;
        }
        char c = regex.charAt(at);
        if (c == '(') {
            int open = at;
            at += regex.startsWith("(?:", at) ? 3 : 1;
            List<String> inner = new ArrayList<>();
            boolean guarded = alternatives(words, prefixes, inner, boundary);
            at = groupEnd(open);
            if (wordEndsHere()) {
                words.addAll(inner);
            } else if (at < regex.length() && (regex.charAt(at) == '|' || regex.charAt(at) == ')')) {
                endings.addAll(inner);
            } else {
                prefixes.addAll(inner);
            }
            return guarded && !quantifiedOptional();
        }
        if (!boundary || !isWordChar(c)) {
            return false;
        }
        int start = at;
        while (at < regex.length() && isWordChar(regex.charAt(at))) {
            at++;
        }
        String run = regex.substring(start, at);
        if (at < regex.length() && "?*{".indexOf(regex.charAt(at)) >= 0) {
            // "pills?" or "x{0,2}": the last letter may be missing, the rest is a start of a word.
            run = run.substring(0, run.length() - 1);
            if (run.isEmpty()) {
                return false;
            }
            prefixes.add(run);
        } else if (wordEndsHere()) {
            words.add(run);
        } else if (at == regex.length() || regex.charAt(at) == '|' || regex.charAt(at) == ')') {
            endings.add(run);
        } else {
            prefixes.add(run);
        }
        return true;
    }

    /**
     * What follows cannot be a letter or digit: a word boundary, or a space or any white space that
     * is not optional ("sewer ?slide" is also "sewerslide").
     */
    private boolean wordEndsHere() {
        if (regex.startsWith("\\b", at)) {
            return true;
        }
        int after = regex.startsWith(" ", at) ? at + 1 : regex.startsWith("\\s", at) ? at + 2 : -1;
        return after > 0 && (after == regex.length() || "?*{".indexOf(regex.charAt(after)) < 0);
    }

    /** After a group: a '?', '*' or '{0,…}' makes it optional, so a match may begin after it. */
    private boolean quantifiedOptional() {
        return at < regex.length() && (regex.charAt(at) == '?' || regex.charAt(at) == '*' || regex.startsWith("{0", at));
    }

    /** Moves past the rest of an alternative, to its '|', its closing ')' or the end. */
    private void skipToAlternativeEnd() {
        at = RegexText.find(regex, at, "|)");
    }

    private int groupEnd(int start) {
        return RegexText.groupEnd(regex, start);
    }

    private static boolean isWordChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    }
}
