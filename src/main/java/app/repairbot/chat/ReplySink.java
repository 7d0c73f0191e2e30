package app.repairbot.chat;

/** Where replies go out: a channel's sender. */
public interface ReplySink {
    /**
     * Sends one reply.
     *
     * @throws RetryLater when the channel asks to wait (pacing, rate limits, outages) before this chat's next message
     * @throws RuntimeException when it could not be sent now (it stays in the outbox and is tried again)
     */
    void send(BotReply reply);

    /**
     * The chat's next message may go out at {@code notBefore}, not sooner; the reply stays queued.
     * Pacing throws it often and on purpose, so it carries no stack trace.
     */
    class RetryLater extends RuntimeException {
        private final java.time.Instant notBefore;

        public RetryLater(String message, java.time.Instant notBefore) {
            super(message, null, false, false);
            this.notBefore = notBefore;
        }

        public java.time.Instant notBefore() {
            return notBefore;
        }
    }
}
