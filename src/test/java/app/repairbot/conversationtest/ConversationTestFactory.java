package app.repairbot.conversationtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.DynamicTest;

import app.repairbot.flow.FlowCatalog;
import app.repairbot.flow.Problem;

/** The conversation tests of a flows folder as JUnit dynamic tests: one per file's parse, one per scenario, by name. */
final class ConversationTestFactory {
    private ConversationTestFactory() {
    }

    /** A test that each file parses, then one per scenario, named "file: scenario". */
    static List<DynamicTest> of(Path flowsDir) {
        ConversationTestRunner runner = new ConversationTestRunner(FlowCatalog.load(flowsDir).orThrow());
        List<DynamicTest> tests = new ArrayList<>();
        for (Path file : ConversationTestSuite.files(flowsDir)) {
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
        return tests;
    }

    /** How many of {@code tests} run a scenario (the rest check that a file parses). */
    static long scenarios(List<DynamicTest> tests) {
        return tests.stream().filter(t -> !t.getDisplayName().endsWith(" parses")).count();
    }
}
