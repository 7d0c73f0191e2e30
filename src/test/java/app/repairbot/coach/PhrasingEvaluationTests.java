package app.repairbot.coach;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Test;

import app.repairbot.engine.PhrasingCoach.Finding;
import app.repairbot.engine.PhrasingCoach.Review;
import app.repairbot.flow.CoachPurpose;
import app.repairbot.text.PhraseMatcher;

/**
 * The coach against a labelled set of phrasings written for this project, each for what its step is
 * for (coach_for): precision and recall of "needs work", printed per purpose, with floors measured
 * on this set (they are not a promise about real drafts: the set and the word lists were written by
 * the same people). And over the whole set, for every purpose: a suggestion never repeats the words
 * it flagged.
 */
class PhrasingEvaluationTests {
    private static final Path SET = Path.of("src/test/resources/coach/phrasings.tsv");

    /**
     * Floors of precision and recall per purpose, a little under what this set measured when they were
     * set (impact 1.0 / 1.0, story 1.0 / 0.97, boundary 1.0 / 0.97, appreciation 0.99 / 0.94, request
     * 1.0 / 0.92). Most of the set was written together with the word lists, so these say the lists
     * still do what they did; the lines marked "held out" were measured before the lists saw them, and
     * found far less sarcasm (see docs/flow-authoring.md).
     */
    private static final Map<CoachPurpose, double[]> FLOORS = new EnumMap<>(Map.of(
            CoachPurpose.IMPACT, new double[] {0.9, 0.85},
            CoachPurpose.APPRECIATION, new double[] {0.95, 0.9},
            CoachPurpose.STORY, new double[] {0.95, 0.9},
            CoachPurpose.BOUNDARY, new double[] {0.95, 0.9},
            CoachPurpose.REQUEST, new double[] {0.9, 0.9}));

    /** How many phrasings each purpose needs at least, harsh and gentle. */
    private static final Map<CoachPurpose, int[]> SIZES = new EnumMap<>(Map.of(
            CoachPurpose.IMPACT, new int[] {80, 80},
            CoachPurpose.APPRECIATION, new int[] {40, 40},
            CoachPurpose.STORY, new int[] {20, 40},
            CoachPurpose.BOUNDARY, new int[] {20, 40},
            CoachPurpose.REQUEST, new int[] {10, 10}));

    record Labelled(boolean harsh, CoachPurpose purpose, String text) {
    }

    private final RuleBasedCoach coach = new RuleBasedCoach();

    @Test
    void findsWhatEachStepShouldNotCarryWithoutFlaggingWhatItShould() throws IOException {
        List<Labelled> set = load();
        List<String> failures = new ArrayList<>();
        for (CoachPurpose purpose : CoachPurpose.values()) {
            List<Labelled> part = set.stream().filter(l -> l.purpose() == purpose).toList();
            long harsh = part.stream().filter(Labelled::harsh).count();
            assertThat(harsh).as("harsh phrasings for " + purpose.yamlName()).isGreaterThanOrEqualTo(SIZES.get(purpose)[0]);
            assertThat(part.size() - harsh).as("gentle phrasings for " + purpose.yamlName())
                    .isGreaterThanOrEqualTo(SIZES.get(purpose)[1]);
            int tp = 0;
            int fp = 0;
            int fn = 0;
            List<String> misses = new ArrayList<>();
            for (Labelled l : part) {
                boolean flagged = coach.review(l.text(), purpose).needsWork();
                if (flagged && l.harsh()) {
                    tp++;
                } else if (flagged) {
                    fp++;
                    misses.add("flagged but gentle: " + l.text());
                } else if (l.harsh()) {
                    fn++;
                    misses.add("missed harsh:       " + l.text());
                }
            }
            double precision = tp / (double) (tp + fp);
            double recall = tp / (double) (tp + fn);
            System.out.printf(Locale.ROOT, "coach evaluation, %s: %d phrasings (%d harsh), precision %.3f, recall %.3f "
                    + "(%d true, %d false positives, %d missed)%n", purpose.yamlName(), part.size(), harsh, precision, recall,
                    tp, fp, fn);
            misses.forEach(m -> System.out.println("  " + m));
            if (precision < FLOORS.get(purpose)[0] || recall < FLOORS.get(purpose)[1]) {
                failures.add(purpose.yamlName() + ": precision " + precision + ", recall " + recall + " under the floors "
                        + FLOORS.get(purpose)[0] + " / " + FLOORS.get(purpose)[1]);
            }
        }
        assertThat(failures).as("purposes under their floors").isEmpty();
    }

    /** Every phrasing of the set, read for every purpose: whatever is flagged is not in the suggestion. */
    @Test
    void noSuggestionRepeatsTheWordsItFlagged() throws IOException {
        int checked = 0;
        List<String> repeats = new ArrayList<>();
        for (Labelled l : load()) {
            for (CoachPurpose purpose : CoachPurpose.values()) {
                Review review = coach.review(l.text(), purpose);
                if (!review.needsWork()) {
                    continue;
                }
                checked++;
                assertThat(review.suggestion()).as("a suggestion for " + l.text()).isPresent();
                String suggestion = review.suggestion().get();
                for (Finding f : review.findings()) {
                    if (repeats(suggestion, f)) {
                        repeats.add(purpose.yamlName() + ": \"" + f.quote() + "\" in: " + suggestion + "   (from: " + l.text() + ")");
                    }
                }
            }
        }
        System.out.printf(Locale.ROOT, "coach suggestions: %d checked, %d repeat a flagged phrase%n", checked, repeats.size());
        repeats.forEach(r -> System.out.println("  " + r));
        assertThat(checked).isGreaterThan(300);
        assertThat(repeats).isEmpty();
    }

    /** Whole words, any case, apostrophes optional; shouting counts only as shouted (in capitals, or with "!!"). */
    static boolean repeats(String suggestion, Finding f) {
        if (f.why().contains("shouting")) {
            return suggestion.contains(f.quote());
        }
        return !new PhraseMatcher(List.of(f.quote())).findAll(suggestion).isEmpty();
    }

    static List<Labelled> load() throws IOException {
        List<Labelled> set = new ArrayList<>();
        for (String line : Files.readAllLines(SET, StandardCharsets.UTF_8)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\t", 2);
            String[] label = parts[0].split(":", 2);
            boolean known = parts.length == 2 && (label[0].equals("harsh") || label[0].equals("gentle"))
                    && (label.length == 1 || CoachPurpose.of(label[1]).isPresent());
            if (!known) {
                throw new IllegalStateException("bad line in " + SET + ": " + line);
            }
            CoachPurpose purpose = label.length == 1 ? CoachPurpose.IMPACT : CoachPurpose.of(label[1]).orElseThrow();
            set.add(new Labelled(label[0].equals("harsh"), purpose, parts[1]));
        }
        return set;
    }
}
