package app.repairbot.engine;

import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import app.repairbot.chat.ChatId;
import app.repairbot.chat.ReplySink;
import app.repairbot.session.OutboxClaims;
import app.repairbot.session.Outgoing;
import app.repairbot.session.SessionStore;

/**
 * Sends what sessions' outboxes hold, in order, and marks each sent afterwards. A crash between
 * sending and marking can repeat a reply; a crash before sending loses none: {@link #sendAllPending}
 * at start sends what was left.
 *
 * <p>One thread of this process at a time sends a chat's outbox. With several instances on one
 * database, each also takes the chat's claim ({@link OutboxLeases}) before it sends, and marks each
 * reply sent before the next: an instance that finds another's claim leaves the sending to it (the
 * holder gives its claim up only once the outbox is empty, so it sends what others queued meanwhile),
 * and comes back when the claim would run out, in case its holder died. If an instance dies, the
 * replies repeated are at most the one it was sending in each chat it held.
 */
public final class OutboxSender {
    private static final Logger log = LoggerFactory.getLogger(OutboxSender.class);
    private static final int BATCH = 500;

    private final SessionStore store;
    private final ReplySink sink;
    private final java.util.function.BiConsumer<ChatId, java.time.Instant> retryAt;
    /** Claims on chats' outboxes, shared with other instances; null for the only instance on its database. */
    private final OutboxLeases leases;

    public OutboxSender(SessionStore store, ReplySink sink) {
        this(store, sink, (chat, when) -> { });
    }

    /** {@code retryAt}: told when a session's outbox should be sent again because the channel asked to wait. */
    public OutboxSender(SessionStore store, ReplySink sink, java.util.function.BiConsumer<ChatId, java.time.Instant> retryAt) {
        this(store, sink, retryAt, null);
    }

    /**
     * For one of several instances on a database: {@code leases} claims each chat before sending from
     * its outbox (and {@code retryAt} is also told when another instance's claim runs out). The store
     * must write marks of sent replies at once, not later.
     */
    public OutboxSender(SessionStore store, ReplySink sink, java.util.function.BiConsumer<ChatId, java.time.Instant> retryAt,
                        OutboxLeases leases) {
        this.store = store;
        this.sink = sink;
        this.retryAt = retryAt;
        this.leases = leases;
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
        return exclusively(session, attempt -> report(session, attempt));
    }

    /**
     * Sends the session's outbox unless another thread is sending it (that thread then goes round
     * once more), passing each round's attempt to {@code each}; returns how many went out.
     */
    private int exclusively(ChatId session, java.util.function.Consumer<Attempt> each) {
        java.util.concurrent.atomic.AtomicInteger asked = sending.computeIfAbsent(session,
                c -> new java.util.concurrent.atomic.AtomicInteger());
        if (asked.getAndIncrement() != 0) {
            return 0;
        }
        int sent = 0;
        while (true) {
            Attempt attempt = attempt(session);
            each.accept(attempt);
            sent += attempt.sent();
            if (asked.compareAndSet(1, 0)) {
                return sent;
            }
            asked.set(1);
        }
    }

    private void report(ChatId session, Attempt attempt) {
        if (attempt.failure() != null) {
            log.warn("Could not send a reply of chat {} yet; it stays queued: {}", session, attempt.failure().toString());
        } else if (attempt.waitUntil() != null) {
            log.debug("Chat {} waits until {}", session, attempt.waitUntil());
            retryAt.accept(session, attempt.waitUntil());
        } else if (attempt.heldUntil() != null) {
            log.debug("Chat {} is being sent by another instance, whose claim runs until {}", session, attempt.heldUntil());
            retryAt.accept(session, attempt.heldUntil());
        }
    }

    /**
     * What sending a session's outbox came to: how many went, and why the rest did not (the channel asked
     * to wait, sending failed, or another instance's claim on the chat runs until {@code heldUntil}).
     */
    private record Attempt(int sent, java.time.Instant waitUntil, RuntimeException failure, java.time.Instant heldUntil) {
        Attempt(int sent, java.time.Instant waitUntil, RuntimeException failure) {
            this(sent, waitUntil, failure, null);
        }
    }

    /** Sends a session's outbox in order until the channel asks to wait or fails; marks what went. */
    private Attempt attempt(ChatId session) {
        if (leases != null) {
            return attemptClaimed(session);
        }
        List<Outgoing> pending = store.load(session).outbox();
        List<Long> sent = new ArrayList<>(pending.size());
        try {
            for (Outgoing o : pending) {
                sink.send(o.reply());
                sent.add(o.id());
                EngineMetrics.repliesSent(1, o.reply().background());
            }
            return new Attempt(sent.size(), null, null);
        } catch (ReplySink.RetryLater later) {
            return new Attempt(sent.size(), later.notBefore(), null);
        } catch (RuntimeException e) {
            return new Attempt(sent.size(), null, e);
        } finally {
            if (!sent.isEmpty()) {
                store.markSent(session, sent);
            }
        }
    }

    /**
     * As {@link #attempt}, under the chat's claim: sends only while it holds it, marks each reply as it
     * goes, and gives the claim up once the outbox is empty, or when the chat must wait or sending failed.
     */
    private Attempt attemptClaimed(ChatId session) {
        int sent = 0;
        try {
            OutboxClaims.Claim claim = leases.claim(session);
            while (claim instanceof OutboxClaims.Claimed claimed) {
                for (Outgoing o : claimed.outbox()) {
                    if (!leases.stillHeld(session)) {
                        // This instance was held up past its claim and another may have taken the chat: leave it the rest.
                        return new Attempt(sent, null, null);
                    }
                    sink.send(o.reply());
                    store.markSent(session, List.of(o.id()));
                    sent++;
                    EngineMetrics.repliesSent(1, o.reply().background());
                }
                if (leases.releaseIfEmpty(session)) {
                    return new Attempt(sent, null, null);
                }
                // Another instance queued more meanwhile (and left the sending to this claim): read the outbox again.
                claim = leases.claim(session);
            }
            return new Attempt(sent, null, null, claim instanceof OutboxClaims.HeldElsewhere h ? h.until() : null);
        } catch (ReplySink.RetryLater later) {
            leases.release(session);
            return new Attempt(sent, later.notBefore(), null);
        } catch (RuntimeException e) {
            leases.release(session);
            return new Attempt(sent, null, e);
        }
    }

    /**
     * Sends what {@link Engine#handle} or {@link Engine#tick} returned: the outboxes of the
     * sessions they wrote, and any reply no outbox holds.
     */
    public void sendQueued(List<Outgoing> all) {
        List<Outgoing> queued = all;
        if (background != null) {
            List<ChatId> later = all.stream().filter(Outgoing::stored).map(Outgoing::session).distinct()
                    .filter(chat -> all.stream().filter(o -> o.session().equals(chat)).allMatch(o -> o.reply().background()))
                    .toList();
            later.forEach(background::add);
            queued = all.stream().filter(o -> !later.contains(o.session())).toList();
        }
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

    private BackgroundQueue background;

    /**
     * From now on, sessions whose new replies are all background posts (scheduled prompts) are
     * sent by one thread, in order, as fast as the channel lets background posts go, instead of
     * each trying at once and waiting on its own: a broadcast to many couples then neither
     * crowds out live replies nor sets a timer per chat.
     */
    public synchronized void sendBackgroundInOrder(java.time.Clock clock) {
        if (background == null) {
            background = new BackgroundQueue(clock);
        }
    }

    /** Sessions waiting in the background queue. */
    public int backgroundWaiting() {
        return background == null ? 0 : background.size();
    }

    private final class BackgroundQueue {
        private final java.util.concurrent.LinkedBlockingQueue<ChatId> queue = new java.util.concurrent.LinkedBlockingQueue<>();
        private final java.util.Set<ChatId> queued = java.util.concurrent.ConcurrentHashMap.newKeySet();
        /** The channel's clock: when it says "not before", it means by this clock. */
        private final java.time.Clock clock;

        BackgroundQueue(java.time.Clock clock) {
            this.clock = clock;
            Thread t = new Thread(this::drain, "background-replies");
            t.setDaemon(true);
            t.start();
        }

        void add(ChatId chat) {
            if (queued.add(chat)) {
                queue.add(chat);
            }
        }

        int size() {
            return queue.size();
        }

        private void drain() {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    ChatId chat = queue.take();
                    queued.remove(chat);
                    while (true) {
                        // Through the same guard as every other sender: one thread at a time sends a chat's outbox.
                        Attempt[] last = {null};
                        exclusively(chat, attempt -> last[0] = attempt);
                        if (last[0] == null) {
                            break;
                        }
                        if (last[0].failure() != null) {
                            throw last[0].failure();
                        }
                        if (last[0].heldUntil() != null) {
                            // Another instance sends it; this queue must not wait on that for everyone else.
                            retryAt.accept(chat, last[0].heldUntil());
                            break;
                        }
                        java.time.Instant wait = last[0].waitUntil();
                        if (wait == null) {
                            break;
                        }
                        // Rounded up: waking before the moment would only be told to wait again.
                        long nanos = java.time.Duration.between(clock.instant(), wait).toNanos();
                        long ms = Math.max(1, Math.min((nanos + 999_999) / 1_000_000, 60_000));
                        Thread.sleep(ms);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (RuntimeException e) {
                    log.warn("Sending background replies failed; the periodic sweep will send them: {}", e.toString());
                }
            }
        }
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
