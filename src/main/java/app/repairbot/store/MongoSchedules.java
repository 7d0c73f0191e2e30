package app.repairbot.store;

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

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.WriteModel;

import app.repairbot.chat.ChatId;
import app.repairbot.schedule.Prompt;
import app.repairbot.schedule.PromptKind;
import app.repairbot.schedule.Recurrence;
import app.repairbot.schedule.Schedules;

/**
 * Prompts in the {@code schedules} collection, one readable document each:
 * {@code {_id: "-100123:weekly", chat, kind, day, time: "19:00", zone, occurrence, nextFireAt, claimedBy}}.
 * Claims and settlements are conditional updates on {@code (_id, nextFireAt)}, sent many to a
 * command: each is atomic on its own, and a unique index on exactly those keys finds each document
 * directly (the embedded server uses an index only for a query on exactly its keys).
 */
public final class MongoSchedules implements Schedules {
    private final MongoCollection<Document> prompts;
    private final Retry retry = new Retry(MongoSessionStore.DEFAULT_RETRY_BUDGET);

    public MongoSchedules(MongoDatabase db) {
        this.prompts = db.getCollection("schedules");
    }

    public void createIndexes() {
        prompts.createIndex(Indexes.ascending("nextFireAt"));
        prompts.createIndex(Indexes.ascending("_id", "nextFireAt"), new IndexOptions().unique(true));
        prompts.createIndex(Indexes.ascending("chat"));
    }

    @Override
    public void put(Prompt prompt) {
        retry.run("setting prompt " + prompt.id(), () -> prompts.replaceOne(eq("_id", prompt.id()), document(prompt),
                new ReplaceOptions().upsert(true)));
    }

    @Override
    public void remove(ChatId chat, PromptKind kind) {
        retry.run("removing a prompt", () -> prompts.deleteOne(eq("_id", chat.value() + ":" + kind.key())));
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
        Document d = retry.run("reading a prompt", () -> prompts.find(eq("_id", chat.value() + ":" + kind.key())).first());
        return Optional.ofNullable(d).map(MongoSchedules::prompt);
    }

    @Override
    public List<Prompt> due(Instant now, int limit) {
        return retry.run("finding due prompts", () -> prompts.find(lte("nextFireAt", Date.from(now))).limit(limit)
                .map(MongoSchedules::prompt).into(new ArrayList<>()));
    }

    @Override
    public List<Prompt> claim(List<Prompt> due, String token, Instant lease) {
        if (due.isEmpty()) {
            return List.of();
        }
        List<WriteModel<Document>> updates = new ArrayList<>(due.size());
        for (Prompt p : due) {
            updates.add(new UpdateOneModel<>(exactly(p), new Document("$set",
                    new Document("nextFireAt", Date.from(lease)).append("claimedBy", token))));
        }
        retry.run("claiming " + due.size() + " prompts", () -> prompts.bulkWrite(updates, new BulkWriteOptions().ordered(false)));
        List<Prompt> won = new ArrayList<>();
        for (Prompt p : due) {
            Document d = prompts.find(eq("_id", p.id())).first();
            if (d != null && token.equals(d.getString("claimedBy")) && lease.equals(d.getDate("nextFireAt").toInstant())) {
                won.add(prompt(d));
            }
        }
        return won;
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
    private static Document exactly(Prompt p) {
        return new Document("_id", p.id()).append("nextFireAt", Date.from(p.nextFireAt()));
    }

    private static Document document(Prompt p) {
        return new Document("_id", p.id()).append("chat", p.chat().value()).append("kind", p.kind().key())
                .append("day", p.recurrence().day().map(DayOfWeek::name).orElse(null))
                .append("time", p.recurrence().time().toString()).append("zone", p.zone().getId())
                .append("occurrence", Date.from(p.occurrence())).append("nextFireAt", Date.from(p.nextFireAt()))
                .append("claimedBy", p.claimedBy());
    }

    private static Prompt prompt(Document d) {
        String day = d.getString("day");
        LocalTime time = LocalTime.parse(d.getString("time"));
        Recurrence r = day == null ? Recurrence.daily(time) : Recurrence.weekly(DayOfWeek.valueOf(day), time);
        return new Prompt(new ChatId(((Number) d.get("chat")).longValue()), kindOf(d.getString("kind")), r,
                ZoneId.of(d.getString("zone")), d.getDate("occurrence").toInstant(), d.getDate("nextFireAt").toInstant(),
                d.getString("claimedBy"));
    }

    private static PromptKind kindOf(String key) {
        for (PromptKind k : PromptKind.values()) {
            if (k.key().equals(key)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown prompt kind '" + key + "'");
    }
}
