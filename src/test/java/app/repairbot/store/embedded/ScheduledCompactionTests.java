package app.repairbot.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;

import app.repairbot.testing.Waiting;

/** The embedded store's file is compacted on a schedule, which says at INFO what it freed and nothing else. */
@ExtendWith(OutputCaptureExtension.class)
class ScheduledCompactionTests {
    @TempDir
    Path dir;

    @Test
    void compactsOnScheduleAndSaysHowMuchItFreed(CapturedOutput output) throws Exception {
        try (EmbeddedMongo server = EmbeddedMongo.start(dir); MongoClient client = MongoClients.create(server.connectionString())) {
            MongoCollection<Document> notes = client.getDatabase("repairbot").getCollection("notes");
            notes.insertOne(new Document("_id", 1).append("text", "Quillon wrote this"));
            for (int i = 0; i < 300; i++) {
                notes.updateOne(Filters.eq("_id", 1), Updates.set("text", "Quillon wrote this, version " + i));
            }
            long before = Files.size(dir.resolve(EmbeddedMongo.FILE));
            try (ScheduledCompaction ignored = new ScheduledCompaction(Optional.of(server), Duration.ofMillis(100))) {
                Waiting.upTo(Duration.ofSeconds(10), Duration.ofMillis(20)).until(() -> output.getAll().contains("Compacted the embedded store"));
            }
            assertThat(output.getAll()).containsPattern("INFO .*Compacted the embedded store: [0-9.]+ [KM]B to [0-9.]+ [KM]B "
                    + "\\([0-9.]+ [KM]B freed\\) in [0-9]+ ms").doesNotContain("Quillon");
            assertThat(Files.size(dir.resolve(EmbeddedMongo.FILE))).isLessThan(before);
            assertThat(notes.find().first().getString("text")).isEqualTo("Quillon wrote this, version 299");
        }
    }

    @Test
    void doesNothingWithAnIntervalOfZeroOrWithoutTheEmbeddedStore() {
        try (ScheduledCompaction none = new ScheduledCompaction(Optional.empty(), Duration.ofHours(6));
                ScheduledCompaction off = new ScheduledCompaction(Optional.empty(), Duration.ZERO)) {
            assertThat(none).isNotNull();
            assertThat(off).isNotNull();
        }
    }
}
