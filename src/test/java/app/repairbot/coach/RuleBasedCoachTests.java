package app.repairbot.coach;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import app.repairbot.engine.PhrasingCoach.Finding;
import app.repairbot.engine.PhrasingCoach.Review;

class RuleBasedCoachTests {
    final RuleBasedCoach coach = new RuleBasedCoach();

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "You never listen to me.|You never|who they are",
            "i feel like youre not there|i feel like youre|dressed as a feeling",
            "I felt so abandoned last night|I felt so abandoned|lonely, scared, sad",
            "Oh great, dinner's late again 🙄|Oh great|sarcasm",
            "But you didn't call me either|But you|counter-complaint",
            "It's every time we visit them|every time|defend the exception",
            "Please STOP doing that|STOP|shouting",
            "Can you just stop!!!|stop!!!|shouting"})
    void quotesTheWordsItIsAboutAndSaysWhy(String draft, String quote, String why) {
        Review review = coach.review(draft);
        assertThat(review.needsWork()).isTrue();
        assertThat(review.findings()).anySatisfy(f -> {
            assertThat(f.quote()).isEqualTo(quote);
            assertThat(f.why()).contains(why);
        });
    }

    @Test
    void buildsTheSuggestionFromTheirOwnWords() {
        Review review = coach.review("You never help with the dishes and I feel ignored.");
        assertThat(review.suggestion()).contains("When you don't help with the dishes and I feel ignored, I feel lonely. "
                + "I need [what would help]. Would you be willing to help with the dishes and I feel ignored?");
        assertThat(coach.review("When I got home the kitchen was a mess, you're so lazy. I need help.").suggestion())
                .contains("When I got home the kitchen was a mess, I feel [your feeling]. I need help. "
                        + "Would you be willing to [a small request]?");
    }

    @Test
    void leavesAbsolutesAboutTheWriterAlone() {
        assertThat(coach.review("I will always love you, and I never want to lose you.").needsWork()).isFalse();
        assertThat(coach.review("You'll never change.").findings()).extracting(Finding::quote).containsExactly("never");
    }

    @Test
    void tipsNameTheMissingPartsWithoutHoldingAnythingBack() {
        Review review = coach.review("I was sad about the weekend.");
        assertThat(review.needsWork()).isFalse();
        assertThat(review.tips()).hasSize(3).anySatisfy(t -> assertThat(t).contains("I need"))
                .anySatisfy(t -> assertThat(t).contains("request"));
        assertThat(coach.review("When you hugged me I felt calm. I need that more. Could we do it every morning?").tips())
                .isEmpty();
        assertThat(coach.review("Thank you for dinner").tips()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Nunca me escuchas cuando hablo, siempre estás con el móvil.",
            "Du hörst mir nie zu, immer bist du am Handy.",
            "Ты никогда меня не слушаешь!!!",
            "Tu ne m'écoutes jamais quand je parle."})
    void politelyLeavesOtherLanguagesUncoached(String draft) {
        Review review = coach.review(draft);
        assertThat(review.coached()).isFalse();
        assertThat(review.needsWork()).isFalse();
    }

    @Test
    void shortOrEmojiOnlyTextIsStillRead() {
        assertThat(coach.review("🙄").needsWork()).isTrue();
        assertThat(coach.review("ok").coached()).isTrue();
    }
}
