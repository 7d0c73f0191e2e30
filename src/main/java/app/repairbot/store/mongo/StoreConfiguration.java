package app.repairbot.store.mongo;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import app.repairbot.schedule.Schedules;
import app.repairbot.session.CoupleDirectory;
import app.repairbot.session.OutboxClaims;

import app.repairbot.store.DataSettings;
import app.repairbot.store.embedded.ScheduledCompaction;

/** The store the service runs on: MongoDB (embedded by default), with its indexes made at start-up. */
@Configuration(proxyBeanMethods = false)
class StoreConfiguration {
    /** Sessions kept in memory per instance (a session is a few kilobytes). */
    static final int CACHED_SESSIONS = 20_000;

    @Bean(destroyMethod = "close")
    MongoConnection mongoConnection(DataSettings data) {
        return MongoConnection.open(data.mongodb(), data);
    }

    @Bean(destroyMethod = "close")
    CachingSessionStore sessionStore(MongoConnection connection) {
        MongoSessionStore store = new MongoSessionStore(connection.database(), connection.cipher());
        store.createIndexes();
        // The embedded store, not shared, has one instance on it, so marks of sent replies can wait and go in batches.
        return new CachingSessionStore(store, CACHED_SESSIONS, connection.soleInstance() ? CachingSessionStore.MARK_DELAY : null);
    }

    /**
     * Claims on sending outboxes, where other instances may share the database (MONGODB_URI, or a
     * shared embedded store); none (a null bean) for the only instance on it, which needs no claim.
     * The engine holds and renews them ({@code OutboxLeases}).
     */
    @Bean
    OutboxClaims outboxClaims(MongoConnection connection) {
        return connection.soleInstance() ? null : new MongoOutboxClaims(connection.database(), connection.cipher());
    }

    /** Closed before the connection it compacts (it depends on it). */
    @Bean(destroyMethod = "close")
    ScheduledCompaction storeCompaction(MongoConnection connection, DataSettings data) {
        return new ScheduledCompaction(connection.embeddedServer(), data.compactEvery());
    }

    @Bean
    MongoHealth mongoHealthIndicator(MongoConnection connection) {
        return new MongoHealth(connection);
    }

    @Bean
    Schedules schedules(MongoConnection connection) {
        MongoSchedules schedules = new MongoSchedules(connection.database());
        schedules.createIndexes();
        return schedules;
    }

    @Bean
    CoupleDirectory coupleDirectory(MongoConnection connection) {
        MongoCouples couples = new MongoCouples(connection.database());
        couples.createIndexes();
        // The embedded store, not shared, has one instance on it, which sees every change of a couple.
        return connection.soleInstance() ? new CachingCouples(couples, CACHED_SESSIONS) : couples;
    }
}
