package app.repairbot.chat;

import java.util.List;
import java.util.Optional;

/**
 * Something the bot says. {@code addressedTo} names the one person who should answer (a
 * channel may then ask for a reply from them only); {@code notice} marks a short answer to a
 * tap, which a channel may show as a toast instead of a message; {@code awaitsAnswer} marks a
 * question someone should answer by writing (so a channel that only passes on replies to the bot,
 * such as a Telegram group in privacy mode, asks for a reply). {@code background} marks a post
 * nobody is waiting for right now (a scheduled prompt): a channel sends it after live replies.
 */
public record BotReply(ChatId chat, String text, List<Button> buttons, Optional<Person> addressedTo, boolean notice,
                       boolean awaitsAnswer, boolean background) {
    public BotReply {
        buttons = List.copyOf(buttons);
    }

    public BotReply(ChatId chat, String text, List<Button> buttons, Optional<Person> addressedTo, boolean notice,
                    boolean awaitsAnswer) {
        this(chat, text, buttons, addressedTo, notice, awaitsAnswer, false);
    }

    /** The same reply, to be sent after live ones. */
    public BotReply inBackground() {
        return new BotReply(chat, text, buttons, addressedTo, notice, awaitsAnswer, true);
    }

    /** The same reply, for another chat (a group that continues under a new id). */
    public BotReply to(ChatId other) {
        return new BotReply(other, text, buttons, addressedTo, notice, awaitsAnswer, background);
    }

    public BotReply(ChatId chat, String text, List<Button> buttons, Optional<Person> addressedTo, boolean notice) {
        this(chat, text, buttons, addressedTo, notice, addressedTo.isPresent() && !notice);
    }

    public static BotReply say(ChatId chat, String text) {
        return new BotReply(chat, text, List.of(), Optional.empty(), false);
    }

    /** A post with buttons, for anyone in the chat. */
    public static BotReply withButtons(ChatId chat, String text, List<Button> buttons) {
        return new BotReply(chat, text, buttons, Optional.empty(), false);
    }

    /** A question someone should answer by writing: {@code to} that one person, or (empty) anyone asked. */
    public static BotReply question(ChatId chat, String text, List<Button> buttons, Optional<Person> to) {
        return new BotReply(chat, text, buttons, to, false, true);
    }

    /** A post for one person to answer (by writing or with its buttons). */
    public static BotReply addressed(ChatId chat, Person to, String text, List<Button> buttons) {
        return new BotReply(chat, text, buttons, Optional.of(to), false);
    }

    /** A short answer to {@code to}'s tap, which a channel may show as a toast. */
    public static BotReply notice(ChatId chat, Person to, String text) {
        return new BotReply(chat, text, List.of(), Optional.of(to), true);
    }

    /** The text followed by the button labels, as conversation tests match it. */
    public String textWithButtons() {
        if (buttons.isEmpty()) {
            return text;
        }
        StringBuilder b = new StringBuilder(text);
        for (Button button : buttons) {
            b.append("\n[").append(button.label()).append(']');
        }
        return b.toString();
    }
}
