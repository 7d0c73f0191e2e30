package app.repairbot.safety;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

class PhrasePatternTests {

    @Test
    void aPatternThatOpensWithALookBehindLooksAheadFirst() {
        assertThat(PhraseScreen.Guarded.lookAheadFirst("(?<!\\b(film|friend)\\b.{0,40})\\brope\\b"))
                .isEqualTo("(?=\\brope\\b)(?<!\\b(film|friend)\\b.{0,40})\\brope\\b");
        // The look-behind guards only the first alternative, before and after.
        assertThat(PhraseScreen.Guarded.lookAheadFirst("(?<!my )\\bpills\\b|\\btablets\\b"))
                .isEqualTo("(?=\\bpills\\b)(?<!my )\\bpills\\b|\\btablets\\b");
        assertThat(PhraseScreen.Guarded.lookAheadFirst("\\brope\\b(?<!a rope)")).isEqualTo("\\brope\\b(?<!a rope)");
    }

    @Test
    void theRewrittenPatternFindsWhatTheWrittenOneFinds() {
        List<String> written = List.of("(?<!\\b(film|friend|climbing)\\b.{0,40})\\b(a|the|bought) rope\\b",
                "(?<!my )\\bpills\\b|\\btablets\\b", "(?<![a-z(])\\b(go|going) through with it\\b");
        List<String> texts = List.of("i bought a rope today", "my friend bought a rope for climbing", "took my pills",
                "took the pills", "tablets again", "im going through with it", "film: the rope", "a rope and a film");
        for (String regex : written) {
            Pattern original = Pattern.compile(regex);
            Pattern rewritten = PhraseScreen.Guarded.of(regex, 0).pattern();
            for (String text : texts) {
                assertThat(rewritten.matcher(text).find()).as(regex + " on " + text).isEqualTo(original.matcher(text).find());
            }
        }
    }

    @Test
    void aFlagIsExplainedByThePatternAsWritten() {
        PhraseScreen.Guarded g = PhraseScreen.Guarded.of("(?<!my )\\b(pills|tablets)\\b", 0);
        assertThat(g.source()).isEqualTo("(?<!my )\\b(pills|tablets)\\b");
        // The words a text must hold for the pattern to run come from the pattern after its look-behind.
        assertThat(g.words()).containsExactlyInAnyOrder("pills", "tablets");
    }
}
