package app.repairbot.bench;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;

import app.repairbot.chat.ChatEvent;
import app.repairbot.chat.ChatId;
import app.repairbot.chat.ChatKind;
import app.repairbot.chat.Person;
import app.repairbot.chat.UserId;
import app.repairbot.coach.RuleBasedCoach;
import app.repairbot.engine.Couple;
import app.repairbot.engine.Engine;
import app.repairbot.engine.InMemoryCouples;
import app.repairbot.engine.InMemorySessionStore;
import app.repairbot.engine.Outgoing;
import app.repairbot.flow.FlowCatalog;

/**
 * Flow steps per second on one thread: whole name-the-impact conversations, round robin over
 * many couples, through the real engine and the in-memory store. A step is one handled update.
 * Run with {@code ./mvnw -Pbench -DskipTests verify} (see docs/performance.md).
 */
public final class EngineBenchmark {
    private static final int COUPLES = 1_000;
    private static final Instant START = Instant.parse("2026-11-29T18:00:00Z");

    private final Engine engine;
    private final InMemorySessionStore store = new InMemorySessionStore();
    private long update = 1;

    private EngineBenchmark() {
        FlowCatalog flows = FlowCatalog.load(Path.of("conversation-flows")).orThrow();
        InMemoryCouples couples = new InMemoryCouples();
        for (int i = 0; i < COUPLES; i++) {
            couples.pair(new Couple(group(i), alex(i), sam(i), null));
        }
        engine = new Engine(flows, couples, store, new RuleBasedCoach(), Clock.fixed(START, ZoneOffset.UTC));
    }

    private static ChatId group(int i) {
        return new ChatId(-1_000_000L - i);
    }

    private static Person alex(int i) {
        return new Person(new UserId(10_000_000L + 2L * i), "Alex");
    }

    private static Person sam(int i) {
        return new Person(new UserId(10_000_001L + 2L * i), "Sam");
    }

    /** The updates of one whole conversation of couple {@code i}, in order. */
    private ChatEvent[] conversation(int i) {
        Person a = alex(i);
        Person s = sam(i);
        return new ChatEvent[] {
            group(i, a, "/impact"),
            group(i, s, "I'm ready"),
            group(i, a, "When I come home late you're on your phone and we don't talk all evening."),
            group(i, a, "When that happens, I feel lonely. I need some time with you in the evening."),
            group(i, s, "You feel lonely when our evenings go by without talking."),
            group(i, a, "Yes, that's it"),
            group(i, a, "I go quiet instead of asking for time together."),
            group(i, s, "I reach for my phone when I'm tired and don't say so."),
            privately(s, "Phone away after dinner on weekdays."),
            privately(a, "Ask for a walk instead of waiting."),
        };
    }

    private ChatEvent group(int i, Person who, String text) {
        return new ChatEvent(update++, group(i), ChatKind.GROUP, who, START, ChatEvent.ofText(text));
    }

    private ChatEvent privately(Person who, String text) {
        return new ChatEvent(update++, ChatId.privateOf(who.id()), ChatKind.PRIVATE, who, START, ChatEvent.ofText(text));
    }

    /** Runs {@code rounds} conversations per couple; returns the nanoseconds each step took. */
    private long[] run(int rounds) {
        int steps = conversation(0).length;
        long[] nanos = new long[rounds * COUPLES * steps];
        int n = 0;
        for (int round = 0; round < rounds; round++) {
            ChatEvent[][] all = new ChatEvent[COUPLES][];
            for (int i = 0; i < COUPLES; i++) {
                all[i] = conversation(i);
            }
            for (int step = 0; step < steps; step++) {
                for (int i = 0; i < COUPLES; i++) {
                    long t0 = System.nanoTime();
                    List<Outgoing> replies = engine.handle(all[i][step]);
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
        EngineBenchmark bench = new EngineBenchmark();
        System.out.println("warming up...");
        bench.run(30);
        long[] nanos = null;
        double best = 0;
        for (int trial = 1; trial <= 5; trial++) {
            long t0 = System.nanoTime();
            long[] trialNanos = bench.run(10);
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
