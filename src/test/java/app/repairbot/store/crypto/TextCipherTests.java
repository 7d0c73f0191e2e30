package app.repairbot.store.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

class TextCipherTests {
    private final TextCipher cipher = new TextCipher(new SecretKeySpec(new byte[32], "AES"));

    @Test
    void aSealedTextIsUnreadableAndComesBackWithTheKey() {
        String sealed = cipher.seal("I felt left out when plans changed");

        assertThat(sealed).startsWith("gcm1:").doesNotContain("left out");
        assertThat(cipher.seal("I felt left out when plans changed")).isNotEqualTo(sealed);
        assertThat(cipher.open(sealed)).isEqualTo("I felt left out when plans changed");
        assertThat(new TextCipher(new SecretKeySpec(new byte[32], "AES")).open(sealed)).isEqualTo("I felt left out when plans changed");
    }

    @Test
    void aChangedTextOrAnotherKeyIsRefusedAndTheCipherStillWorksAfterwards() {
        String sealed = cipher.seal("kept");
        // a character inside the base64 (all six of its bits count; the last one before '=' has unused bits)
        int at = sealed.length() / 2;
        String changed = sealed.substring(0, at) + (sealed.charAt(at) == 'A' ? 'Q' : 'A') + sealed.substring(at + 1);
        byte[] other = new byte[32];
        other[0] = 1;

        assertThatThrownBy(() -> cipher.open(changed)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TextCipher(new SecretKeySpec(other, "AES")).open(sealed))
                .hasMessageContaining("REPAIRBOT_DATA_KEY");
        assertThat(cipher.open(sealed)).isEqualTo("kept");
        assertThat(cipher.open(cipher.seal("after a refusal"))).isEqualTo("after a refusal");
    }

    @Test
    void manyThreadsSealAndOpenAtOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    for (int i = 0; i < 500; i++) {
                        String text = "answer " + thread + "/" + i;
                        if (!text.equals(cipher.open(cipher.seal(text)))) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> result : results) {
                assertThat(result.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
