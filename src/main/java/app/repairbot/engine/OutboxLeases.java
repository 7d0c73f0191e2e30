package app.repairbot.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import app.repairbot.chat.ChatId;
import app.repairbot.session.OutboxClaims;

/**
 * This instance's side of {@link OutboxClaims}: its name as a holder, how long a claim lasts, and a
 * daemon thread that renews the claims it holds while it sends (a reply's call to Telegram may take
 * longer than a claim lasts). If the instance dies, the renewing stops with it and its claims run out
 * within {@link #LEASE}; another instance then sends what is left.
 */
public final class OutboxLeases implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OutboxLeases.class);
    /** How far ahead a claim's deadline is set: how long the chats of an instance that died wait for another. */
    public static final Duration LEASE = Duration.ofSeconds(5);

    private final OutboxClaims claims;
    private final Clock clock;
    private final Duration lease;
    private final String holder;
    /** The chats whose claim this instance holds, and until when (as last written). */
    private final Map<ChatId, Instant> held = new ConcurrentHashMap<>();
    private final ScheduledExecutorService renewer;

    /** Claims of {@link #LEASE}, renewed every second, under a name made of this host, process and a random part. */
    public OutboxLeases(OutboxClaims claims, Clock clock) {
        this(claims, clock, LEASE, holderName());
    }

    /** With a given claim length (renewed every fifth of it) and holder name. */
    public OutboxLeases(OutboxClaims claims, Clock clock, Duration lease, String holder) {
        this.claims = claims;
        this.clock = clock;
        this.lease = lease;
        this.holder = holder;
        this.renewer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "outbox-claims");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(1, lease.toMillis() / 5);
        renewer.scheduleWithFixedDelay(this::renewHeld, every, every, TimeUnit.MILLISECONDS);
    }

    /** Unique per process start: {@code host/pid/random}. */
    static String holderName() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "unknown";
        }
        return host + "/" + ProcessHandle.current().pid() + "/"
                + Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong() & 0xffffffffL);
    }

    /** This instance's name on the claims it holds. */
    public String holder() {
        return holder;
    }

    OutboxClaims.Claim claim(ChatId chat) {
        Instant now = clock.instant();
        Instant until = now.plus(lease);
        OutboxClaims.Claim c = claims.claim(chat, holder, now, until);
        if (c instanceof OutboxClaims.Claimed) {
            held.put(chat, until);
        } else {
            held.remove(chat);
        }
        return c;
    }

    /**
     * Whether this instance may send from the chat's outbox now: its claim has at least half its time
     * left, or could be renewed (it may not, if this instance was held up past the deadline and another
     * took the chat over).
     */
    boolean stillHeld(ChatId chat) {
        Instant until = held.get(chat);
        if (until == null) {
            return false;
        }
        Instant now = clock.instant();
        if (Duration.between(now, until).compareTo(lease.dividedBy(2)) > 0) {
            return true;
        }
        Instant later = now.plus(lease);
        if (claims.renew(chat, holder, later)) {
            held.computeIfPresent(chat, (c, old) -> later);
            return true;
        }
        held.remove(chat);
        return false;
    }

    /** Gives up the claim if the outbox is empty (true); false when more is queued, or the claim was lost. */
    boolean releaseIfEmpty(ChatId chat) {
        if (claims.releaseIfEmpty(chat, holder)) {
            held.remove(chat);
            return true;
        }
        return false;
    }

    /** Gives up the claim whatever the outbox holds; a failure to is logged (the claim then runs out). */
    void release(ChatId chat) {
        held.remove(chat);
        try {
            claims.release(chat, holder);
        } catch (RuntimeException e) {
            log.warn("Could not give up the claim on sending chat {}'s replies; it runs out within {} s: {}", chat,
                    lease.toSeconds(), e.toString());
        }
    }

    /** How many chats' claims this instance holds now. */
    public int held() {
        return held.size();
    }

    private void renewHeld() {
        if (held.isEmpty()) {
            return;
        }
        try {
            // Each entry is changed below only if nothing else changed it meanwhile (given up, or taken again).
            Map<ChatId, Instant> before = Map.copyOf(held);
            Instant until = clock.instant().plus(lease);
            if (claims.renew(before.keySet(), holder, until) == before.size()) {
                before.forEach((chat, old) -> held.replace(chat, old, until));
                return;
            }
            // One was lost (or given up meanwhile): find which, so that no reply goes out under a claim another holds.
            for (Map.Entry<ChatId, Instant> e : before.entrySet()) {
                if (claims.renew(e.getKey(), holder, until)) {
                    held.replace(e.getKey(), e.getValue(), until);
                } else {
                    held.remove(e.getKey(), e.getValue());
                }
            }
        } catch (RuntimeException e) {
            log.warn("Could not renew the claims on sending {} chats' replies; trying again: {}", held.size(), e.toString());
        }
    }

    @Override
    public void close() {
        renewer.shutdownNow();
    }
}
