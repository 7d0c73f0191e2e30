package app.repairbot.sandbox;

import java.net.URI;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code repairbot.sandbox.open-world=true}: the sandbox's Bot API also serves another bot process
 * (the load generator's), taking messages to any chat; the page shows only its own.
 * {@code REPAIRBOT_SANDBOX_ORIGINS}: besides http://localhost:PORT and http://127.0.0.1:PORT, the
 * origins (like {@code http://192.168.1.5:8080}) the page may be opened at, when SERVER_ADDRESS
 * opens the sandbox beyond this machine.
 */
@ConfigurationProperties(prefix = "repairbot.sandbox")
@Validated
public record SandboxSettings(boolean openWorld, List<String> origins) {
    public SandboxSettings {
        origins = origins == null ? List.of() : origins.stream().map(String::strip).filter(o -> !o.isEmpty())
                .map(o -> o.endsWith("/") ? o.substring(0, o.length() - 1) : o).toList();
        for (String o : origins) {
            URI u = URI.create(o);
            if (u.getScheme() == null || u.getHost() == null || u.getPath() != null && !u.getPath().isEmpty()) {
                throw new IllegalArgumentException("REPAIRBOT_SANDBOX_ORIGINS takes origins like http://192.168.1.5:8080, not " + o);
            }
        }
    }
}
