package app.repairbot.store;

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
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOptions;

import app.repairbot.chat.ChatId;
import app.repairbot.chat.Person;
import app.repairbot.chat.UserId;
import app.repairbot.engine.Couple;
import app.repairbot.engine.CoupleDirectory;

/** Couples in the {@code couples} collection: the group, the two partners, their time zone. */
public final class MongoCouples implements CoupleDirectory {
    private static final Logger log = LoggerFactory.getLogger(MongoCouples.class);

    private final MongoCollection<Document> couples;

    public MongoCouples(MongoDatabase db) {
        this.couples = db.getCollection("couples");
    }

    public void createIndexes() {
        couples.createIndex(Indexes.ascending("partners.id"));
    }

    @Override
    public Optional<Couple> inGroup(ChatId group) {
        return Optional.ofNullable(couples.find(eq("_id", group.value())).first()).flatMap(this::read);
    }

    @Override
    public List<Couple> of(UserId user) {
        List<Couple> found = new ArrayList<>();
        couples.find(eq("partners.id", user.value())).forEach(d -> read(d).ifPresent(found::add));
        return found;
    }

    @Override
    public void pair(Couple couple) {
        Document d = new Document("_id", couple.group().value())
                .append("partners", List.of(person(couple.first()), person(couple.second())))
                .append("zone", couple.zone().getId())
                .append("status", "active")
                .append("pairedAt", new Date());
        couples.replaceOne(eq("_id", couple.group().value()), d, new ReplaceOptions().upsert(true));
    }

    @Override
    public boolean remove(ChatId group) {
        return couples.deleteOne(eq("_id", group.value())).getDeletedCount() > 0;
    }

    private static Document person(Person p) {
        return new Document("id", p.id().value()).append("name", p.firstName());
    }

    private Optional<Couple> read(Document d) {
        try {
            List<Document> partners = d.getList("partners", Document.class);
            return Optional.of(new Couple(new ChatId(d.get("_id", Number.class).longValue()), person(partners.get(0)),
                    person(partners.get(1)), ZoneId.of(d.getString("zone"))));
        } catch (RuntimeException e) {
            log.error("Couple document {} cannot be read ({}); skipped", d.get("_id"), e.toString());
            return Optional.empty();
        }
    }

    private static Person person(Document d) {
        return new Person(new UserId(d.get("id", Number.class).longValue()), d.getString("name"));
    }
}
