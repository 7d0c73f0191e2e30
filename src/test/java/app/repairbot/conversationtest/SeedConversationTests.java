package app.repairbot.conversationtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import app.repairbot.flow.FlowCatalog;
import app.repairbot.flow.Problem;

/** Every conversation test in conversation-flows/tests, one JUnit test each, so CI runs them. */
class SeedConversationTests {
    static final Path FLOWS = Path.of("conversation-flows");

    @TestFactory
    Stream<DynamicTest> conversationTests() {
        FlowCatalog catalog = FlowCatalog.load(FLOWS).orThrow();
        ConversationTestRunner runner = new ConversationTestRunner(catalog);
        List<DynamicTest> tests = new ArrayList<>();
        for (Path file : ConversationTests.files(FLOWS)) {
            List<Problem> problems = new ArrayList<>();
            List<ConversationTest> parsed = ConversationTestParser.parse(file, problems);
            tests.add(DynamicTest.dynamicTest(file.getFileName() + " parses", () ->
                    assertThat(problems).filteredOn(Problem::isError).isEmpty()));
            for (ConversationTest t : parsed) {
                tests.add(DynamicTest.dynamicTest(file.getFileName() + ": " + t.name(), () -> {
                    ConversationTestRunner.Result result = runner.run(t);
                    assertThat(result.passed()).as(result.line()).isTrue();
                }));
            }
        }
        assertThat(tests).isNotEmpty();
        return tests.stream();
    }
}
