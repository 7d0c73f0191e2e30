package app.repairbot.chat;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * One thing that happened in a chat, as the engine sees it. {@code updateId} identifies the
 * event for de-duplication: the same id applied twice changes nothing the second time.
 */
public record ChatEvent(long updateId, ChatId chat, ChatKind chatKind, Person from, Instant at, Payload payload) {
    public ChatEvent {
        Objects.requireNonNull(chat, "chat");
        Objects.requireNonNull(chatKind, "chatKind");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(payload, "payload");
    }

    /** What happened. */
    public sealed interface Payload permits Text, Tap, Command, NonText, MemberJoined, MemberLeft, BotAdded {
    }

    /** A message with text (never a command: see {@link #ofText}). */
    public record Text(String text) implements Payload {
        public Text {
            Objects.requireNonNull(text, "text");
        }
    }

    /** A tap on a button the bot sent, carrying that button's data. */
    public record Tap(String data) implements Payload {
        public Tap {
            Objects.requireNonNull(data, "data");
        }
    }

    /** {@code /name args}; the name is lower case, without the slash or a {@code @botname}. */
    public record Command(String name, String args) implements Payload {
        public Command {
            name = name.toLowerCase(Locale.ROOT);
            args = args == null ? "" : args.strip();
        }
    }

    /** A message with no text the bot can read: a sticker, photo, voice note… */
    public record NonText(String kind) implements Payload {
    }

    public record MemberJoined(Person member) implements Payload {
    }

    public record MemberLeft(Person member) implements Payload {
    }

    /** The bot itself was added to the group, by {@code from}. */
    public record BotAdded() implements Payload {
    }

    /** Reads a typed message: a leading {@code /word} (optionally {@code /word@bot}) is a command. */
    public static Payload ofText(String text) {
        String t = text.strip();
        if (t.startsWith("/") && t.length() > 1 && Character.isLetterOrDigit(t.charAt(1))) {
            int space = t.indexOf(' ');
            String head = space < 0 ? t.substring(1) : t.substring(1, space);
            int at = head.indexOf('@');
            String name = at < 0 ? head : head.substring(0, at);
            return new Command(name, space < 0 ? "" : t.substring(space + 1));
        }
        return new Text(text);
    }
}
