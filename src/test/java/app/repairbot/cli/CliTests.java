package app.repairbot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTests {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    int run(String... args) {
        return Cli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void validatesTheSeedFlows() {
        assertThat(run("validate")).isZero();
        long flows;
        try (var files = Files.list(Path.of("conversation-flows"))) {
            flows = files.filter(f -> f.toString().endsWith(".yaml")).count();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertThat(out()).isEqualTo(flows + " flows valid, 0 warnings\n");
    }

    @Test
    void rejectsABrokenFlowWithLocatedErrorsAndExitOne(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("broken.yaml"), "id: broken\ntitle: Broken\naudience: couple\nsteps:\n"
                + "  a:\n    ask: starter\n    text: Hi\n    save: x\n    next: b\n");
        assertThat(run("validate", dir.toString())).isEqualTo(1);
        assertThat(out()).isEqualTo(dir.resolve("broken.yaml") + ":9:11: step 'a' goes to unknown step 'b' (known: a)\n"
                + "1 error, 0 warnings\n");
    }

    @Test
    void locatesAGotoToAnUnknownFlowAtItsValue(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("broken.yaml"), "id: broken\ntitle: Broken\naudience: couple\nsteps:\n"
                + "  a:\n    say: Hi\n    next: jump\n  jump:\n    goto: no-such-flow\n");
        assertThat(run("validate", dir.toString())).isEqualTo(1);
        assertThat(out()).isEqualTo(dir.resolve("broken.yaml") + ":9:11: step 'jump' goes to unknown flow 'no-such-flow' "
                + "(known: broken)\n1 error, 0 warnings\n");
    }

    @Test
    void runsEveryConversationTestAndCounts() {
        assertThat(run("test")).isZero();
        assertThat(out()).contains("PASS  name-the-impact.yaml: Alex names the impact").endsWith(" passed, 0 failed\n");
    }

    @Test
    void failsWithTheStepWhatWasExpectedAndWhatWasSeen(@TempDir Path dir) throws IOException {
        Files.copy(Path.of("conversation-flows/name-the-impact.yaml"), dir.resolve("name-the-impact.yaml"));
        Files.copy(Path.of("conversation-flows/small-steps-check.yaml"), dir.resolve("small-steps-check.yaml"));
        Files.createDirectory(dir.resolve("tests"));
        Files.writeString(dir.resolve("tests/t.yaml"), """
                name: expects the wrong words
                couple: [Alex, Sam]
                steps:
                  - Alex: /impact
                  - bot: something never said
                """);
        assertThat(run("test", dir.toString())).isEqualTo(1);
        assertThat(out()).contains("FAIL  t.yaml: expects the wrong words\n      step 2 (line 5): expected a bot message "
                + "in the group matching 'something never said', but the unmatched ones were:\n        | Alex, you'd like")
                .endsWith("0 passed, 1 failed\n");
    }

    @Test
    void reportsATestNamingSomeoneOutsideTheCouple(@TempDir Path dir) throws IOException {
        Files.copy(Path.of("conversation-flows/name-the-impact.yaml"), dir.resolve("name-the-impact.yaml"));
        Files.copy(Path.of("conversation-flows/small-steps-check.yaml"), dir.resolve("small-steps-check.yaml"));
        Files.createDirectory(dir.resolve("tests"));
        Files.writeString(dir.resolve("tests/t.yaml"), "name: a stranger\ncouple: [Alex, Sam]\nsteps:\n  - Kim: hi\n");
        assertThat(run("test", dir.toString())).isEqualTo(1);
        assertThat(out()).contains(dir.resolve("tests/t.yaml") + ":4:5: 'Kim' is not in this test's couple [Alex, Sam]: "
                + "use one of their names").endsWith("0 passed, 1 failed\n");
    }

    @Test
    void drawsAFlowAsMermaid() {
        assertThat(run("graph", "name-the-impact")).isZero();
        assertThat(out()).startsWith("stateDiagram-v2\n").contains("    [*] --> opening\n",
                "    ready_check --> thanks_ready : I'm ready\n", "    thanks_ready --> pattern\n", "    ready_check --> not_now : Not right now\n",
                "    check_heard --> heard_branch : Yes, that's it / Partly / Not quite\n", "    heard_branch --> own_part : heard-right = yes\n",
                "    close --> [*]\n");
    }

    @Test
    void saysWhichFlowsExistWhenAskedToDrawAnUnknownOne() {
        assertThat(run("graph", "nope")).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("no flow 'nope' in conversation-flows (known: "
                + "after-a-tense-moment, boundaries-as-connection, daily-appreciation, invite-dont-rescue, name-the-impact, "
                + "over-functioning-together, practice-appreciation, practice-boundary, practice-invite, practice-name-the-impact, "
                + "practice-repair-attempt, small-steps-check, stop-the-story, therapy-check, weekly-checkin)");
    }

    @Test
    void showsUsageForWrongArguments() {
        assertThat(run("graph")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage: java -jar repairbot.jar");
    }
}
