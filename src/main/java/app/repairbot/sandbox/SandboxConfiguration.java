package app.repairbot.sandbox;

import java.time.Clock;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${telegram.bot.token:}' == ''")
class SandboxConfiguration {
    /**
     * {@code repairbot.sandbox.open-world=true}: the sandbox's Bot API also serves another bot
     * process (the load generator's), taking messages to any chat; the page shows only its own.
     */
    @Bean
    SandboxWorld sandboxWorld(Clock clock, @Value("${repairbot.sandbox.open-world:false}") boolean openWorld) {
        return new SandboxWorld(clock, openWorld);
    }
}
