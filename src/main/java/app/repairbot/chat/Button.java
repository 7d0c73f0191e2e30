package app.repairbot.chat;

import java.nio.charset.StandardCharsets;

/** A button under a bot message; {@code data} comes back in a {@link ChatEvent.Tap}. */
public record Button(String label, String data) {
    public static final int MAX_DATA_BYTES = 64;
    /** The data of a button that opens the person's private chat with the bot (a channel makes it a link). */
    public static final String OPEN_PRIVATE_CHAT = "open:private";

    public Button {
        if (data.getBytes(StandardCharsets.UTF_8).length > MAX_DATA_BYTES) {
            throw new IllegalArgumentException("button data over 64 bytes: " + data);
        }
    }
}
