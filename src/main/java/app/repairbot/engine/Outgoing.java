package app.repairbot.engine;

import app.repairbot.chat.BotReply;
import app.repairbot.chat.ChatId;

/**
 * A reply waiting in the outbox of the session of chat {@code session}; {@code id} is unique
 * within that session. Send it, then {@link SessionStore#markSent mark it sent}.
 */
public record Outgoing(ChatId session, long id, BotReply reply) {
}
