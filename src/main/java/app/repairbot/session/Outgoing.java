package app.repairbot.session;

import app.repairbot.chat.BotReply;
import app.repairbot.chat.ChatId;

/**
 * A reply waiting in the outbox of the session of chat {@code session}; {@code id} is unique
 * within that session. Send it, then {@link SessionStore#markSent mark it sent}.
 */
public record Outgoing(ChatId session, long id, BotReply reply) {
    /** A reply no outbox holds (id 0): sent once, directly. */
    public static Outgoing unstored(ChatId chat, BotReply reply) {
        return new Outgoing(chat, 0, reply);
    }

    public boolean stored() {
        return id != 0;
    }
}
