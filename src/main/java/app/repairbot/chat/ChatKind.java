package app.repairbot.chat;

/** A group chat (the couple, with the bot) or a private one (one person and the bot). */
public enum ChatKind {
    GROUP, PRIVATE
}
