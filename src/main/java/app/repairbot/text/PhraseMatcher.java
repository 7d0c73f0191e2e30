package app.repairbot.text;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Finds the phrases of a word list in a text, as whole words, ignoring case and apostrophes
 * ("dont" is "don't", "you’re" is "you're"), in one pass over the text's words: a phrase is a run
 * of words (and of single symbols, such as an emoji or a comma). Where several phrases start at
 * the same word, the longest wins.
 */
public final class PhraseMatcher {
    /** A phrase found: where it stands in the text (char offsets), and which it was. */
    public record Match(int start, int end, String phrase) {
    }

    /** A word (letters, digits, apostrophes) or a single other symbol, normalised, with its place. */
    public record Token(String norm, int start, int end) {
    }

    private final Map<String, List<String[]>> byFirst = new HashMap<>();

    public PhraseMatcher(List<String> phrases) {
        for (String phrase : phrases) {
            List<Token> tokens = tokens(phrase);
            if (tokens.isEmpty()) {
                continue;
            }
            String[] words = tokens.stream().map(Token::norm).toArray(String[]::new);
            byFirst.computeIfAbsent(words[0], w -> new ArrayList<>()).add(words);
        }
        byFirst.values().forEach(l -> l.sort(Comparator.comparingInt((String[] w) -> w.length).reversed()));
    }

    /** Every match, left to right; matches do not overlap. */
    public List<Match> findAll(String text) {
        List<Token> tokens = tokens(text);
        List<Match> found = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            List<String[]> candidates = byFirst.get(tokens.get(i).norm());
            if (candidates == null) {
                continue;
            }
            for (String[] words : candidates) {
                if (matchesAt(tokens, i, words)) {
                    Token last = tokens.get(i + words.length - 1);
                    found.add(new Match(tokens.get(i).start(), last.end(), String.join(" ", words)));
                    i += words.length - 1;
                    break;
                }
            }
        }
        return found;
    }

    /**
     * The last {@code n} words before {@code offset} (fewer at the start), normalised as phrases are:
     * lower case, no apostrophes. Symbols between them are skipped.
     */
    public static List<String> wordsBefore(String text, int offset, int n) {
        List<String> words = words(text.substring(0, offset));
        return words.subList(Math.max(0, words.size() - n), words.size());
    }

    /** The first {@code n} words after {@code offset} (fewer at the end), normalised as {@link #wordsBefore}. */
    public static List<String> wordsAfter(String text, int offset, int n) {
        List<String> words = words(text.substring(offset));
        return words.subList(0, Math.min(n, words.size()));
    }

    private static List<String> words(String text) {
        return tokens(text).stream().map(Token::norm).filter(w -> Character.isLetterOrDigit(w.codePointAt(0))).toList();
    }

    private static boolean matchesAt(List<Token> tokens, int at, String[] words) {
        if (at + words.length > tokens.size()) {
            return false;
        }
        for (int k = 1; k < words.length; k++) {
            if (!tokens.get(at + k).norm().equals(words[k])) {
                return false;
            }
        }
        return true;
    }

    /** The text's words and symbols, lower case, apostrophes dropped from words. */
    public static List<Token> tokens(String text) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            int cp = text.codePointAt(i);
            if (Character.isWhitespace(cp)) {
                i += Character.charCount(cp);
                continue;
            }
            int start = i;
            if (isWordChar(cp)) {
                StringBuilder norm = new StringBuilder();
                while (i < n) {
                    int c = text.codePointAt(i);
                    if (!isWordChar(c)) {
                        break;
                    }
                    if (c != '\'' && c != '\u2019' && c != '\u2018') {
                        norm.appendCodePoint(Character.toLowerCase(c));
                    }
                    i += Character.charCount(c);
                }
                if (norm.length() > 0) {
                    tokens.add(new Token(norm.toString(), start, i));
                }
            } else {
                i += Character.charCount(cp);
                // Emoji variation selectors and joiners belong to the symbol before them.
                while (i < n && (text.charAt(i) == '\uFE0F' || text.charAt(i) == '\u200D')) {
                    i++;
                }
                tokens.add(new Token(new String(Character.toChars(cp)).toLowerCase(Locale.ROOT), start, i));
            }
        }
        return tokens;
    }

    private static boolean isWordChar(int c) {
        return Character.isLetterOrDigit(c) || c == '\'' || c == '\u2019' || c == '\u2018';
    }
}
