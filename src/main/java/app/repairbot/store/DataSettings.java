package app.repairbot.store;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.Valid;

/**
 * {@code REPAIRBOT_DATA_DIR} (the embedded store and its generated key; default {@code ./data}),
 * {@code REPAIRBOT_DATA_KEY} (base64 AES key for free text at rest; required with a real MongoDB),
 * {@code REPAIRBOT_DATA_COMPACT_EVERY} (how often the embedded store's file is compacted; default 6 hours,
 * 0 for never) and {@code REPAIRBOT_DATA_PORT} (the embedded store's loopback port, set to share it with
 * other instances on this machine; default 0: a free port, for this instance alone), and
 * {@code MONGODB_URI} (property {@code repairbot.data.mongodb.uri}, whose alias {@code mongodb.uri} is
 * in application.properties): a real MongoDB instead of the embedded store. The key is never logged.
 */
@ConfigurationProperties(prefix = "repairbot.data")
@Validated
public record DataSettings(@DefaultValue("data") Path dir, String key,
                           @DefaultValue("6h") Duration compactEvery, @DefaultValue("0") int port,
                           @Valid MongoSettings mongodb) {
    @ConstructorBinding
    public DataSettings {
        if (compactEvery == null || compactEvery.isNegative()) {
            throw new IllegalArgumentException("REPAIRBOT_DATA_COMPACT_EVERY must be a duration such as 6h, or 0 for never");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("REPAIRBOT_DATA_PORT must be a port number (1 to 65535), or 0 for a free one");
        }
        mongodb = mongodb == null ? new MongoSettings(null) : mongodb;
    }

    /** The folder and key, compacting at the default interval, on a port of its own. */
    public DataSettings(Path dir, String key) {
        this(dir, key, Duration.ofHours(6), 0, null);
    }

    /**
     * Whether other instances may use the embedded store: it listens on a port they were told
     * ({@code MONGODB_URI=mongodb://127.0.0.1:<port>}), so this instance is one of several.
     */
    public boolean shared() {
        return port != 0;
    }

    @Override
    public String toString() {
        return "DataSettings[dir=" + dir + ", key=" + (key == null || key.isBlank() ? "none" : "(set)") + ", compactEvery="
                + compactEvery + ", port=" + port + ", mongodb=" + mongodb + "]";
    }
}
