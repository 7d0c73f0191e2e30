package app.repairbot.store.mongo;

import java.util.concurrent.TimeUnit;

import javax.crypto.SecretKey;

import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;

import app.repairbot.store.crypto.DataKey;
import app.repairbot.store.crypto.TextCipher;
import app.repairbot.store.embedded.EmbeddedMongo;

import app.repairbot.store.DataSettings;
import app.repairbot.store.MongoSettings;

/**
 * The one MongoDB connection: to {@code MONGODB_URI}, or to the embedded server this starts.
 * Everything above the client is the same code either way.
 */
final class MongoConnection implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MongoConnection.class);
    static final String DEFAULT_DATABASE = "repairbot";

    private final EmbeddedMongo embedded;
    private final MongoClient client;
    private final MongoDatabase database;
    private final TextCipher cipher;
    private final boolean soleInstance;

    private MongoConnection(EmbeddedMongo embedded, MongoClient client, MongoDatabase database, TextCipher cipher,
                            boolean soleInstance) {
        this.embedded = embedded;
        this.client = client;
        this.database = database;
        this.cipher = cipher;
        this.soleInstance = soleInstance;
    }

    /**
     * Connects, checking the server answers and the data key is there.
     *
     * @throws IllegalStateException with a message naming the host, the folder or the setting at fault
     */
    public static MongoConnection open(MongoSettings mongo, DataSettings data) {
        SecretKey key;
        EmbeddedMongo embedded = null;
        String uri;
        if (mongo.embedded()) {
            embedded = EmbeddedMongo.start(data.dir(), data.port());
            uri = embedded.connectionString();
            key = data.key() == null || data.key().isBlank() ? DataKey.inFolder(data.dir()) : DataKey.of(data.key());
        } else {
            uri = mongo.uri();
            if (data.key() == null || data.key().isBlank()) {
                throw new IllegalStateException("REPAIRBOT_DATA_KEY is required with MONGODB_URI: answers are encrypted at "
                        + "rest with it. Make one with: openssl rand -base64 32 (and keep it safe: without it they cannot be read)");
            }
            key = DataKey.of(data.key());
        }
        ConnectionString cs;
        try {
            cs = new ConnectionString(uri);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("MONGODB_URI is not a MongoDB connection string: " + e.getMessage());
        }
        MongoClient client = MongoClients.create(MongoClientSettings.builder().applyConnectionString(cs)
                .applicationName("repairbot")
                .applyToClusterSettings(b -> b.serverSelectionTimeout(cs.getServerSelectionTimeout() != null
                        ? cs.getServerSelectionTimeout() : 10_000, TimeUnit.MILLISECONDS))
                .build());
        MongoDatabase db = client.getDatabase(cs.getDatabase() == null ? DEFAULT_DATABASE : cs.getDatabase());
        try {
            db.runCommand(new Document("ping", 1));
        } catch (MongoException e) {
            client.close();
            if (embedded != null) {
                embedded.close();
            }
            throw new IllegalStateException("cannot reach MongoDB at " + String.join(",", cs.getHosts()) + " ("
                    + e.getClass().getSimpleName() + "): check MONGODB_URI and that the server is up", e);
        }
        log.info("Store: {} database '{}'", embedded != null ? "embedded" : "MongoDB at " + String.join(",", cs.getHosts()),
                db.getName());
        if (embedded != null && data.shared()) {
            log.info("The embedded store is shared: other instances on this machine may use it with MONGODB_URI={}/{} and "
                    + "the same REPAIRBOT_DATA_KEY", embedded.connectionString(), db.getName());
        }
        return new MongoConnection(embedded, client, db, new TextCipher(key), embedded != null && !data.shared());
    }

    /** Whether this is the embedded server (no MONGODB_URI). */
    public boolean embedded() {
        return embedded != null;
    }

    /**
     * Whether no other instance can use this database: the embedded store, not shared
     * ({@code REPAIRBOT_DATA_PORT} unset). Only then may an instance keep what it wrote in memory
     * as the truth (couples, marks of sent replies) and send outboxes without claiming them.
     */
    public boolean soleInstance() {
        return soleInstance;
    }

    /** The embedded server, where there is one (for its compaction). */
    java.util.Optional<EmbeddedMongo> embeddedServer() {
        return java.util.Optional.ofNullable(embedded);
    }

    public MongoDatabase database() {
        return database;
    }

    public TextCipher cipher() {
        return cipher;
    }

    @Override
    public void close() {
        client.close();
        if (embedded != null) {
            embedded.close();
        }
    }
}
