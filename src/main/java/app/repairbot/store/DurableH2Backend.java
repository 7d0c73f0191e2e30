package app.repairbot.store;

import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

import org.h2.mvstore.MVStore;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;

/**
 * mongo-java-server's H2 backend as it comes commits its MVStore about once a second, so an
 * acknowledged write can vanish if the process dies. This one commits after every write command,
 * before the reply (the acknowledgement) goes back, and writes documents as BSON.
 *
 * <p>A commit never stores a write half applied. The server applies one in several maps (each index,
 * then the documents), and MVStore takes each map's state in turn as it commits, so a commit running
 * beside a write could store an index that already points to the new document with the old
 * document still in place; after a crash, the session could then not be found by the key it has.
 * Writes are applied under a shared lock and commits take it alone; one commit covers every write
 * applied before it, so writers that finish together share it.
 */
final class DurableH2Backend extends H2Backend {
    static final int PAGE_SPLIT_SIZE = Integer.getInteger("repairbot.store.page-split-size", 16 * 1024);
    private static final Set<String> WRITES = Set.of("insert", "update", "delete", "findandmodify", "create", "drop",
            "dropdatabase", "createindexes", "dropindexes", "renamecollection", "bulkwrite");

    /**
     * How long space that no current data uses is kept before new commits may reuse it. MVStore's
     * default of 45 s assumes a commit now and then; committing every write, the file grew by about
     * 34 KB per write kept for that long (1.5 GB at 1,000 writes a second). It must outlast a scan of a
     * collection (a reader may still be reading pages the latest commits replaced); ours take
     * milliseconds. Not for power cuts: commits are not forced to the disk anyway.
     */
    static final int RETENTION_MS = 5_000;

    DurableH2Backend(String file) {
        // We commit after each write ourselves, so MVStore's background auto-commit would only compete for
        // the CPU. (Pages smaller than its default of 16 KB measured slower: docs/performance.md.)
        super(retaining(new MVStore.Builder().fileName(file).autoCommitDisabled().pageSplitSize(PAGE_SPLIT_SIZE).open()));
    }

    private static MVStore retaining(MVStore store) {
        store.setRetentionTime(RETENTION_MS);
        return store;
    }

    /** Its databases store documents and index keys as BSON, not with Java serialization ({@link BsonH2Database}). */
    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        return BsonH2Database.open(databaseName, getMvStore(), getCursorRegistry());
    }

    private final ReentrantReadWriteLock applying = new ReentrantReadWriteLock();
    /** Writes applied so far, and how many of them the last commit covered. */
    private final AtomicLong applied = new AtomicLong();
    private volatile long committed;

    @Override
    public Document handleCommand(Channel channel, String database, String command, Document query) {
        if (!WRITES.contains(command.toLowerCase(Locale.ROOT))) {
            return super.handleCommand(channel, database, command, query);
        }
        return write(() -> super.handleCommand(channel, database, command, query));
    }

    /** Applies a write beside others, then returns once a commit has stored it (even if it failed half way). */
    <T> T write(Supplier<T> write) {
        long mine;
        applying.readLock().lock();
        try {
            return write.get();
        } finally {
            mine = applied.incrementAndGet();
            applying.readLock().unlock();
            if (applying.getReadHoldCount() == 0) {
                commitUpTo(mine);
            }
        }
    }

    private void commitUpTo(long write) {
        if (committed >= write) {
            return;
        }
        applying.writeLock().lock();
        try {
            if (committed < write) {
                long upTo = applied.get();
                commit();
                committed = upTo;
            }
        } finally {
            applying.writeLock().unlock();
        }
    }
}
