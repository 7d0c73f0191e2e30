package app.repairbot.store.mongo;

import java.time.Duration;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.mongodb.MongoException;
import com.mongodb.MongoNodeIsRecoveringException;
import com.mongodb.MongoNotPrimaryException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;

/**
 * Retries a store operation while MongoDB is unreachable or changing primaries, with exponential
 * backoff, for up to a time budget: the event being handled waits instead of being dropped. Past
 * the budget the error goes up (a channel then leaves the update unconfirmed, to be delivered again).
 */
final class Retry {
    private static final Logger log = LoggerFactory.getLogger(Retry.class);
    private static final Duration FIRST_WAIT = Duration.ofMillis(100);
    private static final Duration LONGEST_WAIT = Duration.ofSeconds(5);

    private final Duration budget;

    Retry(Duration budget) {
        this.budget = budget;
    }

    <T> T run(String what, Supplier<T> operation) {
        long deadline = System.nanoTime() + budget.toNanos();
        Duration wait = FIRST_WAIT;
        for (int attempt = 1; ; attempt++) {
            try {
                T result = operation.get();
                if (attempt > 1) {
                    log.info("MongoDB answered again; {} went through after {} attempts", what, attempt);
                }
                return result;
            } catch (MongoException e) {
                if (!isTransient(e) || System.nanoTime() + wait.toNanos() > deadline) {
                    throw e;
                }
                log.warn("MongoDB unavailable during {} ({}); trying again in {} ms", what, e.getClass().getSimpleName(),
                        wait.toMillis());
                sleep(wait);
                wait = wait.multipliedBy(2).compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : wait.multipliedBy(2);
            }
        }
    }

    static boolean isTransient(MongoException e) {
        return e instanceof MongoTimeoutException || e instanceof MongoSocketException
                || e instanceof MongoNotPrimaryException || e instanceof MongoNodeIsRecoveringException
                || e.hasErrorLabel(MongoException.TRANSIENT_TRANSACTION_ERROR_LABEL)
                || e.hasErrorLabel("RetryableWriteError");
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for MongoDB", e);
        }
    }
}
