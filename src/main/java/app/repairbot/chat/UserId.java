package app.repairbot.chat;

/** A person, by the channel's stable id. */
public record UserId(long value) {
    @Override
    public String toString() {
        return Long.toString(value);
    }
}
