package app.repairbot.store;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code REPAIRBOT_DATA_DIR} (the embedded store and its generated key; default {@code ./data})
 * and {@code REPAIRBOT_DATA_KEY} (base64 AES key for free text at rest; required with a real MongoDB).
 */
@ConfigurationProperties(prefix = "repairbot.data")
public record DataSettings(@DefaultValue("data") Path dir, String key) {
}
