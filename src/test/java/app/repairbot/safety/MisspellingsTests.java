package app.repairbot.safety;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import app.repairbot.engine.Safety.Concern;

class MisspellingsTests {
    final Misspellings misspellings = Misspellings.of(List.of("\\b(strangl\\w*|slapped|choked) me\\b", "\\bafraid of (him|her)\\b",
            "(?<!\\bfind my )\\bphone\\b", "\\bviolent\\b"));

    @ParameterizedTest
    @CsvSource({"he sttrangled me, he strangled me", "he slpaped me, he slapped me", "im arfaid of him, im afraid of him",
            "he choed me, he choked me", "he gets volent, he gets violent"})
    void putsRightOneSlipInAListsWord(String typed, String meant) {
        assertThat(misspellings.correct(typed)).isEqualTo(meant);
    }

    @ParameterizedTest
    @ValueSource(strings = {"she snapped at me", "we argued about the phone", "find my iphone", "he is so short with me",
            "strangely quiet", "this is fine"})
    void leavesOrdinaryWordsAlone(String text) {
        assertThat(misspellings.correct(text)).isSameAs(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"I forgot to buy his beer. He sttrangled me.", "i'm arfaid of him", "he slpaped me again",
            "he choed me. im in the bathroom now"})
    void theScreenFindsAbuseTypedInAHurry(String text) {
        assertThat(new PhraseScreen().screen(text)).contains(Concern.ABUSE);
    }
}
