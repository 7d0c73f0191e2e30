package app.repairbot.store.mongo;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.lte;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;

import org.bson.Document;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.FindIterable;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.WriteModel;

import app.repairbot.chat.ChatId;
import app.repairbot.schedule.Prompt;
import app.repairbot.schedule.PromptKind;
import app.repairbot.schedule.Recurrence;
import app.repairbot.schedule.Schedules;

/**
 * Prompts in the {@code schedules} collection, one readable document each:
 * {@code {_id: "-100123:weekly", chat, kind, day, time: "19:00", zone, occurrence, nextFireAt}};
 * claims in {@code schedule_slots}, one small document per slot held ({@code {_id: slot, owner,
 * lease}}), deleted when given back. Settlements are conditional updates on {@code (_id,
 * nextFireAt)}, many to a command: each is atomic on its own, and a unique index on exactly those
 * keys finds each document directly (the embedded server uses an index only for a query on
 * exactly its keys).
 */
final class MongoSchedules implements Schedules {
    private final MongoCollection<Document> prompts;
    private final MongoCollection<Document> slots;
    private final Retry retry = new Retry(MongoSessionStore.DEFAULT_RETRY_BUDGET);

    public MongoSchedules(MongoDatabase db) {
        this.prompts = db.getCollection("schedules");
        this.slots = db.getCollection("schedule_slots");
    }

    public void createIndexes() {
        prompts.createIndex(Indexes.ascending("nextFireAt"));
        prompts.createIndex(Indexes.ascending("_id", "nextFireAt"), new IndexOptions().unique(true));
    }

    @Override
    public void put(Prompt prompt) {
        retry.run("setting prompt " + prompt.id(), () -> prompts.replaceOne(eq("_id", prompt.id()), document(prompt),
                new ReplaceOptions().upsert(true)));
    }

    /** Sets many prompts in few commands (imports, benchmarks). */
    public void putAll(List<Prompt> many) {
        for (int from = 0; from < many.size(); from += 10_000) {
            List<WriteModel<Document>> writes = new ArrayList<>();
            for (Prompt p : many.subList(from, Math.min(many.size(), from + 10_000))) {
                writes.add(new ReplaceOneModel<>(eq("_id", p.id()), document(p), new ReplaceOptions().upsert(true)));
            }
            retry.run("setting " + writes.size() + " prompts", () -> prompts.bulkWrite(writes, new BulkWriteOptions().ordered(false)));
        }
    }

    @Override
    public void remove(ChatId chat, PromptKind kind) {
        retry.run("removing a prompt", () -> prompts.deleteOne(eq("_id", Prompt.id(chat, kind))));
    }

    @Override
    public List<Prompt> of(ChatId chat) {
        List<Prompt> found = new ArrayList<>();
        for (PromptKind kind : PromptKind.values()) {
            get(chat, kind).ifPresent(found::add);
        }
        return found;
    }

    @Override
    public Optional<Prompt> get(ChatId chat, PromptKind kind) {
        Document d = retry.run("reading a prompt", () -> prompts.find(eq("_id", Prompt.id(chat, kind))).first());
        return Optional.ofNullable(d).map(MongoSchedules::prompt);
    }

    @Override
    public List<Prompt> due(Instant now, int limit) {
        return retry.run("finding due prompts", () -> dueQuery(now, limit).map(MongoSchedules::prompt).into(new ArrayList<>()));
    }

    /** The scheduler's query for due prompts, by the {@code nextFireAt} index (for tests to explain). */
    FindIterable<Document> dueQuery(Instant now, int limit) {
        return prompts.find(lte("nextFireAt", Date.from(now))).limit(limit);
    }

    @Override
    public boolean claimSlot(String slot, String owner, Instant now, Instant lease) {
        Document claim = new Document("_id", slot).append("owner", owner).append("lease", Date.from(lease));
        try {
            retry.run("claiming slot " + slot, () -> slots.insertOne(claim));
            return true;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
        }
        Document held = slots.find(eq("_id", slot)).first();
        if (held == null || held.getDate("lease").toInstant().isAfter(now)) {
            return false;
        }
        // Its owner's lease ran out (that instance died mid-way): take it over, if nobody else just did.
        return retry.run("taking over slot " + slot, () -> slots.replaceOne(
                new Document("_id", slot).append("owner", held.getString("owner")), claim)).getModifiedCount() == 1;
    }

    @Override
    public void releaseSlot(String slot, String owner) {
        retry.run("releasing slot " + slot, () -> slots.deleteOne(new Document("_id", slot).append("owner", owner)));
    }

    @Override
    public void settle(List<Settled> settled) {
        if (settled.isEmpty()) {
            return;
        }
        List<WriteModel<Document>> replaces = new ArrayList<>(settled.size());
        for (Settled s : settled) {
            replaces.add(new ReplaceOneModel<>(exactly(s.claimed()), document(s.next())));
        }
        retry.run("settling " + settled.size() + " prompts", () -> prompts.bulkWrite(replaces, new BulkWriteOptions().ordered(false)));
    }

    /** The prompt as it was seen: same id, same next try. A plain document, so the unique index serves it. */
    static Document exactly(Prompt p) {
        return new Document("_id", p.id()).append("nextFireAt", Date.from(p.nextFireAt()));
    }

    private static Document document(Prompt p) {
        return new Document("_id", p.id()).append("chat", p.chat().value()).append("kind", p.kind().key())
                .append("day", p.recurrence().day().map(DayOfWeek::name).orElse(null))
                .append("time", p.recurrence().time().toString()).append("zone", p.zone().getId())
                .append("occurrence", Date.from(p.occurrence())).append("nextFireAt", Date.from(p.nextFireAt()))
                .append("setBy", p.setBy());
    }

    private static Prompt prompt(Document d) {
        String day = d.getString("day");
        LocalTime time = LocalTime.parse(d.getString("time"));
        Recurrence r = day == null ? Recurrence.daily(time) : Recurrence.weekly(DayOfWeek.valueOf(day), time);
        return new Prompt(new ChatId(((Number) d.get("chat")).longValue()), PromptKind.of(d.getString("kind")), r,
                ZoneId.of(d.getString("zone")), d.getDate("occurrence").toInstant(), d.getDate("nextFireAt").toInstant(),
                d.get("setBy") instanceof Number n ? n.longValue() : null);
    }
}
