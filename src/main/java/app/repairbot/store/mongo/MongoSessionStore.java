package app.repairbot.store.mongo;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.lte;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Map;

import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.FindIterable;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;

import app.repairbot.chat.ChatId;
import app.repairbot.session.Session;
import app.repairbot.session.SessionStore;

import app.repairbot.store.crypto.TextCipher;

/**
 * Sessions in the {@code sessions} collection, one readable document per chat. A save writes
 * the document only if its version is still the one loaded, so of two instances handling one chat
 * only one wins; answers and reply texts are encrypted.
 *
 * <p>Beside the session, a document may hold {@code sending: {by, until}}: the claim of the instance
 * sending its outbox ({@link MongoOutboxClaims}). The claim is not part of the session: taking and giving
 * it up leave the version alone, and a save sets the session's fields (removing those it no longer
 * has) rather than replacing the document, so it keeps the claim.
 */
final class MongoSessionStore implements SessionStore {
    private static final Logger log = LoggerFactory.getLogger(MongoSessionStore.class);

    private final MongoCollection<Document> sessions;
    private final MongoCollection<Document> unreadable;
    private final TextCipher cipher;
    private final Retry retry;

    /** The field of a session document that holds the claim on sending its outbox. */
    static final String SENDING = "sending";

    public MongoSessionStore(MongoDatabase db, TextCipher cipher) {
        this(db, cipher, DEFAULT_RETRY_BUDGET);
    }

    /** With {@code retryBudget}: how long an operation keeps trying while MongoDB is unavailable. */
    public MongoSessionStore(MongoDatabase db, TextCipher cipher, java.time.Duration retryBudget) {
        this.sessions = db.getCollection("sessions");
        this.unreadable = db.getCollection("sessions_unreadable");
        this.cipher = cipher;
        this.retry = new Retry(retryBudget);
    }

    /** How long an operation keeps trying while MongoDB is unavailable, unless told otherwise. */
    public static final java.time.Duration DEFAULT_RETRY_BUDGET = java.time.Duration.ofSeconds(60);

    /**
     * Indexes for the optimistic save, the due-timer poller and the sweep of outboxes. The
     * unique {@code (_id, version)} index is redundant on MongoDB (ids are unique) but lets the
     * embedded server, which uses an index only for queries on exactly its keys, find the
     * document of a versioned save without scanning the collection. {@code outbox.id} holds the ids
     * of queued replies only (an empty outbox adds no key in range), so the sweep reads just the
     * sessions that have something to send. The embedded server ignores the last two (it has no
     * non-unique indexes) and scans.
     */
    public void createIndexes() {
        sessions.createIndex(Indexes.ascending("_id", "version"), new IndexOptions().unique(true));
        sessions.createIndex(Indexes.ascending("nextDue"));
        sessions.createIndex(Indexes.ascending("outbox.id"));
    }

    @Override
    public Session load(ChatId chat) {
        Document d = retry.run("loading chat " + chat, () -> sessions.find(eq("_id", chat.value())).first());
        if (d == null) {
            return new Session(chat);
        }
        try {
            return Session.restore(SessionCodec.fromDocument(d, cipher::open));
        } catch (IllegalArgumentException e) {
            // Keep the document for a person to look at, and let the chat start afresh rather than fail forever.
            log.error("Session document {} cannot be read ({}); moved to sessions_unreadable, the chat starts afresh",
                    chat, e.getMessage());
            unreadable.replaceOne(eq("_id", chat.value()), d, new ReplaceOptions().upsert(true));
            Object version = d.get("version");
            return Session.afresh(chat, version instanceof Number n ? n.longValue() : 0);
        }
    }

    @Override
    public boolean save(Session session) {
        return retry.run("saving chat " + session.chat(), () -> trySave(session));
    }

    private boolean trySave(Session session) {
        long expected = session.version();
        Document doc = new Document(SessionCodec.toDocument(session.snapshot(), session.nextDue(), cipher::seal));
        doc.put("version", expected + 1);
        doc.put("savedAt", new Date());
        try {
            if (expected == 0) {
                sessions.insertOne(doc);
            } else if (sessions.updateOne(new Document("_id", session.chat().value()).append("version", expected), fieldsOf(doc))
                    .getMatchedCount() == 0) {
                return false;
            }
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return false;
            }
            throw e;
        }
        session.advanceVersion();
        return true;
    }

    /**
     * The session's fields as an update: each set, and those it no longer has removed. Fields the store
     * keeps beside the session (the claim on sending) stay as they are.
     */
    private static Document fieldsOf(Document doc) {
        Document set = new Document(doc);
        set.remove("_id");
        Document update = new Document("$set", set);
        Document unset = new Document();
        SessionCodec.OPTIONAL_FIELDS.stream().filter(f -> !doc.containsKey(f)).forEach(f -> unset.append(f, ""));
        if (!unset.isEmpty()) {
            update.append("$unset", unset);
        }
        return update;
    }

    @Override
    public List<ChatId> due(Instant now, int limit) {
        return retry.run("finding due timers", () -> findDue(now, limit));
    }

    private List<ChatId> findDue(Instant now, int limit) {
        List<ChatId> chats = new ArrayList<>();
        dueQuery(now, limit).forEach(d -> chats.add(new ChatId(d.get("_id", Number.class).longValue())));
        return chats;
    }

    /** The timer poller's query (for tests to explain). */
    FindIterable<Document> dueQuery(Instant now, int limit) {
        return sessions.find(lte("nextDue", Date.from(now))).sort(Sorts.ascending("nextDue")).limit(limit)
                .projection(new Document("_id", 1));
    }

    /** One update by id: pull the sent replies and advance the version. */
    @Override
    public long markSent(ChatId chat, Collection<Long> ids) {
        Document after = retry.run("marking replies of chat " + chat + " sent", () -> sessions.findOneAndUpdate(eq("_id", chat.value()), sentRemoved(ids),
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER).projection(new Document("version", 1))));
        return after == null ? 0 : after.get("version", Number.class).longValue();
    }

    /** Pulls the sent replies from the outbox and advances the version, as any change does. */
    private static org.bson.conversions.Bson sentRemoved(Collection<Long> ids) {
        return Updates.combine(Updates.pullByFilter(new Document("outbox", new Document("id", new Document("$in", List.copyOf(ids))))),
                Updates.inc("version", 1L));
    }

    /** One command for all: per chat, pull the sent replies and advance the version. */
    @Override
    public void markSent(Map<ChatId, ? extends Collection<Long>> sent) {
        List<UpdateOneModel<Document>> updates = new ArrayList<>(sent.size());
        sent.forEach((chat, ids) -> updates.add(new UpdateOneModel<>(eq("_id", chat.value()), sentRemoved(ids))));
        if (!updates.isEmpty()) {
            retry.run("marking replies of " + updates.size() + " chats sent",
                    () -> sessions.bulkWrite(updates, new BulkWriteOptions().ordered(false)));
        }
    }

    @Override
    public List<ChatId> withOutbox(int limit) {
        return retry.run("finding queued replies", () -> {
            List<ChatId> chats = new ArrayList<>();
            withOutboxQuery(limit).forEach(d -> chats.add(new ChatId(d.get("_id", Number.class).longValue())));
            return chats;
        });
    }

    /**
     * The sweep's query: sessions with a queued reply (ids of queued replies start at 1), by the
     * {@code outbox.id} index (for tests to explain).
     */
    FindIterable<Document> withOutboxQuery(int limit) {
        return sessions.find(Filters.gt("outbox.id", 0L)).limit(limit).projection(new Document("_id", 1));
    }

    @Override
    public boolean delete(ChatId chat) {
        return retry.run("deleting chat " + chat, () -> {
            unreadable.deleteOne(eq("_id", chat.value()));
            return sessions.deleteOne(eq("_id", chat.value())).getDeletedCount() > 0;
        });
    }

    /** Read once at start: every session's applied ids (a scan; the ids are few per session). */
    @Override
    public java.util.OptionalLong latestAppliedUpdate() {
        return retry.run("finding the latest applied update", () -> {
            long max = Long.MIN_VALUE;
            for (Document d : sessions.find().projection(new Document("applied", 1))) {
                for (Object id : d.getList("applied", Object.class, List.of())) {
                    if (id instanceof Number n) {
                        max = Math.max(max, n.longValue());
                    }
                }
            }
            return max == Long.MIN_VALUE ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(max);
        });
    }
}
