package app.repairbot.store.mongo;

import static com.mongodb.client.model.Filters.eq;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;

import org.bson.Document;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;

import app.repairbot.chat.ChatId;
import app.repairbot.session.OutboxClaims;

import app.repairbot.store.crypto.TextCipher;

/**
 * Claims on sending outboxes, kept in the session documents of {@link MongoSessionStore} as
 * {@code sending: {by, until}} beside the session: taking, renewing and giving one up never touch
 * the session's version. Its own object (not the session store's) so that a claim is a bean of its
 * own, made only where several instances share the database.
 */
final class MongoOutboxClaims implements OutboxClaims {
    private static final String SENDING = MongoSessionStore.SENDING;

    private final MongoCollection<Document> sessions;
    private final TextCipher cipher;
    private final Retry retry;
    /** Loads a chat whose document cannot be read, which sets the document aside. */
    private final MongoSessionStore sessionsStore;

    MongoOutboxClaims(MongoDatabase db, TextCipher cipher) {
        this.sessions = db.getCollection("sessions");
        this.cipher = cipher;
        this.retry = new Retry(MongoSessionStore.DEFAULT_RETRY_BUDGET);
        this.sessionsStore = new MongoSessionStore(db, cipher);
    }

    @Override
    public Claim claim(ChatId chat, String holder, Instant now, Instant until) {
        Document lease = new Document("by", holder).append("until", Date.from(until));
        return retry.run("claiming the replies of chat " + chat, () -> {
            // Twice at most: a claim given up between the two reads below is free the second time.
            for (int round = 0; round < 2; round++) {
                Document taken = sessions.findOneAndUpdate(claimable(chat, holder, now), Updates.set(SENDING, lease),
                        new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
                if (taken != null) {
                    try {
                        return new Claimed(SessionCodec.fromDocument(taken, cipher::open).outbox());
                    } catch (IllegalArgumentException e) {
                        // Loading the chat sets the document aside (see load); nothing here can be sent.
                        release(chat, holder);
                        sessionsStore.load(chat);
                        return new NothingToSend();
                    }
                }
                Document seen = sessions.find(eq("_id", chat.value()))
                        .projection(new Document(SENDING, 1).append("outbox.id", 1)).first();
                if (seen == null || seen.getList("outbox", Object.class, List.of()).isEmpty()) {
                    return new NothingToSend();
                }
                Document held = seen.get(SENDING, Document.class);
                if (held != null && !holder.equals(held.getString("by")) && held.getDate("until").toInstant().isAfter(now)) {
                    return new HeldElsewhere(held.getDate("until").toInstant());
                }
            }
            return new HeldElsewhere(now);
        });
    }

    /** A session with something queued whose outbox nobody else is sending: unclaimed, run out, or this holder's own. */
    static Document claimable(ChatId chat, String holder, Instant now) {
        return new Document("_id", chat.value()).append("outbox.0", new Document("$exists", true))
                .append("$or", List.of(new Document(SENDING, null),
                        new Document(SENDING + ".until", new Document("$lte", Date.from(now))),
                        new Document(SENDING + ".by", holder)));
    }

    private static Document heldBy(ChatId chat, String holder) {
        return new Document("_id", chat.value()).append(SENDING + ".by", holder);
    }

    @Override
    public int renew(Collection<ChatId> chats, String holder, Instant until) {
        if (chats.isEmpty()) {
            return 0;
        }
        List<UpdateOneModel<Document>> renewals = new ArrayList<>(chats.size());
        chats.forEach(chat -> renewals.add(new UpdateOneModel<>(heldBy(chat, holder), Updates.set(SENDING + ".until", Date.from(until)))));
        return retry.run("renewing claims on " + chats.size() + " chats' replies",
                () -> sessions.bulkWrite(renewals, new BulkWriteOptions().ordered(false)).getMatchedCount());
    }

    @Override
    public boolean renew(ChatId chat, String holder, Instant until) {
        return retry.run("renewing the claim on chat " + chat + "'s replies", () -> sessions.updateOne(heldBy(chat, holder),
                Updates.set(SENDING + ".until", Date.from(until))).getMatchedCount() == 1);
    }

    @Override
    public boolean releaseIfEmpty(ChatId chat, String holder) {
        Document emptyAndHeld = heldBy(chat, holder).append("outbox.0", new Document("$exists", false));
        return retry.run("giving up the claim on chat " + chat + "'s replies",
                () -> sessions.updateOne(emptyAndHeld, Updates.unset(SENDING)).getMatchedCount() == 1);
    }

    @Override
    public void release(ChatId chat, String holder) {
        retry.run("giving up the claim on chat " + chat + "'s replies", () -> sessions.updateOne(heldBy(chat, holder),
                Updates.unset(SENDING)));
    }
}
