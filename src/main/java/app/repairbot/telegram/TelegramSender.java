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
 *
 * <p>Pacing answers each live reply once with the moment it may go, and keeps that moment for it:
 * when the chat or group must wait, the reply is told when it may (nothing is taken meanwhile); once
 * they may send, it takes its place in the queue for the limit in all, and that place is kept for the
 * chat until it comes back at that time. So a paced reply is tried again once or twice, at the right
 * moments, instead of over and over until a token happens to be free.
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
    public static final class SendLater extends ReplySink.RetryLater {
        SendLater(ChatId chat, Instant notBefore, String why) {
            super("chat " + chat + " waits until " + notBefore + ": " + why, notBefore);
        }
    }

    /** Telegram's published limits: about one message a second per chat, 20 a minute per group, 30 a second in all. */
    static final int BURST_PER_CHAT = 3;
    static final int PER_GROUP_PER_MINUTE = 20;
    static final int IN_ALL_PER_SECOND = 30;
    /**
     * Of the messages a second in all, how many background posts (scheduled prompts) leave free:
     * they take a token only while more than this many remain, so a live conversation always finds
     * one, however many prompts are waiting.
     */
    static final int KEPT_FOR_LIVE = 10;

    private final TelegramClient client;
    private final String botUsername;
    private final ChatChanges changes;
    private final Clock clock;
    private final Map<ChatId, Instant> notBefore = new ConcurrentHashMap<>();
    private final Map<ChatId, Duration> backoff = new ConcurrentHashMap<>();
    private final Map<ChatId, Bucket> perChat = new ConcurrentHashMap<>();
    private final Map<ChatId, Window> perGroup = new ConcurrentHashMap<>();
    /** A live reply's place in the queue for the limit in all, kept for its chat until that moment. */
    private final Map<ChatId, Instant> reserved = new ConcurrentHashMap<>();
    /** A retry may come this much before its moment (clocks and timers round) and still use its place. */
    private static final Duration EARLY = Duration.ofMillis(2);
    private final Bucket inAll;

    public TelegramSender(TelegramClient client, ChatChanges changes, Clock clock) {
        this(client, "", changes, clock);
    }

    /** {@code botUsername}: for buttons that open a private chat with the bot. */
    public TelegramSender(TelegramClient client, String botUsername, ChatChanges changes, Clock clock) {
        this.client = client;
        this.botUsername = botUsername;
        this.changes = changes;
        this.clock = clock;
        this.inAll = new Bucket(IN_ALL_PER_SECOND, Duration.ofSeconds(1).dividedBy(IN_ALL_PER_SECOND), clock.instant());
    }

    /**
     * A token bucket: up to {@code capacity} messages at once, then one per {@code every}. Taking
     * from it either succeeds, or says when a token will be there.
     */
    static final class Bucket {
        private final int capacity;
        private final Duration every;
        private double tokens;
        private Instant updated;

        Bucket(int capacity, Duration every, Instant now) {
            this.capacity = capacity;
            this.every = every;
            this.tokens = capacity;
            this.updated = now;
        }

        /** Takes a token and returns null, or returns when one will be there (taking nothing). */
        synchronized Instant take(Instant now) {
            return take(now, 0);
        }

        /** As {@link #take(Instant)}, leaving {@code keep} tokens for others. */
        synchronized Instant take(Instant now, int keep) {
            if (now.isAfter(updated)) {
                tokens = Math.min(capacity, tokens + (double) Duration.between(updated, now).toNanos() / every.toNanos());
                updated = now;
            }
            // A hair of slack: waiting exactly the time returned below must be enough, despite rounding.
            if (tokens >= 1 + keep - 1e-6) {
                tokens = Math.max(0, tokens - 1);
                return null;
            }
            return now.plusNanos((long) Math.ceil((1 + keep - tokens) * every.toNanos()));
        }

        synchronized void giveBack() {
            tokens = Math.min(capacity, tokens + 1);
        }

        /**
         * Takes a token, even one not there yet: returns null when it was there, else the moment it
         * will be (those who come later queue behind it).
         */
        synchronized Instant reserve(Instant now) {
            refill(now);
            tokens -= 1;
            return tokens >= -1e-6 ? null : now.plusNanos((long) Math.ceil(-tokens * every.toNanos()));
        }

        /** Whether a token is there, leaving {@code keep} for others. */
        synchronized boolean has(Instant now, int keep) {
            refill(now);
            return tokens >= 1 + keep - 1e-6;
        }

        private void refill(Instant now) {
            if (now.isAfter(updated)) {
                tokens = Math.min(capacity, tokens + (double) Duration.between(updated, now).toNanos() / every.toNanos());
                updated = now;
            }
        }
    }

    /** At most {@code limit} messages in any {@code span}: a log of the last ones sent. */
    static final class Window {
        private final int limit;
        private final Duration span;
        private final java.util.ArrayDeque<Instant> sent = new java.util.ArrayDeque<>();

        Window(int limit, Duration span) {
            this.limit = limit;
            this.span = span;
        }

        /** Counts a message and returns null, or returns when one may go (counting nothing). */
        synchronized Instant take(Instant now) {
            while (!sent.isEmpty() && !sent.peekFirst().plus(span).isAfter(now)) {
                sent.removeFirst();
            }
            if (sent.size() >= limit) {
                return sent.peekFirst().plus(span);
            }
            sent.addLast(now);
            return null;
        }

        synchronized void giveBack() {
            sent.pollLast();
        }
    }

    /**
     * Null when a message may go to this chat now (and counts it), else when it may. A live reply whose
     * chat and group may send, but which must queue for the limit in all, takes its place in that queue
     * (counted for chat and group too) and its chat keeps it until then: see {@link #send}.
     */
    private synchronized Instant pace(ChatId chat, boolean background) {
        Instant now = clock.instant();
        Bucket chatBucket = perChat.computeIfAbsent(chat, c -> new Bucket(BURST_PER_CHAT, Duration.ofSeconds(1), now));
        Instant wait = chatBucket.take(now);
        if (wait != null) {
            return wait;
        }
        if (chat.value() < 0) {
            Window group = perGroup.computeIfAbsent(chat, c -> new Window(PER_GROUP_PER_MINUTE, Duration.ofMinutes(1)));
            wait = group.take(now);
            if (wait != null) {
                chatBucket.giveBack();
                return wait;
            }
        }
        if (background) {
            // Background posts never queue ahead: they take a token only while enough are left for live replies.
            wait = inAll.take(now, KEPT_FOR_LIVE);
            if (wait != null) {
                chatBucket.giveBack();
                if (chat.value() < 0) {
                    perGroup.get(chat).giveBack();
                }
            }
            return wait;
        }
        wait = inAll.reserve(now);
        if (wait != null) {
            reserved.put(chat, wait);
        }
        return wait;
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
        Instant place = reserved.get(chat);
        if (place != null && now.isBefore(place.minus(EARLY))) {
            // Not yet this chat's turn: the retry was set for that moment; nothing is counted or taken again.
            throw new SendLater(chat, place, "waiting for its place under Telegram's limits");
        }
        // Paced once per reply, so that a long reply is never left half-sent (its parts go together).
        Instant paced = place != null ? null : pace(chat, reply.background());
        if (place != null) {
            reserved.remove(chat, place);
        }
        if (paced != null) {
            io.micrometer.core.instrument.Metrics.counter("repairbot.telegram.paced", "priority",
                    reply.background() ? "background" : "live").increment();
            throw new SendLater(chat, paced, "keeping under Telegram's limits");
        }
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
            refused(code == null ? "unknown" : code == 429 ? "429" : code >= 500 ? "5xx" : String.valueOf(code));
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
            refused("network");
            throw later(chat, "cannot reach the Bot API (" + e.getMessage() + ")");
        }
    }

    /** Counts a refusal or failure by kind (429, 5xx, 403, network…): retries and limits for operators to watch. */
    private static void refused(String kind) {
        io.micrometer.core.instrument.Metrics.counter("repairbot.telegram.refused", "kind", kind).increment();
    }

    private SendLater later(ChatId chat, String why) {
        Duration wait = backoff.merge(chat, FIRST_BACKOFF, (old, first) -> old.multipliedBy(2).compareTo(LONGEST_BACKOFF) > 0
                ? LONGEST_BACKOFF : old.multipliedBy(2));
        Instant until = clock.instant().plus(wait);
        notBefore.put(chat, until);
        return new SendLater(chat, until, why);
    }
}
