package app.repairbot.safety;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import app.repairbot.safety.SafetyCorpus.Label;

/**
 * The screen on the held-out part of the corpus, which neither training nor the choice of the
 * threshold ever saw, and on a set written apart. The figures and the targets are in
 * docs/performance.md: the bounds here are today's measured figures (so a change that makes the
 * screen worse fails), below the target of 0.95 recall, which the screen does not reach yet.
 */
class SafetyEvaluationTests {
    static final Path HELD_OUT = Path.of("safety-corpus", SafetyTraining.HELD_OUT);

    @Test
    void heldOutRecallAndFalseAlarms() {
        SafetyEvaluation.Result r = SafetyEvaluation.evaluate(ScreeningSafety.full(new SafetySettings("", "")), SafetyCorpus.read(HELD_OUT));
        assertThat(r.total().get(Label.CRISIS)).isGreaterThan(200);
        assertThat(r.total().get(Label.ABUSE)).isGreaterThan(200);
        assertThat(r.total().get(Label.BENIGN)).isGreaterThan(300);
        // Measured 2026-12-04 with the cross-fit encoder and thresholds, on the held-out part as batch 8 made it
        // (943 crisis, 855 abuse, 1,330 benign): benign 0.049 (target 0.05), crisis 0.848, abuse 0.851 (target 0.95: not met).
        // The pair before (2026-12-03, night) read 0.050 / 0.837 / 0.849.
        assertThat(r.benignFlagRate()).as("benign texts flagged").isLessThanOrEqualTo(0.055);
        assertThat(r.recall(Label.CRISIS)).as("crisis recall").isGreaterThanOrEqualTo(0.83);
        assertThat(r.recall(Label.ABUSE)).as("abuse recall").isGreaterThanOrEqualTo(0.835);
        assertThat(r.rightKind(Label.ABUSE)).as("abuse flagged as abuse").isGreaterThanOrEqualTo(0.82);
    }

    /**
     * Read closely, as in a private chat within the hour after a flag there: more of both concerns,
     * at the cost of more false alarms (which there cost only a short answer with the help lines).
     */
    @Test
    void heldOutFiguresWhenReadingClosely() {
        ScreeningSafety screen = ScreeningSafety.full(new SafetySettings("", ""));
        List<SafetyCorpus.Example> heldOut = SafetyCorpus.read(HELD_OUT);
        SafetyEvaluation.Result usual = SafetyEvaluation.evaluate(screen, heldOut);
        SafetyEvaluation.Result close = SafetyEvaluation.evaluateClosely(screen, heldOut);
        // Measured 2026-12-04: crisis 0.976, abuse 0.971, benign 0.154.
        assertThat(close.recall(Label.CRISIS)).isGreaterThanOrEqualTo(0.95).isGreaterThan(usual.recall(Label.CRISIS));
        assertThat(close.recall(Label.ABUSE)).isGreaterThanOrEqualTo(0.95).isGreaterThan(usual.recall(Label.ABUSE));
        assertThat(close.benignFlagRate()).isLessThanOrEqualTo(0.17);
    }

    /**
     * The sets in {@code safety-corpus/blind/}, each written by people who never saw the corpus, the
     * lists or the model, and never used for training or tuning (safety-train does not read that
     * folder): the first in many voices; the second the hardest cases (indirect disclosures, messy
     * typing, and ordinary messages in the same style that share their words); the third long
     * messages with the disclosure in one sentence, and short ones typed fast.
     */
    @ParameterizedTest
    @CsvSource({
            // file, crisis, abuse, benign texts; then floors under the figures measured 2026-12-04 (cross-fit pair):
            // first 0.955 / 0.900 / benign 0.037; second 0.812 / 0.875 / 0.116; third 0.835 / 0.868 / 0.063.
            "written-apart.tsv,   200, 200, 300, 0.93, 0.88, 0.05",
            "written-apart-2.tsv, 218, 208, 303, 0.79, 0.85, 0.125",
            "written-apart-3.tsv, 401, 400, 600, 0.81, 0.85, 0.075"})
    void recallAndFalseAlarmsOnTheSetsWrittenApart(String file, int crisis, int abuse, int benign, double crisisFloor, double abuseFloor,
                                                   double benignCeiling) {
        SafetyEvaluation.Result r = SafetyEvaluation.evaluate(ScreeningSafety.full(new SafetySettings("", "")),
                SafetyCorpus.read(Path.of("safety-corpus", "blind", file)));
        assertThat(List.of(r.total().get(Label.CRISIS), r.total().get(Label.ABUSE), r.total().get(Label.BENIGN)))
                .containsExactly(crisis, abuse, benign);
        assertThat(r.benignFlagRate()).as("benign texts flagged").isLessThanOrEqualTo(benignCeiling);
        assertThat(r.recall(Label.CRISIS)).as("crisis recall").isGreaterThanOrEqualTo(crisisFloor);
        assertThat(r.recall(Label.ABUSE)).as("abuse recall").isGreaterThanOrEqualTo(abuseFloor);
    }

    @Test
    void theCommandPrintsRecallFalseAlarmsAndEveryMiss() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(SafetyEvaluation.run(HELD_OUT, new PrintStream(out, true, StandardCharsets.UTF_8))).isZero();
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines.get(0)).matches("crisis  recall 0\\.\\d{3} \\(\\d+ of \\d+ flagged; \\d+ as crisis\\)");
        assertThat(lines.get(1)).startsWith("abuse   recall ");
        assertThat(lines.get(2)).startsWith("benign  flagged ");
        assertThat(lines.get(4)).matches("read closely \\(in a private chat within the hour after a flag there\\): crisis 0\\.\\d{3}, "
                + "abuse 0\\.\\d{3}, benign flagged 0\\.\\d{3}");
        assertThat(lines).anyMatch(l -> l.startsWith("missed crisis: ")).anyMatch(l -> l.startsWith("missed abuse: "));
    }
}
