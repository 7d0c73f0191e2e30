package app.repairbot.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import app.repairbot.safety.PhraseScreen;
import app.repairbot.safety.SafetyCorpus;
import app.repairbot.safety.SafetySettings;
import app.repairbot.safety.ScreeningSafety;

/**
 * The cost of screening one text: every text of the corpus (as people write them, 1 to 60 words),
 * five times over after a warm-up, through the phrase layer alone and through both layers as the
 * service runs them; then the worst case, a 4,096-character text (Telegram's longest message).
 * Run with {@code ./mvnw -Pbench -DskipTests verify} (see docs/performance.md).
 */
public final class SafetyBenchmark {
    private SafetyBenchmark() {
    }

    public static void main(String[] args) {
        List<String> texts = new ArrayList<>();
        for (String f : List.of("train.tsv", "heldout.tsv")) {
            SafetyCorpus.read(Path.of("safety-corpus", f)).forEach(e -> texts.add(e.text()));
        }
        long t0 = System.nanoTime();
        ScreeningSafety full = ScreeningSafety.full(new SafetySettings("", ""));
        full.screen("load the model");
        System.out.printf("model loaded in %.0f ms; %d texts%n", (System.nanoTime() - t0) / 1e6, texts.size());
        PhraseScreen phrases = new PhraseScreen();
        report("phrases only", texts, phrases::screen);
        report("both layers ", texts, full::screen);
        String longest = ("I don't know how to say this. " + "We talked about the dishes and the holiday again. ".repeat(90))
                .substring(0, 4096);
        long[] nanos = new long[20];
        for (int i = 0; i < nanos.length; i++) {
            long s = System.nanoTime();
            full.screen(longest);
            nanos[i] = System.nanoTime() - s;
        }
        Arrays.sort(nanos);
        System.out.printf("4,096 characters, both layers: median %.1f ms, max %.1f ms%n", nanos[10] / 1e6, nanos[19] / 1e6);
    }

    private static void report(String name, List<String> texts, java.util.function.Function<String, ?> screen) {
        texts.forEach(screen::apply);
        long[] nanos = new long[texts.size() * 5];
        int n = 0;
        for (int round = 0; round < 5; round++) {
            for (String t : texts) {
                long s = System.nanoTime();
                screen.apply(t);
                nanos[n++] = System.nanoTime() - s;
            }
        }
        Arrays.sort(nanos);
        System.out.printf("%s: per text p50 %.2f ms, p99 %.2f ms, max %.2f ms%n", name, nanos[n / 2] / 1e6,
                nanos[(int) (n * 0.99)] / 1e6, nanos[n - 1] / 1e6);
    }
}
