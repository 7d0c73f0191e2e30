package app.repairbot.safety;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The calibration split is computed twice, here and in tools/safety-finetune/finetune.py: if the two
 * disagreed, safety-train would choose its threshold on texts the encoder was fine-tuned on.
 */
class SafetyCorpusTests {
    @Test
    void theCalibrationSplitIsTheOneFinetunePyComputes() {
        // Values printed by finetune.py's calibration() for the same texts (UTF-8 bytes, FNV-1a).
        for (String in : new String[] {"hi", "yes", "angry"}) {
            assertThat(SafetyCorpus.calibration(in)).as(in).isTrue();
        }
        for (String out : new String[] {"i have pills saved up", "we argued about the dishes again",
                "she reads my messages every night", "café au lait 😂", "hello"}) {
            assertThat(SafetyCorpus.calibration(out)).as(out).isFalse();
        }
    }

    @Test
    void aboutAFifthOfTextsAreForCalibrationAndTheSplitDoesNotFollowTheHeldOutOne() {
        int calibration = 0;
        int both = 0;
        int heldOut = 0;
        for (int i = 0; i < 10_000; i++) {
            String text = "message number " + i;
            boolean c = SafetyCorpus.calibration(text);
            boolean h = SafetyCorpus.heldOut(text);
            calibration += c ? 1 : 0;
            heldOut += h ? 1 : 0;
            both += c && h ? 1 : 0;
        }
        assertThat(calibration).isBetween(1_800, 2_200);
        assertThat(heldOut).isBetween(2_800, 3_200);
        // independent hashes: about 20 % of the held-out texts would also be calibration texts
        assertThat(both).isBetween(450, 750);
    }
}
