package app.repairbot.store.embedded.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.bson.Document;
import org.h2.mvstore.MVMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;

import app.repairbot.store.embedded.EmbeddedMongo;
import app.repairbot.testing.Waiting;

/**
 * The embedded store's collections and commits: what they hold never changes after it is stored,
 * a commit never stores a write half applied, and a restart reads what was written.
 */
class BsonCollectionTests {
    @TempDir
    Path dir;

    @Test
    void aDocumentHandedOutIsTheCallersOwnSoChangingItCannotReachWhatACommitWrites() {
        DurableH2Backend backend = new DurableH2Backend(dir.resolve("direct.mv").toString());
        try {
            BsonCollection things = (BsonCollection) backend.resolveDatabase("repairbot").createCollectionOrThrowIfExists("things");
            things.addDocument(new de.bwaldvogel.mongo.bson.Document("_id", 1L).append("text", "as stored"));

            // the embedded server applies an update by changing what it was handed, field by field
            de.bwaldvogel.mongo.bson.Document handedOut = things.getDocument(1L);
            handedOut.put("text", "half changed");
            handedOut.remove("_id");

            assertThat(things.getDocument(1L)).containsEntry("text", "as stored").containsEntry("_id", 1L);
            assertThat(things.getDocument(1L)).isNotSameAs(things.getDocument(1L));
        } finally {
            backend.close();
        }
    }

    @Test
    void aCommitWaitsForTheWritesBeingAppliedAndOneCommitCoversThemAll() throws Exception {
        DurableH2Backend backend = new DurableH2Backend(dir.resolve("commits.mv").toString());
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch halfWay = new CountDownLatch(1);
            CountDownLatch finish = new CountDownLatch(1);
            MVMap<String, String> map = backend.getMvStore().openMap("writes");
            backend.commit();
            long versionBefore = backend.getMvStore().getCurrentVersion();
            WriteGate gate = backend.gate();
            Future<String> slow = pool.submit(() -> gate.write(() -> {
                map.put("slow", "first half");
                halfWay.countDown();
                await(finish);
                map.put("slow", "applied");
                return "slow";
            }));
            assertThat(halfWay.await(5, TimeUnit.SECONDS)).isTrue();

            Future<?> quick = pool.submit(() -> {
                gate.write(() -> map.put("quick", "applied"));
                gate.commitUpTo(gate.applied(), backend::commit);
            });
            Waiting.upTo(Duration.ofSeconds(1)).during(Duration.ofMillis(300)).untilAsserted(() ->
                    assertThat(quick.isDone()).as("the quick write's commit waits for the slow write to be applied").isFalse());
            assertThat(backend.getMvStore().getCurrentVersion()).isEqualTo(versionBefore);

            finish.countDown();
            quick.get(5, TimeUnit.SECONDS);
            assertThat(slow.get(5, TimeUnit.SECONDS)).isEqualTo("slow");
            assertThat(backend.getMvStore().getCurrentVersion()).isEqualTo(versionBefore + 1);
            assertThat(backend.getMvStore().hasUnsavedChanges()).isFalse();
        } finally {
            pool.shutdownNow();
            backend.close();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void everyWayOfWritingReadsTheSameBeforeAndAfterARestart() {
        List<Document> before = new ArrayList<>();
        try (EmbeddedMongo server = EmbeddedMongo.start(dir); MongoClient client = MongoClients.create(server.connectionString())) {
            MongoCollection<Document> things = client.getDatabase("repairbot").getCollection("things");
            things.insertOne(new Document("_id", "a").append("n", 1).append("tags", List.of("x")));
            things.insertMany(List.of(new Document("_id", "b").append("n", 2), new Document("_id", "c").append("n", 3)));
            things.replaceOne(new Document("_id", "b"), new Document("n", 20).append("note", "replaced"));
            things.updateOne(new Document("_id", "a"), Updates.combine(Updates.set("text", "I felt unheard"),
                    Updates.inc("n", 5), Updates.push("tags", "y")));
            things.updateOne(new Document("_id", "c"), Updates.unset("n"));
            things.updateOne(new Document("_id", "d"), Updates.setOnInsert("n", 4), new UpdateOptions().upsert(true));
            things.replaceOne(new Document("_id", "e"), new Document("n", 5), new ReplaceOptions().upsert(true));
            Document returned = things.findOneAndUpdate(new Document("n", 20), Updates.set("seen", true),
                    new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
            things.updateMany(new Document("n", new Document("$gte", 4)), Updates.inc("n", 100));
            things.deleteOne(new Document("_id", "e"));

            assertThat(returned).containsEntry("_id", "b").containsEntry("seen", true);
            things.find().sort(Sorts.ascending("_id")).into(before);
            assertThat(things.find(new Document("n", 104)).first()).containsEntry("_id", "d");
            assertThat(things.find().sort(new Document("$natural", -1)).first()).isNotNull();
            Document stats = client.getDatabase("repairbot").runCommand(new Document("collStats", "things"));
            assertThat(stats.get("count", Number.class).intValue()).isEqualTo(4);
            assertThat(stats.get("size", Number.class).intValue()).isPositive();
        }
        assertThat(before).extracting(d -> d.get("_id")).containsExactly("a", "b", "c", "d");
        assertThat(before.get(0)).containsEntry("n", 106).containsEntry("tags", List.of("x", "y")).containsEntry("text", "I felt unheard");
        assertThat(before.get(1)).containsEntry("n", 120).containsEntry("note", "replaced").containsEntry("seen", true);
        assertThat(before.get(2)).doesNotContainKey("n");

        try (EmbeddedMongo server = EmbeddedMongo.start(dir); MongoClient client = MongoClients.create(server.connectionString())) {
            List<Document> after = client.getDatabase("repairbot").getCollection("things").find().sort(Sorts.ascending("_id"))
                    .into(new ArrayList<>());
            assertThat(after).isEqualTo(before);
        }
    }
}
