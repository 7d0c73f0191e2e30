package app.repairbot.conversationtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/** The engine's behaviour for every construct of the language, as conversation tests on fixture flows. */
class EngineConversationTests {
    @Test
    void everyConstructRunsAsTheLanguageDescribes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean ok = ConversationTests.runAll(Path.of("src/test/resources/engine-flows"),
                new PrintStream(out, true, StandardCharsets.UTF_8));
        String report = out.toString(StandardCharsets.UTF_8);
        assertThat(ok).as(report).isTrue();
        assertThat(report).endsWith("12 passed, 0 failed\n");
    }
}
