package app.repairbot.safety;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.Pattern;

/**
 * {@code REPAIRBOT_SAFETY_COUNTRY}: which help lines to give (an ISO country code from
 * {@code safety/helplines.properties}; empty for the international default; a code with no help
 * lines there stops start-up too). {@code REPAIRBOT_SAFETY_THERAPY_TEXT}: the referral text for
 * /therapy, replacing the built-in one.
 */
@ConfigurationProperties(prefix = "repairbot.safety")
@Validated
public record SafetySettings(
        @Pattern(regexp = "\\s*([A-Za-z]{2})?\\s*", message = "must be a two-letter country code such as GB, or empty")
        @DefaultValue("") String country,
        @DefaultValue("") String therapyText) {
}
