package app.repairbot.store.crypto;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/** The AES key for free text at rest: from REPAIRBOT_DATA_KEY, or a key file the embedded store keeps. */
public final class DataKey {
    /** The generated key's file in the data folder. */
    public static final String FILE = "data.key";

    private DataKey() {
    }

    /** A key given as base64 (16, 24 or 32 bytes). */
    public static SecretKey of(String base64) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("REPAIRBOT_DATA_KEY is not base64: give 32 random bytes in base64, "
                    + "for example from: openssl rand -base64 32");
        }
        if (raw.length != 16 && raw.length != 24 && raw.length != 32) {
            throw new IllegalStateException("REPAIRBOT_DATA_KEY is " + raw.length + " bytes; an AES key is 16, 24 or 32 "
                    + "(openssl rand -base64 32 makes one)");
        }
        return new SecretKeySpec(raw, "AES");
    }

    /** The key in {@code dir/data.key}, made (readable by the owner only) on first use. */
    public static SecretKey inFolder(Path dir) {
        Path file = dir.resolve(FILE);
        try {
            if (!Files.exists(file)) {
                byte[] raw = new byte[32];
                new SecureRandom().nextBytes(raw);
                Path tmp = Files.createTempFile(dir, "data", ".key");
                try {
                    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException ignored) {
                    // not a POSIX file system: the folder's own permissions protect it
                }
                Files.writeString(tmp, Base64.getEncoder().encodeToString(raw) + "\n", StandardCharsets.US_ASCII);
                try {
                    Files.move(tmp, file);
                } catch (FileAlreadyExistsException raced) {
                    Files.delete(tmp);
                }
            }
            return of(Files.readString(file, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read or create the data key " + file + ": " + e.getMessage(), e);
        }
    }
}
