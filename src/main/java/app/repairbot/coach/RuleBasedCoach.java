package app.repairbot.coach;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
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
import app.repairbot.text.PhraseMatcher;
import app.repairbot.text.WordLists;

/**
 * The phrasing coach's rules: absolutes, criticism, thoughts dressed as feelings, judgement words,
 * contempt, defensiveness and shouting, character attacks, ultimatums and backhanded praise, each
 * from a word list under {@code coach/} that an author can edit. Which of them apply depends on
 * what the step is for ({@link CoachPurpose}); so do the tips about missing parts and the shape of
 * the suggestion, which is built from the person's own words with every flagged word dropped or
 * neutralised, and falls back to a template with blanks when nothing usable is left. English
 * only: other languages are recognised and left alone.
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
    private static final Pattern MEANT = Pattern.compile("\\b(meant|means|mean|made me|makes me|helped|felt|feel|feeling"
            + "|so good|lovely|loved)\\b", Pattern.CASE_INSENSITIVE);

    private static final Pattern YOU_ALWAYS = Pattern.compile(
            "\\b(?:you|u)('re| are|re)?\\s+(always|never|constantly|keep)\\s+([^.!?,\\n]{3,80})", Pattern.CASE_INSENSITIVE);
    private static final Pattern WHEN_CLAUSE = Pattern.compile("\\bwhen\\s+([^.!?,\\n]{3,80})", Pattern.CASE_INSENSITIVE);
    private static final Pattern I_NEED = Pattern.compile("\\bi need\\s+([^.!?,\\n]{3,80})", Pattern.CASE_INSENSITIVE);
    private static final Pattern ASKED = Pattern.compile(
            "\\b(?:would|could|can|will) you(?: please)?(?: be willing to)?\\s+([^.!?,\\n]{3,80})", Pattern.CASE_INSENSITIVE);
    private static final Pattern THANKS_FOR = Pattern.compile("\\b(?:thank you|thanks|thank u|thx|ty)(?: so much| very much"
            + "| a lot| a million| again)?\\s+for\\s+([^.!?,\\n]{3,100})", Pattern.CASE_INSENSITIVE);
    private static final Pattern I_APPRECIATED = Pattern.compile("\\bi (?:really |truly |so )?(?:appreciate|appreciated)\\s+"
            + "([^.!?,\\n]{3,100})", Pattern.CASE_INSENSITIVE);
    private static final Pattern STORY_LEAD = Pattern.compile("^(?:(?:the |my )?story (?:was|is|i told myself was)"
            + "|(?:my mind|my head|it) (?:told me|said|says|tells me|went to)|i told myself|i thought|that)\\s*(?:that\\s+)?",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern SHOUTED_PUNCTUATION = Pattern.compile("\\s*(?:[!?]*![!?]*!|\\?!|!\\?)[!?]*");

    /** Words that pin a label on someone ("you're", "he's"), and words that may stand between ("so", "such a"). */
    private static final Set<String> PINS = Set.of("youre", "ur", "hes", "shes", "theyre", "youve");
    private static final Set<String> BE = Set.of("are", "is", "was", "were", "r", "been", "be", "has", "have", "being",
            "act", "acting", "sound", "sounding", "seem", "seemed");
    private static final Set<String> SUBJECTS = Set.of("you", "u", "he", "she", "they");
    private static final Set<String> FILLER = Set.of("so", "such", "a", "an", "the", "really", "very", "just", "totally",
            "completely", "always", "too", "bit", "kind", "of", "kinda", "pretty", "quite", "truly", "absolutely", "utterly",
            "little", "most", "complete", "total", "selfish", "lazy", ",", "and", "still");
    private static final Set<String> NEGATIONS = Set.of("not", "never", "isnt", "arent", "wasnt", "werent", "aint", "hardly",
            "dont", "doesnt", "didnt", "cant", "wont", "wouldnt", "couldnt", "shouldnt", "no");
    /** The writer speaking of themselves: an insult about oneself ("I felt so stupid") is not contempt for the partner. */
    private static final Set<String> WRITER = Set.of("i", "im", "me", "myself", "ive", "id", "ill", "my");
    /** Words before a contempt word that make it describe a thing ("this stupid job", "the stupid traffic"), not the partner. */
    private static final Set<String> OF_A_THING = Set.of("this", "that", "the", "these", "those", "our", "my");
    /** Contempt words that, placed before a noun, can describe a thing ("this stupid job"), rather than name a person. */
    private static final Set<String> ABOUT_THINGS = Set.of("stupid", "pathetic", "useless", "ridiculous", "dumb", "unbelievable");
    private static final Set<String> POSSESSED = Set.of("yours", "hers", "theirs");
    /** A partner named by a noun: "my stupid husband" is contempt for them, not for a thing. */
    private static final Set<String> PERSON_NOUNS = Set.of("husband", "wife", "partner", "boyfriend", "girlfriend", "bf", "gf", "hubby",
            "spouse", "fiance", "fiancee", "man", "woman", "guy", "girl", "excuse", "person", "mother", "father", "mum", "mom", "dad");
    private static final Set<String> OTHERS = Set.of("you", "youre", "u", "ur", "youve", "youd", "youll", "your", "he", "hes",
            "she", "shes", "they", "theyre", "him", "her", "them", "his", "their");
    /** Words a suggestion may simply leave out; any other flagged words end the fragment they stand in. */
    private static final List<List<String>> DROPPABLE = List.of(List.of("finally"), List.of("for", "once"),
            List.of("for", "a", "change"), List.of("at", "last"), List.of("i", "guess"), List.of("i", "suppose"),
            List.of("actually"), List.of("surprisingly"), List.of("shockingly"), List.of("always"), List.of("constantly"),
            List.of("all", "the", "time"), List.of("every", "single", "time"), List.of("every", "time"), List.of("even"),
            List.of("in", "your", "life"));
    /** Feelings a thank-you can name back ("It made me feel relieved"); the rest of feelings.txt would sour it. */
    private static final Set<String> WARM = Set.of("happy", "grateful", "relieved", "proud", "loved", "excited", "hopeful");
    private static final Set<String> DANGLING = Set.of("and", "but", "so", "or", "because", "cause", "cos", "which", "who",
            "that", "like", "when", "while", "if", "then", "a", "an", "the", "is", "are", "was", "were", "be", "being", "been",
            "its", "hes", "shes", "youre", "theyre", "im", "he", "she", "you", "they", "it", "i", "just", "really", "very",
            "such", "too", "totally", "completely", "of", "to", "with", "for", "at", "in", "on", "by", "from", "my", "your",
            "his", "her", "our", "their", "not", "also", "even", "as", "what", "this", "these", "those", "honestly", "seriously",
            "again", "u", "ur", "well", "oh", "wow", "sure", "yeah", "ok", "okay", "still", "about", "how", "why", "stop", "stopped",
            "act", "acting", "start", "quit", "keep", "get", "got", "sound", "seem");
    /** Praise words that are contempt elsewhere ("you were unbelievable tonight"). */
    private static final Set<String> PRAISE_TOO = Set.of("unbelievable", "oh wow");
    private static final Pattern THANKS_A_LOT_FOR = Pattern.compile("(?i)\\s*for\\b");

    /** What the coach can find, in the order findings are listed for each purpose. */
    enum Kind {
        JUDGEMENT, CRITICISM, FAKE_FEELING, CONTEMPT, DEFENSIVENESS, ABSOLUTE, SHOUTING, CHARACTER, ULTIMATUM, BACKHANDED
    }

    private static final Map<CoachPurpose, List<Kind>> CHECKS = new EnumMap<>(Map.of(
            CoachPurpose.IMPACT, List.of(Kind.JUDGEMENT, Kind.CRITICISM, Kind.FAKE_FEELING, Kind.CONTEMPT, Kind.DEFENSIVENESS,
                    Kind.ABSOLUTE, Kind.SHOUTING),
            CoachPurpose.STORY, List.of(Kind.CHARACTER, Kind.CONTEMPT),
            CoachPurpose.BOUNDARY, List.of(Kind.ULTIMATUM, Kind.CHARACTER, Kind.CONTEMPT),
            CoachPurpose.APPRECIATION, List.of(Kind.BACKHANDED, Kind.CHARACTER, Kind.CONTEMPT),
            CoachPurpose.REQUEST, List.of(Kind.JUDGEMENT, Kind.CRITICISM, Kind.FAKE_FEELING, Kind.CONTEMPT, Kind.ULTIMATUM,
                    Kind.DEFENSIVENESS, Kind.ABSOLUTE, Kind.SHOUTING)));

    private static final Map<Kind, String> WHY = new EnumMap<>(Map.of(
            Kind.CRITICISM, "this points at who they are rather than at what happened, so it tends to land as an attack.",
            Kind.FAKE_FEELING, "this is a thought about them dressed as a feeling; saying what you feel inside is easier to hear.",
            Kind.CONTEMPT, "mockery, insults and sarcasm hurt more than anything else in a conflict, even when they are meant "
                    + "lightly.",
            Kind.DEFENSIVENESS, "answering with a counter-complaint or a denial usually starts a second argument instead of "
                    + "finishing the first.",
            Kind.ABSOLUTE, "absolutes make the other person defend the exception instead of hearing how you feel.",
            Kind.SHOUTING, "capitals and strings of \"!!!\" read as shouting, and shouting is hard to hear past.",
            Kind.CHARACTER, "this labels who they are rather than saying what happened, so it tends to land as an attack.",
            Kind.ULTIMATUM, "an ultimatum makes a boundary sound like a threat; saying what you need, and what you'll do to "
                    + "look after yourself, keeps it about care.",
            Kind.BACKHANDED, "praise with a sting in it tends to be heard for the sting; said plainly, your thanks is what "
                    + "lands."));

    /** What may stand between two findings of one kind for them to be quoted as one ("idiot and useless", "lazy, selfish"). */
    private static final Pattern JOINED = Pattern.compile("(?i)[\\s,]*(?:(?:and|or)\\s+)?(?:(?:an?|such an?|so|just)\\s+)?");
    private static final Pattern SWEEPING = Pattern.compile("(?i)\\b(anything|everything|nothing|any of it|ever)\\b");
    private static final Pattern ALWAYS_NEVER = Pattern.compile("\\b(always|never)\\b");
    private static final String SUMS_UP = "this sums up how they always are instead of describing one time it happened, so it tends "
            + "to land as an attack.";

    /** One place in a text the coach would flag. */
    record Hit(Kind kind, int start, int end) {
    }

    private final Map<Kind, PhraseMatcher> lists = new EnumMap<>(Kind.class);
    private final PhraseMatcher labels;
    private final Map<String, List<String>> judgements;
    private final Pattern judgement;
    private final PhraseMatcher feelings;
    private final Set<String> english;

    public RuleBasedCoach() {
        lists.put(Kind.CRITICISM, WordLists.phrases("coach/criticism.txt"));
        lists.put(Kind.FAKE_FEELING, WordLists.phrases("coach/fake-feelings.txt"));
        lists.put(Kind.CONTEMPT, WordLists.phrases("coach/contempt.txt"));
        lists.put(Kind.DEFENSIVENESS, WordLists.phrases("coach/defensiveness.txt"));
        lists.put(Kind.ABSOLUTE, WordLists.phrases("coach/absolutes.txt"));
        lists.put(Kind.CHARACTER, WordLists.phrases("coach/character.txt"));
        lists.put(Kind.ULTIMATUM, WordLists.phrases("coach/ultimatums.txt"));
        lists.put(Kind.BACKHANDED, WordLists.phrases("coach/backhanded.txt"));
        this.labels = WordLists.phrases("coach/labels.txt");
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
        List<Kind> checks = CHECKS.get(purpose);
        List<Finding> findings = new ArrayList<>();
        List<Kind> found = new ArrayList<>();
        List<int[]> covered = new ArrayList<>();
        for (Kind kind : checks) {
            if (kind == Kind.SHOUTING) {
                shouting(text).ifPresent(f -> {
                    findings.add(f);
                    found.add(Kind.SHOUTING);
                });
                continue;
            }
            List<Hit> hits = hits(text, kind, purpose);
            for (int i = 0; i < hits.size(); i++) {
                Hit h = hits.get(i);
                if (covered.stream().anyMatch(c -> h.start() >= c[0] && h.start() < c[1])) {
                    continue;
                }
                // "pathetic and useless, an idiot": one run of the same kind is quoted whole, not just its first word.
                int end = h.end();
                while (i + 1 < hits.size() && hits.get(i + 1).start() >= end
                        && JOINED.matcher(text.substring(end, hits.get(i + 1).start())).matches()) {
                    end = hits.get(++i).end();
                }
                covered.add(new int[] {h.start(), end});
                findings.add(new Finding(text.substring(h.start(), end), why(kind, text, h)));
                found.add(kind);
                break;
            }
        }
        List<Finding> kept = findings.size() > MAX_FINDINGS ? findings.subList(0, MAX_FINDINGS) : findings;
        List<String> tips = tips(text, purpose);
        if (kept.isEmpty()) {
            return new Review(List.of(), Optional.empty(), tips, true);
        }
        String suggestion = suggestion(text, purpose);
        if (repeatsAny(suggestion, kept, found.subList(0, kept.size()))) {
            suggestion = template(purpose);
        }
        return new Review(kept, Optional.of(suggestion), tips, true);
    }

    private String why(Kind kind, String text, Hit h) {
        String quoted = text.substring(h.start(), h.end()).toLowerCase(Locale.ROOT);
        if (kind == Kind.CRITICISM && ALWAYS_NEVER.matcher(quoted).find()) {
            return SUMS_UP;
        }
        if (kind == Kind.CONTEMPT && labels.findAll(quoted).stream().anyMatch(m -> m.start() == 0 && m.end() == quoted.length())) {
            // "lazy", "selfish": a label for who they are, more than mockery.
            return WHY.get(Kind.CHARACTER);
        }
        if (kind != Kind.JUDGEMENT) {
            return WHY.get(kind);
        }
        Matcher j = judgement.matcher(text);
        j.find(h.start());
        String word = j.group(1).toLowerCase(Locale.ROOT);
        return "\"" + word + "\" says what they did more than what you feel; words like "
                + String.join(", ", judgements.get(word)) + " are easier to hear.";
    }

    /** Every place of one kind, left to right, with the exceptions each kind makes. */
    private List<Hit> hits(String text, Kind kind, CoachPurpose purpose) {
        List<Hit> hits = new ArrayList<>();
        switch (kind) {
            case JUDGEMENT -> {
                Matcher j = judgement.matcher(text);
                while (j.find()) {
                    hits.add(new Hit(kind, j.start(), j.end()));
                }
            }
            case SHOUTING -> {
                // Neutralised (lower case) in suggestions rather than left out: no places to avoid.
            }
            case CHARACTER -> {
                lists.get(kind).findAll(text).forEach(m -> hits.add(new Hit(kind, m.start(), m.end())));
                List<PhraseMatcher.Match> found = labels.findAll(text);
                for (int i = 0; i < found.size(); i++) {
                    int pin = pinnedOn(text, found.get(i).start());
                    if (pin >= 0) {
                        // "you're a selfish, lazy slob": one attack, quoted whole.
                        int end = found.get(i).end();
                        while (i + 1 < found.size() && text.substring(end, found.get(i + 1).start()).matches("[\\s,]*(?:and\\s+)?")) {
                            end = found.get(++i).end();
                        }
                        hits.add(new Hit(kind, pin, end));
                    }
                }
                hits.sort(Comparator.comparingInt(Hit::start));
            }
            default -> {
                for (PhraseMatcher.Match m : lists.get(kind).findAll(text)) {
                    if (kind == Kind.ABSOLUTE && aboutSelf(text, m.start())) {
                        continue;
                    }
                    if (kind == Kind.CONTEMPT && ofAThing(text, m)) {
                        continue;
                    }
                    if (kind == Kind.CRITICISM && OPENING_ENDS.matcher(m.phrase()).find()) {
                        // "you're such a slob": the opening and what it calls them, quoted (and left out) together.
                        Matcher what = CALLED.matcher(text).region(m.end(), text.length());
                        hits.add(new Hit(kind, m.start(), what.lookingAt() ? what.end() : m.end()));
                        continue;
                    }
                    if (kind == Kind.CONTEMPT && purpose != CoachPurpose.IMPACT && purpose != CoachPurpose.REQUEST
                            && (aboutWriter(text, m.start()) || purpose == CoachPurpose.APPRECIATION && praise(text, m))) {
                        continue;
                    }
                    hits.add(new Hit(kind, m.start(), m.end()));
                }
            }
        }
        return hits;
    }

    /** A criticism opening that goes on to call the other something: "you're such", "you're a", "you are so". */
    private static final Pattern OPENING_ENDS = Pattern.compile("\\b(such|so|a|an)$");
    /** What such an opening calls them: up to three words, up to a comma, "and", "but", "because"… or a new subject. */
    private static final Pattern CALLED = Pattern.compile("(?:\\s+(?!(?:and|but|because|cause|when|so|or|then|that|i|it|we|who)\\b)"
            + "[\\p{L}'\u2019-]+){1,3}?(?=\\s*(?:$|[.,;:!?)]|\\s(?:and|but|because|cause|when|so|or|then|that|i|it|we|who)\\b))",
            Pattern.CASE_INSENSITIVE);

    /** In an appreciation: "you were unbelievable tonight", "thanks a lot for dinner". */
    private static boolean praise(String text, PhraseMatcher.Match m) {
        return PRAISE_TOO.contains(m.phrase())
                || m.phrase().equals("thanks a lot") && THANKS_A_LOT_FOR.matcher(text).region(m.end(), text.length()).lookingAt();
    }

    /**
     * "this stupid job is killing us", "the stupid traffic": the word describes a thing, not the partner. Not when the
     * partner follows ("the stupid thing you said", "that ridiculous idea of yours"): that is contempt for them.
     */
    private static boolean ofAThing(String text, PhraseMatcher.Match m) {
        if (!ABOUT_THINGS.contains(m.phrase()) || !PhraseMatcher.wordsBefore(text, m.start(), 1).stream().anyMatch(OF_A_THING::contains)) {
            return false;
        }
        List<String> after = PhraseMatcher.wordsAfter(text, m.end(), 4);
        return !after.isEmpty() && after.stream().noneMatch(w -> OTHERS.contains(w) || POSSESSED.contains(w) || PERSON_NOUNS.contains(w))
                && !BE.contains(after.get(0));
    }

    /** All places any check of this purpose would flag (not only the first of each, as findings are). */
    private List<Hit> allHits(String text, CoachPurpose purpose) {
        List<Hit> all = new ArrayList<>();
        for (Kind kind : CHECKS.get(purpose)) {
            all.addAll(hits(text, kind, purpose));
        }
        all.sort(Comparator.comparingInt(Hit::start));
        return all;
    }

    /** "I always…", "we never…", "I'll never…": the writer speaks of themselves, not of the other. */
    private static boolean aboutSelf(String text, int at) {
        return PhraseMatcher.wordsBefore(text, at, 1).stream().anyMatch(SELF::contains);
    }

    /** The nearest person before {@code at} (within four words) is the writer: "I felt so stupid", "I'm useless". */
    private static boolean aboutWriter(String text, int at) {
        List<String> before = PhraseMatcher.wordsBefore(text, at, 4);
        if (!before.isEmpty() && before.get(before.size() - 1).equals("my")) {
            // "my stupid husband": the word describes what follows, not the writer (a thing is let through by ofAThing).
            return false;
        }
        for (int i = before.size() - 1; i >= 0; i--) {
            if (WRITER.contains(before.get(i))) {
                return true;
            }
            if (OTHERS.contains(before.get(i))) {
                return false;
            }
        }
        return false;
    }

    /**
     * Where the words that pin a label at {@code at} on another person start ("you're so" in "you're
     * so cold", "being" in "stop being cold"), or -1: after "not", about the writer, or not about a
     * person at all ("the soup was cold").
     */
    private static int pinnedOn(String text, int at) {
        List<PhraseMatcher.Token> tokens = PhraseMatcher.tokens(text.substring(0, at));
        boolean sawBe = false;
        boolean sawBeing = false;
        for (int i = tokens.size() - 1, seen = 0; i >= 0 && seen < 5; i--, seen++) {
            String w = tokens.get(i).norm();
            if (NEGATIONS.contains(w)) {
                return -1;
            }
            if (PINS.contains(w) || sawBe && SUBJECTS.contains(w)) {
                return tokens.get(i).start();
            }
            if (WRITER.contains(w) || w.equals("we")) {
                return -1;
            }
            if (BE.contains(w)) {
                sawBe = true;
                sawBeing |= w.equals("being");
                continue;
            }
            if (!FILLER.contains(w)) {
                break;
            }
        }
        if (sawBeing) {
            for (int i = tokens.size() - 1; i >= 0; i--) {
                if (tokens.get(i).norm().equals("being")) {
                    return tokens.get(i).start();
                }
            }
        }
        return -1;
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
        String why = WHY.get(Kind.SHOUTING);
        if (longOne || words.size() >= 2) {
            return Optional.of(new Finding(String.join(" ", words), why));
        }
        Matcher bang = EXCLAIM.matcher(text);
        return bang.find() ? Optional.of(new Finding(bang.group().strip(), why)) : Optional.empty();
    }

    /**
     * Which parts a draft could add, for what the step is for: for a statement of impact the
     * observation, feeling, need and request (nothing for a thank-you); for a request only the
     * request; for an appreciation what it meant; for a story or a boundary nothing.
     */
    private List<String> tips(String text, CoachPurpose purpose) {
        switch (purpose) {
            case STORY, BOUNDARY -> {
                return List.of();
            }
            case APPRECIATION -> {
                return MEANT.matcher(text).find() || !feelings.findAll(text).isEmpty() ? List.of()
                        : List.of("Say what it meant to you, or how it felt (\"It made me feel …\").");
            }
            case REQUEST -> {
                return APPRECIATION.matcher(text).find() || REQUEST.matcher(text).find() ? List.of()
                        : List.of("End with a small, doable request (\"Would you be willing to …?\").");
            }
            default -> {
                return impactTips(text);
            }
        }
    }

    private List<String> impactTips(String text) {
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

    // ---- suggestions ----------------------------------------------------------------------

    /** The shape a suggestion takes for each purpose, with every part a blank. */
    static String template(CoachPurpose purpose) {
        return switch (purpose) {
            case STORY -> "The story my mind told me was that [what it seemed to mean, about us or about me].";
            case BOUNDARY -> "I want us to stay close, and I need [what you need to protect]. Could we [what would work "
                    + "for both of us]?";
            case APPRECIATION -> "Thank you for [what they did]. It meant a lot to me, because [how it felt for you].";
            case REQUEST -> "I need [what would help]. Would you be willing to [a small request]?";
            case IMPACT -> "When [what happened], I feel [your feeling]. I need [what would help]. Would you be willing to "
                    + "[a small request]?";
        };
    }

    /** The draft's words where they fit (with what was flagged left out), brackets where they are missing. */
    String suggestion(String text, CoachPurpose purpose) {
        List<Hit> hits = allHits(text, purpose);
        return switch (purpose) {
            case STORY -> story(text, hits);
            case BOUNDARY -> boundary(text, hits);
            case APPRECIATION -> appreciation(text, hits);
            case REQUEST -> request(text, hits);
            case IMPACT -> impact(text, hits);
        };
    }

    private String impact(String text, List<Hit> hits) {
        String when = "When [what happened]";
        String ask = "[a small request]";
        Matcher y = YOU_ALWAYS.matcher(text);
        Matcher w = WHEN_CLAUSE.matcher(text);
        if (y.find()) {
            boolean be = y.group(1) != null;
            String how = y.group(2).toLowerCase(Locale.ROOT);
            // "you never ever say sorry": the "ever" goes with the "never".
            Optional<String> what = clean(text, y.start(3), y.end(3), hits)
                    .map(c -> how.equals("never") ? c.replaceFirst("(?i)^ever\\s+", "") : c);
            if (what.isPresent()) {
                String you = be ? "you're " : "you ";
                when = switch (how) {
                    case "never" -> "When " + (be ? "you're not " : "you don't ") + what.get();
                    case "keep" -> "When you keep " + what.get();
                    default -> "When " + you + what.get();
                };
                if (how.equals("never") && !SWEEPING.matcher(what.get()).find()) {
                    // "you never call": "Would you be willing to call?". Not "…to do anything around here?": too sweeping to ask.
                    ask = (be ? "be " : "") + what.get();
                }
            }
        } else if (w.find()) {
            when = clean(text, w.start(1), w.end(1), hits).map(c -> "When " + c).orElse(when);
        }
        Matcher a = ASKED.matcher(text);
        if (a.find()) {
            ask = clean(text, a.start(1), a.end(1), hits).orElse(ask);
        }
        return when + ", I feel " + feeling(text, hits).orElse("[your feeling]") + ". I need " + need(text, hits)
                .orElse("[what would help]") + ". Would you be willing to " + ask + "?";
    }

    private String request(String text, List<Hit> hits) {
        Matcher a = ASKED.matcher(text);
        String ask = a.find() ? clean(text, a.start(1), a.end(1), hits).orElse("[a small request]") : "[a small request]";
        return "I need " + need(text, hits).orElse("[what would help]") + ". Would you be willing to " + ask + "?";
    }

    private String boundary(String text, List<Hit> hits) {
        Matcher a = ASKED.matcher(text);
        String ask = "[what would work for both of us]";
        if (a.find()) {
            ask = clean(text, a.start(1), a.end(1), hits).orElse(ask);
        }
        return "I want us to stay close, and I need " + need(text, hits).orElse("[what you need to protect]") + ". Could we "
                + ask + "?";
    }

    private String story(String text, List<Hit> hits) {
        Matcher lead = STORY_LEAD.matcher(text);
        int from = lead.lookingAt() ? lead.end() : 0;
        int to = text.length();
        int stop = firstSentenceEnd(text, from);
        Optional<String> told = clean(text, from, Math.min(to, stop), hits).filter(s -> s.split("\\s+").length >= 3);
        return told.map(s -> "The story my mind told me was that " + lowerFirst(s) + ".").orElse(template(CoachPurpose.STORY));
    }

    private String appreciation(String text, List<Hit> hits) {
        String what = null;
        Matcher t = THANKS_FOR.matcher(text);
        Matcher a = I_APPRECIATED.matcher(text);
        if (t.find() && !flaggedLeadIn(hits, t.start(), t.start(1))) {
            what = clean(text, t.start(1), t.end(1), hits).map(c -> "Thank you for " + c).orElse(null);
        } else if (a.find() && !flaggedLeadIn(hits, a.start(), a.start(1))) {
            what = clean(text, a.start(1), a.end(1), hits).map(c -> "I really appreciated " + c).orElse(null);
        }
        if (what == null) {
            return template(CoachPurpose.APPRECIATION);
        }
        return what + ". " + feeling(text, hits).filter(WARM::contains).map(f -> "It made me feel " + f + ".")
                .orElse("It meant a lot to me, because [how it felt for you].");
    }

    private Optional<String> need(String text, List<Hit> hits) {
        Matcher n = I_NEED.matcher(text);
        return n.find() ? clean(text, n.start(1), n.end(1), hits) : Optional.empty();
    }

    /** A real feeling word: offered for a judgement word, else the first feeling named outside what was flagged. */
    private Optional<String> feeling(String text, List<Hit> hits) {
        Matcher j = judgement.matcher(text);
        if (j.find()) {
            return Optional.of(judgements.get(j.group(1).toLowerCase(Locale.ROOT)).get(0));
        }
        return feelings.findAll(text).stream().filter(m -> !overlaps(hits, m.start(), m.end())).findFirst()
                .map(m -> text.substring(m.start(), m.end()).toLowerCase(Locale.ROOT));
    }

    /** "Wow thanks for…": the thanks itself is part of what was flagged, so none of the words can be kept. */
    private static boolean flaggedLeadIn(List<Hit> hits, int start, int end) {
        return hits.stream().anyMatch(h -> h.start() < end && start < h.end() && h.end() <= end);
    }

    private static boolean overlaps(List<Hit> hits, int start, int end) {
        return hits.stream().anyMatch(h -> h.start() < end && start < h.end());
    }

    private static int firstSentenceEnd(String text, int from) {
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c == '.' || c == '!' || c == '?' || c == '\n') && i > from + 10) {
                return i;
            }
        }
        return text.length();
    }

    /**
     * The words of {@code text} between {@code from} and {@code to}, with the flagged ones left out:
     * a droppable word ("finally", "for once", "always") goes, anything else flagged ends the
     * fragment there; shouted words are put in lower case. Empty when fewer than two words are left.
     */
    private Optional<String> clean(String text, int from, int to, List<Hit> hits) {
        StringBuilder kept = new StringBuilder();
        int at = from;
        boolean changed = false;
        boolean cut = false;
        for (Hit h : hits) {
            if (h.end() <= at || h.start() >= to) {
                continue;
            }
            changed = true;
            int[] drop = droppable(text, Math.max(h.start(), at), Math.min(h.end(), to));
            if (drop == null) {
                kept.append(text, at, Math.max(at, h.start()));
                at = to;
                cut = true;
                break;
            }
            kept.append(text, at, drop[0]);
            at = drop[1];
        }
        if (at < to) {
            kept.append(text, at, to);
        }
        String s = changed ? tidy(kept.toString()) : neutral(kept.toString()).strip();
        // What is left after a cut must still say something: "you to stop" is not a need.
        int words = s.isEmpty() ? 0 : s.split("\\s+").length;
        return words == 0 || cut && words < 2 ? Optional.empty() : Optional.of(s);
    }

    /** The chars of a droppable phrase inside [from, to), when the rest of the flagged words there can stay. */
    private static int[] droppable(String text, int from, int to) {
        List<PhraseMatcher.Token> tokens = PhraseMatcher.tokens(text.substring(from, to));
        for (List<String> phrase : DROPPABLE) {
            for (int i = 0; i + phrase.size() <= tokens.size(); i++) {
                boolean match = true;
                for (int k = 0; k < phrase.size() && match; k++) {
                    match = tokens.get(i + k).norm().equals(phrase.get(k));
                }
                if (match) {
                    int rest = tokens.size() - phrase.size();
                    // Only where what stays of the flagged words is just who did it ("you finally", "for once").
                    if (rest > 1) {
                        return null;
                    }
                    return new int[] {from + tokens.get(i).start(), from + tokens.get(i + phrase.size() - 1).end()};
                }
            }
        }
        return null;
    }

    /** Shouting put in lower case, "!!!" left out. */
    private static String neutral(String s) {
        Matcher caps = CAPS_WORD.matcher(s);
        StringBuilder b = new StringBuilder();
        while (caps.find()) {
            caps.appendReplacement(b, NOT_SHOUTING.contains(caps.group()) ? caps.group()
                    : caps.group().toLowerCase(Locale.ROOT));
        }
        caps.appendTail(b);
        // Scare quotes ("help") are sarcasm too.
        return SHOUTED_PUNCTUATION.matcher(b.toString()).replaceAll("").replaceAll("[\"\u201c\u201d]", "");
    }

    /** After words were left out: {@link #neutral}, doubled spaces and stray commas gone, no dangling "and it's". */
    private static String tidy(String s) {
        String t = neutral(s);
        t = t.replaceAll("\\s+", " ").replaceAll(" ([,;:])", "$1").replaceAll("([,;:])(?:\\s*[,;:])+", "$1").strip();
        boolean changed = true;
        while (changed && !t.isEmpty()) {
            changed = false;
            String stripped = t.replaceAll("^[\\s,;:\\-–—]+|[\\s,;:\\-–—]+$", "");
            if (!stripped.equals(t)) {
                t = stripped;
                changed = true;
            }
            int space = t.lastIndexOf(' ');
            String last = norm(space < 0 ? t : t.substring(space + 1));
            if (DANGLING.contains(last)) {
                t = space < 0 ? "" : t.substring(0, space);
                changed = true;
                continue;
            }
            int first = t.indexOf(' ');
            String lead = norm(first < 0 ? t : t.substring(0, first));
            if (Set.of("and", "but", "so", "or", "then", "because", "honestly", "seriously", "well", "oh", "wow", "yeah",
                    "sure", "ok", "okay").contains(lead)) {
                t = first < 0 ? "" : t.substring(first + 1);
                changed = true;
            }
        }
        return t;
    }

    private static String norm(String word) {
        return word.toLowerCase(Locale.ROOT).replace("'", "").replaceAll("[^\\p{L}\\p{N}]", "");
    }

    private static String lowerFirst(String s) {
        if (s.startsWith("I ") || s.startsWith("I'") || s.length() < 2 || Character.isUpperCase(s.charAt(1))) {
            return s;
        }
        return Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }

    /**
     * Whether the suggestion repeats words a finding quotes (whole words, any case; shouting only as
     * shouted). The last guard of "a suggestion never repeats what it flagged".
     */
    static boolean repeatsAny(String suggestion, List<Finding> findings, List<Kind> kinds) {
        for (int i = 0; i < findings.size(); i++) {
            String quote = findings.get(i).quote();
            if (kinds.get(i) == Kind.SHOUTING) {
                if (suggestion.contains(quote)) {
                    return true;
                }
            } else if (!new PhraseMatcher(List.of(quote)).findAll(suggestion).isEmpty()) {
                return true;
            }
        }
        return false;
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
