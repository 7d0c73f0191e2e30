package app.repairbot.safety;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

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

    @Test
    void aGuardNamesTheWordsAMatchCanBeginWith() {
        assertThat(FirstWords.of("\\b(saved|stockpil\\w*) (pills|tablets)\\b")).hasValueSatisfying(g -> {
            assertThat(g.words()).containsExactly("saved");
            assertThat(g.prefixes()).containsExactly("stockpil");
        });
        // "pill" ends its group, and an 's' may follow: only a start of a word.
        assertThat(FirstWords.of("\\b(pill|tablet)s?\\b")).hasValueSatisfying(g -> {
            assertThat(g.words()).isEmpty();
            assertThat(g.prefixes()).containsExactlyInAnyOrder("pill", "tablet");
        });
        assertThat(FirstWords.of("(?<!my )\\b((?:i|im)|going to) (end|do) it\\b|\\bno way out\\b"))
                .hasValueSatisfying(g -> assertThat(g.words()).containsExactlyInAnyOrder("i", "im", "going", "no"));
        assertThat(FirstWords.of("\\bod(ing|ed)? on\\b")).hasValueSatisfying(g -> assertThat(g.prefixes()).containsExactly("od"));
        // A match may begin with anything here: no guard.
        assertThat(FirstWords.of("\\b(a )?rope\\b")).isEmpty();
        assertThat(FirstWords.of(".{0,10}\\brope\\b")).isEmpty();
        assertThat(FirstWords.of("\\bi\\b|[0-9]+ pills")).isEmpty();
        assertThat(FirstWords.of("rope\\b")).isEmpty();
    }

    /**
     * The guards are read from the patterns by hand-written parsing, so this checks them against
     * every text of the corpus: a pattern that matches a text is never skipped for it.
     */
    @Test
    void noGuardEverSkipsAPatternThatMatches() throws Exception {
        List<String> texts = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("safety-corpus"))) {
            for (Path f : files.filter(f -> f.toString().endsWith(".tsv")).toList()) {
                SafetyCorpus.read(f).forEach(e -> texts.add(PhraseScreen.normalise(e.text())));
            }
        }
        assertThat(texts).hasSizeGreaterThan(5000);
        int checked = 0;
        for (String list : List.of("safety/crisis-patterns.txt", "safety/abuse-patterns.txt")) {
            for (PhraseScreen.Guarded g : PhraseScreen.patterns(list)) {
                if (g.words().isEmpty() && g.prefixes().isEmpty()) {
                    continue;
                }
                for (String text : texts) {
                    if (g.pattern().matcher(text).find()) {
                        assertThat(g.mayMatch(PhraseScreen.guardWords(text))).as(g.source() + " on " + text).isTrue();
                        checked++;
                    }
                }
            }
        }
        assertThat(checked).isGreaterThan(1000);
    }
}
