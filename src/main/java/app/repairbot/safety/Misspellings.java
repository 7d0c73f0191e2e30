package app.repairbot.safety;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Puts right the slips of a hurried thumb in the words the phrase lists look for: "sttrangled",
 * "slpaped", "arfaid", "choed", "volent". Someone typing in fear or in tears makes them, and a
 * pattern written for "strangled" would otherwise miss the message.
 *
 * <p>Only a word of five letters or more that is not itself one of the lists' words is changed,
 * and only to a list word one slip away: a letter doubled, one left out, or two side by side
 * swapped. A changed letter ("snapped" for "slapped") is not a slip it puts right: too many
 * ordinary words are one letter away from another.
 */
final class Misspellings {
    static final int SHORTEST = 5;
    /** A longer word is never taken for a slip, which keeps a 4,096-letter "word" cheap. */
    static final int LONGEST = 30;
    private static final Pattern WORD = Pattern.compile("[a-z]+");
    private static final Pattern ESCAPE = Pattern.compile("\\\\[a-z]");
    private static final Pattern LITERAL = Pattern.compile("[a-z]{" + SHORTEST + ",}");

    private static final Pattern STEM = Pattern.compile("([a-z]{" + SHORTEST + ",})\\\\w[*+]");

    private final Set<String> known;
    /** Starts of words the patterns take in any form ({@code strangl\\w*}). */
    private final Set<String> stems;
    private final int longestStem;
    /** A known word with one letter left out, to the known word: "choed" to "choked". */
    private final Map<String, String> shortened = new HashMap<>();

    Misspellings(Set<String> known, Set<String> stems) {
        this.known = Set.copyOf(known);
        this.stems = Set.copyOf(stems);
        this.longestStem = stems.stream().mapToInt(String::length).max().orElse(0);
        for (String word : known) {
            for (int i = 0; i < word.length(); i++) {
                String less = word.substring(0, i) + word.substring(i + 1);
                if (less.length() >= SHORTEST && !known.contains(less)) {
                    shortened.putIfAbsent(less, word);
                }
            }
        }
    }

    /** For the words of five letters or more written in these patterns and phrases. */
    static Misspellings of(Iterable<String> sources) {
        Set<String> words = new HashSet<>();
        Set<String> stems = new HashSet<>();
        for (String source : sources) {
            String lower = source.toLowerCase(java.util.Locale.ROOT);
            // "\\bthis" is the word "this", not "bthis".
            Matcher m = LITERAL.matcher(ESCAPE.matcher(lower).replaceAll(" "));
            while (m.find()) {
                words.add(m.group());
            }
            Matcher s = STEM.matcher(lower);
            while (s.find()) {
                stems.add(s.group(1));
            }
        }
        return new Misspellings(words, stems);
    }

    /** The normalised text with every slip it recognises put right; the same string when there is none. */
    String correct(String norm) {
        StringBuilder out = null;
        int last = 0;
        Matcher m = WORD.matcher(norm);
        while (m.find()) {
            String word = m.group();
            if (word.length() < SHORTEST || word.length() > LONGEST || known.contains(word) || hasStem(word, 0)) {
                continue;
            }
            String right = corrected(word);
            if (right != null) {
                if (out == null) {
                    out = new StringBuilder(norm.length() + 8);
                }
                out.append(norm, last, m.start()).append(right);
                last = m.end();
            }
        }
        return out == null ? norm : out.append(norm, last, norm.length()).toString();
    }

    private String corrected(String word) {
        String longer = shortened.get(word);
        if (longer != null) {
            return longer;
        }
        for (int i = 1; i < word.length(); i++) {
            // Only a doubled letter counts as one too many: "argued" is not "argue" with a slip.
            if (word.charAt(i) == word.charAt(i - 1)) {
                String less = word.substring(0, i) + word.substring(i + 1);
                if (known.contains(less) || hasStem(less, i)) {
                    return less;
                }
            }
        }
        char[] c = word.toCharArray();
        for (int i = 0; i + 1 < c.length; i++) {
            if (c[i] != c[i + 1]) {
                swap(c, i);
                String swapped = new String(c);
                swap(c, i);
                if (known.contains(swapped) || hasStem(swapped, i + 2)) {
                    return swapped;
                }
            }
        }
        return null;
    }

    /** Whether the word starts with one of the stems, and that stem takes in its first {@code edited} letters. */
    private boolean hasStem(String word, int edited) {
        for (int end = Math.max(SHORTEST, edited); end <= Math.min(word.length(), longestStem); end++) {
            if (stems.contains(word.substring(0, end))) {
                return true;
            }
        }
        return false;
    }

    private static void swap(char[] c, int i) {
        char t = c[i];
        c[i] = c[i + 1];
        c[i + 1] = t;
    }
}
