package app.repairbot.store.mongo;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;

import app.repairbot.store.embedded.EmbeddedMongo;

/** The store contract on the embedded server (always runs). */
class EmbeddedStoreTests extends StoreContractTests {
    @TempDir
    static Path dir;
    static EmbeddedMongo server;
    static MongoClient client;
    static int n;

    @BeforeAll
    static void start() {
        server = EmbeddedMongo.start(dir);
        client = MongoClients.create(server.connectionString());
    }

    @AfterAll
    static void stop() {
        client.close();
        server.close();
    }

    @Override
    MongoDatabase freshDatabase() {
        return client.getDatabase("test" + n++);
    }
}
