package app.repairbot.coach;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import app.repairbot.engine.PhrasingCoach;
import app.repairbot.flow.CoachPurpose;

/**
 * The phrasing coach's rules: absolutes, criticism, thoughts dressed as feelings, judgement words,
 * contempt, defensiveness and shouting, each from a word list under {@code coach/} that an author
 * can edit; then tips about missing parts and a suggestion in "When …, I feel …. I need ….
 * Would you be willing to …?" form built from the person's own words. English only: other
 * languages are recognised and left alone.
 */
public final class RuleBasedCoach implements PhrasingCoach {
    private static final int MAX_FINDINGS = 4;
    private static final Set<String> SELF = Set.of("i", "we", "ill", "id", "ive", "weve", "wed", "will", "would",
            "to", "for");
    private static final Set<String> NOT_SHOUTING = Set.of("OK", "TV", "ASAP", "LOL", "OMG", "BTW", "FYI", "USA", "UK",
            "PM", "AM", "DIY", "ETA", "IKEA", "NHS", "GP", "ID", "PS", "BBQ", "CEO", "HR", "IT");
    private static final Pattern CAPS_WORD = Pattern.compile("\\b\\p{Lu}{2,}\\b");
    private static final Pattern EXCLAIM = Pattern.compile("[^\\s!?]*\\s?(?:[!?]*![!?]*!|\\?!|!\\?)[!?]*");
    private static final Pattern LATIN_LETTER = Pattern.compile("\\p{IsLatin}");
    private static final Pattern LETTER = Pattern.compile("\\p{L}");
    private static final Pattern WORD = Pattern.compile("[\\p{L}']+");

    private static final Pattern OBSERVATION = Pattern.compile("\\b(when|whenever|after|before|yesterday|today|tonight"
            + "|last (night|week|weekend|time)|this (morning|week|weekend|evening)|on (mon|tues|wednes|thurs|fri|satur|sun)day"
            + "|at (dinner|breakfast|lunch|the party))\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern NEED = Pattern.compile("\\b(i need|i'd like|i would like|i want|i'd love|i would love"
            + "|i miss|important to me|i value|it would mean|i wish)\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern REQUEST = Pattern.compile("\\b(would you|could you|can you|will you|could we|can we"
            + "|would it be|shall we|let's|willing)\\b|\\?\\s*$", Pattern.CASE_INSENSITIVE);
    private static final Pattern APPRECIATION = Pattern.compile("\\b(thank|thanks|thx|appreciate|grateful|proud|love)\\b",
            Pattern.CASE_INSENSITIVE);

    private static final Pattern YOU_ALWAYS = Pattern.compile(
            "\\b(?:you|u)(?:'re| are)?\\s+(always|never|constantly|keep)\\s+([^.!?,\\n]{3,80})", Pattern.CASE_INSENSITIVE);
    private static final Pattern WHEN_CLAUSE = Pattern.compile("\\bwhen\\s+([^.!?,\\n]{3,80})", Pattern.CASE_INSENSITIVE);
    private static final Pattern I_NEED = Pattern.compile("\\bi need\\s+([^.!?,\\n]{3,80})", Pattern.CASE_INSENSITIVE);
    private static final Pattern ASKED = Pattern.compile(
            "\\b(?:would|could|can|will) you(?: please)?(?: be willing to)?\\s+([^.!?,\\n]{3,80})", Pattern.CASE_INSENSITIVE);

    private final List<Rule> rules;
    private final Map<String, List<String>> judgements;
    private final Pattern judgement;
    private final PhraseMatcher feelings;
    private final Set<String> english;

    private record Rule(PhraseMatcher phrases, String why, boolean skipWhenAboutSelf) {
    }

    public RuleBasedCoach() {
        this.rules = List.of(
                new Rule(WordLists.phrases("coach/criticism.txt"), "this points at who they are rather than at what "
                        + "happened, so it tends to land as an attack.", false),
                new Rule(WordLists.phrases("coach/fake-feelings.txt"), "this is a thought about them dressed as a "
                        + "feeling; saying what you feel inside is easier to hear.", false),
                new Rule(WordLists.phrases("coach/contempt.txt"), "mockery, insults and sarcasm hurt more than anything "
                        + "else in a conflict, even when they are meant lightly.", false),
                new Rule(WordLists.phrases("coach/defensiveness.txt"), "answering with a counter-complaint or a denial "
                        + "usually starts a second argument instead of finishing the first.", false),
                new Rule(WordLists.phrases("coach/absolutes.txt"), "absolutes make the other person defend the "
                        + "exception instead of hearing how you feel.", true));
        this.judgements = WordLists.pairs("coach/judgement-words.txt");
        this.judgement = Pattern.compile("\\bi(?:\\s+feel|\\s+felt|'?m feeling|\\s+am feeling|\\s+was feeling)"
                + "(?:\\s+(?:so|really|very|completely|totally|quite|a bit|kind of|kinda|pretty))?\\s+("
                + judgements.keySet().stream().map(Pattern::quote).collect(Collectors.joining("|")) + ")\\b",
                Pattern.CASE_INSENSITIVE);
        this.feelings = WordLists.phrases("coach/feelings.txt");
        this.english = WordLists.words("coach/english.txt");
    }

    @Override
    public Review review(String draft, CoachPurpose purpose) {
        String text = draft.replace('\u2019', '\'').replace('\u2018', '\'').strip();
        if (!isEnglish(text)) {
            return Review.notCoached();
        }
        List<Finding> findings = new ArrayList<>();
        List<int[]> covered = new ArrayList<>();
        Matcher j = judgement.matcher(text);
        if (j.find()) {
            String word = j.group(1).toLowerCase(Locale.ROOT);
            findings.add(new Finding(j.group(), "\"" + word + "\" says what they did more than what you feel; "
                    + "words like " + String.join(", ", judgements.get(word)) + " are easier to hear."));
            covered.add(new int[] {j.start(), j.end()});
        }
        for (Rule rule : rules) {
            find(text, rule, covered).ifPresent(findings::add);
        }
        shouting(text).ifPresent(findings::add);
        List<Finding> kept = findings.size() > MAX_FINDINGS ? findings.subList(0, MAX_FINDINGS) : findings;
        List<String> tips = tips(text);
        if (kept.isEmpty()) {
            return new Review(List.of(), Optional.empty(), tips, true);
        }
        return new Review(kept, Optional.of(suggestion(text)), tips, true);
    }

    private static Optional<Finding> find(String text, Rule rule, List<int[]> covered) {
        for (PhraseMatcher.Match m : rule.phrases().findAll(text)) {
            int s = m.start();
            if (covered.stream().anyMatch(c -> s >= c[0] && s < c[1])
                    || rule.skipWhenAboutSelf() && aboutSelf(text, s)) {
                continue;
            }
            covered.add(new int[] {m.start(), m.end()});
            return Optional.of(new Finding(text.substring(m.start(), m.end()), rule.why()));
        }
        return Optional.empty();
    }

    /** "I always…", "we never…", "I'll never…": the writer speaks of themselves, not of the other. */
    private static boolean aboutSelf(String text, int at) {
        return PhraseMatcher.wordsBefore(text, at, 1).stream().anyMatch(SELF::contains);
    }

    private static Optional<Finding> shouting(String text) {
        Matcher caps = CAPS_WORD.matcher(text);
        List<String> words = new ArrayList<>();
        boolean longOne = false;
        while (caps.find()) {
            if (!NOT_SHOUTING.contains(caps.group())) {
                words.add(caps.group());
                longOne |= caps.group().length() >= 4;
            }
        }
        String why = "capitals and strings of \"!!!\" read as shouting, and shouting is hard to hear past.";
        if (longOne || words.size() >= 2) {
            return Optional.of(new Finding(String.join(" ", words), why));
        }
        Matcher bang = EXCLAIM.matcher(text);
        return bang.find() ? Optional.of(new Finding(bang.group().strip(), why)) : Optional.empty();
    }

    /** Which of observation, feeling, need and request a draft could add; nothing for a thank-you. */
    private List<String> tips(String text) {
        if (APPRECIATION.matcher(text).find()) {
            return List.of();
        }
        List<String> tips = new ArrayList<>();
        if (!OBSERVATION.matcher(text).find()) {
            tips.add("Say what happened, the way a camera would have seen it (\"When …\").");
        }
        if (feelings.findAll(text).isEmpty()) {
            tips.add("Name a feeling of yours (sad, lonely, worried, overwhelmed…).");
        }
        if (!NEED.matcher(text).find()) {
            tips.add("Say what you need (\"I need …\").");
        }
        if (!REQUEST.matcher(text).find()) {
            tips.add("End with a small, doable request (\"Would you be willing to …?\").");
        }
        return tips;
    }

    /** The draft's words where they fit, brackets where they are missing. */
    String suggestion(String text) {
        String when = "When [what happened]";
        String ask = "[a small request]";
        Matcher y = YOU_ALWAYS.matcher(text);
        Matcher w = WHEN_CLAUSE.matcher(text);
        if (y.find()) {
            String what = y.group(2).strip();
            when = y.group(1).equalsIgnoreCase("never") ? "When you don't " + what : "When you " + what;
            if (y.group(1).equalsIgnoreCase("never")) {
                ask = what;
            }
        } else if (w.find()) {
            when = "When " + w.group(1).strip();
        }
        Matcher a = ASKED.matcher(text);
        if (a.find()) {
            ask = a.group(1).strip();
        }
        String feeling = "[your feeling]";
        Matcher j = judgement.matcher(text);
        if (j.find()) {
            feeling = judgements.get(j.group(1).toLowerCase(Locale.ROOT)).get(0);
        } else {
            List<PhraseMatcher.Match> named = feelings.findAll(text);
            if (!named.isEmpty()) {
                feeling = text.substring(named.get(0).start(), named.get(0).end()).toLowerCase(Locale.ROOT);
            }
        }
        Matcher n = I_NEED.matcher(text);
        String need = n.find() ? n.group(1).strip() : "[what would help]";
        return when + ", I feel " + feeling + ". I need " + need + ". Would you be willing to " + ask + "?";
    }

    /** Text in another script, or with too few common English words, is not coached. */
    private boolean isEnglish(String text) {
        long letters = LETTER.matcher(text).results().count();
        if (letters == 0) {
            return true;
        }
        if (LATIN_LETTER.matcher(text).results().count() * 2 < letters) {
            return false;
        }
        List<String> words = WORD.matcher(text.toLowerCase(Locale.ROOT)).results().map(java.util.regex.MatchResult::group)
                .toList();
        if (words.size() < 4) {
            return true;
        }
        long known = words.stream().filter(english::contains).count();
        return known * 5 >= words.size();
    }
}
