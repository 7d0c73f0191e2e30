package app.repairbot.bench;

import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import app.repairbot.chat.ChatEvent;
import app.repairbot.coach.RuleBasedCoach;
import app.repairbot.engine.Engine;
import app.repairbot.flow.FlowCatalog;
import app.repairbot.safety.SafetySettings;
import app.repairbot.safety.ScreeningSafety;
import app.repairbot.session.InMemoryCouples;
import app.repairbot.session.InMemorySessionStore;
import app.repairbot.session.Outgoing;
import app.repairbot.testing.Conversations;

/**
 * Flow steps per second on one thread: whole name-the-impact conversations, round robin over
 * many couples, through the real engine and the in-memory store. A step is one handled update.
 * Run with {@code ./mvnw -Pbench -DskipTests verify} (see docs/performance.md). With the argument
 * {@code phrases}, texts pass the safety screen's phrase layer only (the engine's own cost); by
 * default both layers, as in the service (fewer rounds: the embedding is most of a step then).
 */
public final class EngineBenchmark {
    private static final int COUPLES = 1_000;

    private final Engine engine;
    private final InMemorySessionStore store = new InMemorySessionStore();
    private long update = 1;

    private EngineBenchmark(boolean fullScreen) {
        FlowCatalog flows = FlowCatalog.load(Path.of("conversation-flows")).orThrow();
        InMemoryCouples couples = new InMemoryCouples();
        for (int i = 0; i < COUPLES; i++) {
            couples.pair(Conversations.couple(i));
        }
        engine = new Engine(flows, couples, store, new RuleBasedCoach(), fullScreen ? ScreeningSafety.full(new SafetySettings("", "")) : ScreeningSafety.phrasesOnly(), Clock.fixed(Conversations.NOW, ZoneOffset.UTC));
    }

    /** Runs {@code rounds} conversations per couple; returns the nanoseconds each step took. */
    private long[] run(int rounds) {
        int steps = Conversations.UPDATES;
        long[] nanos = new long[rounds * COUPLES * steps];
        int n = 0;
        for (int round = 0; round < rounds; round++) {
            List<List<ChatEvent>> all = new ArrayList<>();
            for (int i = 0; i < COUPLES; i++) {
                all.add(Conversations.nameTheImpact(i, update));
                update += steps;
            }
            for (int step = 0; step < steps; step++) {
                for (int i = 0; i < COUPLES; i++) {
                    long t0 = System.nanoTime();
                    List<Outgoing> replies = engine.handle(all.get(i).get(step));
                    store.markSent(replies.get(0).session(), replies.stream().map(Outgoing::id).toList());
                    nanos[n++] = System.nanoTime() - t0;
                    if (replies.isEmpty()) {
                        throw new IllegalStateException("step " + step + " of couple " + i + " got no reply");
                    }
                }
            }
        }
        return nanos;
    }

    public static void main(String[] args) {
        boolean full = args.length == 0 || !args[0].equals("phrases");
        EngineBenchmark bench = new EngineBenchmark(full);
        System.out.println("safety screen: " + (full ? "phrases and meaning" : "phrases only") + "; warming up...");
        bench.run(full ? 1 : 30);
        int rounds = full ? 1 : 10;
        long[] nanos = null;
        double best = 0;
        for (int trial = 1; trial <= 5; trial++) {
            long t0 = System.nanoTime();
            long[] trialNanos = bench.run(rounds);
            double seconds = (System.nanoTime() - t0) / 1e9;
            double perSecond = trialNanos.length / seconds;
            System.out.printf("trial %d: %,d steps in %.2f s = %,.0f steps/s%n", trial, trialNanos.length, seconds, perSecond);
            if (perSecond > best) {
                best = perSecond;
                nanos = trialNanos;
            }
        }
        Arrays.sort(nanos);
        System.out.printf("best: %,.0f steps/s; per step p50 %.1f us, p99 %.1f us, max %.1f us%n", best,
                nanos[nanos.length / 2] / 1e3, nanos[(int) (nanos.length * 0.99)] / 1e3, nanos[nanos.length - 1] / 1e3);
        System.out.printf("heap used after the run: %,d MiB%n",
                (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20);
    }
}
