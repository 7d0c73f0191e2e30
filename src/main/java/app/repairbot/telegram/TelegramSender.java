package app.repairbot.telegram;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;
import org.telegram.telegrambots.meta.exceptions.TelegramApiRequestException;
import org.telegram.telegrambots.meta.generics.TelegramClient;

import app.repairbot.chat.BotReply;
import app.repairbot.chat.ChatId;
import app.repairbot.chat.ReplySink;

/**
 * Sends replies through the Bot API. It never blocks a thread to wait: when Telegram says
 * "too many requests" (429, with {@code retry_after}) or fails (5xx, network), that chat alone
 * waits, and the reply stays queued ({@link SendLater}) to be sent again later. A chat that
 * blocked or removed the bot (403) is reported and its reply dropped; a group that became a
 * supergroup (400 with {@code migrate_to_chat_id}) is reported and the reply sent to its new id.
 */
public final class TelegramSender implements ReplySink {
    private static final Logger log = LoggerFactory.getLogger(TelegramSender.class);
    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    private static final Duration LONGEST_BACKOFF = Duration.ofMinutes(5);

    /** What the sender tells the rest of the bot about chats. */
    public interface ChatChanges {
        /** The bot can no longer write to this chat (blocked, kicked, chat deleted). */
        void unreachable(ChatId chat);

        /** The group continues under a new id (it became a supergroup). */
        void migrated(ChatId from, ChatId to);
    }

    /** Thrown when a chat must wait before the next message; the reply stays queued. */
    public static final class SendLater extends RuntimeException {
        private final Instant notBefore;

        SendLater(ChatId chat, Instant notBefore, String why) {
            super("chat " + chat + " waits until " + notBefore + ": " + why);
            this.notBefore = notBefore;
        }

        public Instant notBefore() {
            return notBefore;
        }
    }

    private final TelegramClient client;
    private final String botUsername;
    private final ChatChanges changes;
    private final Clock clock;
    private final Map<ChatId, Instant> notBefore = new ConcurrentHashMap<>();
    private final Map<ChatId, Duration> backoff = new ConcurrentHashMap<>();

    public TelegramSender(TelegramClient client, ChatChanges changes, Clock clock) {
        this(client, "", changes, clock);
    }

    /** {@code botUsername}: for buttons that open a private chat with the bot. */
    public TelegramSender(TelegramClient client, String botUsername, ChatChanges changes, Clock clock) {
        this.client = client;
        this.botUsername = botUsername;
        this.changes = changes;
        this.clock = clock;
    }

    /** Sends a reply; a notice (the answer to a tap) was already shown as the tap's answer, so it is not sent again. */
    @Override
    public void send(BotReply reply) {
        if (reply.notice()) {
            return;
        }
        ChatId chat = reply.chat();
        Instant now = clock.instant();
        Instant wait = notBefore.get(chat);
        if (wait != null && now.isBefore(wait)) {
            throw new SendLater(chat, wait, "still waiting after an earlier refusal");
        }
        List<SendMessage> requests = TelegramReplies.toRequests(reply, botUsername);
        for (SendMessage request : requests) {
            if (!execute(chat, request)) {
                return;
            }
        }
        notBefore.remove(chat);
        backoff.remove(chat);
    }

    /** True when sent; false when the reply is to be dropped; throws {@link SendLater} to keep it queued. */
    private boolean execute(ChatId chat, SendMessage request) {
        try {
            client.execute(request);
            return true;
        } catch (TelegramApiRequestException e) {
            Integer code = e.getErrorCode();
            Integer retryAfter = e.getParameters() == null ? null : e.getParameters().getRetryAfter();
            Long migrateTo = e.getParameters() == null ? null : e.getParameters().getMigrateToChatId();
            if (code != null && code == 429) {
                int seconds = retryAfter == null ? 1 : retryAfter;
                Instant until = clock.instant().plusSeconds(seconds);
                notBefore.put(chat, until);
                throw new SendLater(chat, until, "Telegram asked to retry after " + seconds + " s");
            }
            if (code != null && code == 403) {
                log.warn("Chat {} no longer accepts messages from the bot ({}); marking it unreachable", chat, e.getApiResponse());
                changes.unreachable(chat);
                return false;
            }
            if (code != null && code == 400 && migrateTo != null) {
                ChatId to = new ChatId(migrateTo);
                log.info("Group {} moved to {}", chat, to);
                changes.migrated(chat, to);
                request.setChatId(to.value());
                return execute(to, request);
            }
            if (code != null && code >= 400 && code < 500) {
                log.error("Telegram refused a message to chat {} ({} {}); it is dropped", chat, code, e.getApiResponse());
                return false;
            }
            throw later(chat, "Telegram failed (" + code + ")");
        } catch (TelegramApiException e) {
            throw later(chat, "cannot reach the Bot API (" + e.getMessage() + ")");
        }
    }

    private SendLater later(ChatId chat, String why) {
        Duration wait = backoff.merge(chat, FIRST_BACKOFF, (old, first) -> old.multipliedBy(2).compareTo(LONGEST_BACKOFF) > 0
                ? LONGEST_BACKOFF : old.multipliedBy(2));
        Instant until = clock.instant().plus(wait);
        notBefore.put(chat, until);
        return new SendLater(chat, until, why);
    }
}
