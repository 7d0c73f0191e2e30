package app.repairbot.conversationtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every conversation test in conversation-flows/tests, one JUnit test each, so CI runs them. */
class SeedConversationTests {
    static final Path FLOWS = Path.of("conversation-flows");

    @TestFactory
    Stream<DynamicTest> conversationTests() {
        List<DynamicTest> tests = ConversationTestFactory.of(FLOWS);
        assertThat(ConversationTestFactory.scenarios(tests)).isPositive();
        return tests.stream();
    }
}
