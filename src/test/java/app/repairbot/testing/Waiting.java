package app.repairbot.testing;

import java.time.Duration;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

/** Awaitility for our tests: the first check at once (Awaitility's default first waits a poll interval). */
public final class Waiting {
    private Waiting() {
    }

    /** Checks at once, then every {@code every}, for up to {@code atMost}. */
    public static ConditionFactory upTo(Duration atMost, Duration every) {
        return Awaitility.await().atMost(atMost).pollDelay(Duration.ZERO).pollInterval(every);
    }

    /** Checks at once, then every 10 ms, for up to {@code atMost}. */
    public static ConditionFactory upTo(Duration atMost) {
        return upTo(atMost, Duration.ofMillis(10));
    }
}
