package app.repairbot.flow;

/** Where a flow runs: a couple's group chat, or one person's private chat with the bot. */
public enum Audience {
    COUPLE, PRIVATE
}
