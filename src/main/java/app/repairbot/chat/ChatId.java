package app.repairbot.chat;

/** A chat: a couple's group, or a person's private chat with the bot. */
public record ChatId(long value) {
    /** A person's private chat with the bot has the person's id, as in Telegram. */
    public static ChatId privateOf(UserId user) {
        return new ChatId(user.value());
    }

    @Override
    public String toString() {
        return Long.toString(value);
    }
}
