package app.repairbot.store.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;

import app.repairbot.testing.Conversations;
import app.repairbot.chat.BotReply;
import app.repairbot.chat.ChatEvent;
import app.repairbot.coach.RuleBasedCoach;
import app.repairbot.safety.ScreeningSafety;
import app.repairbot.engine.Engine;
import app.repairbot.engine.OutboxSender;
import app.repairbot.flow.StepId;

import app.repairbot.store.crypto.DataKey;
import app.repairbot.store.crypto.TextCipher;
import app.repairbot.store.embedded.EmbeddedMongo;

/** The embedded store keeps what it acknowledged, through kill -9 and restarts. */
class EmbeddedDurabilityTests {
    @TempDir
    Path dir;

    /** Runs CrashingWriter in its own JVM, waits for its acknowledgements, then kills it with SIGKILL. */
    static String writeThenKill(Path dir, int n, String... mode) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), CrashingWriter.class.getName(), dir.toString(), Integer.toString(n)));
        cmd.addAll(List.of(mode));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("ACKED ")) {
                    p.destroyForcibly();
                    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
                    assertThat(p.exitValue()).as("killed by SIGKILL").isEqualTo(137);
                    return line;
                }
            }
        }
        throw new AssertionError("the writer ended without acknowledging its writes");
    }

    static long count(Path dir) {
        try (EmbeddedMongo server = EmbeddedMongo.start(dir); MongoClient client = MongoClients.create(server.connectionString())) {
            return client.getDatabase("crash").getCollection("docs").countDocuments();
        }
    }

    @Test
    void keepsEveryAcknowledgedWriteThroughKillNine() throws Exception {
        writeThenKill(dir, 200);
        assertThat(count(dir)).isEqualTo(200);
    }

    @Test
    void aFlowInterruptedByARestartFinishesOnTheSameDataFolder() {
        Clock clock = Clock.fixed(Conversations.NOW, ZoneOffset.UTC);
        TextCipher cipher = new TextCipher(DataKey.inFolder(EmbeddedMongo.writableFolder(dir)));
        List<ChatEvent> talk = Conversations.nameTheImpact(1, 1);
        try (EmbeddedMongo server = EmbeddedMongo.start(dir); MongoClient client = MongoClients.create(server.connectionString())) {
            MongoCouples couples = new MongoCouples(client.getDatabase("repairbot"));
            couples.pair(Conversations.couple(1));
            Engine engine = new Engine(StoreContractTests.FLOWS, couples,
                    new MongoSessionStore(client.getDatabase("repairbot"), cipher), new RuleBasedCoach(), ScreeningSafety.phrasesOnly(), clock);
            talk.subList(0, 6).forEach(engine::handle);
        }
        TextCipher sameKey = new TextCipher(DataKey.inFolder(dir));
        try (EmbeddedMongo server = EmbeddedMongo.start(dir); MongoClient client = MongoClients.create(server.connectionString())) {
            MongoSessionStore store = new MongoSessionStore(client.getDatabase("repairbot"), sameKey);
            Engine engine = new Engine(StoreContractTests.FLOWS, new MongoCouples(client.getDatabase("repairbot")), store,
                    new RuleBasedCoach(), ScreeningSafety.phrasesOnly(), clock);
            assertThat(engine.stepOf(Conversations.group(1))).contains(new StepId("own-part"));
            talk.subList(6, talk.size()).forEach(engine::handle);
            List<BotReply> sent = new ArrayList<>();
            new OutboxSender(store, sent::add).sendAllPending();
            assertThat(sent).last().extracting(BotReply::text).asString()
                    .contains("What Sam heard: You feel lonely", "The part each of you owns (Sam): I reach for my phone").doesNotContain("heard right");
            assertThat(store.withOutbox(10)).isEmpty();
        }
    }
}
