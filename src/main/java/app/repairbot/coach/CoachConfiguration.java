package app.repairbot.coach;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import app.repairbot.engine.PhrasingCoach;

@Configuration(proxyBeanMethods = false)
class CoachConfiguration {
    @Bean
    PhrasingCoach phrasingCoach() {
        return new RuleBasedCoach();
    }
}
