package app.repairbot.store.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.mongodb.MongoDBContainer;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;

import app.repairbot.chat.ChatId;
import app.repairbot.schedule.Prompt;
import app.repairbot.schedule.PromptKind;
import app.repairbot.schedule.Recurrence;
import app.repairbot.testing.Conversations;

/**
 * The store contract on a real mongo:7; skipped where no Docker engine runs. Also that the queries
 * every instance runs over and over (the timer poller, the sweep of outboxes, the scheduler's, and
 * the claims on sending) are served by indexes, as MongoDB's {@code explain} shows, not by reading
 * whole collections.
 */
@Testcontainers(disabledWithoutDocker = true)
class MongoContainerStoreTests extends StoreContractTests {
    @Container
    static final MongoDBContainer MONGO = new MongoDBContainer("mongo:7");
    static MongoClient client;
    static int n;

    @BeforeAll
    static void connect() {
        client = MongoClients.create(MONGO.getConnectionString());
    }

    @AfterAll
    static void disconnect() {
        client.close();
    }

    @Override
    MongoDatabase freshDatabase() {
        return client.getDatabase("test" + n++);
    }

    @Test
    void theTimerPollerAndTheSweepOfOutboxesReadSessionsByIndex() {
        // Enough sessions of each kind that a scan and an index differ: due or not, replies queued or not.
        List<Document> many = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            Document d = new Document("_id", -5_000_000L - i).append("version", 1L)
                    .append("nextDue", i % 10 == 0 ? java.util.Date.from(Conversations.NOW.minusSeconds(60)) : null)
                    .append("outbox", i % 20 == 0 ? List.of(new Document("id", 1L).append("chat", -5_000_000L - i)) : List.of());
            many.add(d);
        }
        db.getCollection("sessions").insertMany(many);

        Document due = store.dueQuery(Conversations.NOW, 500).explain();
        assertServedByIndex(due, "nextDue_1");
        assertThat(store.due(Conversations.NOW, 500)).hasSize(50);

        Document sweep = store.withOutboxQuery(500).explain();
        assertServedByIndex(sweep, "outbox.id_1");
        assertThat(store.withOutbox(500)).hasSize(25);
    }

    @Test
    void claimingMarkingAndGivingUpTheSendingOfAChatFindItsSessionById() {
        ChatId chat = new ChatId(-5_100_000L);
        db.getCollection("sessions").insertOne(new Document("_id", chat.value()).append("version", 1L)
                .append("outbox", List.of(new Document("id", 1L).append("chat", chat.value()))));
        Instant now = Conversations.NOW;
        Document claim = explainFindAndModify("sessions", MongoOutboxClaims.claimable(chat, "a", now),
                new Document("$set", new Document(MongoSessionStore.SENDING, new Document("by", "a"))));
        // By the id: its own index, or the (_id, version) one, whichever the planner picks.
        assertServedByIndex(claim, null);
        Document release = explainFindAndModify("sessions", new Document("_id", chat.value())
                .append(MongoSessionStore.SENDING + ".by", "a").append("outbox.0", new Document("$exists", false)),
                new Document("$unset", new Document(MongoSessionStore.SENDING, "")));
        assertServedByIndex(release, null);
        Document save = explainFindAndModify("sessions", new Document("_id", chat.value()).append("version", 1L),
                new Document("$set", new Document("version", 2L)));
        assertServedByIndex(save, null);
    }

    @Test
    void theSchedulersQueriesReadPromptsByIndex() {
        MongoSchedules schedules = new MongoSchedules(db);
        schedules.createIndexes();
        List<Prompt> prompts = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            Instant at = Conversations.NOW.plusSeconds(i % 10 == 0 ? -60 : 86_400);
            prompts.add(new Prompt(new ChatId(-6_000_000L - i), PromptKind.WEEKLY,
                    Recurrence.weekly(DayOfWeek.SUNDAY, LocalTime.of(19, 0)), ZoneId.of("Europe/Berlin"), at, at, null));
        }
        schedules.putAll(prompts);

        assertServedByIndex(schedules.dueQuery(Conversations.NOW, 200).explain(), "nextFireAt_1");
        assertThat(schedules.due(Conversations.NOW, 200)).hasSize(50);
        // Settling a prompt finds it by id and the next try it was seen with.
        Document settle = db.getCollection("schedules").find(MongoSchedules.exactly(prompts.get(0))).explain();
        assertServedByIndex(settle, null);
        // Taking over a slot whose holder died replaces it by id and holder.
        assertThat(schedules.claimSlot("2026-11-29T18:00:3", "a", Conversations.NOW, Conversations.NOW.plusSeconds(600))).isTrue();
        Document slot = db.getCollection("schedule_slots").find(new Document("_id", "2026-11-29T18:00:3")
                .append("owner", "a")).explain();
        assertServedByIndex(slot, null);
    }

    private Document explainFindAndModify(String collection, Document query, Document update) {
        return db.runCommand(new Document("explain", new Document("findAndModify", collection).append("query", query)
                .append("update", update)).append("verbosity", "queryPlanner"));
    }

    /**
     * The winning plan reads by an index ({@code indexName}, when given) and scans no collection. For the
     * id, MongoDB may use its id lookup (IDHACK, or EXPRESS_IDHACK since 8.0), which names no index.
     */
    private static void assertServedByIndex(Document explained, String indexName) {
        Object winning = explained.get("queryPlanner", Document.class).get("winningPlan");
        List<String> stages = new ArrayList<>();
        List<String> indexes = new ArrayList<>();
        collect(winning, stages, indexes);
        assertThat(stages).as("stages of " + winning).doesNotContain("COLLSCAN")
                .containsAnyOf("IXSCAN", "IDHACK", "EXPRESS_IXSCAN", "EXPRESS_IDHACK", "EXPRESS_UPDATE");
        if (indexName != null && !stages.contains("IDHACK") && !stages.contains("EXPRESS_IDHACK")) {
            assertThat(indexes).as("indexes used by " + winning).contains(indexName);
        }
    }

    /** Every stage and index name in a plan, however it nests them (inputStage, inputStages, queryPlan). */
    private static void collect(Object node, List<String> stages, List<String> indexes) {
        if (node instanceof Map<?, ?> m) {
            if (m.get("stage") instanceof String stage) {
                stages.add(stage);
            }
            if (m.get("indexName") instanceof String index) {
                indexes.add(index);
            }
            m.values().forEach(v -> collect(v, stages, indexes));
        } else if (node instanceof List<?> l) {
            l.forEach(v -> collect(v, stages, indexes));
        }
    }
}
