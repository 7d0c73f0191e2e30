package app.repairbot.safety;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code REPAIRBOT_SAFETY_COUNTRY}: which help lines to give (an ISO country code from
 * {@code safety/helplines.properties}; empty for the international default).
 * {@code REPAIRBOT_SAFETY_THERAPY_TEXT}: the referral text for /therapy, replacing the built-in one.
 */
@ConfigurationProperties(prefix = "repairbot.safety")
public record SafetySettings(@DefaultValue("") String country, @DefaultValue("") String therapyText) {
}
