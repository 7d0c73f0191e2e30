package app.repairbot.engine;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where flows come from: {@code REPAIRBOT_FLOWS_DIR} (property {@code repairbot.flows.dir}),
 * default {@code ./conversation-flows}.
 */
@ConfigurationProperties(prefix = "repairbot.flows")
public record EngineSettings(@DefaultValue("conversation-flows") Path dir) {
}
