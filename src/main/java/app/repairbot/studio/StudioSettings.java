package app.repairbot.studio;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.validation.annotation.Validated;

/**
 * {@code REPAIRBOT_STUDIO} (property {@code repairbot.studio}, an alias of
 * {@code repairbot.studio.enabled}): unset, the studio is on in sandbox mode and off in Telegram
 * mode; {@code true} or {@code false} say so in either mode. Anything else stops start-up.
 */
@ConfigurationProperties(prefix = StudioSettings.PREFIX)
@Validated
public record StudioSettings(Boolean enabled) {
    static final String PREFIX = "repairbot.studio";

    /** The settings as bound from {@code env}, for the condition that decides whether the studio's beans exist. */
    static StudioSettings of(Environment env) {
        return Binder.get(env).bind(PREFIX, StudioSettings.class).orElseGet(() -> new StudioSettings(null));
    }

    /** Whether the studio is on, in sandbox mode or not. */
    boolean on(boolean sandbox) {
        return enabled == null ? sandbox : enabled;
    }
}
