package app.repairbot.engine;

import java.time.Clock;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

import app.repairbot.flow.FlowCatalog;
import app.repairbot.session.CoupleDirectory;
import app.repairbot.session.OutboxClaims;
import app.repairbot.session.SessionStore;

/** Loads and validates the flows at start-up (refusing to start on any error) and builds the engine. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class EngineConfiguration {
    private static final Logger log = LoggerFactory.getLogger(EngineConfiguration.class);

    @Bean
    FlowCatalog flowCatalog(EngineSettings settings) {
        FlowCatalog.Loaded loaded = FlowCatalog.load(settings.dir());
        loaded.warnings().forEach(w -> log.warn("{}", w));
        FlowCatalog catalog = loaded.orThrow();
        log.info("Loaded {} flows from {}", catalog.all().size(), settings.dir().toAbsolutePath().normalize());
        return catalog;
    }

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    Engine engine(FlowCatalog flows, CoupleDirectory couples, SessionStore store, PhrasingCoach coach, Safety safety,
                  Clock clock, java.util.List<ChatCommands> commands) {
        return new Engine(flows, couples, store, coach, safety, clock, commands);
    }

    /**
     * Claims on sending outboxes, held and renewed here, where the store makes them (other instances
     * share its database); none (a null bean) otherwise. The claims are a parameter, not looked up,
     * so that this closes before the store it renews on.
     */
    @Bean(destroyMethod = "close")
    OutboxLeases outboxLeases(Optional<OutboxClaims> claims, Clock clock) {
        return claims.map(c -> new OutboxLeases(c, clock)).orElse(null);
    }

    @Bean
    TimerPoller timerPoller(Engine engine, ObjectProvider<OutboxSender> sender) {
        return new TimerPoller(engine, sender);
    }

}
