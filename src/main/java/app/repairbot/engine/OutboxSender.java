package app.repairbot.engine;

import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import app.repairbot.chat.ChatId;
import app.repairbot.chat.ReplySink;

/**
 * Sends what sessions' outboxes hold, in order, and marks each sent afterwards. A crash between
 * sending and marking can repeat a reply; a crash before sending loses none: {@link #sendAllPending}
 * at start sends what was left.
 */
public final class OutboxSender {
    private static final Logger log = LoggerFactory.getLogger(OutboxSender.class);
    private static final int BATCH = 500;

    private final SessionStore store;
    private final ReplySink sink;
    private final java.util.function.BiConsumer<ChatId, java.time.Instant> retryAt;

    public OutboxSender(SessionStore store, ReplySink sink) {
        this(store, sink, (chat, when) -> { });
    }

    /** {@code retryAt}: told when a session's outbox should be sent again because the channel asked to wait. */
    public OutboxSender(SessionStore store, ReplySink sink, java.util.function.BiConsumer<ChatId, java.time.Instant> retryAt) {
        this.store = store;
        this.sink = sink;
        this.retryAt = retryAt;
    }

    /** How many asked to send each chat's outbox while it was being sent (0: nobody is sending it). */
    private final java.util.Map<ChatId, java.util.concurrent.atomic.AtomicInteger> sending =
            new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * Sends the outbox of one chat's session; returns how many replies went out. At most one thread
     * sends a chat's outbox at a time (two would send the same replies twice): a call made meanwhile
     * returns at once, and the sending thread goes round once more for it.
     */
    public int send(ChatId session) {
        java.util.concurrent.atomic.AtomicInteger asked = sending.computeIfAbsent(session,
                c -> new java.util.concurrent.atomic.AtomicInteger());
        if (asked.getAndIncrement() != 0) {
            return 0;
        }
        int sent = 0;
        while (true) {
            sent += sendOnce(session);
            if (asked.compareAndSet(1, 0)) {
                return sent;
            }
            asked.set(1);
        }
    }

    private int sendOnce(ChatId session) {
        List<Outgoing> pending = store.load(session).outbox();
        List<Long> sent = new ArrayList<>(pending.size());
        try {
            for (Outgoing o : pending) {
                sink.send(o.reply());
                sent.add(o.id());
            }
        } catch (ReplySink.RetryLater later) {
            log.debug("Chat {} waits until {}: {}", session, later.notBefore(), later.getMessage());
            retryAt.accept(session, later.notBefore());
        } catch (RuntimeException e) {
            log.warn("Could not send a reply of chat {} yet; it stays queued: {}", session, e.toString());
        } finally {
            if (!sent.isEmpty()) {
                store.markSent(session, sent);
            }
        }
        return sent.size();
    }

    /**
     * Sends what {@link Engine#handle} or {@link Engine#tick} returned: the outboxes of the
     * sessions they wrote, and any reply no outbox holds.
     */
    public void sendQueued(List<Outgoing> queued) {
        for (Outgoing o : queued) {
            if (!o.stored()) {
                try {
                    sink.send(o.reply());
                } catch (RuntimeException e) {
                    log.warn("Could not send a reply that is kept nowhere, to chat {}: {}", o.reply().chat(), e.toString());
                }
            }
        }
        queued.stream().filter(Outgoing::stored).map(Outgoing::session).distinct().forEach(this::send);
    }

    /** Sends every outbox that holds something (at start, and now and then after failures). */
    public int sendAllPending() {
        int n = 0;
        for (ChatId chat : store.withOutbox(BATCH)) {
            n += send(chat);
        }
        return n;
    }
}
