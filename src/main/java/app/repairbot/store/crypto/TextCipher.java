package app.repairbot.store.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * AES-GCM for free text at rest. A sealed text reads {@code gcm1:} and base64 of a random
 * 12-byte nonce and the ciphertext with its tag; it cannot be read, or changed unnoticed,
 * without the key.
 */
public final class TextCipher {
    static final String PREFIX = "gcm1:";
    private static final int NONCE = 12;
    private static final int TAG_BITS = 128;

    private final SecretKey key;
    private final SecureRandom random = new SecureRandom();
    /**
     * One cipher per thread, initialised afresh (with a new nonce) for each text: looking one up by
     * name and expanding the key again for every answer of every save was a tenth of a save's cost.
     */
    private final ThreadLocal<Cipher> ciphers = ThreadLocal.withInitial(TextCipher::newCipher);

    public TextCipher(SecretKey key) {
        this.key = key;
    }

    public String seal(String text) {
        if (text == null) {
            return null;
        }
        try {
            byte[] nonce = new byte[NONCE];
            random.nextBytes(nonce);
            Cipher c = ciphers.get();
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            byte[] sealed = c.doFinal(text.getBytes(StandardCharsets.UTF_8));
            return PREFIX + Base64.getEncoder().encodeToString(ByteBuffer.allocate(NONCE + sealed.length).put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every Java runtime", e);
        }
    }

    private static Cipher newCipher() {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every Java runtime", e);
        }
    }

    /**
     * The text again.
     *
     * @throws IllegalArgumentException when it was not sealed with this key, or was changed
     */
    public String open(String sealed) {
        if (sealed == null) {
            return null;
        }
        if (!sealed.startsWith(PREFIX)) {
            throw new IllegalArgumentException("a stored text is not encrypted");
        }
        try {
            byte[] all = Base64.getDecoder().decode(sealed.substring(PREFIX.length()));
            Cipher c = ciphers.get();
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, NONCE));
            return new String(c.doFinal(all, NONCE, all.length - NONCE), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("a stored text cannot be decrypted with this key (wrong REPAIRBOT_DATA_KEY?)", e);
        }
    }
}
