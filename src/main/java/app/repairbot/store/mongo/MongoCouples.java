package app.repairbot.store.mongo;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;

import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;

import app.repairbot.chat.ChatId;
import app.repairbot.chat.Person;
import app.repairbot.chat.UserId;
import app.repairbot.session.Couple;
import app.repairbot.session.CoupleDirectory;

/**
 * Couples in the {@code couples} collection (the group, the two partners, their time zone), and
 * in {@code partners} the groups of each person, by the person's id: looking a person up then
 * uses the {@code _id} index on every server (the embedded one ignores other indexes).
 */
final class MongoCouples implements CoupleDirectory {
    private static final Logger log = LoggerFactory.getLogger(MongoCouples.class);

    private final MongoCollection<Document> couples;
    private final MongoCollection<Document> partners;
    private final Retry retry = new Retry(MongoSessionStore.DEFAULT_RETRY_BUDGET);

    public MongoCouples(MongoDatabase db) {
        this.couples = db.getCollection("couples");
        this.partners = db.getCollection("partners");
    }

    /** Nothing beyond {@code _id}: every lookup goes by id. Kept for symmetry with the session store. */
    public void createIndexes() {
        // couples and partners are read by _id only
    }

    @Override
    public Optional<Couple> inGroup(ChatId group) {
        return Optional.ofNullable(retry.run("finding the couple of group " + group,
                () -> couples.find(eq("_id", group.value())).first())).flatMap(this::read);
    }

    @Override
    public List<Couple> of(UserId user) {
        Document p = retry.run("finding a person's couples", () -> partners.find(eq("_id", user.value())).first());
        if (p == null) {
            return List.of();
        }
        List<Couple> found = new ArrayList<>();
        for (Object group : p.getList("groups", Object.class, List.of())) {
            if (group instanceof Number n) {
                inGroup(new ChatId(n.longValue())).filter(c -> c.has(user)).ifPresent(found::add);
            }
        }
        return found;
    }

    @Override
    public void pair(Couple couple) {
        Document d = new Document("_id", couple.group().value())
                .append("partners", List.of(person(couple.first()), person(couple.second())))
                .append("zone", couple.shared().getId())
                .append("firstZone", couple.firstZone() == null ? null : couple.firstZone().getId())
                .append("secondZone", couple.secondZone() == null ? null : couple.secondZone().getId())
                .append("status", "active")
                .append("pairedAt", new Date());
        inGroup(couple.group()).ifPresent(old -> unlink(old));
        couples.replaceOne(eq("_id", couple.group().value()), d, new ReplaceOptions().upsert(true));
        for (Person p : List.of(couple.first(), couple.second())) {
            partners.updateOne(eq("_id", p.id().value()), Updates.addToSet("groups", couple.group().value()),
                    new UpdateOptions().upsert(true));
        }
    }

    @Override
    public boolean remove(ChatId group) {
        Optional<Couple> old = inGroup(group);
        old.ifPresent(this::unlink);
        return couples.deleteOne(eq("_id", group.value())).getDeletedCount() > 0 || old.isPresent();
    }

    /** Takes the group off both partners' lists, dropping a list that becomes empty. */
    private void unlink(Couple couple) {
        for (Person p : List.of(couple.first(), couple.second())) {
            partners.updateOne(eq("_id", p.id().value()), Updates.pull("groups", couple.group().value()));
            partners.deleteOne(and(eq("_id", p.id().value()), eq("groups", List.of())));
        }
    }

    private static ZoneId zone(String id) {
        return id == null ? null : ZoneId.of(id);
    }

    private static Document person(Person p) {
        return new Document("id", p.id().value()).append("name", p.firstName());
    }

    private Optional<Couple> read(Document d) {
        try {
            List<Document> partners = d.getList("partners", Document.class);
            return Optional.of(new Couple(new ChatId(d.get("_id", Number.class).longValue()), person(partners.get(0)),
                    person(partners.get(1)), zone(d.getString("zone")),
                    // A couple stored before each partner had a zone: each takes the couple's zone.
                    d.containsKey("firstZone") ? zone(d.getString("firstZone")) : zone(d.getString("zone")),
                    d.containsKey("secondZone") ? zone(d.getString("secondZone")) : zone(d.getString("zone"))));
        } catch (RuntimeException e) {
            log.error("Couple document {} cannot be read ({}); skipped", d.get("_id"), e.toString());
            return Optional.empty();
        }
    }

    private static Person person(Document d) {
        return new Person(new UserId(d.get("id", Number.class).longValue()), d.getString("name"));
    }
}
