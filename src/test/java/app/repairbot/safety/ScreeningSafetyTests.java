package app.repairbot.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import app.repairbot.engine.Safety.Concern;

class ScreeningSafetyTests {
    final ScreeningSafety safety = ScreeningSafety.phrasesOnly();

    @ParameterizedTest
    @ValueSource(strings = {"I want to kill myself", "i keep thinking about suicide", "Some nights I wish I were dead.",
            "I've been cutting myself again", "honestly i dont want to be here anymore", "They'd be better off without me",
            "I stood on the bridge for an hour last night", "Not great. Thinking about death a lot.",
            "ngl ive been thinkin abt endin it", "i took too many i think. i'm scared", "better i am dead",
            "im gonna take evrything in the cubbord tnight", "sat in the bath with a razor for an hour",
            "i've stopped taking my heart tablets on purpose"})
    void findsCrisisLanguage(String text) {
        assertThat(safety.screen(text)).contains(Concern.CRISIS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"He hit me last night", "my husband threatened to kill me", "I'm terrified of him",
            "I don't feel safe at home", "she won't let me leave the flat", "My partner choked me once",
            "I walk on eggshells every day so he doesn't explode", "I'm walking on eggshells around my husband",
            "he kneed me in the stomach", "he put his fist through the bathroom mirror", "i said no three times and he did it anyway",
            "he makes me keep my phone unlocked on the table", "i blocked him and he made 30 new accounts",
            "if he finds out i wrote this im dead", "my disability payment goes to his account",
            "she reads all my texts out loud in a mocking voice", "my husband is abusive when he drinks"})
    void findsAbuseAndFear(String text) {
        assertThat(safety.screen(text)).contains(Concern.ABUSE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"I would never hurt myself", "It hit me that we never talk", "This deadline is killing me",
            "You hurt me when you left early", "I'm dying to see you", "I don't want to die on this hill",
            "We should kill the TV after ten", "I sat on the bridge for an hour watching the sunset with you",
            "I'm walking on eggshells around my boss before the deadline",
            "yesterday I cut my finger with onion knife", "emptied my savings into a deposit for the flat",
            "We went to see Macbeth, so much blood, I loved it", "I took too many photos at the wedding",
            "she beat me in chess again", "he won't let me go to bed angry, we always talk it out",
            "I nearly killed myself laughing at the dog", "ugh this traffic makes me want to die lol", "i'd rather die than go to ikea on a saturday",
            "bought a hosepipe. we finally have a garden!!", "rugby this weekend, came home with a black eye and a big grin",
            "we watched a film where the husband was abusive", "i put an airtag in my suitcase after the airline lost it"})
    void leavesEverydayWordsAlone(String text) {
        assertThat(safety.screen(text)).isEmpty();
    }

    /** 2026-12-04: forms the training part's out-of-fold misses showed, said here in other words. */
    @ParameterizedTest
    @ValueSource(strings = {"goodnight forever, love you all", "I've written my own obituary", "been googling how many paracetamol it would take",
            "praying for a heart attack so it's over", "no more me after tonight", "I keep imagining a bus hitting me",
            "I just want to be in the ground", "why am I still breathing", "nobody needs me anymore"})
    void findsGoodbyesWishesAndPreparationsSaidSideways(String text) {
        assertThat(safety.screen(text)).contains(Concern.CRISIS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"he threatened the kids again last night", "she logs into my email every night and reads everything",
            "he drew a finger across his throat when I mentioned leaving", "I need her to give me back my passport",
            "my husband uses the kids against me", "he dictated my answers to this", "can't talk, he's watching",
            "i'm scared to answer because he'll read it later", "he gets rough with me when he's had a drink"})
    void findsThreatsMonitoringAndControlSaidSideways(String text) {
        assertThat(safety.screen(text)).contains(Concern.ABUSE);
    }

    /** Everyday look-alikes of those forms (and of older ones), written to check them: a false flag here would hold a couple. */
    @ParameterizedTest
    @ValueSource(strings = {"he gets rough with the dog when they play", "the kids said goodbye for good to their old school today",
            "there's no more me time since the baby came", "what's the point of me going on about the dishes if you don't listen",
            "is there any point in me carrying on with this exercise", "I'm done with everything at work, not just this project",
            "I don't plan to be around when your mum visits", "I'm not needed anymore at the meeting so I'll be home early",
            "that evening is carved into my memory", "bought charcoal for the bbq, it's in the car",
            "bought the big packs of nappies from two different shops", "I call shotgun, where are the car keys",
            "hoping for a crash course in cooking before your parents come", "let's plant the bulbs in the ground next to our fence",
            "gave away my clothes, it's time for a new wardrobe", "left a note in case I'm not here when you get back",
            "our son screams at me and throws his toys when he's tired", "she logs into my bank for me because I'm hopeless with apps",
            "I took photos of my bruises after the bike fall for the insurance", "the spare key is hidden under the mat",
            "we have no access to our money until the bank fixes the card", "can't talk, he's watching the match",
            "goodnight forever is a song we both love", "he threatened the kids with no ipad if they didn't tidy"})
    void leavesTheirEverydayLookAlikesAlone(String text) {
        assertThat(safety.screen(text)).isEmpty();
    }

    /** Blind examination: violence or threats toward the partner by the writer are harm, not a disclosure of fear; quoted ones are. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"I hit her last night and I feel awful about it|HARM", "i slapped him during the fight|HARM",
            "i told her if she leaves ill make sure she never sees the kids again|HARM", "if you ever leave me i swear ill kill you|HARM",
            "I threw a plate at him|HARM", "i grabbed her by the throat|HARM",
            "he told me if you ever leave ill kill you|ABUSE", "she hits me and then tells people i hit her|ABUSE",
            "I never hit her|", "I hit him with a pillow during the pillow fight|", "I pushed her on the swing|", "I beat him at chess again|",
            "I hit her up on whatsapp|", "I accidentally hit her with the car door|", "i kicked him out of the kitchen so I could cook|",
            "if you ever leave me I'll be heartbroken|", "I threw a pillow at him lol|"})
    void tellsHarmByTheWriterFromADisclosure(String text, String concern) {
        Optional<Concern> found = safety.screen(text);
        if (concern == null) {
            assertThat(found).isEmpty();
        } else {
            assertThat(found).contains(Concern.valueOf(concern));
        }
    }

    /** Blind examination: the plainest forms in other languages people write here; not their hyperboles. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"Ich will nicht mehr leben, ich habe schon Tabletten gesammelt|CRISIS",
            "Quiero morir, ya no aguanto|CRISIS", "Je veux en finir ce soir|CRISIS", "chcę umrzeć|CRISIS",
            "mi marito mi picchia quando beve|ABUSE", "tengo miedo de él cuando bebe|ABUSE", "j'ai peur de lui|ABUSE",
            "je veux mourir de rire|", "quiero morir de la risa|", "me muero de hambre|", "no me pega, solo grita a veces|"})
    void findsThePlainestFormsInOtherLanguages(String text, String concern) {
        assertThat(safety.screen(text)).isEqualTo(concern == null ? Optional.empty() : Optional.of(Concern.valueOf(concern)));
    }

    @Test
    void givesTheConfiguredCountrysHelpLines() {
        assertThat(new ScreeningSafety(new SafetySettings("gb", ""), List.of(new PhraseScreen())).help(Concern.CRISIS)).contains("116 123");
        assertThat(safety.help(Concern.ABUSE)).contains("findahelpline").contains("phone").contains("/forget");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new ScreeningSafety(new SafetySettings("XX", ""), List.of(new PhraseScreen())));
        assertThat(e.getMessage()).contains("no help lines for it").contains("GB");
    }

    /** Someone who wrote about wanting to die is not handed a domestic-abuse line; after abuse, both, the abuse line first. */
    @Test
    void givesTheHelpLinesForTheConcern() {
        ScreeningSafety gb = new ScreeningSafety(new SafetySettings("GB", ""), List.of(new PhraseScreen()));
        for (String crisis : List.of(gb.help(Concern.CRISIS), gb.helpAgain(Concern.CRISIS))) {
            assertThat(crisis).contains("999").contains("Samaritans").doesNotContain("Domestic Abuse").doesNotContain("0808 2000 247");
        }
        for (String abuse : List.of(gb.help(Concern.ABUSE), gb.helpAgain(Concern.ABUSE), gb.individualSupport(), gb.helpLater())) {
            assertThat(abuse).contains("999").contains("0808 2000 247").contains("Samaritans");
            assertThat(abuse.indexOf("0808 2000 247")).isLessThan(abuse.indexOf("Samaritans"));
        }
        assertThat(safety.help(Concern.CRISIS)).contains("emergency number").contains("findahelpline").doesNotContain("hotpeachpages");
    }

    @Test
    void theOperatorsReferralTextReplacesTheBuiltInOne() {
        assertThat(new ScreeningSafety(new SafetySettings("", "See Dr Lee, 020 1234"), List.of(new PhraseScreen())).therapyReferral()).isEqualTo("See Dr Lee, 020 1234");
        assertThat(safety.therapyReferral()).contains("couples therapist");
    }
}
