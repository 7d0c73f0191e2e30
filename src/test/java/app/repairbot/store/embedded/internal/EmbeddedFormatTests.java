package app.repairbot.store.embedded.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import org.bson.Document;
import org.bson.types.Binary;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.h2.H2Backend;

import app.repairbot.store.embedded.EmbeddedMongo;

/** How the embedded store writes its pages: BSON, read back unchanged, and files of earlier versions rewritten. */
class EmbeddedFormatTests {
    @TempDir
    Path dir;

    private static Document everyKind(Object id) {
        return new Document("_id", id)
                .append("text", "Ich fühle mich übergangen 💬")
                .append("int", 42).append("long", 1L << 40).append("double", 2.5)
                .append("decimal", Decimal128.parse("10.01"))
                .append("yes", true).append("nothing", null)
                .append("date", new Date(1_764_000_000_123L))
                .append("bytes", new Binary(new byte[] {1, 2, 3}))
                .append("oid", new ObjectId("64b7f0c2a1b2c3d4e5f60718"))
                .append("list", List.of(1, "two", new Document("three", 3)))
                .append("nested", new Document("a", new Document("b", List.of())));
    }

    @Test
    void everyKindOfValueAndIdComesBackUnchangedAfterARestart() {
        List<Document> written = List.of(everyKind(-1001L), everyKind("chat:weekly"), everyKind(new ObjectId()), everyKind(7));
        try (EmbeddedMongo server = EmbeddedMongo.start(dir); MongoClient client = MongoClients.create(server.connectionString())) {
            MongoCollection<Document> things = client.getDatabase("repairbot").getCollection("things");
            things.createIndex(Indexes.ascending("_id", "long"), new IndexOptions().unique(true));
            things.insertMany(written);
        }
        try (EmbeddedMongo server = EmbeddedMongo.start(dir); MongoClient client = MongoClients.create(server.connectionString())) {
            MongoCollection<Document> things = client.getDatabase("repairbot").getCollection("things");
            for (Document d : written) {
                assertThat(things.find(new Document("_id", d.get("_id"))).first()).isEqualTo(d);
            }
            assertThat(things.find(new Document("_id", "chat:weekly").append("long", 1L << 40)).first()).isEqualTo(written.get(1));
            assertThat(things.countDocuments()).isEqualTo(4);
            assertThatThrownBy(() -> things.insertOne(everyKind(-1001L))).isInstanceOf(MongoWriteException.class);
        }
    }

    @Test
    void droppingOneDatabaseKeepsTheOthersReadable() {
        try (EmbeddedMongo server = EmbeddedMongo.start(dir); MongoClient client = MongoClients.create(server.connectionString())) {
            client.getDatabase("other").getCollection("things").insertOne(everyKind(1L));
            client.getDatabase("repairbot").getCollection("things").insertOne(everyKind(2L));
            client.getDatabase("repairbot").drop();
        }
        try (EmbeddedMongo server = EmbeddedMongo.start(dir); MongoClient client = MongoClients.create(server.connectionString())) {
            assertThat(client.getDatabase("other").getCollection("things").find().first()).isEqualTo(everyKind(1L));
            assertThat(client.getDatabase("repairbot").getCollection("things").countDocuments()).isZero();
        }
    }

    @Test
    void aFileWrittenWithJavaSerializationIsRewrittenOnceAndKeepsItsDataAndIndexes() {
        Path file = dir.resolve(EmbeddedMongo.FILE);
        List<Document> written = new ArrayList<>();
        MongoServer old = new MongoServer(new H2Backend(file.toString()));
        try (MongoClient client = MongoClients.create(old.bindAndGetConnectionString())) {
            MongoCollection<Document> sessions = client.getDatabase("repairbot").getCollection("sessions");
            sessions.createIndex(Indexes.ascending("_id", "version"), new IndexOptions().unique(true));
            for (long chat = 1; chat <= 300; chat++) {
                Document d = everyKind(-chat).append("version", 3);
                written.add(d);
                sessions.insertOne(d);
            }
        } finally {
            old.shutdown();
        }

        for (int start = 0; start < 2; start++) {
            try (EmbeddedMongo server = EmbeddedMongo.start(dir); MongoClient client = MongoClients.create(server.connectionString())) {
                MongoCollection<Document> sessions = client.getDatabase("repairbot").getCollection("sessions");
                assertThat(sessions.find().into(new ArrayList<>())).containsExactlyInAnyOrderElementsOf(written);
                assertThat(sessions.find(new Document("_id", -150L).append("version", 3)).first()).isEqualTo(written.get(149));
                assertThatThrownBy(() -> sessions.insertOne(everyKind(-1L))).isInstanceOf(MongoWriteException.class);
                sessions.insertOne(everyKind(-1000L - start));
                written.add(everyKind(-1000L - start));
            }
        }

        MVStore store = new MVStore.Builder().fileName(file.toString()).readOnly().open();
        try {
            assertThat(store.<String, String>openMap(BsonH2Database.FORMATS).keySet()).contains(
                    "databases.repairbot.sessions", "repairbot.sessions._index__id_1_version_1");
            assertThat(store.getMapNames()).noneMatch(name -> name.endsWith(".migrating"));
        } finally {
            store.close();
        }
    }

    @Test
    void idsOfOneKindSortAsTheyCompareAndMixedKindsInMongoDbsOrder() {
        assertThat(BsonDataTypes.compareValues(-5L, 3L)).isNegative();
        assertThat(BsonDataTypes.compareValues("b", "a")).isPositive();
        assertThat(BsonDataTypes.compareValues(3, 3L)).isZero();
        assertThat(BsonDataTypes.compareValues(1L, "a")).isNegative();
        assertThat(BsonDataTypes.compareValues(new KeyValue(1L, "a"),
                new KeyValue(1L, "b"))).isNegative();
        assertThat(BsonDataTypes.compareValues(new KeyValue(1L),
                new KeyValue(1L, "b"))).isNegative();
        assertThat(BsonDataTypes.compareValues(Missing.getInstance(), 1L)).isNotZero();
        // An index key of a document without the field holds null.
        assertThat(BsonDataTypes.compareValues(null, 1L)).isNegative();
        assertThat(BsonDataTypes.compareValues(1L, null)).isPositive();
        assertThat(BsonDataTypes.compareValues(new KeyValue(-1L, null), new KeyValue(-1L, 3))).isNegative();
    }
}
