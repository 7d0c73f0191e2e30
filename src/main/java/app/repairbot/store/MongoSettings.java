package app.repairbot.store;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code MONGODB_URI}: a real MongoDB; unset, the embedded store runs under the data folder. */
@ConfigurationProperties(prefix = "mongodb")
public record MongoSettings(String uri) {
    public boolean embedded() {
        return uri == null || uri.isBlank();
    }
}
