package app.repairbot.safety;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

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
        // Measured 2026-12-03 (late) with the fine-tuned encoder, on the held-out part as batch 7 made it (826 crisis,
        // 736 abuse, 1,153 benign): benign 0.050 (the target), crisis 0.780, abuse 0.823 (target 0.95: not met).
        assertThat(r.benignFlagRate()).as("benign texts flagged").isLessThanOrEqualTo(0.055);
        assertThat(r.recall(Label.CRISIS)).as("crisis recall").isGreaterThanOrEqualTo(0.76);
        assertThat(r.recall(Label.ABUSE)).as("abuse recall").isGreaterThanOrEqualTo(0.80);
        assertThat(r.rightKind(Label.ABUSE)).as("abuse flagged as abuse").isGreaterThanOrEqualTo(0.79);
    }

    /**
     * The set in {@code safety-corpus/blind/}, written by someone who never saw the corpus, the lists
     * or the model, and never used for training or tuning (safety-train does not read that folder).
     */
    @Test
    void recallAndFalseAlarmsOnTheSetWrittenApart() {
        SafetyEvaluation.Result r = SafetyEvaluation.evaluate(ScreeningSafety.full(new SafetySettings("", "")),
                SafetyCorpus.read(Path.of("safety-corpus", "blind", "written-apart.tsv")));
        assertThat(r.total().get(Label.CRISIS)).isEqualTo(200);
        assertThat(r.total().get(Label.BENIGN)).isEqualTo(300);
        // Measured 2026-12-03 (late) with the fine-tuned encoder: crisis 0.930, abuse 0.855, benign 0.037.
        assertThat(r.benignFlagRate()).as("benign texts flagged").isLessThanOrEqualTo(0.05);
        assertThat(r.recall(Label.CRISIS)).as("crisis recall").isGreaterThanOrEqualTo(0.91);
        assertThat(r.recall(Label.ABUSE)).as("abuse recall").isGreaterThanOrEqualTo(0.83);
    }

    @Test
    void theCommandPrintsRecallFalseAlarmsAndEveryMiss() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(SafetyEvaluation.run(HELD_OUT, new PrintStream(out, true, StandardCharsets.UTF_8))).isZero();
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines.get(0)).matches("crisis  recall 0\\.\\d{3} \\(\\d+ of \\d+ flagged; \\d+ as crisis\\)");
        assertThat(lines.get(1)).startsWith("abuse   recall ");
        assertThat(lines.get(2)).startsWith("benign  flagged ");
        assertThat(lines).anyMatch(l -> l.startsWith("missed crisis: ")).anyMatch(l -> l.startsWith("missed abuse: "));
    }
}
