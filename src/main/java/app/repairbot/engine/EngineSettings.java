package app.repairbot.engine;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where flows come from: {@code REPAIRBOT_FLOWS_DIR} (property {@code repairbot.flows.dir}),
 * default {@code ./conversation-flows}. The prefix names what the engine is set up with, its flows,
 * as the documented variable always has.
 */
@ConfigurationProperties(prefix = "repairbot.flows")
@Validated
public record EngineSettings(@DefaultValue("conversation-flows") Path dir) {
}
