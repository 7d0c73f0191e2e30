package app.repairbot.store.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.bson.Document;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;

import app.repairbot.chat.Button;
import app.repairbot.chat.ChatEvent;
import app.repairbot.chat.ChatId;
import app.repairbot.chat.ChatKind;
import app.repairbot.chat.Person;
import app.repairbot.chat.UserId;
import app.repairbot.coach.RuleBasedCoach;
import app.repairbot.engine.Engine;
import app.repairbot.flow.FlowCatalog;
import app.repairbot.safety.ScreeningSafety;
import app.repairbot.session.Couple;
import app.repairbot.session.Outgoing;
import app.repairbot.testing.Conversations;

import app.repairbot.store.crypto.DataKey;
import app.repairbot.store.crypto.TextCipher;
import app.repairbot.store.embedded.EmbeddedMongo;

/**
 * /forget on the embedded store leaves nothing of the person in its file: not in the documents, and
 * not in the space MVStore freed (old versions of their documents), while other couples' data stays,
 * also across a restart.
 */
class EmbeddedErasureTests {
    /** A first name no text of the bot holds, and ids unlike any other number in the file. */
    static final String NAME = "Zephyrine";
    static final Person ZEPHYRINE = new Person(new UserId(913_572_468_101L), NAME);
    static final Person ROBIN = new Person(new UserId(913_572_468_102L), "Robin");
    static final ChatId THEIR_GROUP = new ChatId(-100_913_572_468_103L);
    static final int OTHERS = 12;

    @TempDir
    Path dir;
    long update = 1;
    MongoCouples couples;

    @Test
    void aPrivateForgetWipesThePersonFromTheFileWhileOtherCouplesStay() throws Exception {
        try (EmbeddedMongo server = EmbeddedMongo.start(dir); MongoClient client = MongoClients.create(server.connectionString())) {
            Engine engine = engine(client.getDatabase("repairbot"));
            for (int i = 0; i < OTHERS; i++) {
                talk(engine, i, Conversations.alex(i), Conversations.sam(i), Conversations.group(i));
            }
            talk(engine, OTHERS, ZEPHYRINE, ROBIN, THEIR_GROUP);
            assertThat(occurrences(NAME.getBytes(StandardCharsets.UTF_8))).as("written").isPositive();

            List<Outgoing> asked = engine.handle(privately(ZEPHYRINE, ChatEvent.ofText("/forget")));
            Button delete = asked.get(0).reply().buttons().get(0);
            engine.handle(privately(ZEPHYRINE, new ChatEvent.Tap(delete.data())));

            assertLeavesNoTrace("while the store is open, once /forget has returned");
            assertThat(client.getDatabase("repairbot").getCollection("sessions").countDocuments())
                    .as("the others' sessions").isEqualTo(OTHERS);
        }
        assertLeavesNoTrace("after the store is closed");
        try (EmbeddedMongo server = EmbeddedMongo.start(dir); MongoClient client = MongoClients.create(server.connectionString())) {
            MongoDatabase db = client.getDatabase("repairbot");
            assertThat(db.getCollection("sessions").countDocuments()).as("other chats' sessions after a restart").isEqualTo(OTHERS);
            assertThat(db.getCollection("couples").countDocuments()).isEqualTo(OTHERS);
            Engine engine = engine(db);
            List<Outgoing> goingOn = engine.handle(Conversations.inGroup(update++, 0, Conversations.alex(0), "/impact"));
            assertThat(goingOn).as("another couple carries on after the restart").isNotEmpty();
        }
    }

    @Test
    void otherChatsWritingDuringCompactionsKeepEveryAcknowledgedWriteAlsoAfterARestart() throws Exception {
        int writers = 4;
        int writes = 150;
        try (EmbeddedMongo server = EmbeddedMongo.start(dir); MongoClient client = MongoClients.create(server.connectionString())) {
            MongoCollection<Document> notes = client.getDatabase("repairbot").getCollection("notes");
            MongoCollection<Document> gone = client.getDatabase("repairbot").getCollection("sessions");
            List<Thread> threads = new ArrayList<>();
            AtomicReference<Throwable> failed = new AtomicReference<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                Thread thread = new Thread(() -> {
                    try {
                        for (int i = 0; i < writes; i++) {
                            notes.updateOne(Filters.eq("_id", writer), Updates.combine(Updates.inc("count", 1),
                                    Updates.set("text", "note " + i + " of writer " + writer)), new UpdateOptions().upsert(true));
                            gone.insertOne(new Document("_id", writer * 1_000_000L + i).append("name", NAME));
                            gone.deleteOne(Filters.eq("_id", writer * 1_000_000L + i));
                        }
                    } catch (Throwable e) {
                        failed.set(e);
                    }
                });
                thread.start();
                threads.add(thread);
            }
            int compactions = 0;
            while (threads.stream().anyMatch(Thread::isAlive)) {
                server.compact();
                compactions++;
            }
            for (Thread t : threads) {
                t.join();
            }
            assertThat(failed.get()).isNull();
            assertThat(compactions).isPositive();
            assertCounted(notes, writers, writes);
            assertThat(gone.countDocuments()).isZero();
            assertThat(occurrences(NAME.getBytes(StandardCharsets.UTF_8))).as("deleted documents, each erased").isZero();
        }
        try (EmbeddedMongo server = EmbeddedMongo.start(dir); MongoClient client = MongoClients.create(server.connectionString())) {
            assertCounted(client.getDatabase("repairbot").getCollection("notes"), writers, writes);
        }
    }

    private static void assertCounted(MongoCollection<Document> notes, int writers, int writes) {
        for (int w = 0; w < writers; w++) {
            Document note = notes.find(Filters.eq("_id", w)).first();
            assertThat(note).isNotNull();
            assertThat(note.getInteger("count")).isEqualTo(writes);
            assertThat(note.getString("text")).isEqualTo("note " + (writes - 1) + " of writer " + w);
        }
    }

    private Engine engine(MongoDatabase db) {
        TextCipher cipher = new TextCipher(DataKey.inFolder(dir));
        MongoSessionStore sessions = new MongoSessionStore(db, cipher);
        sessions.createIndexes();
        couples = new MongoCouples(db);
        return new Engine(FlowCatalog.load(Path.of("conversation-flows")).orThrow(), couples, sessions,
                new RuleBasedCoach(), ScreeningSafety.phrasesOnly(), Clock.fixed(Conversations.NOW, ZoneOffset.UTC));
    }

    /** Pairs the two and runs a whole name-the-impact, with both private answers. */
    private void talk(Engine engine, int i, Person first, Person second, ChatId group) {
        couples.pair(new Couple(group, first, second, null));
        for (ChatEvent e : Conversations.nameTheImpact(i, update)) {
            Person who = e.from().id().equals(Conversations.alex(i).id()) ? first : second;
            ChatId chat = e.chatKind() == ChatKind.GROUP ? group : ChatId.privateOf(who.id());
            engine.handle(new ChatEvent(update++, chat, e.chatKind(), who, e.at(), e.payload()));
        }
    }

    private ChatEvent privately(Person who, ChatEvent.Payload payload) {
        return new ChatEvent(update++, ChatId.privateOf(who.id()), ChatKind.PRIVATE, who, Conversations.NOW, payload);
    }

    private void assertLeavesNoTrace(String when) throws IOException {
        assertThat(occurrences(NAME.getBytes(StandardCharsets.UTF_8))).as("the first name, " + when).isZero();
        for (long id : List.of(ZEPHYRINE.id().value(), THEIR_GROUP.value())) {
            assertThat(occurrences(littleEndian(id))).as("id " + id + " as BSON writes it, " + when).isZero();
        }
        assertThat(occurrences(littleEndian(Conversations.alex(3).id().value()))).as("others' ids, " + when).isPositive();
    }

    /** BSON writes an int64 as 8 bytes, least significant first (in documents and in index keys alike). */
    static byte[] littleEndian(long value) {
        return ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN).putLong(value).array();
    }

    private int occurrences(byte[] needle) throws IOException {
        byte[] file = Files.readAllBytes(dir.resolve(EmbeddedMongo.FILE));
        List<Integer> at = new ArrayList<>();
        outer:
        for (int i = 0; i + needle.length <= file.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (file[i + j] != needle[j]) {
                    continue outer;
                }
            }
            at.add(i);
        }
        return at.size();
    }
}
