package app.repairbot.chat;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Puts a person's name in front of a sentence without breaking it: "Alex, and when that happens…",
 * not "Alex, And when that happens…". Only a sentence that starts with one of a known set of
 * ordinary words is lower-cased, so "I", names and acronyms keep their capital.
 */
public final class Addressing {
    private static final Set<String> ORDINARY = Set.copyOf(List.of("and", "but", "so", "or", "thank", "thanks", "what", "what's", "how",
            "when", "whenever", "where", "which", "who", "why", "is", "are", "do", "does", "did", "can", "could", "would",
            "will", "please", "take", "tell", "put", "describe", "say", "pick", "tap", "each", "one", "no", "yes", "there",
            "here", "now", "then", "okay", "it", "it's", "that", "this", "your", "you", "you're", "let", "let's", "before",
            "after", "if", "just", "try", "have", "has", "was", "were", "should", "any", "anything", "a", "an", "the",
            "we", "we're", "we'll", "our", "not", "whatever", "welcome", "sorry", "to",
            // Words a reminder or a question often starts with ("Still here when you're ready").
            "still", "also", "only", "again", "ready", "remember", "checking", "gentle", "gently", "quick", "friendly",
            "no", "nothing", "something", "anything", "everything", "all", "both", "some", "every", "either", "neither",
            "in", "on", "at", "for", "with", "from", "about", "as", "by", "of", "whenever", "while", "once", "since",
            "maybe", "perhaps", "really", "even", "yet", "already", "always", "never", "sometimes", "soon", "later",
            "today", "tonight", "tomorrow", "don't", "didn't", "can't", "won't", "isn't", "aren't", "haven't", "there's",
            "here's", "that's", "how's", "where's", "who's", "they", "they're", "their", "my", "me", "us", "these", "those",
            "think", "write", "share", "answer", "reply", "give", "make", "keep", "send", "choose", "finish", "add",
            "imagine", "name", "notice", "looking", "waiting", "hoping", "wondering", "no-one", "nobody", "someone",
            "anyone", "everyone", "hey", "hi", "hello", "last", "first", "next", "small", "two", "three"));

    private Addressing() {
    }

    public static String to(String name, String text) {
        return name + ", " + lowerFirst(text);
    }

    static String lowerFirst(String text) {
        int end = 0;
        while (end < text.length() && (Character.isLetter(text.charAt(end)) || text.charAt(end) == '\'' || text.charAt(end) == '\u2019')) {
            end++;
        }
        String first = text.substring(0, end).replace('\u2019', '\'').toLowerCase(Locale.ROOT);
        if (end == 0 || !ORDINARY.contains(first) || !Character.isUpperCase(text.charAt(0))) {
            return text;
        }
        return Character.toLowerCase(text.charAt(0)) + text.substring(1);
    }
}
