package app.repairbot.store.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded store's folder and files readable by their owner only (0700, 0600): the store's
 * server answers on loopback without a password, so the folder is what keeps other local users
 * out. Nothing is done on a file system without POSIX permissions (the folder's own access control
 * applies there).
 */
final class OwnerOnly {
    static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final Logger log = LoggerFactory.getLogger(OwnerOnly.class);

    private OwnerOnly() {
    }

    /** The folder, and every file directly in it, owner-only. */
    static void folderAndFiles(Path dir) {
        set(dir, FOLDER);
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(Files::isRegularFile).forEach(f -> set(f, FILE));
        } catch (IOException e) {
            throw new IllegalStateException("cannot list the data folder " + dir.toAbsolutePath().normalize() + ": " + e, e);
        }
    }

    static void set(Path path, Set<PosixFilePermission> wanted) {
        try {
            Set<PosixFilePermission> had = Files.getPosixFilePermissions(path);
            if (!had.equals(wanted)) {
                Files.setPosixFilePermissions(path, wanted);
                log.info("{} is now readable by its owner only ({}, was {})", path.toAbsolutePath().normalize(),
                        PosixFilePermissions.toString(wanted), PosixFilePermissions.toString(had));
            }
        } catch (UnsupportedOperationException notPosix) {
            // Not a POSIX file system: its own access control applies.
        } catch (IOException e) {
            throw new IllegalStateException("cannot make " + path.toAbsolutePath().normalize() + " readable by its owner only ("
                    + e + "): run the bot as the owner of REPAIRBOT_DATA_DIR", e);
        }
    }
}
