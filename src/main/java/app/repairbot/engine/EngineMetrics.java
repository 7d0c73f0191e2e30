package app.repairbot.engine;

import java.time.Duration;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;

/**
 * What the engine counts, in Micrometer's global registry (Spring Boot's registries join it, and
 * tests without Spring lose nothing). Counts only: never a text, never who.
 */
final class EngineMetrics {
    private static final Timer HANDLED = Timer.builder("repairbot.updates.handled")
            .description("Updates applied and stored, from arrival to stored").publishPercentiles(0.5, 0.99).register(Metrics.globalRegistry);

    private EngineMetrics() {
    }

    static void handled(Duration took) {
        HANDLED.record(took);
    }

    /** started, finished, paused, expired, stopped, per flow id. */
    static void flow(String flow, String event) {
        Counter.builder("repairbot.flows").description("Flows started, finished, paused, expired and stopped")
                .tag("flow", flow).tag("event", event).register(Metrics.globalRegistry).increment();
    }

    static void safetyFlag(Safety.Concern concern) {
        Counter.builder("repairbot.safety.flags").description("Texts the safety screen flagged (counts only)")
                .tag("kind", concern.name().toLowerCase(java.util.Locale.ROOT)).register(Metrics.globalRegistry).increment();
    }

    static void repliesSent(int n, boolean background) {
        Counter.builder("repairbot.replies.sent").description("Replies sent")
                .tag("priority", background ? "background" : "live").register(Metrics.globalRegistry).increment(n);
    }
}
