package app.repairbot.store.mongo;

import org.bson.Document;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/** Health "mongo": the database answers a ping. Part of readiness: without it no update can be stored. */
final class MongoHealth extends AbstractHealthIndicator {
    private final MongoConnection connection;

    MongoHealth(MongoConnection connection) {
        super("MongoDB cannot be reached");
        this.connection = connection;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        connection.database().runCommand(new Document("ping", 1));
        builder.up().withDetail("database", connection.database().getName())
                .withDetail("store", connection.embedded() ? "embedded" : "MongoDB");
    }
}
