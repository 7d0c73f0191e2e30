package app.repairbot.coach;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The coach against a labelled set of phrasings written for this project: precision and recall of
 * "needs work", printed, with a floor of 0.9 and 0.85.
 */
class PhrasingEvaluationTests {
    private static final Path SET = Path.of("src/test/resources/coach/phrasings.tsv");

    record Labelled(boolean harsh, String text) {
    }

    @Test
    void findsHarshPhrasingsWithoutFlaggingGentleOnes() throws IOException {
        List<Labelled> set = load();
        assertThat(set).hasSizeGreaterThanOrEqualTo(150);
        RuleBasedCoach coach = new RuleBasedCoach();
        int tp = 0;
        int fp = 0;
        int fn = 0;
        List<String> misses = new ArrayList<>();
        for (Labelled l : set) {
            boolean flagged = coach.review(l.text()).needsWork();
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
        System.out.printf("coach evaluation on %d phrasings: precision %.3f, recall %.3f (%d true, %d false positives, %d missed)%n",
                set.size(), precision, recall, tp, fp, fn);
        misses.forEach(m -> System.out.println("  " + m));
        assertThat(precision).as("precision of 'needs work'").isGreaterThanOrEqualTo(0.9);
        assertThat(recall).as("recall of 'needs work'").isGreaterThanOrEqualTo(0.85);
    }

    static List<Labelled> load() throws IOException {
        List<Labelled> set = new ArrayList<>();
        for (String line : Files.readAllLines(SET, StandardCharsets.UTF_8)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\t", 2);
            if (parts.length != 2 || !parts[0].equals("harsh") && !parts[0].equals("gentle")) {
                throw new IllegalStateException("bad line in " + SET + ": " + line);
            }
            set.add(new Labelled(parts[0].equals("harsh"), parts[1]));
        }
        return set;
    }
}
