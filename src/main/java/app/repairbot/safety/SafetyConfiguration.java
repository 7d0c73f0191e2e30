package app.repairbot.safety;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import app.repairbot.engine.Safety;

@Configuration(proxyBeanMethods = false)
class SafetyConfiguration {
    @Bean
    Safety safety(SafetySettings settings) {
        return ScreeningSafety.full(settings);
    }
}
