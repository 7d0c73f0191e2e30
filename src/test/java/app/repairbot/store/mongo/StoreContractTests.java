package app.repairbot.store.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.mongodb.client.MongoDatabase;

import app.repairbot.chat.BotReply;
import app.repairbot.chat.ChatEvent;
import app.repairbot.chat.ChatId;
import app.repairbot.coach.RuleBasedCoach;
import app.repairbot.engine.Engine;
import app.repairbot.engine.OutboxSender;
import app.repairbot.flow.FlowCatalog;
import app.repairbot.flow.StepId;
import app.repairbot.safety.ScreeningSafety;
import app.repairbot.schedule.Prompt;
import app.repairbot.schedule.PromptKind;
import app.repairbot.schedule.Recurrence;
import app.repairbot.schedule.Scheduler;
import app.repairbot.schedule.Schedules;
import app.repairbot.session.Couple;
import app.repairbot.session.InMemoryCouples;
import app.repairbot.session.InMemorySessionStore;
import app.repairbot.session.Outgoing;
import app.repairbot.session.Session;
import app.repairbot.testing.Conversations;

import app.repairbot.store.crypto.DataKey;
import app.repairbot.store.crypto.TextCipher;

/** What every MongoDB the store runs on must do; run against the embedded server and a real one. */
abstract class StoreContractTests {
    static final FlowCatalog FLOWS = FlowCatalog.load(Path.of("conversation-flows")).orThrow();
    static final TextCipher CIPHER = new TextCipher(DataKey.of(Base64.getEncoder().encodeToString(new byte[32])));
    static final Clock CLOCK = Clock.fixed(Conversations.NOW, ZoneOffset.UTC);

    MongoDatabase db;
    MongoSessionStore store;
    MongoOutboxClaims claims;
    MongoCouples couples;

    /** A database for one test, empty. */
    abstract MongoDatabase freshDatabase();

    @BeforeEach
    void setUp() {
        db = freshDatabase();
        store = new MongoSessionStore(db, CIPHER);
        store.createIndexes();
        claims = new MongoOutboxClaims(db, CIPHER);
        couples = new MongoCouples(db);
        couples.createIndexes();
    }

    Engine engine(app.repairbot.session.SessionStore on) {
        return new Engine(FLOWS, couples, on, new RuleBasedCoach(), ScreeningSafety.phrasesOnly(), CLOCK);
    }

    @Test
    void keepsASessionAsAReadableDocumentWithAnswersEncrypted() {
        couples.pair(Conversations.couple(1));
        Engine engine = engine(store);
        List<ChatEvent> talk = Conversations.nameTheImpact(1, 1);
        for (ChatEvent e : talk.subList(0, 5)) {
            engine.handle(e);
        }
        Document raw = db.getCollection("sessions").find(new Document("_id", Conversations.group(1).value())).first();
        assertThat(raw).isNotNull();
        Document run = raw.get("run", Document.class);
        assertThat(run.getString("flow")).isEqualTo("name-the-impact");
        assertThat(run.getString("step")).isEqualTo("check-heard");
        assertThat(run.get("starter", Document.class).getString("name")).isEqualTo("Alex");
        assertThat(raw.get("nextDue")).isInstanceOf(java.util.Date.class);
        assertThat(raw.getList("applied", Long.class)).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(raw.toJson()).doesNotContain("lonely", "phone", "evening").contains("gcm1:");
        Session loaded = store.load(Conversations.group(1));
        assertThat(loaded.run().orElseThrow().answers().get("heard").value())
                .isEqualTo("You feel lonely when our evenings go by without talking.");
    }

    @Test
    void keepsAFollowUpWithItsAnswersEncryptedAndTwoInstancesStartItOnce() throws Exception {
        couples.pair(Conversations.couple(40));
        Engine engine = engine(store);
        Conversations.nameTheImpact(40, 1).forEach(engine::handle);
        Document raw = db.getCollection("sessions").find(new Document("_id", Conversations.group(40).value())).first();
        assertThat(raw.get("run")).isNull();
        List<Document> followUps = raw.getList("followUps", Document.class);
        assertThat(followUps).singleElement().satisfies(f -> {
            assertThat(f.getString("flow")).isEqualTo("small-steps-check");
            assertThat(f.getString("scheduledBy")).isEqualTo("name-the-impact");
            // Three days on, at 19:00 in the couple's zone (UTC here).
            assertThat(f.getDate("due").toInstant()).isEqualTo(Instant.parse("2026-12-02T19:00:00Z"));
        });
        assertThat(raw.get("nextDue", java.util.Date.class).toInstant()).isEqualTo(Instant.parse("2026-12-02T19:00:00Z"));
        assertThat(raw.toJson()).doesNotContain("walk", "Phone away", "lonely");
        assertThat(store.load(Conversations.group(40)).followUps().get(0).before().get("starter.small-step").value())
                .isEqualTo("Ask for a walk instead of waiting.");

        Clock later = Clock.fixed(Instant.parse("2026-12-02T19:00:30Z"), ZoneOffset.UTC);
        Engine one = new Engine(FLOWS, couples, new CachingSessionStore(new MongoSessionStore(db, CIPHER), 100),
                new RuleBasedCoach(), ScreeningSafety.phrasesOnly(), later);
        Engine two = new Engine(FLOWS, couples, new MongoSessionStore(db, CIPHER), new RuleBasedCoach(),
                ScreeningSafety.phrasesOnly(), later);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Outgoing> fired = new ArrayList<>();
        try {
            Future<List<Outgoing>> a = pool.submit(one::tick);
            Future<List<Outgoing>> b = pool.submit(two::tick);
            fired.addAll(a.get());
            fired.addAll(b.get());
        } finally {
            pool.shutdownNow();
        }
        assertThat(fired).extracting(o -> o.reply().text()).filteredOn(t -> t.contains("A few days ago")).hasSize(1);
        assertThat(fired).extracting(o -> o.reply().text())
                .anySatisfy(t -> assertThat(t).contains("the step you chose was: \"Ask for a walk instead of waiting.\""));
        Session after = store.load(Conversations.group(40));
        assertThat(after.followUps()).isEmpty();
        assertThat(after.run().orElseThrow().flow().value()).isEqualTo("small-steps-check");
        assertThat(after.run().orElseThrow().before()).containsKeys("starter.small-step", "partner.small-step");
        assertThat(one.tick()).isEmpty();
        assertThat(two.tick()).isEmpty();
    }

    @Test
    void aSaveFromAnOlderReadLoses() {
        ChatId chat = new ChatId(-1);
        assertThat(store.save(store.load(chat))).isTrue();
        Session first = store.load(chat);
        Session second = store.load(chat);
        assertThat(store.save(first)).isTrue();
        assertThat(store.save(second)).isFalse();
        assertThat(store.load(chat).version()).isEqualTo(2);
        assertThat(store.save(new Session(chat))).as("a second first save").isFalse();
    }

    @Test
    void markingSentRemovesRepliesAndMakesOlderReadsLose() {
        couples.pair(Conversations.couple(2));
        List<Outgoing> queued = engine(store).handle(Conversations.nameTheImpact(2, 1).get(0));
        assertThat(queued).hasSize(2);
        assertThat(store.withOutbox(10)).containsExactly(Conversations.group(2));
        Session before = store.load(Conversations.group(2));
        store.markSent(Conversations.group(2), List.of(queued.get(0).id()));
        assertThat(store.load(Conversations.group(2)).outbox()).extracting(Outgoing::id).containsExactly(queued.get(1).id());
        assertThat(store.save(before)).as("a save that still holds the sent reply").isFalse();
        store.markSent(Conversations.group(2), List.of(queued.get(1).id()));
        assertThat(store.withOutbox(10)).isEmpty();
    }

    @Test
    void findsSessionsThatAreDue() {
        couples.pair(Conversations.couple(3));
        engine(store).handle(Conversations.nameTheImpact(3, 1).get(0));
        Instant remind = Conversations.NOW.plusSeconds(12 * 3600);
        assertThat(store.due(remind.minusSeconds(1), 10)).isEmpty();
        assertThat(store.due(remind, 10)).containsExactly(Conversations.group(3));
    }

    @Test
    void appliesADuplicatedUpdateOnlyOnce() {
        couples.pair(Conversations.couple(4));
        Engine engine = engine(store);
        ChatEvent start = Conversations.nameTheImpact(4, 1).get(0);
        assertThat(engine.handle(start)).isNotEmpty();
        long version = store.load(Conversations.group(4)).version();
        assertThat(engine.handle(start)).isEmpty();
        assertThat(store.load(Conversations.group(4)).version()).isEqualTo(version);
    }

    @Test
    void sendsOnStartWhatACrashLeftUnsent() {
        couples.pair(Conversations.couple(5));
        engine(store).handle(Conversations.nameTheImpact(5, 1).get(0));
        List<BotReply> sent = new ArrayList<>();
        OutboxSender afterRestart = new OutboxSender(new MongoSessionStore(db, CIPHER), sent::add);
        assertThat(afterRestart.sendAllPending()).isEqualTo(2);
        assertThat(sent).extracting(BotReply::text).first().asString().startsWith("Alex, you'd like to talk");
        assertThat(afterRestart.sendAllPending()).isZero();
    }

    @Test
    void keepsWhatCouldNotBeSentForLater() {
        couples.pair(Conversations.couple(6));
        engine(store).handle(Conversations.nameTheImpact(6, 1).get(0));
        List<BotReply> sent = new ArrayList<>();
        OutboxSender flaky = new OutboxSender(store, r -> {
            if (!sent.isEmpty()) {
                throw new IllegalStateException("network down");
            }
            sent.add(r);
        });
        assertThat(flaky.send(Conversations.group(6))).isEqualTo(1);
        assertThat(store.load(Conversations.group(6)).outbox()).hasSize(1);
    }

    @Test
    void twoEnginesOnOneDatabaseApplyEveryAnswerExactlyOnceAndInOrder() throws Exception {
        twoInstances(false);
    }

    @Test
    void twoInstancesWithTheirOwnCachesStillApplyEveryAnswerExactlyOnce() throws Exception {
        twoInstances(true);
    }

    private void twoInstances(boolean cached) throws Exception {
        int chats = 12;
        InMemorySessionStore referenceStore = new InMemorySessionStore();
        InMemoryCouples referenceCouples = new InMemoryCouples();
        for (int i = 0; i < chats; i++) {
            couples.pair(Conversations.couple(100 + i));
            referenceCouples.pair(Conversations.couple(100 + i));
        }
        Engine reference = new Engine(FLOWS, referenceCouples, referenceStore, new RuleBasedCoach(), ScreeningSafety.phrasesOnly(), CLOCK);
        Engine one = cached ? engine(new CachingSessionStore(new MongoSessionStore(db, CIPHER), 100))
                : engine(new MongoSessionStore(db, CIPHER));
        Engine two = cached ? engine(new CachingSessionStore(new MongoSessionStore(db, CIPHER), 100))
                : engine(new MongoSessionStore(db, CIPHER));
        ExecutorService pool = Executors.newFixedThreadPool(6);
        ExecutorService otherInstance = Executors.newFixedThreadPool(6);
        try {
            List<Future<?>> chatsDone = new ArrayList<>();
            for (int i = 0; i < chats; i++) {
                int c = 100 + i;
                chatsDone.add(pool.submit(() -> {
                    for (ChatEvent e : Conversations.nameTheImpact(c, 1)) {
                        reference.handle(e);
                        // The same update reaches both instances at once, as after a redelivery.
                        Future<List<Outgoing>> a = otherInstance.submit(() -> one.handle(e));
                        List<Outgoing> b = two.handle(e);
                        List<Outgoing> both = new ArrayList<>(a.get());
                        both.addAll(b);
                        if (both.isEmpty() || !(a.get().isEmpty() || b.isEmpty())) {
                            throw new AssertionError("update " + e.updateId() + " of chat " + c + " was applied "
                                    + (both.isEmpty() ? "by neither" : "by both") + " instance");
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : chatsDone) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
            otherInstance.shutdownNow();
        }
        for (int i = 0; i < chats; i++) {
            ChatId chat = Conversations.group(100 + i);
            List<String> expected = referenceStore.load(chat).outbox().stream().map(o -> o.reply().text()).toList();
            List<Outgoing> actual = store.load(chat).outbox();
            assertThat(actual).extracting(o -> o.reply().text()).as("chat " + chat).containsExactlyElementsOf(expected);
            List<Long> ids = actual.stream().map(Outgoing::id).toList();
            assertThat(ids).doesNotHaveDuplicates().isSorted();
            assertThat(expected.get(expected.size() - 1)).contains("Here is what you shared");
            assertThat(store.load(chat).run()).isEmpty();
        }
    }

    @Test
    void movesAnUnreadableDocumentAsideAndLetsTheChatStartAfresh() {
        db.getCollection("sessions").insertOne(new Document("_id", -77L).append("version", 3L).append("run", "garbage"));
        Session s = store.load(new ChatId(-77));
        assertThat(s.run()).isEmpty();
        assertThat(s.version()).isEqualTo(3);
        assertThat(db.getCollection("sessions_unreadable").countDocuments(new Document("_id", -77L))).isOne();
        assertThat(store.save(s)).isTrue();
    }

    @Test
    void keepsCouplesAndFindsThemByPerson() {
        couples.pair(Conversations.couple(7));
        assertThat(couples.inGroup(Conversations.group(7))).contains(Conversations.couple(7));
        assertThat(couples.of(Conversations.sam(7).id())).containsExactly(Conversations.couple(7));
        assertThat(couples.remove(Conversations.group(7))).isTrue();
        assertThat(couples.of(Conversations.sam(7).id())).isEmpty();
    }

    @Test
    void aCoupleStoredWithOneZoneGivesEachPartnerThatZoneAndKeepsEachOwnAfterwards() {
        Couple c = Conversations.couple(8);
        db.getCollection("couples").insertOne(new Document("_id", c.group().value())
                .append("partners", List.of(new Document("id", c.first().id().value()).append("name", c.first().firstName()),
                        new Document("id", c.second().id().value()).append("name", c.second().firstName())))
                .append("zone", "Europe/Berlin").append("status", "active"));
        Couple read = couples.inGroup(c.group()).orElseThrow();
        java.time.ZoneId berlin = java.time.ZoneId.of("Europe/Berlin");
        assertThat(read.firstZone()).isEqualTo(berlin);
        assertThat(read.secondZone()).isEqualTo(berlin);
        // Alex moves: Sam keeps Berlin.
        couples.pair(read.withZoneOf(c.first().id(), java.time.ZoneId.of("Asia/Tokyo")));
        Couple after = couples.inGroup(c.group()).orElseThrow();
        assertThat(after.zoneOf(c.first().id())).isEqualTo(java.time.ZoneId.of("Asia/Tokyo"));
        assertThat(after.zoneOf(c.second().id())).isEqualTo(berlin);
    }

    @Test
    void forgetLeavesNoDocumentOrFieldThatNamesThePerson() {
        couples.pair(Conversations.couple(8));
        couples.pair(Conversations.couple(9));
        Engine engine = engine(store);
        Conversations.nameTheImpact(8, 1).subList(0, Conversations.UPDATES - 1).forEach(engine::handle);
        Conversations.nameTheImpact(9, 100).subList(0, 3).forEach(engine::handle);
        app.repairbot.chat.Person sam = Conversations.sam(8);
        ChatId samsChat = ChatId.privateOf(sam.id());
        engine.handle(Conversations.privately(500, sam, "/forget"));
        String data = store.load(samsChat).outbox().get(0).reply().buttons().get(0).data();
        List<Outgoing> done = engine.handle(new ChatEvent(501, samsChat, app.repairbot.chat.ChatKind.PRIVATE, sam,
                Conversations.NOW, new ChatEvent.Tap(data)));
        assertThat(done).singleElement().satisfies(o -> assertThat(o.reply().text()).contains("the group you shared"));
        for (String name : db.listCollectionNames()) {
            for (Document d : db.getCollection(name).find()) {
                String json = d.toJson();
                assertThat(json).as(name).doesNotContain(Long.toString(sam.id().value()));
                if (json.contains("\"Sam\"")) {
                    assertThat(json).as("only the other couple's Sam is left: " + name)
                            .contains(Long.toString(Conversations.sam(9).id().value()));
                }
            }
        }
        assertThat(couples.inGroup(Conversations.group(9))).as("another couple's data stays").isPresent();
        assertThat(store.load(Conversations.group(9)).run()).isPresent();
    }

    @Test
    void twoInstancesPollingOneDatabaseFireEachReminderOnce() throws Exception {
        int chats = 10;
        Engine starter = engine(store);
        for (int i = 0; i < chats; i++) {
            couples.pair(Conversations.couple(300 + i));
            List<ChatEvent> talk = Conversations.nameTheImpact(300 + i, 1);
            starter.handle(talk.get(0));
            starter.handle(talk.get(1));
        }
        Clock later = Clock.fixed(Conversations.NOW.plusSeconds(24 * 3600), ZoneOffset.UTC);
        Engine one = new Engine(FLOWS, couples, new CachingSessionStore(new MongoSessionStore(db, CIPHER), 100), new RuleBasedCoach(), ScreeningSafety.phrasesOnly(), later);
        Engine two = new Engine(FLOWS, couples, new MongoSessionStore(db, CIPHER), new RuleBasedCoach(), ScreeningSafety.phrasesOnly(), later);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<List<Outgoing>> a = pool.submit(one::tick);
            Future<List<Outgoing>> b = pool.submit(two::tick);
            List<Outgoing> fired = new ArrayList<>(a.get());
            fired.addAll(b.get());
            assertThat(fired).hasSize(chats).allSatisfy(o -> assertThat(o.reply().text()).startsWith("Alex, whenever you're ready"));
            assertThat(fired).extracting(Outgoing::session).doesNotHaveDuplicates();
        } finally {
            pool.shutdownNow();
        }
        assertThat(one.tick()).isEmpty();
        assertThat(two.tick()).isEmpty();
    }

    @Test
    void twoThreadsSendingOneChatSendEachReplyOnce() throws Exception {
        couples.pair(Conversations.couple(400));
        engine(store).handle(Conversations.nameTheImpact(400, 1).get(0));
        java.util.concurrent.CountDownLatch inSend = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch goOn = new java.util.concurrent.CountDownLatch(1);
        List<BotReply> sent = java.util.Collections.synchronizedList(new ArrayList<>());
        OutboxSender sender = new OutboxSender(store, r -> {
            inSend.countDown();
            try {
                goOn.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            sent.add(r);
        });
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Integer> first = pool.submit(() -> sender.send(Conversations.group(400)));
            inSend.await();
            Future<Integer> second = pool.submit(() -> sender.send(Conversations.group(400)));
            assertThat(second.get()).as("the second call leaves it to the first").isZero();
            goOn.countDown();
            assertThat(first.get()).isEqualTo(2);
        } finally {
            pool.shutdownNow();
        }
        assertThat(sent).hasSize(2);
        assertThat(store.withOutbox(10)).isEmpty();
    }

    @Test
    void aSaveKeepsTheClaimOnSendingAndDropsFieldsTheSessionNoLongerHas() {
        couples.pair(Conversations.couple(410));
        ChatId group = Conversations.group(410);
        Engine engine = engine(store);
        engine.handle(Conversations.nameTheImpact(410, 1).get(0));
        long before = store.load(group).version();
        assertThat(claims.claim(group, "instance-a", Conversations.NOW, Conversations.NOW.plusSeconds(5)))
                .isInstanceOf(app.repairbot.session.OutboxClaims.Claimed.class);
        // The bot can no longer write there: the session is saved as inactive (an optional field).
        engine.chatUnreachable(group);
        Document raw = db.getCollection("sessions").find(new Document("_id", group.value())).first();
        assertThat(raw.getBoolean("inactive")).isTrue();
        assertThat(raw.get(MongoSessionStore.SENDING, Document.class).getString("by")).isEqualTo("instance-a");
        assertThat(raw.getLong("version")).as("claiming leaves the version alone").isEqualTo(before + 1);

        // Someone writes there again: the session is active, and the field goes from the document.
        engine.handle(Conversations.inGroup(50, 410, Conversations.alex(410), "/status"));
        raw = db.getCollection("sessions").find(new Document("_id", group.value())).first();
        assertThat(raw).as("a field the session no longer has is removed").doesNotContainKey("inactive");
        assertThat(raw.get(MongoSessionStore.SENDING, Document.class).getString("by")).isEqualTo("instance-a");
    }

    @Test
    void aClaimIsTakenByOneHolderAtATimeAndGivenUpOnlyOnceTheOutboxIsEmpty() {
        couples.pair(Conversations.couple(411));
        ChatId group = Conversations.group(411);
        engine(store).handle(Conversations.nameTheImpact(411, 1).get(0));
        java.time.Instant now = Conversations.NOW;
        var a = claims.claim(group, "a", now, now.plusSeconds(5));
        assertThat(a).isInstanceOfSatisfying(app.repairbot.session.OutboxClaims.Claimed.class,
                c -> assertThat(c.outbox()).hasSize(2));
        assertThat(claims.claim(group, "b", now.plusSeconds(1), now.plusSeconds(6)))
                .isEqualTo(new app.repairbot.session.OutboxClaims.HeldElsewhere(now.plusSeconds(5)));
        assertThat(claims.releaseIfEmpty(group, "a")).as("two replies are still queued").isFalse();
        assertThat(claims.renew(group, "a", now.plusSeconds(8))).isTrue();
        assertThat(claims.renew(group, "b", now.plusSeconds(8))).as("not b's to renew").isFalse();
        assertThat(claims.renew(List.of(group, Conversations.group(999)), "a", now.plusSeconds(9))).isEqualTo(1);

        store.markSent(group, store.load(group).outbox().stream().map(Outgoing::id).toList());
        assertThat(claims.releaseIfEmpty(group, "b")).as("only its holder gives a claim up").isFalse();
        assertThat(claims.releaseIfEmpty(group, "a")).isTrue();
        assertThat(claims.claim(group, "b", now, now.plusSeconds(5))).as("nothing queued")
                .isEqualTo(new app.repairbot.session.OutboxClaims.NothingToSend());
        assertThat(claims.claim(new ChatId(-424242), "b", now, now.plusSeconds(5)))
                .isEqualTo(new app.repairbot.session.OutboxClaims.NothingToSend());
    }

    @Test
    void aClaimWhoseHolderDiedIsTakenOverOnceItRunsOutAndItsRepliesAreSentOnce() {
        couples.pair(Conversations.couple(412));
        ChatId group = Conversations.group(412);
        engine(store).handle(Conversations.nameTheImpact(412, 1).get(0));
        java.time.Instant now = Conversations.NOW;
        // An instance took the claim and died without sending: nobody renews it.
        assertThat(claims.claim(group, "died", now, now.plusSeconds(5))).isInstanceOf(app.repairbot.session.OutboxClaims.Claimed.class);
        app.repairbot.conversationtest.TestClock clock = new app.repairbot.conversationtest.TestClock(now.plusSeconds(1));
        List<BotReply> sent = java.util.Collections.synchronizedList(new ArrayList<>());
        List<java.time.Instant> retries = java.util.Collections.synchronizedList(new ArrayList<>());
        try (app.repairbot.engine.OutboxLeases leases = new app.repairbot.engine.OutboxLeases(claims, clock,
                java.time.Duration.ofSeconds(5), "alive")) {
            OutboxSender alive = new OutboxSender(store, sent::add, (chat, when) -> retries.add(when), leases);
            assertThat(alive.send(group)).as("the claim still runs").isZero();
            assertThat(retries).as("it comes back when the claim runs out").containsExactly(now.plusSeconds(5));
            clock.set(now.plusSeconds(5));
            assertThat(alive.send(group)).isEqualTo(2);
            assertThat(alive.send(group)).isZero();
            assertThat(leases.held()).isZero();
        }
        assertThat(sent).hasSize(2);
        assertThat(store.withOutbox(10)).isEmpty();
        assertThat(db.getCollection("sessions").find(new Document("_id", group.value())).first())
                .as("the claim was given up").doesNotContainKey(MongoSessionStore.SENDING);
    }

    @Test
    void aReplyQueuedByAnotherInstanceWhileOneSendsIsSentByTheHolderExactlyOnce() throws Exception {
        couples.pair(Conversations.couple(413));
        ChatId group = Conversations.group(413);
        List<ChatEvent> talk = Conversations.nameTheImpact(413, 1);
        Engine queuing = engine(new CachingSessionStore(new MongoSessionStore(db, CIPHER), 100));
        queuing.handle(talk.get(0));
        java.util.concurrent.CountDownLatch inSend = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch goOn = new java.util.concurrent.CountDownLatch(1);
        List<String> sent = java.util.Collections.synchronizedList(new ArrayList<>());
        Clock clock = Clock.systemUTC();
        try (var leasesA = new app.repairbot.engine.OutboxLeases(new MongoOutboxClaims(db, CIPHER), clock,
                java.time.Duration.ofSeconds(5), "a");
             var leasesB = new app.repairbot.engine.OutboxLeases(new MongoOutboxClaims(db, CIPHER), clock,
                     java.time.Duration.ofSeconds(5), "b")) {
            OutboxSender a = new OutboxSender(new CachingSessionStore(new MongoSessionStore(db, CIPHER), 100), r -> {
                inSend.countDown();
                try {
                    goOn.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                sent.add("a: " + r.text());
            }, (chat, when) -> { }, leasesA);
            List<java.time.Instant> bRetries = java.util.Collections.synchronizedList(new ArrayList<>());
            OutboxSender b = new OutboxSender(new CachingSessionStore(new MongoSessionStore(db, CIPHER), 100),
                    r -> sent.add("b: " + r.text()), (chat, when) -> bRetries.add(when), leasesB);
            ExecutorService pool = Executors.newFixedThreadPool(1);
            try {
                Future<Integer> first = pool.submit(() -> a.send(group));
                inSend.await();
                // Meanwhile the next update reaches the other instance, which stores its reply and tries to send.
                assertThat(queuing.handle(talk.get(1))).isNotEmpty();
                assertThat(b.send(group)).as("a holds the claim: b leaves the sending to it").isZero();
                assertThat(bRetries).hasSize(1);
                goOn.countDown();
                assertThat(first.get()).as("a sends its two and the two queued meanwhile (the thanks and the next question)").isEqualTo(4);
            } finally {
                pool.shutdownNow();
            }
        }
        assertThat(sent).hasSize(4).allSatisfy(line -> assertThat(line).startsWith("a: "));
        assertThat(sent).doesNotHaveDuplicates();
        assertThat(store.withOutbox(10)).isEmpty();
    }

    @Test
    void keepsPromptsAsReadableDocumentsClaimsSlotsOnceAndSettlesEachPromptOnce() {
        MongoSchedules schedules = new MongoSchedules(db);
        schedules.createIndexes();
        Prompt p = Prompt.first(Conversations.group(1), PromptKind.WEEKLY,
                Recurrence.weekly(java.time.DayOfWeek.SUNDAY, java.time.LocalTime.of(19, 0)), java.time.ZoneId.of("Europe/Berlin"),
                Conversations.NOW);
        schedules.put(p);
        Document raw = db.getCollection("schedules").find().first();
        assertThat(raw.getString("_id")).isEqualTo(p.id());
        assertThat(raw.getString("day")).isEqualTo("SUNDAY");
        assertThat(raw.getString("time")).isEqualTo("19:00");
        assertThat(raw.getString("zone")).isEqualTo("Europe/Berlin");
        assertThat(schedules.of(Conversations.group(1))).containsExactly(p);

        assertThat(schedules.due(p.nextFireAt(), 10)).containsExactly(p);
        java.time.Instant now = p.nextFireAt();
        assertThat(schedules.claimSlot("19:00#1", "a", now, now.plusSeconds(600))).isTrue();
        assertThat(schedules.claimSlot("19:00#1", "b", now, now.plusSeconds(600))).as("held").isFalse();
        assertThat(schedules.claimSlot("19:00#2", "b", now, now.plusSeconds(600))).as("another slot").isTrue();
        assertThat(schedules.claimSlot("19:00#1", "b", now.plusSeconds(601), now.plusSeconds(1200))).as("lease ran out").isTrue();
        assertThat(schedules.claimSlot("19:00#1", "c", now.plusSeconds(1201), now.plusSeconds(1800))).isTrue();
        schedules.releaseSlot("19:00#1", "b");
        assertThat(schedules.claimSlot("19:00#1", "d", now.plusSeconds(1202), now.plusSeconds(1800))).as("b no longer held it").isFalse();
        schedules.releaseSlot("19:00#1", "c");
        assertThat(schedules.claimSlot("19:00#1", "d", now.plusSeconds(1202), now.plusSeconds(1800))).isTrue();

        Prompt next = new Prompt(p.chat(), p.kind(), p.recurrence(), p.zone(), p.occurrence().plusSeconds(7 * 86400),
                p.occurrence().plusSeconds(7 * 86400));
        Prompt stale = new Prompt(p.chat(), p.kind(), p.recurrence(), p.zone(), p.occurrence(), p.nextFireAt().minusSeconds(60));
        schedules.settle(List.of(new Schedules.Settled(stale, next)));
        assertThat(schedules.get(Conversations.group(1), PromptKind.WEEKLY)).as("a stale settlement changes nothing").contains(p);
        schedules.settle(List.of(new Schedules.Settled(p, next)));
        assertThat(schedules.get(Conversations.group(1), PromptKind.WEEKLY)).contains(next);
        schedules.settle(List.of(new Schedules.Settled(p, p)));
        assertThat(schedules.get(Conversations.group(1), PromptKind.WEEKLY)).as("settled once").contains(next);
    }

    @Test
    void twoSchedulersOnOneDatabaseFireEachPromptOnceRoundAfterRound() throws Exception {
        int groups = 60;
        MongoSchedules schedules = new MongoSchedules(db);
        schedules.createIndexes();
        app.repairbot.conversationtest.TestClock clock = new app.repairbot.conversationtest.TestClock(Conversations.NOW);
        Recurrence daily = Recurrence.daily(java.time.LocalTime.of(20, 0));
        for (int i = 0; i < groups; i++) {
            Couple c = Conversations.couple(500 + i);
            java.time.ZoneId zone = java.time.ZoneId.of(i % 2 == 0 ? "Asia/Tokyo" : "America/Sao_Paulo");
            couples.pair(new Couple(c.group(), c.first(), c.second(), zone));
            schedules.put(Prompt.first(c.group(), PromptKind.DAILY, daily, zone, clock.instant()));
        }
        Engine one = new Engine(FLOWS, couples, new CachingSessionStore(new MongoSessionStore(db, CIPHER), 100), new RuleBasedCoach(),
                ScreeningSafety.phrasesOnly(), clock);
        Engine two = new Engine(FLOWS, couples, new MongoSessionStore(db, CIPHER), new RuleBasedCoach(), ScreeningSafety.phrasesOnly(), clock);
        List<Outgoing> sent = java.util.Collections.synchronizedList(new ArrayList<>());
        Scheduler a = new Scheduler(schedules, one, sent::addAll, clock);
        Scheduler b = new Scheduler(new MongoSchedules(db), two, sent::addAll, clock);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 6; round++) {
                // 20:00 in Sao Paulo is 23:00 UTC, in Tokyo 11:00 UTC: each round is an hour after one of them.
                // A group's run of the day before has expired by its next turn.
                clock.set(clock.instant().plusSeconds(round == 0 ? 6 * 3600 : 12 * 3600));
                one.tick();
                sent.clear();
                // Engine one keeps sessions in memory, and engine two starts half the flows: one must still see them end.
                for (int attempt = 0; attempt < 3; attempt++) {
                    Future<Scheduler.Round> x = pool.submit(a::tick);
                    Future<Scheduler.Round> y = pool.submit(b::tick);
                    x.get();
                    y.get();
                }
                assertThat(sent).as("round " + round).filteredOn(o -> o.reply().text().startsWith("A moment for appreciation"))
                        .hasSize(groups / 2).extracting(Outgoing::session).doesNotHaveDuplicates();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anInstanceHoldingAnOldCopyStillTakesAnAnswerToAQuestionAnotherInstanceAsked() {
        couples.pair(Conversations.couple(600));
        Engine cached = engine(new CachingSessionStore(new MongoSessionStore(db, CIPHER), 100));
        Engine other = engine(new MongoSessionStore(db, CIPHER));
        List<ChatEvent> talk = Conversations.nameTheImpact(600, 10);
        cached.handle(Conversations.inGroup(1, 600, Conversations.alex(600), "/status"));
        other.handle(talk.get(0));
        assertThat(cached.handle(talk.get(1))).as("Sam's answer is taken, not ignored as chatter").isNotEmpty();
        assertThat(other.stepOf(Conversations.group(600))).contains(new StepId("pattern"));
    }

    @Test
    void anInstanceHoldingAnOldCopyOfTheGroupStillTakesAPrivateAnswerAnotherInstanceAskedFor() {
        couples.pair(Conversations.couple(601));
        Engine cached = engine(new CachingSessionStore(new MongoSessionStore(db, CIPHER), 100));
        Engine other = engine(new MongoSessionStore(db, CIPHER));
        List<ChatEvent> talk = Conversations.nameTheImpact(601, 10);
        talk.subList(0, 9).forEach(cached::handle);
        // The last group answer reaches the other instance, which asks both partners privately.
        other.handle(talk.get(9));
        List<Outgoing> answer = cached.handle(talk.get(10));
        assertThat(answer).extracting(o -> o.reply().text()).as("Sam's commitment is taken by the group's flow, not greeted")
                .noneMatch(text -> text.startsWith("Hi Sam"));
        assertThat(store.load(Conversations.group(601)).alreadyApplied(talk.get(10).updateId())).as("applied in the group").isTrue();
    }

    /** Ids of the replies the chat's stored document still holds as queued. */
    private List<Long> storedOutbox(int couple) {
        Document d = db.getCollection("sessions").find(new Document("_id", Conversations.group(couple).value())).first();
        return d.getList("outbox", Document.class, List.of()).stream().map(o -> o.get("id", Number.class).longValue()).toList();
    }

    private long storedVersion(int couple) {
        return db.getCollection("sessions").find(new Document("_id", Conversations.group(couple).value())).first()
                .get("version", Number.class).longValue();
    }

    @Test
    void deferredMarksLeaveSentRepliesOutAndReachTheDatabaseWithTheNextSaveOrInOneBatch() {
        couples.pair(Conversations.couple(2));
        couples.pair(Conversations.couple(3));
        // Marks are written only by a save, by hand, or on close here: the timer would be an hour away.
        CachingSessionStore deferred = new CachingSessionStore(store, 100, java.time.Duration.ofHours(1));
        Engine engine = engine(deferred);
        List<String> sent = new ArrayList<>();
        OutboxSender sender = new OutboxSender(deferred, reply -> sent.add(reply.text()));
        List<ChatEvent> two = Conversations.nameTheImpact(2, 1);
        List<ChatEvent> three = Conversations.nameTheImpact(3, 100);

        sender.sendQueued(engine.handle(two.get(0)));
        List<Long> firstOfTwo = storedOutbox(2);
        assertThat(firstOfTwo).isNotEmpty();
        assertThat(sent).hasSize(firstOfTwo.size());
        // Sent, as far as this instance is concerned: nothing goes twice, though the database still holds them.
        assertThat(sender.send(Conversations.group(2))).isZero();
        assertThat(deferred.load(Conversations.group(2)).outbox()).isEmpty();
        assertThat(sender.sendAllPending()).isZero();
        assertThat(sent).hasSize(firstOfTwo.size());

        // The chat's next save writes its marks.
        sender.sendQueued(engine.handle(two.get(1)));
        assertThat(storedOutbox(2)).doesNotContainAnyElementsOf(firstOfTwo);

        // A copy read before the replies went out cannot bring them back.
        engine.handle(three.get(0));
        Session stale = deferred.load(Conversations.group(3));
        assertThat(stale.outbox()).isNotEmpty();
        sender.send(Conversations.group(3));
        assertThat(deferred.save(stale)).isTrue();
        assertThat(storedOutbox(3)).isEmpty();

        // Marks with no save to carry them go in one batch; versions stay in step, so the next save needs no reload.
        sender.sendQueued(engine.handle(three.get(1)));
        assertThat(storedOutbox(3)).isNotEmpty();
        deferred.writeMarks();
        assertThat(storedOutbox(2)).isEmpty();
        assertThat(storedOutbox(3)).isEmpty();
        assertThat(deferred.load(Conversations.group(3)).version()).isEqualTo(storedVersion(3));
        Session next = deferred.load(Conversations.group(2));
        assertThat(deferred.save(next)).isTrue();

        // Closing writes what is left.
        int before = sent.size();
        sender.sendQueued(engine.handle(two.get(2)));
        assertThat(sent.size()).isGreaterThan(before);
        assertThat(storedOutbox(2)).isNotEmpty();
        deferred.close();
        assertThat(storedOutbox(2)).isEmpty();
    }

    @Test
    void aCopyLoadedBeforeItsRepliesWereMarkedSavesWithoutAReloadAndWithoutThem() {
        for (boolean deferMarks : new boolean[] {false, true}) {
            int i = deferMarks ? 11 : 10;
            couples.pair(Conversations.couple(i));
            CachingSessionStore caching = new CachingSessionStore(store, 100, deferMarks ? java.time.Duration.ofHours(1) : null);
            Engine engine = engine(caching);
            OutboxSender sender = new OutboxSender(caching, reply -> { });
            engine.handle(Conversations.nameTheImpact(i, 1).get(0));
            // The engine has this copy in hand when the sender sends and marks what it holds.
            Session inHand = caching.load(Conversations.group(i));
            assertThat(inHand.outbox()).isNotEmpty();
            assertThat(sender.send(Conversations.group(i))).isPositive();
            caching.writeMarks();
            assertThat(caching.save(inHand)).as("marks alone moved the stored version: the save is rebased, not lost")
                    .isTrue();
            assertThat(storedOutbox(i)).isEmpty();
            assertThat(caching.load(Conversations.group(i)).outbox()).isEmpty();
            assertThat(storedVersion(i)).isEqualTo(caching.load(Conversations.group(i)).version());
        }
    }

    @Test
    void aCopyFromAnotherWriteIsNotRebasedOntoMarks() {
        couples.pair(Conversations.couple(12));
        CachingSessionStore caching = new CachingSessionStore(store, 100, java.time.Duration.ofHours(1));
        Engine engine = engine(caching);
        engine.handle(Conversations.nameTheImpact(12, 1).get(0));
        Session older = caching.load(Conversations.group(12));
        assertThat(caching.save(caching.load(Conversations.group(12)))).isTrue();
        new OutboxSender(caching, reply -> { }).send(Conversations.group(12));
        caching.writeMarks();
        assertThat(caching.save(older)).as("a save came between: a real conflict").isFalse();
    }

    @Test
    void repliesMarkedWhileASaveIsUnderWayAreNotHandedOutAgainOnceTheirMarksAreWritten() {
        couples.pair(Conversations.couple(13));
        ChatId group = Conversations.group(13);
        CachingSessionStore[] caching = {null};
        boolean[] armed = {false};
        caching[0] = new CachingSessionStore(new app.repairbot.testing.DelegatingSessionStore(store) {
            @Override
            public boolean save(Session session) {
                boolean saved = super.save(session);
                if (armed[0]) {
                    // The sender sends and marks what this save holds, before the save is over.
                    caching[0].markSent(group, session.outbox().stream().map(Outgoing::id).toList());
                }
                return saved;
            }
        }, 100, java.time.Duration.ofHours(1));
        Engine engine = engine(caching[0]);
        armed[0] = true;
        List<Outgoing> queued = engine.handle(Conversations.nameTheImpact(13, 1).get(0));
        armed[0] = false;
        assertThat(queued).isNotEmpty();
        caching[0].writeMarks();
        assertThat(caching[0].load(group).outbox()).as("sent once, never handed out again").isEmpty();
    }

    @Test
    void aReadOfTheDatabaseThatStartedBeforeMarksWereWrittenDoesNotBringThemBack() throws Exception {
        couples.pair(Conversations.couple(14));
        ChatId group = Conversations.group(14);
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            CachingSessionStore[] caching = {null};
            boolean[] armed = {false};
            caching[0] = new CachingSessionStore(new app.repairbot.testing.DelegatingSessionStore(store) {
                @Override
                public Session load(ChatId chat) {
                    Session read = super.load(chat);
                    if (armed[0]) {
                        armed[0] = false;
                        // The marks' timer runs while this read is on its way back.
                        Future<?> marks = other.submit(caching[0]::writeMarks);
                        try {
                            marks.get(300, java.util.concurrent.TimeUnit.MILLISECONDS);
                        } catch (java.util.concurrent.TimeoutException e) {
                            // it waits for this read: as it should
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    }
                    return read;
                }
            }, 100, java.time.Duration.ofHours(1));
            Engine engine = engine(caching[0]);
            engine.handle(Conversations.nameTheImpact(14, 1).get(0));
            new OutboxSender(caching[0], reply -> { }).send(group);
            armed[0] = true;
            assertThat(caching[0].loadFresh(group).outbox()).isEmpty();
            other.submit(() -> { }).get();
            assertThat(storedOutbox(14)).isEmpty();
            assertThat(caching[0].load(group).outbox()).as("the copy kept").isEmpty();
        } finally {
            other.shutdownNow();
        }
    }

    @Test
    void cachedCouplesSeeEveryChangeMadeThroughThem() {
        CachingCouples cached = new CachingCouples(couples, 10);
        ChatId group = Conversations.group(4);
        assertThat(cached.inGroup(group)).isEmpty();
        assertThat(cached.of(Conversations.alex(4).id())).isEmpty();
        cached.pair(Conversations.couple(4));
        assertThat(cached.inGroup(group)).contains(Conversations.couple(4));
        assertThat(cached.of(Conversations.alex(4).id())).containsExactly(Conversations.couple(4));
        Couple inBerlin = new Couple(group, Conversations.alex(4), Conversations.sam(4), java.time.ZoneId.of("Europe/Berlin"));
        cached.pair(inBerlin);
        assertThat(cached.inGroup(group)).contains(inBerlin);
        assertThat(cached.of(Conversations.sam(4).id())).containsExactly(inBerlin);
        assertThat(cached.inGroup(Conversations.group(5))).isEmpty();
        Couple others = new Couple(group, Conversations.alex(5), Conversations.sam(5), java.time.ZoneId.of("UTC"));
        cached.pair(others);
        assertThat(cached.of(Conversations.alex(4).id())).isEmpty();
        assertThat(cached.of(Conversations.alex(5).id())).containsExactly(others);
        cached.pair(Conversations.couple(5));
        assertThat(cached.inGroup(Conversations.group(5))).contains(Conversations.couple(5));
        assertThat(cached.of(Conversations.alex(5).id())).containsExactlyInAnyOrder(others, Conversations.couple(5));
        assertThat(cached.remove(group)).isTrue();
        assertThat(cached.of(Conversations.alex(5).id())).containsExactly(Conversations.couple(5));
        assertThat(cached.inGroup(group)).isEmpty();
        assertThat(cached.of(Conversations.alex(4).id())).isEmpty();
        assertThat(cached.inGroup(Conversations.group(5))).contains(Conversations.couple(5));
    }
}
