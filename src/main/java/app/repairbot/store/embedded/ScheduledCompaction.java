package app.repairbot.store.embedded;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import app.repairbot.store.embedded.internal.DurableH2Backend;

/**
 * Compacts the embedded store's file every so often ({@code REPAIRBOT_DATA_COMPACT_EVERY}, default 6 hours),
 * on a thread of its own: old versions of documents are wiped and the file shrinks to about the size of its
 * data. Nothing with a real MongoDB, or with an interval of 0.
 */
public final class ScheduledCompaction implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ScheduledCompaction.class);

    private final EmbeddedMongo store;
    private final ScheduledExecutorService timer;

    public ScheduledCompaction(Optional<EmbeddedMongo> store, Duration every) {
        this.store = store.orElse(null);
        if (this.store == null || every.isZero()) {
            this.timer = null;
            return;
        }
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "store-compaction");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::run, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    void run() {
        try {
            DurableH2Backend.Compaction c = store.compact();
            log.info("Compacted the embedded store: {} to {} ({} freed) in {} ms", size(c.before()), size(c.after()),
                    size(Math.max(0, c.freed())), c.millis());
        } catch (RuntimeException e) {
            log.warn("Could not compact the embedded store ({}); trying again at the next interval", e.toString(), e);
        }
    }

    static String size(long bytes) {
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KB", bytes / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024));
    }

    @Override
    public void close() {
        if (timer != null) {
            // not shutdownNow: an interrupt in the middle of a file write closes MVStore's file channel
            timer.shutdown();
            try {
                timer.awaitTermination(1, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
