package app.repairbot.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import app.repairbot.flow.Flow;
import app.repairbot.flow.FlowCatalog;
import app.repairbot.flow.Step;

/** What /status says an ask is about: its label, else its question without names, never an id. */
class StatusReportTests {
    static final List<String> NAMES = List.of("Alex", "Sam");

    @Test
    void aQuestionLosesTheNamesItIsAddressedToAndWhatComesBeforeAColon() {
        assertThat(StatusReport.question("Sam, are you in a place to listen for the next ten minutes or so?", NAMES))
                .contains("Are you in a place to listen for the next ten minutes or so?");
        assertThat(StatusReport.question("Thank you. And how is it for you, Sam? What would you like Alex to understand?", NAMES))
                .contains("How is it for you?");
        assertThat(StatusReport.question("Hello Alex and Sam, it's time for your weekly check-in. Is now a good moment?", NAMES))
                .contains("Is now a good moment?");
        assertThat(StatusReport.question("Last one, answered privately and shown together: what can your partner do this week?", NAMES))
                .contains("What can your partner do this week?");
        assertThat(StatusReport.question("First, for yourself: what do you need to protect? (Sleep, time alone...)", NAMES))
                .contains("What do you need to protect?");
    }

    @Test
    void quotedExamplesAndAnswersAreNeverQuotedBack() {
        assertThat(StatusReport.question("Write it like this: \"When I come home, do you see me?\" Take your time.", NAMES)).isEmpty();
        assertThat(StatusReport.question("Alex, Sam heard: \"\u2026\". Is that close?", NAMES)).contains("Is that close?");
        assertThat(StatusReport.question("Pick one that sounds like you, or write your own:", NAMES)).isEmpty();
        assertThat(StatusReport.question("What " + "very ".repeat(40) + "long question is this?", NAMES)).isEmpty();
    }

    @Test
    void aLabelReadsInTheMiddleOfASentence() {
        assertThat(StatusReport.lowerLabel("What happened", NAMES)).isEqualTo("what happened");
        assertThat(StatusReport.lowerLabel("The pattern Alex named", NAMES)).isEqualTo("the pattern Alex named");
        assertThat(StatusReport.lowerLabel("Alex's invitation", NAMES)).isEqualTo("Alex's invitation");
        assertThat(StatusReport.lowerLabel("I statements", NAMES)).isEqualTo("I statements");
        assertThat(StatusReport.lowerLabel("SOS plan", NAMES)).isEqualTo("SOS plan");
    }

    @Test
    void aLabelThatNamesItsReaderSaysYouWhereThatReadsWell() {
        assertThat(StatusReport.toViewer("How it lands for Alex", "Alex")).isEqualTo("How it lands for you");
        assertThat(StatusReport.toViewer("Alex's boundary", "Alex")).isEqualTo("Your boundary");
        assertThat(StatusReport.toViewer("What would help Alex", "Alex")).isEqualTo("What would help you");
        assertThat(StatusReport.toViewer("The pattern Alex named", "Alex")).isEqualTo("The pattern you named");
        assertThat(StatusReport.toViewer("What Alex heard after Sam's words", "Alex")).isEqualTo("What you heard after Sam's words");
        assertThat(StatusReport.toViewer("What Sam heard", "Alex")).as("the other partner keeps their name").isEqualTo("What Sam heard");
        assertThat(StatusReport.toViewer("What Alex needs", "Alex")).as("'you needs' would not read").isEqualTo("What Alex needs");
        assertThat(StatusReport.toViewer("Alexandra's plan", "Alex")).isEqualTo("Alexandra's plan");
    }

    @Test
    void aSentenceEndsOnceEvenAfterAQuote() {
        assertThat(Wording.sentence("You're in \"Name the impact\"")).isEqualTo("You're in \"Name the impact\".");
        assertThat(Wording.sentence("You're in \"What now?\"")).isEqualTo("You're in \"What now?\"");
        assertThat(Wording.statusTurn("Sam", false, "\"Is that close?\"", false)).isEqualTo("Waiting for Sam to answer \"Is that close?\"");
        assertThat(Wording.statusTurn("both of you", true, "about your small step", false))
                .isEqualTo("Waiting for both of you to answer privately about your small step.");
        assertThat(Wording.statusTurn("you", false, "", true)).isEqualTo("When you carry on, it's over to you to answer.");
    }

    /** Every ask of the seed flows: what /status would say it is about has no id, no variable and no doubled stop. */
    @Test
    void everySeedAskHasAPlainTopic() {
        FlowCatalog flows = FlowCatalog.load(Path.of("conversation-flows")).orThrow();
        for (Flow flow : flows.all()) {
            for (Step step : flow.steps().values()) {
                if (step instanceof Step.Ask ask && ask.label().isEmpty()) {
                    String text = ask.text().render(n -> n.equals("starter") ? "Alex" : n.equals("partner") ? "Sam" : "\u2026");
                    StatusReport.question(text, NAMES).ifPresent(q -> assertThat(q).as(flow.id() + " " + ask.id())
                            .doesNotContain("{{", "Alex,", ", Sam", "..", "step '").matches("[A-Z].*\\?")
                            // An id of one word may be an ordinary word ("need"); one of several is never shown.
                            .doesNotContain(ask.id().contains("-") ? ask.id() : "{{"));
                }
            }
        }
    }
}
