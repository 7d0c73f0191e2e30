package app.repairbot.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class SpellingTests {
    private static final List<String> COMMANDS = List.of("repair", "status", "pause", "resume", "stop", "help", "tense", "impact", "story");

    @Test
    void aSlipOrTwoFindsTheCommand() {
        assertThat(Spelling.closest("stauts", COMMANDS)).contains("status");
        assertThat(Spelling.closest("hepl", COMMANDS)).contains("help");
        assertThat(Spelling.closest("tens", COMMANDS)).contains("tense");
        assertThat(Spelling.closest("RESUEM", COMMANDS)).contains("resume");
        assertThat(Spelling.closest("repiar", COMMANDS)).contains("repair");
        assertThat(Spelling.closest("statsu", COMMANDS)).contains("status");
        assertThat(Spelling.closest("imapct", COMMANDS)).contains("impact");
    }

    @Test
    void nothingIsGuessedWhenNothingIsCloseOrTwoAreEquallyClose() {
        assertThat(Spelling.closest("hello", COMMANDS)).isEmpty();
        assertThat(Spelling.closest("xyzzy", COMMANDS)).isEmpty();
        // "stop" and "story" are each one edit from "stor": no guess between them
        assertThat(Spelling.closest("stor", COMMANDS)).isEmpty();
        // a known word is not a slip of itself
        assertThat(Spelling.closest("status", COMMANDS)).isEmpty();
    }

    @Test
    void distanceCountsASwapAsOneEdit() {
        assertThat(Spelling.distance("status", "stauts")).isEqualTo(1);
        assertThat(Spelling.distance("help", "hello")).isEqualTo(2);
        assertThat(Spelling.distance("", "abc")).isEqualTo(3);
        assertThat(Spelling.distance("pause", "pause")).isZero();
    }
}
