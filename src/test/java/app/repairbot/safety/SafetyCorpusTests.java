package app.repairbot.safety;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The folds are computed twice, here and in tools/safety-finetune/finetune.py: if the two disagreed,
 * safety-train would score a text with an encoder that was fine-tuned on it, and choose its threshold
 * on figures too good to be true.
 */
class SafetyCorpusTests {
    @Test
    void theFoldsAreTheOnesFinetunePyComputes() {
        // Values printed by finetune.py's fold() for the same texts (UTF-8 bytes, FNV-1a).
        Map<String, Integer> folds = Map.of("hi", 0, "yes", 0, "angry", 0, "i have pills saved up", 3,
                "we argued about the dishes again", 4, "she reads my messages every night", 3, "café au lait 😂", 2, "hello", 1);
        folds.forEach((text, fold) -> assertThat(SafetyCorpus.fold(text)).as(text).isEqualTo(fold));
    }

    @Test
    void theFoldsAreAboutEvenAndDoNotFollowTheHeldOutSplit() {
        int[] perFold = new int[SafetyCorpus.FOLDS];
        int heldOut = 0;
        int heldOutInFoldZero = 0;
        for (int i = 0; i < 10_000; i++) {
            String text = "message number " + i;
            int fold = SafetyCorpus.fold(text);
            boolean h = SafetyCorpus.heldOut(text);
            perFold[fold]++;
            heldOut += h ? 1 : 0;
            heldOutInFoldZero += h && fold == 0 ? 1 : 0;
        }
        for (int n : perFold) {
            assertThat(n).isBetween(1_800, 2_200);
        }
        assertThat(heldOut).isBetween(2_800, 3_200);
        // independent hashes: about a fifth of the held-out texts would also be in any one fold
        assertThat(heldOutInFoldZero).isBetween(450, 750);
    }
}
