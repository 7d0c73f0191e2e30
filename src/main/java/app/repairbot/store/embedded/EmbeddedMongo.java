package app.repairbot.store.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import de.bwaldvogel.mongo.MongoServer;

import app.repairbot.store.embedded.internal.DurableH2Backend;

/**
 * The embedded default store: mongo-java-server with its H2 backend, in one file under the data
 * folder, on a loopback port. The bot talks to it with the same driver code as to a real MongoDB.
 * mongo-java-server has no authentication: loopback and an owner-only data folder (0700, its files
 * 0600) are the boundary.
 */
public final class EmbeddedMongo implements AutoCloseable {
    /** The store file in the data folder. */
    public static final String FILE = "repairbot.mv";
    private static final Logger log = LoggerFactory.getLogger(EmbeddedMongo.class);

    private final MongoServer server;
    private final DurableH2Backend backend;
    private final String connectionString;

    private EmbeddedMongo(MongoServer server, DurableH2Backend backend, String connectionString) {
        this.server = server;
        this.backend = backend;
        this.connectionString = connectionString;
    }

    /** Starts the server on the folder's store file (creating the folder if needed), on a free loopback port. */
    public static EmbeddedMongo start(Path dir) {
        return start(dir, 0);
    }

    /** The same, on a given loopback port (0: any free one). */
    public static EmbeddedMongo start(Path dir, int port) {
        Path folder = writableFolder(dir);
        Path file = folder.resolve(FILE);
        DurableH2Backend backend;
        try {
            backend = new DurableH2Backend(file.toString());
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot open the embedded store " + file + " (is another repairbot using "
                    + "this REPAIRBOT_DATA_DIR?): " + e.getMessage(), e);
        }
        // The store file is made by H2 with the process's umask; the folder was owner-only before it was.
        OwnerOnly.folderAndFiles(folder);
        MongoServer server = new MongoServer(backend);
        server.bind("127.0.0.1", port);
        String uri = "mongodb://127.0.0.1:" + server.getLocalAddress().getPort();
        log.info("Embedded store {} listening on {}", file.toAbsolutePath().normalize(), uri);
        return new EmbeddedMongo(server, backend, uri);
    }

    /** The data folder, created if need be, checked writable, and made owner-only. */
    public static Path writableFolder(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IllegalStateException("the data folder " + dir.toAbsolutePath().normalize() + " cannot be created ("
                    + e + "): set REPAIRBOT_DATA_DIR to a folder the bot may write to");
        }
        if (!Files.isWritable(dir)) {
            throw new IllegalStateException("the data folder " + dir.toAbsolutePath().normalize() + " is not writable: set "
                    + "REPAIRBOT_DATA_DIR to a folder the bot may write to, or give it write permission");
        }
        OwnerOnly.set(dir, OwnerOnly.FOLDER);
        return dir;
    }

    /**
     * Compacts the file: it then holds only the current documents, packed together, and is about the size
     * of its data. Every command waits meanwhile (docs/performance.md).
     */
    public DurableH2Backend.Compaction compact() {
        return backend.compact(true);
    }

    public String connectionString() {
        return connectionString;
    }

    @Override
    public void close() {
        server.shutdown();
    }
}
