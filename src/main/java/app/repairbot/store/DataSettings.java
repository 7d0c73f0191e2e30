package app.repairbot.store;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code REPAIRBOT_DATA_DIR} (the embedded store and its generated key; default {@code ./data}),
 * {@code REPAIRBOT_DATA_KEY} (base64 AES key for free text at rest; required with a real MongoDB) and
 * {@code REPAIRBOT_DATA_COMPACT_EVERY} (how often the embedded store's file is compacted; default 6 hours,
 * 0 for never).
 */
@ConfigurationProperties(prefix = "repairbot.data")
public record DataSettings(@DefaultValue("data") Path dir, String key, @DefaultValue("6h") Duration compactEvery) {
    @ConstructorBinding
    public DataSettings {
        if (compactEvery == null || compactEvery.isNegative()) {
            throw new IllegalArgumentException("REPAIRBOT_DATA_COMPACT_EVERY must be a duration such as 6h, or 0 for never");
        }
    }

    /** The folder and key, compacting at the default interval. */
    public DataSettings(Path dir, String key) {
        this(dir, key, Duration.ofHours(6));
    }
}
