package app.repairbot.conversationtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import app.repairbot.flow.FlowCatalog;
import app.repairbot.flow.Problem;

/** What a test author reads: how a step matches, and what a failure shows. */
class ConversationTestRunnerTests {
    @TempDir
    Path dir;

    private ConversationTestRunner.Result run(String yaml) throws IOException {
        Path file = dir.resolve("t.yaml");
        Files.writeString(file, yaml);
        List<Problem> problems = new ArrayList<>();
        List<ConversationTest> tests = ConversationTestParser.parse(file, problems);
        assertThat(problems).filteredOn(Problem::isError).isEmpty();
        return new ConversationTestRunner(FlowCatalog.load(EngineConversationTests.FLOWS).orThrow()).run(tests.get(0));
    }

    @Test
    void aRegularExpressionWrittenWithATrailingIIgnoresCase() throws IOException {
        String test = """
                name: case
                couple: [Alex, Sam]
                steps:
                  - Alex: /firstwords
                  - bot: %s
                """;
        assertThat(run(test.formatted("/alex AND SAM, I'VE ASKED/i")).passed()).isTrue();
        assertThat(run(test.formatted("/alex AND SAM, I'VE ASKED/")).passed()).isFalse();
    }

    @Test
    void aMistypedStepKindOrSilenceSaysWhatIsAllowed() throws IOException {
        Path file = dir.resolve("typo.yaml");
        Files.writeString(file, """
                name: typos
                couple: [Alex, Sam]
                steps:
                  - wiat: 5m
                  - silence: everybody
                """);
        List<Problem> problems = new ArrayList<>();
        ConversationTestParser.parse(file, problems);
        assertThat(problems).filteredOn(Problem::isError).extracting(Problem::toString).anySatisfy(p -> assertThat(p)
                .contains("'wiat' is neither a step (bot, bot to NAME, wait, step, silence) nor a name in this test's couple [Alex, Sam]; "
                        + "did you mean 'wait'"))
                .anySatisfy(p -> assertThat(p).contains("silence takes 'group', 'all' or a name in this test's couple [Alex, Sam], not 'everybody'"));
    }

    @Test
    void anExpectationWithNothingLeftToMatchShowsWhatTheBotLastSaid() throws IOException {
        ConversationTestRunner.Result r = run("""
                name: none left
                couple: [Alex, Sam]
                steps:
                  - Alex: /firstwords
                  - bot: I've asked you each
                  - bot: something that never comes
                """);
        assertThat(r.passed()).isFalse();
        assertThat(r.line()).contains("there was none left unmatched", "the bot's last messages in the group:", "| Alex and Sam, I've asked");
    }

    @Test
    void aFailedStepOrTapShowsWhatTheBotLastSaid() throws IOException {
        ConversationTestRunner.Result step = run("""
                name: step
                couple: [Alex, Sam]
                steps:
                  - Alex: /firstwords
                  - step: nowhere
                """);
        assertThat(step.passed()).isFalse();
        assertThat(step.line()).contains("but it is at 'weight'", "the bot's last messages in the group:",
                "| Alex and Sam, I've asked you each in your private chat with me");
        ConversationTestRunner.Result tap = run("""
                name: tap
                couple: [Alex, Sam]
                steps:
                  - Alex: /firstwords
                  - Sam taps: Nonexistent
                """);
        assertThat(tap.passed()).isFalse();
        assertThat(tap.line()).contains("has a button labelled 'Nonexistent'", "the bot's last messages in Sam's private chat:",
                "| Whoever would like to go first");
    }
}
