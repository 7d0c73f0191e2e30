package app.repairbot.store.embedded;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.bson.Document;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;

/**
 * What a compaction of the embedded store costs (docs/performance.md): a file of N sessions of about the
 * size of a running conversation's (2.7 KB), each saved four times, then the erase after one delete
 * (the first since the file was written, and the next one), and the scheduled compaction, while another
 * thread keeps writing and records its slowest write.
 *
 * <p>{@code java -cp … app.repairbot.store.embedded.CompactionBenchmark [sessions]} (default 10,000).
 */
public final class CompactionBenchmark {
    private CompactionBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int sessions = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        Path dir = Files.createTempDirectory("compaction-bench");
        Random random = new Random(1);
        try (EmbeddedMongo server = EmbeddedMongo.start(dir); MongoClient client = MongoClients.create(server.connectionString())) {
            MongoCollection<Document> coll = client.getDatabase("repairbot").getCollection("sessions");
            long t0 = System.nanoTime();
            for (int round = 0; round < 4; round++) {
                List<Document> batch = new ArrayList<>();
                for (int i = 0; i < sessions; i++) {
                    Document d = session(i, round, random);
                    if (round == 0) {
                        batch.add(d);
                        if (batch.size() == 500) {
                            coll.insertMany(batch);
                            batch.clear();
                        }
                    } else {
                        coll.replaceOne(Filters.eq("_id", (long) i), d);
                    }
                }
                if (!batch.isEmpty()) {
                    coll.insertMany(batch);
                }
            }
            System.out.printf("wrote %,d sessions, each saved 4 times, in %.1f s; file %s%n", sessions,
                    (System.nanoTime() - t0) / 1e9, ScheduledCompaction.size(Files.size(dir.resolve(EmbeddedMongo.FILE))));

            measure("erase after a delete, first since the file was written", server, coll, () -> coll.deleteOne(Filters.eq("_id", 1L)));
            for (int i = 0; i < 200; i++) {
                coll.updateOne(Filters.eq("_id", (long) (100 + i)), Updates.inc("version", 1));
            }
            measure("erase after a delete, 200 saves later", server, coll, () -> coll.deleteOne(Filters.eq("_id", 2L)));
            for (int i = 0; i < sessions; i++) {
                coll.updateOne(Filters.eq("_id", (long) i), Updates.inc("version", 1));
            }
            measure("scheduled compaction, every session saved once since", server, coll, () -> System.out.println("  "
                    + server.compact()));
            measure("scheduled compaction again, nothing changed", server, coll, () -> System.out.println("  "
                    + server.compact()));
        }
    }

    private static Document session(int i, int round, Random random) {
        byte[] sealed = new byte[1400];
        random.nextBytes(sealed);
        String text = "gcm1:" + Base64.getEncoder().encodeToString(sealed);
        return new Document("_id", (long) i).append("version", (long) round + 1)
                .append("run", new Document("flow", "name-the-impact").append("step", "impact")
                        .append("people", List.of(new Document("id", 7_000_000L + 2 * i).append("name", "Alex"),
                                new Document("id", 7_000_001L + 2 * i).append("name", "Sam")))
                        .append("answers", new Document("impact", text)))
                .append("outbox", List.of(new Document("id", (long) round).append("text", text.substring(0, 400))))
                .append("applied", List.of(1L, 2L, 3L));
    }

    private static void measure(String what, EmbeddedMongo server, MongoCollection<Document> coll, Runnable action)
            throws InterruptedException {
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong slowest = new AtomicLong();
        Thread other = new Thread(() -> {
            long i = 0;
            while (running.get()) {
                long t = System.nanoTime();
                coll.updateOne(Filters.eq("_id", 5000L + (i++ % 100)), Updates.inc("version", 1));
                slowest.accumulateAndGet(System.nanoTime() - t, Math::max);
            }
        });
        other.start();
        Thread.sleep(200);
        slowest.set(0);
        long t = System.nanoTime();
        action.run();
        long took = System.nanoTime() - t;
        Thread.sleep(100);
        running.set(false);
        other.join();
        System.out.printf("%s: %.0f ms; another chat's slowest write meanwhile %.0f ms%n", what, took / 1e6, slowest.get() / 1e6);
    }
}
