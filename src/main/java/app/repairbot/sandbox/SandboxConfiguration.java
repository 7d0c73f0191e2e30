package app.repairbot.sandbox;

import java.time.Clock;

import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${telegram.bot.token:}' == ''")
class SandboxConfiguration {
    @Bean
    SandboxWorld sandboxWorld(Clock clock) {
        return new SandboxWorld(clock);
    }
}
