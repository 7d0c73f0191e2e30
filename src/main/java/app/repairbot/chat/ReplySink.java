package app.repairbot.chat;

/** Where replies go out: a channel's sender. */
public interface ReplySink {
    /**
     * Sends one reply.
     *
     * @throws RuntimeException when it could not be sent now (it stays in the outbox and is tried again)
     */
    void send(BotReply reply);
}
