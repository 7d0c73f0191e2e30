package app.repairbot.store.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import app.repairbot.store.crypto.DataKey;
import app.repairbot.store.embedded.EmbeddedMongo;

import app.repairbot.store.DataSettings;
import app.repairbot.store.MongoSettings;

class MongoConnectionTests {
    static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);

    @TempDir
    Path dir;

    @Test
    void startsTheEmbeddedStoreAndMakesAKeyOnlyItsOwnerCanRead() throws IOException {
        try (MongoConnection c = MongoConnection.open(new MongoSettings(null), new DataSettings(dir, null))) {
            assertThat(c.database().getName()).isEqualTo("repairbot");
            assertThat(c.cipher().open(c.cipher().seal("kept"))).isEqualTo("kept");
        }
        assertThat(dir.resolve(EmbeddedMongo.FILE)).exists();
        assertThat(Files.getPosixFilePermissions(dir.resolve(DataKey.FILE)))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        String key = Files.readString(dir.resolve(DataKey.FILE));
        try (MongoConnection again = MongoConnection.open(new MongoSettings(""), new DataSettings(dir, null))) {
            assertThat(Files.readString(dir.resolve(DataKey.FILE))).as("the same key on restart").isEqualTo(key);
        }
    }

    @Test
    void namesTheHostItCannotReach() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> MongoConnection.open(
                new MongoSettings("mongodb://127.0.0.1:9/?serverSelectionTimeoutMS=300"), new DataSettings(dir, KEY)));
        assertThat(e).hasMessageStartingWith("cannot reach MongoDB at 127.0.0.1:9");
    }

    @Test
    void requiresADataKeyWithARealMongo() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> MongoConnection.open(
                new MongoSettings("mongodb://127.0.0.1:9"), new DataSettings(dir, " ")));
        assertThat(e).hasMessageStartingWith("REPAIRBOT_DATA_KEY is required with MONGODB_URI");
    }

    @Test
    void saysWhatIsWrongWithABadKey() {
        assertThat(assertThrows(IllegalStateException.class, () -> DataKey.of("not base64!"))).hasMessageContaining("not base64");
        assertThat(assertThrows(IllegalStateException.class, () -> DataKey.of(Base64.getEncoder().encodeToString(new byte[7]))))
                .hasMessageContaining("is 7 bytes");
    }

    @Test
    void saysWhenTheDataFolderCannotBeMade() throws IOException {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> MongoConnection.open(new MongoSettings(null),
                new DataSettings(file.resolve("data"), null)));
        assertThat(e).hasMessageContaining("cannot be created").hasMessageContaining("set REPAIRBOT_DATA_DIR");
    }

    @Test
    void refusesAConnectionStringThatIsNone() {
        assertThat(assertThrows(IllegalStateException.class, () -> MongoConnection.open(new MongoSettings("localhost:27017"),
                new DataSettings(dir, KEY)))).hasMessageStartingWith("MONGODB_URI is not a MongoDB connection string");
    }
}
