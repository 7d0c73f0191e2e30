package app.repairbot.safety;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import app.repairbot.text.PhraseMatcher;
import app.repairbot.text.WordLists;
import app.repairbot.engine.Safety.Concern;

/**
 * The safety screen's first layer, from lists under {@code safety/}: phrases
 * ({@code crisis.txt}, {@code abuse.txt}), matched as whole words ignoring case and apostrophes,
 * and patterns ({@code crisis-patterns.txt}, {@code abuse-patterns.txt}), regular expressions
 * over the text lower-cased with apostrophes dropped, for what a fixed phrase cannot say ("saved
 * up … pills", "grabbed … my throat"). A find right after one of the words of
 * {@code negations.txt} ("I would never hurt myself") is not a flag. Fast, and every flag can be
 * explained by the line that made it ({@link #explain}).
 */
public final class PhraseScreen implements Screen {
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");
    /** Words as a pattern's guard reads them ({@link FirstWords}): runs of ASCII letters and digits. */
    private static final Pattern GUARD_WORD = Pattern.compile("[a-z0-9]+");
    private static final Pattern SPACES = Pattern.compile("\\s+");
    private static final Pattern MACRO = Pattern.compile("\\{([a-z]+)}");

    private final PhraseMatcher crisis;
    private final PhraseMatcher abuse;
    private final List<Guarded> crisisPatterns;
    private final List<Guarded> abusePatterns;
    private final List<Guarded> harmPatterns;
    private final Set<String> negations;
    private final Misspellings misspellings;

    public PhraseScreen() {
        this.crisis = WordLists.phrases("safety/crisis.txt");
        this.abuse = WordLists.phrases("safety/abuse.txt");
        this.crisisPatterns = patterns("safety/crisis-patterns.txt");
        this.abusePatterns = patterns("safety/abuse-patterns.txt");
        this.harmPatterns = patterns("safety/harm-patterns.txt");
        this.negations = Set.copyOf(WordLists.lines("safety/negations.txt").stream().map(w -> w.replace("'", "")).toList());
        List<String> written = new ArrayList<>();
        for (String list : List.of("safety/crisis.txt", "safety/abuse.txt", "safety/crisis-patterns.txt", "safety/abuse-patterns.txt",
                "safety/harm-patterns.txt")) {
            written.addAll(WordLists.lines(list));
        }
        this.misspellings = Misspellings.of(written);
    }

    @Override
    public Optional<Concern> screen(String text) {
        return explain(text).map(Flag::concern);
    }

    /** What flagged a text: the concern, and the phrase or pattern that found it. */
    public record Flag(Concern concern, String by) {
    }

    /**
     * The first phrase or pattern that flags the text (abuse before crisis), if any; where the text
     * has slips of typing in the lists' words ({@link Misspellings}), also the text put right.
     */
    public Optional<Flag> explain(String text) {
        String norm = normalise(text);
        Optional<Flag> flag = explain(text, norm);
        if (flag.isPresent()) {
            return flag;
        }
        String corrected = misspellings.correct(norm);
        return corrected.equals(norm) ? flag : explain(corrected, corrected);
    }

    private Optional<Flag> explain(String text, String norm) {
        Set<String> words = guardWords(norm);
        // Harm toward the partner by the writer first: "if you leave I'll kill you" is that, not a disclosure of fear.
        Optional<String> harm = found(harmPatterns, norm, words);
        if (harm.isPresent()) {
            return Optional.of(new Flag(Concern.HARM, harm.get()));
        }
        Optional<String> by = found(abuse, text).or(() -> found(abusePatterns, norm, words));
        if (by.isPresent()) {
            return Optional.of(new Flag(Concern.ABUSE, by.get()));
        }
        return found(crisis, text).or(() -> found(crisisPatterns, norm, words)).map(b -> new Flag(Concern.CRISIS, b));
    }

    /** The words of a normalised text as a pattern's guard reads them ({@link Guarded#mayMatch}). */
    static Set<String> guardWords(String norm) {
        Set<String> words = new java.util.HashSet<>();
        Matcher w = GUARD_WORD.matcher(norm);
        while (w.find()) {
            words.add(w.group());
        }
        return words;
    }

    private Optional<String> found(PhraseMatcher phrases, String text) {
        for (PhraseMatcher.Match m : phrases.findAll(text)) {
            int from = clauseStart(text, m.start());
            if (!negated(PhraseMatcher.wordsBefore(text.substring(from), m.start() - from, 2))) {
                return Optional.of(m.phrase());
            }
        }
        return Optional.empty();
    }

    private Optional<String> found(List<Guarded> patterns, String norm, Set<String> words) {
        for (Guarded g : patterns) {
            if (!g.literals().isEmpty()) {
                if (g.literals().stream().anyMatch(norm::contains)) {
                    return Optional.of(g.source());
                }
                continue;
            }
            if (!g.mayMatch(words)) {
                continue;
            }
            Pattern p = g.pattern();
            Matcher m = p.matcher(norm);
            while (m.find()) {
                if (!negated(wordsBefore(norm, m.start()))) {
                    return Optional.of(g.source());
                }
            }
        }
        return Optional.empty();
    }

    /** "I would never hurt myself": one of the two words before the find denies it. */
    private boolean negated(List<String> before) {
        return before.stream().anyMatch(negations::contains);
    }

    /**
     * Where the clause holding {@code at} begins: a negation counts only within it, so that in
     * "Not great. Thinking about death a lot." the "not" of the first sentence denies nothing.
     */
    static int clauseStart(String text, int at) {
        for (int i = at - 1; i >= 0; i--) {
            char c = text.charAt(i);
            if (c == '.' || c == '!' || c == '?' || c == ';' || c == '\n') {
                return i + 1;
            }
        }
        return 0;
    }

    private static List<String> wordsBefore(String norm, int at) {
        List<String> words = new ArrayList<>();
        Matcher m = WORD.matcher(norm.substring(clauseStart(norm, at), at));
        while (m.find()) {
            words.add(m.group());
        }
        return words.subList(Math.max(0, words.size() - 2), words.size());
    }

    /**
     * A pattern with the words one of which its text must contain for it to match ({@link
     * FirstWords}): most patterns are skipped without running, which keeps a 4,096-character text
     * cheap. {@code prefixes} holds starts of words. Empty sets: always run.
     */
    record Guarded(Pattern pattern, String source, Set<String> words, List<String> prefixes, List<String> literals) {
        /** A pattern that is only literal alternatives, such as emoji: found with {@code contains}. */
        private static final Pattern LITERALS = Pattern.compile("^\\(([^\\\\()\\[\\]{}.*+?^$]+)\\)$");

        /** The pattern written as {@code regex}, compiled to look ahead first where it opens with a look-behind. */
        static Guarded of(String regex, int flags) {
            Pattern p = Pattern.compile(lookAheadFirst(regex), flags);
            Matcher literal = LITERALS.matcher(regex);
            if (literal.matches()) {
                return new Guarded(p, regex, Set.of(), List.of(), List.of(literal.group(1).split("\\|")));
            }
            return FirstWords.of(regex)
                    .map(g -> new Guarded(p, regex, g.words(), g.prefixes(), List.of()))
                    .orElseGet(() -> new Guarded(p, regex, Set.of(), List.of(), List.of()));
        }

        /**
         * {@code (?<!X)A|B} becomes {@code (?=A)(?<!X)A|B}: the same matches, but the look-behind,
         * which may scan dozens of characters back ({@code \\b(friend|film)\\b.{0,40}}), runs only
         * where what it guards is found, not at every position of the text. A pattern that does not
         * open with a look-behind is returned as it is.
         */
        static String lookAheadFirst(String regex) {
            int end = 0;
            while (regex.startsWith("(?<!", end) || regex.startsWith("(?<=", end)) {
                end = RegexText.groupEnd(regex, end);
            }
            if (end == 0 || end == regex.length()) {
                return regex;
            }
            String rest = regex.substring(end);
            int bar = RegexText.topLevelBar(rest);
            String guarded = bar < 0 ? rest : rest.substring(0, bar);
            return "(?=" + guarded + ")" + regex.substring(0, end) + rest;
        }

        boolean mayMatch(Set<String> textWords) {
            if (words.isEmpty() && prefixes.isEmpty()) {
                return true;
            }
            for (String w : words) {
                if (textWords.contains(w)) {
                    return true;
                }
            }
            for (String prefix : prefixes) {
                for (String w : textWords) {
                    if (w.startsWith(prefix)) {
                        return true;
                    }
                }
            }
            return false;
        }
    }

    /** Lower case, apostrophes dropped ("don't" is "dont"), every run of white space one space. */
    static String normalise(String text) {
        String lower = text.toLowerCase(Locale.ROOT).replace("'", "").replace("\u2019", "").replace("\u2018", "");
        return SPACES.matcher(lower).replaceAll(" ").strip();
    }

    /**
     * The patterns of a list: one regular expression a line; {@code @name = a|b} defines
     * {@code {name}} for the lines after it. A bad pattern fails start-up, naming its line.
     */
    static List<Guarded> patterns(String resource) {
        Map<String, String> macros = new LinkedHashMap<>();
        List<Guarded> patterns = new ArrayList<>();
        for (String line : WordLists.lines(resource)) {
            if (line.startsWith("@")) {
                int eq = line.indexOf('=');
                if (eq < 2) {
                    throw new IllegalStateException(resource + ": a set is '@name = a|b|c', found '" + line + "'");
                }
                macros.put(line.substring(1, eq).strip(), line.substring(eq + 1).strip());
                continue;
            }
            StringBuilder regex = new StringBuilder();
            Matcher m = MACRO.matcher(line);
            while (m.find()) {
                String value = macros.get(m.group(1));
                if (value == null) {
                    throw new IllegalStateException(resource + ": '" + line + "' uses {" + m.group(1)
                            + "}, which no '@" + m.group(1) + " = …' line above it defines");
                }
                m.appendReplacement(regex, Matcher.quoteReplacement("(?:" + value + ")"));
            }
            m.appendTail(regex);
            try {
                patterns.add(Guarded.of(regex.toString(), Pattern.UNICODE_CASE | Pattern.CASE_INSENSITIVE));
            } catch (PatternSyntaxException e) {
                throw new IllegalStateException(resource + ": '" + line + "' is not a valid pattern: " + e.getDescription(), e);
            }
        }
        return List.copyOf(patterns);
    }
}
