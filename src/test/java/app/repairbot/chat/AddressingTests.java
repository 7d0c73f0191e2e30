package app.repairbot.chat;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AddressingTests {
    @Test
    void aNameGoesInFrontWithoutBreakingTheSentence() {
        assertThat(Addressing.to("Alex", "And when that happens, how does it land for you?"))
                .isEqualTo("Alex, and when that happens, how does it land for you?");
        assertThat(Addressing.to("Sam", "Thank you. And what story did your mind tell you?")).isEqualTo("Sam, thank you. And what story did your mind tell you?");
        assertThat(Addressing.to("Alex", "What would you add?")).isEqualTo("Alex, what would you add?");
        assertThat(Addressing.to("Alex", "Whenever you're ready: what's the pattern?")).isEqualTo("Alex, whenever you're ready: what's the pattern?");
        assertThat(Addressing.to("Sam", "Still here when you are ready.")).isEqualTo("Sam, still here when you are ready.");
        assertThat(Addressing.to("Sam", "No rush. One word is enough.")).isEqualTo("Sam, no rush. One word is enough.");
    }

    @Test
    void iNamesAndAcronymsKeepTheirCapital() {
        assertThat(Addressing.to("Alex", "I heard you.")).isEqualTo("Alex, I heard you.");
        assertThat(Addressing.to("Alex", "Sam heard: \"you're tired\".")).isEqualTo("Alex, Sam heard: \"you're tired\".");
        assertThat(Addressing.to("Alex", "OK?")).isEqualTo("Alex, OK?");
        assertThat(Addressing.to("Alex", "")).isEqualTo("Alex, ");
    }
}
