package app.repairbot.store;

import java.util.Locale;
import java.util.Set;

import org.h2.mvstore.MVStore;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;

/**
 * mongo-java-server's H2 backend as it comes commits its MVStore about once a second, so an
 * acknowledged write can vanish if the process dies. This one commits after every write command,
 * before the reply (the acknowledgement) goes back, and writes documents as BSON.
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

    @Override
    public Document handleCommand(Channel channel, String database, String command, Document query) {
        Document reply = super.handleCommand(channel, database, command, query);
        if (WRITES.contains(command.toLowerCase(Locale.ROOT))) {
            commit();
        }
        return reply;
    }
}
