package app.repairbot.store;

/**
 * {@code MONGODB_URI}: a real MongoDB; unset, the embedded store runs under the data folder. Part of
 * {@link DataSettings} ({@code repairbot.data.mongodb.uri}).
 */
public record MongoSettings(String uri) {
    public boolean embedded() {
        return uri == null || uri.isBlank();
    }

    /** The URI may hold a password: only whether it is set shows. */
    @Override
    public String toString() {
        return "MongoSettings[uri=" + (embedded() ? "none: embedded" : "(set)") + "]";
    }
}
