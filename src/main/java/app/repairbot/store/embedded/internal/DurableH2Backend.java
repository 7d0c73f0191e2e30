package app.repairbot.store.embedded.internal;

import java.util.Locale;
import java.util.Set;
import java.util.concurrent.locks.ReentrantReadWriteLock;

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
 * So each operation of a write command (one statement: one document, or those of one updateMany) is
 * applied whole beside others ({@link WriteGate}; a command that creates or drops collections or
 * indexes, whole), and a commit runs alone in between; one commit covers every write applied before
 * it, so writers that finish together share it. A bulk write of many statements lets commits in
 * between them, so other chats' writes do not wait for all of it.
 */
public final class DurableH2Backend extends H2Backend {
    static final int PAGE_SPLIT_SIZE = Integer.getInteger("repairbot.store.page-split-size", 16 * 1024);
    private static final Set<String> WRITES = Set.of("insert", "update", "delete", "findandmodify", "create", "drop",
            "dropdatabase", "createindexes", "dropindexes", "renamecollection", "bulkwrite");
    /** Writes to the documents of one collection, named by the command's first field. */
    private static final Set<String> DOCUMENT_WRITES = Set.of("insert", "update", "delete", "findandmodify");

    /**
     * How long space that no current data uses is kept before new commits may reuse it. MVStore's
     * default of 45 s assumes a commit now and then; committing every write, the file grew by about
     * 34 KB per write kept for that long (1.5 GB at 1,000 writes a second). It must outlast a scan of a
     * collection (a reader may still be reading pages the latest commits replaced); ours take
     * milliseconds. Not for power cuts: commits are not forced to the disk anyway.
     */
    static final int RETENTION_MS = 5_000;

    /** The gate while the superclass's constructor opens the existing databases (before our fields are set). */
    private static final ThreadLocal<WriteGate> OPENING = new ThreadLocal<>();
    /**
     * Collections whose deleted documents are not wiped from the file at once: claims of a minute's
     * scheduled prompts, deleted every few seconds, which hold no one's data.
     */
    private static final Set<String> NOT_ERASED = Set.of("schedule_slots");

    private final WriteGate gate;
    private final ScrubbingFileStore file;
    /** Every command runs under its read side; a compaction, under its write side, runs with no command at all. */
    private final ReentrantReadWriteLock quiet = new ReentrantReadWriteLock();

    public DurableH2Backend(String file) {
        this(ScrubbingFileStore.open(java.nio.file.Path.of(file)));
    }

    private DurableH2Backend(ScrubbingFileStore fileStore) {
        // We commit after each write ourselves, so MVStore's background auto-commit would only compete for
        // the CPU. (Pages smaller than its default of 16 KB measured slower: docs/performance.md.)
        super(opening(new WriteGate(), retaining(new MVStore.Builder().adoptFileStore(fileStore)
                .autoCommitDisabled().pageSplitSize(PAGE_SPLIT_SIZE).open())));
        this.gate = OPENING.get();
        this.file = fileStore;
        OPENING.remove();
    }

    private static MVStore opening(WriteGate gate, MVStore store) {
        OPENING.set(gate);
        return store;
    }

    private WriteGate currentGate() {
        return gate != null ? gate : OPENING.get();
    }

    private static MVStore retaining(MVStore store) {
        store.setRetentionTime(RETENTION_MS);
        return store;
    }

    /** Its databases store documents and index keys as BSON, not with Java serialization ({@link BsonH2Database}). */
    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        WriteGate writes = currentGate();
        return writes.write(() -> BsonH2Database.open(databaseName, getMvStore(), getCursorRegistry(), writes));
    }

    @Override
    public Document handleCommand(Channel channel, String database, String command, Document query) {
        Document reply;
        quiet.readLock().lock();
        try {
            reply = handle(channel, database, command, query);
        } finally {
            quiet.readLock().unlock();
        }
        if (erases(command, query, reply)) {
            compact(false);
        }
        return reply;
    }

    /**
     * A delete that removed documents is acknowledged only once they are wiped from the file (for
     * /forget: docs/operations.md, "Deleting data").
     */
    private static boolean erases(String command, Document query, Document reply) {
        return "delete".equalsIgnoreCase(command) && !NOT_ERASED.contains(String.valueOf(query.get(command)))
                && reply.get("n") instanceof Number n && n.longValue() > 0;
    }

    private Document handle(Channel channel, String database, String command, Document query) {
        String name = command.toLowerCase(Locale.ROOT);
        if (!WRITES.contains(name)) {
            return super.handleCommand(channel, database, command, query);
        }
        try {
            if (DOCUMENT_WRITES.contains(name) && collectionExists(database, query.get(command))) {
                // its collection applies each document's write whole (BsonCollection)
                return super.handleCommand(channel, database, command, query);
            }
            // creating or dropping collections and indexes changes several maps: whole, with no commit inside
            return gate.write(() -> super.handleCommand(channel, database, command, query));
        } finally {
            if (!gate.writing()) {
                gate.commitUpTo(gate.applied(), this::commit);
            }
        }
    }

    private boolean collectionExists(String database, Object collection) {
        return collection instanceof String name && resolveDatabase(database).resolveCollection(name, false) != null;
    }

    /** What a compaction did: the file's size before and after, the bytes zeroed, and how long it took. */
    public record Compaction(long before, long after, long zeroed, long millis) {
        public long freed() {
            return before - after;
        }
    }

    /**
     * Leaves the file holding nothing but the current documents: every chunk that holds pages no longer
     * in use (old versions of documents, deleted ones) is rewritten, the chunks no longer used are freed
     * at once, the free space at the end of the file is given back and the free space between chunks is
     * overwritten with zeros. With {@code pack}, chunks are also moved together first, so that the file
     * shrinks to about the size of its data.
     *
     * <p>It runs alone: commands wait until it is done (readers too, since freed chunks are overwritten
     * at once rather than after {@link #RETENTION_MS}). Its cost grows with the chunks to rewrite, which
     * are all of them only when nothing has been compacted for a long time: docs/performance.md.
     */
    public Compaction compact(boolean pack) {
        long t0 = System.nanoTime();
        quiet.writeLock().lock();
        try {
            MVStore store = getMvStore();
            store.commit();
            long before = file.size();
            int retention = store.getRetentionTime();
            int versions = (int) store.getVersionsToKeep();
            store.setRetentionTime(0);
            store.setVersionsToKeep(0);
            try {
                for (int round = 0; round < 8 && store.compact(100, Integer.MAX_VALUE); round++) {
                    store.commit();
                }
                store.commit();
                file.dropUnusedChunks();
                if (pack) {
                    file.compactMoveChunks(100, Long.MAX_VALUE, store);
                }
                long zeroed = file.scrubFreeSpace();
                store.sync();
                return new Compaction(before, file.size(), zeroed, (System.nanoTime() - t0) / 1_000_000);
            } finally {
                store.setRetentionTime(retention);
                store.setVersionsToKeep(versions);
            }
        } finally {
            quiet.writeLock().unlock();
        }
    }

    @Override
    public void close() {
        quiet.writeLock().lock();
        try {
            super.close();
        } finally {
            quiet.writeLock().unlock();
        }
    }

    /** What this backend's collections apply their writes through (BsonCollection). */
    WriteGate gate() {
        return gate;
    }
}
