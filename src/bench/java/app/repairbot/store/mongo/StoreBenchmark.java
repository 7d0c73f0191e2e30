package app.repairbot.store.mongo;

import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.bson.Document;
import org.bson.RawBsonDocument;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;

import app.repairbot.chat.ChatEvent;
import app.repairbot.coach.RuleBasedCoach;
import app.repairbot.safety.ScreeningSafety;
import app.repairbot.engine.Engine;
import app.repairbot.engine.OutboxSender;
import app.repairbot.flow.FlowCatalog;
import app.repairbot.bench.TempFolders;
import app.repairbot.testing.Conversations;

import app.repairbot.store.crypto.TextCipher;
import app.repairbot.store.embedded.EmbeddedMongo;

/**
 * Handled updates per second through the engine and the embedded, durable store, set up as the
 * service sets up the embedded store (session cache, couples in memory, marks of sent replies in
 * batches): each update is applied and saved (one write), then its replies are marked sent (carried
 * by the chat's next save, or a batch). Also the size of a session document through a whole
 * name-the-impact, and of the store's file after the run.
 * Run with {@code ./mvnw -Pbench -DskipTests verify} (see docs/performance.md).
 */
public final class StoreBenchmark {
    /** The couple whose session document is measured. */
    private static final int SIZED = 999_999;

    public static void main(String[] args) throws Exception {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        int couples = args.length > 1 ? Integer.parseInt(args[1]) : 400;
        Path dir = TempFolders.deletedAtExit("repairbot-bench");
        try (EmbeddedMongo server = EmbeddedMongo.start(dir); MongoClient client = MongoClients.create(server.connectionString())) {
            var db = client.getDatabase("repairbot");
            TextCipher cipher = new TextCipher(new javax.crypto.spec.SecretKeySpec(new byte[32], "AES"));
            MongoSessionStore mongo = new MongoSessionStore(db, cipher);
            mongo.createIndexes();
            CachingSessionStore store = new CachingSessionStore(mongo, 20_000, CachingSessionStore.MARK_DELAY);
            MongoCouples mongoCouples = new MongoCouples(db);
            mongoCouples.createIndexes();
            CachingCouples directory = new CachingCouples(mongoCouples, 20_000);
            for (int i = 0; i < couples; i++) {
                directory.pair(Conversations.couple(i));
            }
            directory.pair(Conversations.couple(SIZED));
            Engine engine = new Engine(FlowCatalog.load(Path.of("conversation-flows")).orThrow(), directory, store,
                    new RuleBasedCoach(), ScreeningSafety.phrasesOnly(), Clock.fixed(Conversations.NOW, ZoneOffset.UTC));
            OutboxSender sender = new OutboxSender(store, reply -> { });
            sizes(engine, sender, store, db.getCollection("sessions").withDocumentClass(RawBsonDocument.class));

            System.out.println("warming up...");
            run(engine, sender, threads, couples, 4, 1_000_000);
            for (int trial = 1; trial <= 5; trial++) {
                long t0 = System.nanoTime();
                long[] nanos = run(engine, sender, threads, couples, 2, (trial + 1) * 1_000_000L);
                double seconds = (System.nanoTime() - t0) / 1e9;
                Arrays.sort(nanos);
                System.out.printf("trial %d, %d threads: %,d updates in %.2f s = %,.0f updates/s; p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                        trial, threads, nanos.length, seconds, nanos.length / seconds, nanos[nanos.length / 2] / 1e6,
                        nanos[(int) (nanos.length * 0.99)] / 1e6, nanos[nanos.length - 1] / 1e6);
            }
            store.close();
            System.out.printf("embedded store's file after the run: %,d MB%n", TempFolders.size(dir) >> 20);
        }
    }

    /** Prints the session document's size after each update of one whole conversation. */
    private static void sizes(Engine engine, OutboxSender sender, CachingSessionStore store,
            MongoCollection<RawBsonDocument> sessions) {
        int max = 0;
        for (ChatEvent e : Conversations.nameTheImpact(SIZED, 1)) {
            engine.handle(e);
            max = Math.max(max, size(sessions));
            sender.send(Conversations.group(SIZED));
        }
        store.writeMarks();
        System.out.printf("session document of name-the-impact: at most %,d bytes while it runs (replies still queued), "
                + "%,d bytes once finished and sent%n", max, size(sessions));
    }

    private static int size(MongoCollection<RawBsonDocument> sessions) {
        return sessions.find(new Document("_id", Conversations.group(SIZED).value())).first().getByteBuffer().remaining();
    }

    private static long[] run(Engine engine, OutboxSender sender, int threads, int couples, int rounds, long firstUpdate)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        int steps = Conversations.UPDATES;
        long[] nanos = new long[couples * steps * rounds];
        AtomicInteger n = new AtomicInteger();
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < couples; c++) {
                int couple = c;
                done.add(pool.submit(() -> {
                    for (int r = 0; r < rounds; r++) {
                        for (ChatEvent e : Conversations.nameTheImpact(couple, firstUpdate + r * 100L)) {
                            long t0 = System.nanoTime();
                            sender.sendQueued(engine.handle(e));
                            nanos[n.getAndIncrement()] = System.nanoTime() - t0;
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        return nanos;
    }
}
