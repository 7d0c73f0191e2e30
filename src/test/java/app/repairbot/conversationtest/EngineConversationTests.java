package app.repairbot.conversationtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The engine's behaviour for every construct of the language, as conversation tests on fixture
 * flows: one JUnit test per scenario, reported by its name.
 */
class EngineConversationTests {
    static final Path FLOWS = Path.of("src/test/resources/engine-flows");

    @TestFactory
    Stream<DynamicTest> everyConstructRunsAsTheLanguageDescribes() {
        List<DynamicTest> tests = ConversationTestFactory.of(FLOWS);
        // A file that stopped yielding its scenarios would otherwise pass unnoticed.
        assertThat(ConversationTestFactory.scenarios(tests)).isEqualTo(14);
        return tests.stream();
    }
}
