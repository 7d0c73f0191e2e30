package app.repairbot.session;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

import app.repairbot.chat.ChatId;

/**
 * Claims on sending a chat's outbox, for several instances on one database: while one instance
 * holds a session's claim, no other sends from that outbox. A claim is a lease kept with the
 * session, held by {@code holder} until a deadline; its holder renews it while it sends and gives
 * it up afterwards, and if the holder dies it simply runs out, so another instance takes over.
 * Taking, renewing and giving up a claim never changes the session's version, so saves of the
 * session's updates go on beside it.
 */
public interface OutboxClaims {
    /** What asking for a claim came to. */
    sealed interface Claim permits Claimed, HeldElsewhere, NothingToSend {
    }

    /** The claim is this holder's until the deadline asked for; the outbox as stored at that moment, oldest first. */
    record Claimed(List<Outgoing> outbox) implements Claim {
        public Claimed {
            outbox = List.copyOf(outbox);
        }
    }

    /** Another holder's claim runs until {@code until} (it sends what is queued; ask again then, in case it died). */
    record HeldElsewhere(Instant until) implements Claim {
    }

    /** The outbox is empty, or the session is gone. */
    record NothingToSend() implements Claim {
    }

    /**
     * Takes the claim on a chat's outbox until {@code until}, if it holds anything and no other holder's
     * claim runs past {@code now}; a holder asking again renews its own claim.
     */
    Claim claim(ChatId chat, String holder, Instant now, Instant until);

    /** Extends the holder's claims on these chats to {@code until}, in one command where it can; returns how many it still held. */
    int renew(Collection<ChatId> chats, String holder, Instant until);

    /** Extends one claim; false when the holder no longer holds it (it ran out and another took it, or the session is gone). */
    boolean renew(ChatId chat, String holder, Instant until);

    /**
     * Gives up the holder's claim, but only if the outbox is empty: in one step with checking, so that a
     * reply queued by another instance while this one sent (which saw the claim and left the sending to
     * it) is never left behind. False when something is queued (send it) or the claim is no longer held.
     */
    boolean releaseIfEmpty(ChatId chat, String holder);

    /** Gives up the holder's claim whatever the outbox holds (the chat must wait, or sending failed). */
    void release(ChatId chat, String holder);
}
