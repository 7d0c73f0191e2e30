package app.repairbot.telegram;

import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.telegram.telegrambots.meta.api.objects.CallbackQuery;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.api.objects.User;
import org.telegram.telegrambots.meta.api.objects.chat.Chat;
import org.telegram.telegrambots.meta.api.objects.chatmember.ChatMemberUpdated;
import org.telegram.telegrambots.meta.api.objects.message.Message;

import app.repairbot.chat.ChatEvent;
import app.repairbot.chat.ChatId;
import app.repairbot.chat.ChatKind;
import app.repairbot.chat.Person;
import app.repairbot.chat.UserId;

/**
 * Reads a Telegram update as a chat event, or as nothing when the bot has no use for it (edits,
 * channel posts, service messages, commands meant for another bot, chats that are neither a
 * private chat nor a group).
 */
public final class TelegramUpdates {
    private static final Set<String> PRESENT = Set.of("member", "administrator", "creator", "restricted");

    private final String botUsername;

    /** {@code botUsername}: the bot's own username, so that {@code /cmd@otherbot} is left alone. */
    public TelegramUpdates(String botUsername) {
        this.botUsername = botUsername == null ? "" : botUsername;
    }

    public String botUsername() {
        return botUsername;
    }

    public Optional<ChatEvent> toEvent(Update update) {
        long id = update.getUpdateId();
        if (update.hasMessage()) {
            return message(id, update.getMessage());
        }
        if (update.hasCallbackQuery()) {
            return tap(id, update.getCallbackQuery());
        }
        if (update.hasMyChatMember()) {
            return membership(id, update.getMyChatMember());
        }
        return Optional.empty();
    }

    /** The group a message says it moved to (a group becoming a supergroup), if it says so. */
    public static Optional<ChatId> migratedTo(Update update) {
        if (update.hasMessage() && update.getMessage().getMigrateToChatId() != null) {
            return Optional.of(new ChatId(update.getMessage().getMigrateToChatId()));
        }
        return Optional.empty();
    }

    private Optional<ChatEvent> message(long id, Message m) {
        Optional<ChatKind> kind = kind(m.getChat());
        if (kind.isEmpty() || m.getFrom() == null || Boolean.TRUE.equals(m.getFrom().getIsBot()) && m.getNewChatMembers() == null) {
            return Optional.empty();
        }
        ChatId chat = new ChatId(m.getChatId());
        Person from = person(m.getFrom());
        Instant at = m.getDate() == null ? Instant.EPOCH : Instant.ofEpochSecond(m.getDate());
        if (m.getNewChatMembers() != null && !m.getNewChatMembers().isEmpty()) {
            if (m.getNewChatMembers().stream().anyMatch(this::isMe)) {
                return Optional.of(new ChatEvent(id, chat, kind.get(), from, at, new ChatEvent.BotAdded()));
            }
            return m.getNewChatMembers().stream().filter(u -> !Boolean.TRUE.equals(u.getIsBot())).findFirst()
                    .map(u -> new ChatEvent(id, chat, kind.get(), from, at, new ChatEvent.MemberJoined(person(u))));
        }
        if (m.getLeftChatMember() != null) {
            return isMe(m.getLeftChatMember()) ? Optional.empty()
                    : Optional.of(new ChatEvent(id, chat, kind.get(), from, at, new ChatEvent.MemberLeft(person(m.getLeftChatMember()))));
        }
        if (m.getForwardOrigin() != null || m.getForwardFrom() != null || m.getForwardFromChat() != null) {
            return Optional.of(new ChatEvent(id, chat, kind.get(), from, at, new ChatEvent.NonText("forwarded message")));
        }
        if (m.hasText()) {
            String text = m.getText();
            if (addressedToAnotherBot(text)) {
                return Optional.empty();
            }
            return Optional.of(new ChatEvent(id, chat, kind.get(), from, at, ChatEvent.ofText(text)));
        }
        Optional<String> media = media(m);
        return media.map(what -> new ChatEvent(id, chat, kind.get(), from, at, new ChatEvent.NonText(what)));
    }

    private static Optional<String> media(Message m) {
        if (m.hasSticker()) {
            return Optional.of("sticker");
        }
        if (m.hasPhoto()) {
            return Optional.of("photo");
        }
        if (m.hasVoice() || m.hasAudio()) {
            return Optional.of("voice");
        }
        if (m.hasVideo() || m.hasVideoNote() || m.hasAnimation()) {
            return Optional.of("video");
        }
        if (m.hasDocument() || m.hasLocation() || m.hasContact() || m.hasPoll()) {
            return Optional.of("attachment");
        }
        return Optional.empty();
    }

    private boolean addressedToAnotherBot(String text) {
        String t = text.strip();
        if (!t.startsWith("/")) {
            return false;
        }
        int space = t.indexOf(' ');
        String head = space < 0 ? t : t.substring(0, space);
        int at = head.indexOf('@');
        return at >= 0 && !head.substring(at + 1).equalsIgnoreCase(botUsername);
    }

    private Optional<ChatEvent> tap(long id, CallbackQuery q) {
        if (q.getMessage() == null || q.getData() == null || q.getFrom() == null) {
            return Optional.empty();
        }
        Chat chat = q.getMessage().getChat();
        Optional<ChatKind> kind = kind(chat);
        return kind.map(k -> new ChatEvent(id, new ChatId(chat.getId()), k, person(q.getFrom()),
                q.getMessage().getDate() == null ? Instant.EPOCH : Instant.ofEpochSecond(q.getMessage().getDate()),
                new ChatEvent.Tap(q.getData())));
    }

    private Optional<ChatEvent> membership(long id, ChatMemberUpdated u) {
        Optional<ChatKind> kind = kind(u.getChat());
        if (kind.isEmpty() || kind.get() != ChatKind.GROUP || u.getFrom() == null || u.getNewChatMember() == null) {
            return Optional.empty();
        }
        boolean nowIn = PRESENT.contains(u.getNewChatMember().getStatus());
        boolean wasIn = u.getOldChatMember() != null && PRESENT.contains(u.getOldChatMember().getStatus());
        if (nowIn && !wasIn) {
            return Optional.of(new ChatEvent(id, new ChatId(u.getChat().getId()), ChatKind.GROUP, person(u.getFrom()),
                    u.getDate() == null ? Instant.EPOCH : Instant.ofEpochSecond(u.getDate()), new ChatEvent.BotAdded()));
        }
        return Optional.empty();
    }

    private boolean isMe(User u) {
        return Boolean.TRUE.equals(u.getIsBot()) && u.getUserName() != null && u.getUserName().equalsIgnoreCase(botUsername);
    }

    private static Optional<ChatKind> kind(Chat chat) {
        if (chat == null || chat.getType() == null) {
            return Optional.empty();
        }
        return switch (chat.getType().toLowerCase(Locale.ROOT)) {
            case "private" -> Optional.of(ChatKind.PRIVATE);
            case "group", "supergroup" -> Optional.of(ChatKind.GROUP);
            default -> Optional.empty();
        };
    }

    private static Person person(User u) {
        return new Person(new UserId(u.getId()), u.getFirstName());
    }
}
