package app.repairbot.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import app.repairbot.store.crypto.DataKey;

/** The embedded store's folder and files are its owner's only (on POSIX file systems). */
class DataFolderPermissionsTests {
    @TempDir
    Path tmp;

    static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void aNewDataFolderAndItsFilesAreOwnerOnly() throws Exception {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "not a POSIX file system");
        Path data = tmp.resolve("data");
        try (EmbeddedMongo server = EmbeddedMongo.start(data)) {
            DataKey.inFolder(data);
            assertThat(mode(data)).isEqualTo("rwx------");
            assertThat(mode(data.resolve(EmbeddedMongo.FILE))).isEqualTo("rw-------");
            assertThat(mode(data.resolve(DataKey.FILE))).isEqualTo("rw-------");
        }
    }

    @Test
    void anExistingOpenFolderIsClosedToOthersAtStart() throws Exception {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "not a POSIX file system");
        Path data = Files.createDirectories(tmp.resolve("old-data"));
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (EmbeddedMongo server = EmbeddedMongo.start(data)) {
            // written by an earlier version, with the umask's permissions
        }
        Files.setPosixFilePermissions(data.resolve(EmbeddedMongo.FILE), PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (EmbeddedMongo server = EmbeddedMongo.start(data)) {
            assertThat(mode(data)).isEqualTo("rwx------");
            assertThat(mode(data.resolve(EmbeddedMongo.FILE))).isEqualTo("rw-------");
        }
    }
}
