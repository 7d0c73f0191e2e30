package app.repairbot.conversationtest;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import app.repairbot.flow.FlowCatalog;
import app.repairbot.flow.Problem;

/**
 * Finds and runs every conversation test of a flows folder: {@code DIR/tests/*.yaml}. For the CLI
 * and the studio; JUnit runs the same tests one by one through {@code ConversationTestFactory}.
 */
public final class ConversationTestSuite {
    private ConversationTestSuite() {
    }

    /** Every test file under {@code DIR/tests}, sorted. */
    public static List<Path> files(Path flowsDir) {
        Path tests = flowsDir.resolve("tests");
        if (!Files.isDirectory(tests)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(tests)) {
            return s.filter(p -> p.getFileName().toString().matches(".*\\.ya?ml")).sorted().toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot list " + tests, e);
        }
    }

    /**
     * Runs every test and prints a line per test, then {@code N passed, N failed}.
     *
     * @return true when the flows are valid and every test passed
     */
    public static boolean runAll(Path flowsDir, PrintStream out) {
        FlowCatalog.Loaded loaded = FlowCatalog.load(flowsDir);
        loaded.problems().forEach(p -> out.println(p));
        if (loaded.catalog().isEmpty()) {
            out.println("0 passed, 1 failed");
            return false;
        }
        ConversationTestRunner runner = new ConversationTestRunner(loaded.catalog().get());
        int passed = 0;
        int failed = 0;
        for (Path file : files(flowsDir)) {
            List<Problem> problems = new ArrayList<>();
            List<ConversationTest> tests = ConversationTestParser.parse(file, problems);
            for (Problem p : problems) {
                out.println((p.isError() ? "FAIL  " : "") + p);
            }
            if (problems.stream().anyMatch(Problem::isError)) {
                failed++;
                continue;
            }
            for (ConversationTest t : tests) {
                ConversationTestRunner.Result r = runner.run(t);
                out.println(r.line());
                if (r.passed()) {
                    passed++;
                } else {
                    failed++;
                }
            }
        }
        out.println(passed + " passed, " + failed + " failed");
        return failed == 0;
    }
}
