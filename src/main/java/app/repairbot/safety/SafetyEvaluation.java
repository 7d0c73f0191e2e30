package app.repairbot.safety;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import app.repairbot.engine.Safety;
import app.repairbot.engine.Safety.Concern;
import app.repairbot.safety.SafetyCorpus.Example;
import app.repairbot.safety.SafetyCorpus.Label;

/**
 * {@code safety-eval FILE}: screens every {@code label<TAB>text} line of FILE with both layers and
 * prints the recall for each concern (flagged at all, and flagged as that concern), the share of
 * benign texts flagged, the time per text, the same figures when the screen reads closely (after a
 * recent flag), and every miss and false alarm.
 */
public final class SafetyEvaluation {

    /** What an evaluation found. {@code recall}: flagged at all; {@code rightKind}: flagged as that concern. */
    public record Result(Map<Label, Integer> total, Map<Label, Integer> flagged, Map<Label, Integer> rightKind,
                         List<Example> missed, List<Example> falseAlarms, long[] nanos) {
        public double recall(Label l) {
            return (double) flagged.getOrDefault(l, 0) / Math.max(1, total.getOrDefault(l, 0));
        }

        public double rightKind(Label l) {
            return (double) rightKind.getOrDefault(l, 0) / Math.max(1, total.getOrDefault(l, 0));
        }

        public double benignFlagRate() {
            return recall(Label.BENIGN);
        }

        public double percentileMillis(double p) {
            long[] sorted = nanos.clone();
            Arrays.sort(sorted);
            return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] / 1e6;
        }
    }

    private SafetyEvaluation() {
    }

    public static Result evaluate(Safety safety, List<Example> examples) {
        return evaluate(safety::screen, examples);
    }

    /** The screen as it reads in a private chat within the hour after a flag there ({@link Safety#screenClosely}). */
    public static Result evaluateClosely(Safety safety, List<Example> examples) {
        return evaluate(safety::screenClosely, examples);
    }

    private static Result evaluate(Function<String, Optional<Concern>> screen, List<Example> examples) {
        Map<Label, Integer> total = new EnumMap<>(Label.class);
        Map<Label, Integer> flagged = new EnumMap<>(Label.class);
        Map<Label, Integer> rightKind = new EnumMap<>(Label.class);
        List<Example> missed = new ArrayList<>();
        List<Example> falseAlarms = new ArrayList<>();
        long[] nanos = new long[examples.size()];
        for (int i = 0; i < examples.size(); i++) {
            Example e = examples.get(i);
            long t0 = System.nanoTime();
            Optional<Concern> found = screen.apply(e.text());
            nanos[i] = System.nanoTime() - t0;
            total.merge(e.label(), 1, Integer::sum);
            if (found.isPresent()) {
                flagged.merge(e.label(), 1, Integer::sum);
                if (e.label() == Label.BENIGN) {
                    falseAlarms.add(e);
                } else if (found.get().holds() == (e.label() == Label.ABUSE)) {
                    // The kind that leads to the right answer: a hold for abuse (harm by the writer is a kind of it, answered
                    // as such), a pause and the crisis lines for crisis.
                    rightKind.merge(e.label(), 1, Integer::sum);
                }
            } else if (e.label() != Label.BENIGN) {
                missed.add(e);
            }
        }
        return new Result(total, flagged, rightKind, missed, falseAlarms, nanos);
    }

    public static int run(Path file, PrintStream out) {
        List<Example> examples = SafetyCorpus.read(file);
        ScreeningSafety safety = ScreeningSafety.full(new SafetySettings("", ""));
        safety.screen("warm up the model");
        Result r = evaluate(safety, examples);
        for (Label l : List.of(Label.CRISIS, Label.ABUSE)) {
            out.printf("%-7s recall %.3f (%d of %d flagged; %d as %s)%n", l.word(), r.recall(l), r.flagged().getOrDefault(l, 0),
                    r.total().getOrDefault(l, 0), r.rightKind().getOrDefault(l, 0), l.word());
        }
        out.printf("benign  flagged %.3f (%d of %d)%n", r.benignFlagRate(), r.flagged().getOrDefault(Label.BENIGN, 0),
                r.total().getOrDefault(Label.BENIGN, 0));
        out.printf("time    p50 %.2f ms, p99 %.2f ms, max %.2f ms per text%n", r.percentileMillis(0.5), r.percentileMillis(0.99),
                r.percentileMillis(1.0));
        Result close = evaluateClosely(safety, examples);
        out.printf("read closely (in a private chat within the hour after a flag there): crisis %.3f, abuse %.3f, benign flagged %.3f%n",
                close.recall(Label.CRISIS), close.recall(Label.ABUSE), close.benignFlagRate());
        r.missed().forEach(e -> out.println("missed " + e.label().word() + ": " + e.text()));
        r.falseAlarms().forEach(e -> out.println("false alarm: " + e.text()));
        return 0;
    }
}
