package app.repairbot.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** A matches condition runs with a budget: a runaway regex stops, counts as no match and is logged without the text. */
@ExtendWith(OutputCaptureExtension.class)
class RegexBudgetTests {
    static Condition.Matches matches(String regex) {
        return new Condition.Matches("feeling", Pattern.compile(regex, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE),
                "tiny", "check");
    }

    @Test
    void aRunawayMatchStopsCountsAsNoMatchAndIsLoggedWithoutTheText(CapturedOutput output) {
        String answer = "a".repeat(60) + "!secret words";
        long started = System.nanoTime();
        boolean found = matches("(.*a){12}$").test(Map.of("feeling", answer)::get);
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(found).isFalse();
        assertThat(took).isLessThan(Duration.ofSeconds(2));
        assertThat(output.getOut()).contains("WARN", "flow tiny, step check", "taken as no match").doesNotContain("secret words");
    }

    @Test
    void matchingStaysACaseInsensitiveFind() {
        assertThat(matches("^cal").test(Map.of("feeling", "Calm, mostly")::get)).isTrue();
        assertThat(matches("straße").test(Map.of("feeling", "my STRASSE")::get)).isFalse();
        assertThat(matches("ÄRGER").test(Map.of("feeling", "viel ärger heute")::get)).isTrue();
        assertThat(matches("lonely").test(Map.of("feeling", "x".repeat(4000) + " LONELY")::get)).isTrue();
        assertThat(matches("lonely").test(Map.<String, String>of()::get)).isFalse();
    }

    @Test
    void anOrdinaryPatternOverTheLongestMessageStaysFarUnderTheBudget() {
        String longest = "When you come home late I feel lonely and unseen, ".repeat(82).substring(0, 4096);
        Regexes.Budgeted text = new Regexes.Budgeted(longest, Long.MAX_VALUE);
        Pattern.compile("\\b(sorry|apologi[sz]e|forgive)\\b", Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE).matcher(text).find();
        assertThat(Long.MAX_VALUE - text.left()).isLessThan(Regexes.BUDGET / 20);
    }
}
