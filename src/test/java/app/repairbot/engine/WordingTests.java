package app.repairbot.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import app.repairbot.flow.Flow;

/** The bot's own words read as a person would say them: no ids, no variable names, no counts, no "step". */
class WordingTests {
    static List<String> everyText() throws IllegalAccessException {
        List<String> texts = new ArrayList<>();
        for (Field f : Wording.class.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                f.setAccessible(true);
                texts.add((String) f.get(null));
            }
        }
        texts.addAll(List.of(Wording.turn("Sam", "Alex"), Wording.alreadyAnswered("Alex", "Sam"), Wording.tooShort("Alex"),
                Wording.sealedPrompt("Alex and Sam"), Wording.askedPrivately("Alex", false, false), Wording.askedPrivately("Alex and Sam", true, false), Wording.askedPrivately("Alex and Sam", true, true),
                Wording.pauseStarted(20, true), Wording.pauseStarted(1, false), Wording.notYourPause("Sam"), Wording.resumeAsked("Sam", "Alex"),
                Wording.forTheCouple("Name the impact", Optional.of("impact")), Wording.forTheCouple("Name the impact", Optional.empty()),
                Wording.forPractice("Set a boundary"), Wording.unknownCommand("frobnicate", Optional.empty()), Wording.unknownCommand("stauts", Optional.of("status")),
                Wording.supportHint("For now, support for each of you on your own."), Wording.replace("Stop the story", "Name the impact"),
                Wording.flowChanged("Name the impact"), Wording.readyOne("Alex", "Sam"), Wording.stopped(true), Wording.stopped(false),
                Wording.menuLine("Name the impact", "Say how a pattern affects you."), Wording.statusIn("Name the impact"),
                Wording.sealedThanks("Sam"), Wording.bothShared("Alex"), Wording.wordsShared("Sam"),
                Wording.askedPrivatelyAgain("Alex", false, false), Wording.askedPrivatelyAgain("Alex and Sam", true, false), Wording.askedPrivatelyAgain("Alex and Sam", true, true),
                Wording.answeredFirst("Sam"), Wording.ownHoldLifted(), Wording.replacedAgreed("Sam", "Alex", "Name the impact", "Stop the story"), Wording.pausedBy("Alex"), Wording.stillYoursToAnswer("Sam", "One word?"), Wording.nothingRunning(true),
                Wording.privateHelloDuringHold("Sam"), Wording.answeredBefore("Alex", "Sam"), Wording.privateHelloWhileGroupRuns("Sam"), Wording.privateHelloAfterHelp("Sam", Wording.Said.THANKS, false),
                Wording.privateHelloAfterHelp("Sam", Wording.Said.SORRY, false), Wording.privateHelloAfterHelp("Sam", Wording.Said.OTHER, true)));
        return texts;
    }

    @Test
    void aPausesLengthIsSaidAsAPersonWouldSayIt() {
        assertThat(Wording.inWords(1)).isEqualTo("1 minute");
        assertThat(Wording.inWords(20)).isEqualTo("20 minutes");
        assertThat(Wording.inWords(90)).isEqualTo("90 minutes");
        assertThat(Wording.inWords(120)).isEqualTo("2 hours");
        assertThat(Wording.inWords(1440)).isEqualTo("24 hours");
        assertThat(Wording.inWords(150)).isEqualTo("150 minutes");
    }

    @Test
    void aShortThankYouOrASorryIsAnsweredAsSuchAfterHelp() {
        for (String thanks : List.of("thank you", "Thanks!", "thx", "ty x", "thank u so much", "cheers")) {
            assertThat(Wording.Said.of(thanks)).as(thanks).isEqualTo(Wording.Said.THANKS);
        }
        for (String sorry : List.of("sorry", "Sorry for dumping all this on you", "im so sorry", "I apologise")) {
            assertThat(Wording.Said.of(sorry)).as(sorry).isEqualTo(Wording.Said.SORRY);
        }
        for (String other : List.of("ok", "thanks for nothing", "thank god he's asleep", "they", "take care", "tyre",
                "thanks for listening, I've been carrying all of this on my own for months and I don't know who else to tell")) {
            assertThat(Wording.Said.of(other)).as(other).isEqualTo(Wording.Said.OTHER);
        }
        assertThat(Wording.privateHelloAfterHelp("Sam", Wording.Said.OTHER, false))
                .isNotEqualTo(Wording.privateHelloAfterHelp("Sam", Wording.Said.OTHER, true));
    }

    @Test
    void anEndTextThatIntroducesItsRecapGetsNoSecondHeading() {
        assertThat(Wording.introducesRecap("Well done, both. Here is what you shared.")).isTrue();
        assertThat(Wording.introducesRecap("Well done. Here’s what you both said:")).isTrue();
        assertThat(Wording.introducesRecap("Your answers:")).isTrue();
        assertThat(Wording.introducesRecap("Well done, both. Go gently with each other tonight.")).isFalse();
        assertThat(Wording.introducesRecap("")).isFalse();
        assertThat(Wording.replace("Two questions", "Two questions")).isEqualTo(
                "You're in the middle of \"Two questions\". Start it again from the beginning?");
    }

    @Test
    void theBotsOwnWordsShowNoMachinery() throws IllegalAccessException {
        List<String> ids = EngineTests.FLOWS.all().stream().map(Flow::id).map(Object::toString).toList();
        for (String text : everyText()) {
            assertThat(text).as(text).doesNotContain("{{", "}}", "at step", "step '", "character", "null", "..", "!.", "?.", ",.")
                    .doesNotContain(ids.toArray(String[]::new))
                    .doesNotContainPattern("\\b[a-z]+_[a-z]+\\b").doesNotContainPattern("\\d,\\d{3}");
        }
    }

    @Test
    void aNameGoesInFrontWithoutBreakingTheSentence() {
        assertThat(Wording.sealedPrompt("Alex and Sam")).startsWith("Alex and Sam, this one is private.");
        assertThat(Wording.askedPrivately("Alex and Sam", true, false)).startsWith("Alex and Sam, I've asked you each in your private chat");
        assertThat(Wording.askedPrivatelyAgain("Alex and Sam", true, false)).startsWith("Alex and Sam, I've asked you each privately again.");
        assertThat(Wording.remindAgain("Alex, what's the pattern? Describe it.", List.of("Alex", "Sam")))
                .isEqualTo("Alex, whenever you're ready: what's the pattern? Describe it.");
        assertThat(Wording.remindAgain("What do you each wish for?", List.of("Alex", "Sam")))
                .isEqualTo("Whenever you're ready: What do you each wish for?");
    }

    @Test
    void aQuoteEndsItsSentenceOnce() {
        assertThat(Wording.menuLine("Name the impact", "Say how it lands.")).isEqualTo("\u2022 Name the impact: Say how it lands.");
        assertThat(Wording.menuLine("Name the impact", "Say how it lands")).isEqualTo("\u2022 Name the impact: Say how it lands.");
        assertThat(Wording.menuLine("Name the impact", "")).isEqualTo("\u2022 Name the impact");
        assertThat(Wording.forTheCouple("Name the impact", Optional.of("impact")))
                .isEqualTo("\"Name the impact\" is for the two of you together: start it in your group chat with /impact.");
    }

    @Test
    void forgetsQuestionNamesWhatGoesAndWhatStays() {
        assertThat(Wording.forgetMe(List.of(), false)).isEqualTo("This deletes everything I keep about you: what you wrote to me here. "
                + "It can't be undone. Delete everything?");
        assertThat(Wording.forgetMe(List.of("Alex", "Kim"), false)).isEqualTo("This deletes everything I keep about you: what you "
                + "wrote to me here, and your 2 groups with a partner: their pairings, conversations and answers, and scheduled check-ins. "
                + "It can't be undone. Delete everything?");
        assertThat(Wording.forgetMe(List.of("Alex"), true)).startsWith("This deletes everything I keep about you: what you wrote to me "
                + "here, and your group with Alex: its pairing").contains("It can't be undone.\n\nOne thing stays, to keep you safe: ")
                .endsWith("none of your words.\n\nDelete everything?");
    }
}
