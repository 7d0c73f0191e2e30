package app.repairbot.store.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.mongodb.MongoTimeoutException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;

import app.repairbot.chat.ChatId;
import app.repairbot.session.Session;

import app.repairbot.store.crypto.DataKey;
import app.repairbot.store.crypto.TextCipher;
import app.repairbot.store.embedded.EmbeddedMongo;
import app.repairbot.testing.Waiting;

/** While MongoDB is away, store operations wait and retry; an event is not dropped. */
class StoreOutageTests {
    static final TextCipher CIPHER = new TextCipher(DataKey.of(Base64.getEncoder().encodeToString(new byte[32])));

    @TempDir
    Path dir;

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void waitsForMongoToComeBackInsteadOfDroppingTheOperation() throws Exception {
        int port = freePort();
        ChatId chat = new ChatId(-9);
        EmbeddedMongo first = EmbeddedMongo.start(dir, port);
        try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + port + "/?serverSelectionTimeoutMS=200")) {
            MongoSessionStore store = new MongoSessionStore(client.getDatabase("repairbot"), CIPHER, Duration.ofSeconds(20));
            assertThat(store.save(store.load(chat))).isTrue();
            first.close();
            CompletableFuture<Session> loading = CompletableFuture.supplyAsync(() -> store.load(chat));
            Waiting.upTo(Duration.ofSeconds(3), Duration.ofMillis(50)).during(Duration.ofMillis(1500)).untilAsserted(() ->
                    assertThat(loading).as("still waiting while the store is away").isNotDone());
            try (EmbeddedMongo again = EmbeddedMongo.start(dir, port)) {
                assertThat(loading.get(20, TimeUnit.SECONDS).version()).isEqualTo(1);
            }
        }
    }

    @Test
    void givesUpAfterItsBudgetWithTheDriversError() throws Exception {
        try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + freePort() + "/?serverSelectionTimeoutMS=100")) {
            MongoSessionStore store = new MongoSessionStore(client.getDatabase("repairbot"), CIPHER, Duration.ofMillis(800));
            assertThrows(MongoTimeoutException.class, () -> store.load(new ChatId(-9)));
        }
    }
}
