package app.repairbot.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import app.repairbot.chat.BotReply;
import app.repairbot.chat.ChatEvent;
import app.repairbot.chat.ChatId;
import app.repairbot.chat.ChatKind;
import app.repairbot.chat.Person;
import app.repairbot.chat.UserId;
import app.repairbot.coach.RuleBasedCoach;
import app.repairbot.conversationtest.TestClock;
import app.repairbot.flow.StepId;
import app.repairbot.safety.ScreeningSafety;
import app.repairbot.session.Couple;
import app.repairbot.session.InMemoryCouples;
import app.repairbot.session.InMemorySessionStore;
import app.repairbot.session.Outgoing;
import app.repairbot.session.Session;
import app.repairbot.session.SessionStore;

class PairingTests {
    static final ChatId GROUP = new ChatId(-7);
    static final Person ALEX = new Person(new UserId(1), "Alex");
    static final Person SAM = new Person(new UserId(2), "Sam");
    static final Person KIM = new Person(new UserId(3), "Kim");

    final InMemorySessionStore store = new InMemorySessionStore();
    final InMemoryCouples couples = new InMemoryCouples();
    final Engine engine = new Engine(EngineTests.FLOWS, couples, store, new RuleBasedCoach(), ScreeningSafety.phrasesOnly(),
            new TestClock(Instant.parse("2026-11-29T18:00:00Z")));
    long update = 1;

    List<BotReply> in(Person who, ChatEvent.Payload payload) {
        List<Outgoing> queued = engine.handle(new ChatEvent(update++, GROUP, ChatKind.GROUP, who, Instant.EPOCH, payload));
        queued.stream().filter(Outgoing::stored).findFirst().ifPresent(o ->
                store.markSent(o.session(), queued.stream().map(Outgoing::id).toList()));
        return queued.stream().map(Outgoing::reply).toList();
    }

    @Test
    void greetsWhenAddedSayingWhatItIsAndIsNotWithAnImInButton() {
        List<BotReply> hello = in(ALEX, new ChatEvent.BotAdded());
        assertThat(hello).singleElement().satisfies(r -> {
            assertThat(r.text()).contains("not therapy and not for emergencies", "encrypted", "/forget",
                    "not end-to-end encrypted");
            assertThat(r.buttons()).extracting(b -> b.label()).containsExactly("I'm in");
        });
    }

    @Test
    void theFirstTwoDifferentPeopleToTapBecomeTheCouple() {
        in(ALEX, new ChatEvent.BotAdded());
        assertThat(in(ALEX, new ChatEvent.Tap("pair"))).extracting(BotReply::text)
                .containsExactly("Thank you, Alex. Now your partner taps \"I'm in\" too.");
        assertThat(in(ALEX, new ChatEvent.Tap("pair"))).singleElement().satisfies(r -> assertThat(r.notice()).isTrue());
        assertThat(couples.inGroup(GROUP)).isEmpty();
        assertThat(in(SAM, new ChatEvent.Tap("pair"))).extracting(BotReply::text).singleElement().asString()
                .startsWith("Welcome, Alex and Sam. You're set up as a couple here.");
        assertThat(couples.inGroup(GROUP)).hasValueSatisfying(c -> {
            assertThat(c.first()).isEqualTo(ALEX);
            assertThat(c.second()).isEqualTo(SAM);
        });
        assertThat(store.load(GROUP).pairing()).isEmpty();
        assertThat(in(SAM, ChatEvent.ofText("/impact"))).extracting(BotReply::text).last().asString()
                .startsWith("Alex, are you in a place to listen");
    }

    @Test
    void tellsAThirdPersonKindlyThatACoupleIsTwoPeople() {
        in(ALEX, new ChatEvent.Tap("pair"));
        in(SAM, new ChatEvent.Tap("pair"));
        assertThat(in(KIM, new ChatEvent.Tap("pair"))).singleElement().satisfies(r -> {
            assertThat(r.text()).startsWith("This group already has its couple, and a couple is two people.");
            assertThat(r.notice()).isTrue();
        });
        assertThat(couples.inGroup(GROUP).orElseThrow().has(KIM.id())).isFalse();
    }

    @Test
    void imInAfterTheCoupleIsMadeSaysSoKindlyAndChangesNothing() {
        in(ALEX, new ChatEvent.Tap("pair"));
        in(SAM, new ChatEvent.Tap("pair"));
        couples.pair(new Couple(GROUP, ALEX, SAM, java.time.ZoneId.of("Europe/Berlin")));
        in(ALEX, ChatEvent.ofText("/impact"));
        Couple before = couples.inGroup(GROUP).orElseThrow();
        StepId step = engine.stepOf(GROUP).orElseThrow();
        assertThat(engine.buttonStillLive(GROUP, "pair")).as("the button goes once the couple is made").isFalse();
        for (Person who : List.of(SAM, ALEX)) {
            assertThat(in(who, new ChatEvent.Tap("pair"))).singleElement().satisfies(r -> {
                assertThat(r.text()).isEqualTo("You're both set up here already. /repair shows the conversations we can have.");
                assertThat(r.notice()).isTrue();
                assertThat(r.text().length()).as("a toast holds 200 characters").isLessThanOrEqualTo(200);
            });
        }
        assertThat(couples.inGroup(GROUP)).contains(before);
        assertThat(engine.stepOf(GROUP)).contains(step);
        assertThat(store.load(GROUP).pairing()).isEmpty();
    }

    @Test
    void answersACommandInAGroupWithNoCoupleWithTheWelcome() {
        assertThat(in(KIM, ChatEvent.ofText("/repair"))).singleElement().satisfies(r ->
                assertThat(r.buttons()).extracting(b -> b.data()).containsExactly("pair"));
        assertThat(in(KIM, ChatEvent.ofText("just chatting"))).isEmpty();
    }

    @Test
    void keepsWhoTappedThroughAStoreRoundTrip() {
        in(ALEX, new ChatEvent.Tap("pair"));
        Session copy = Session.restore(store.load(GROUP).snapshot());
        assertThat(copy.pairing()).containsExactly(ALEX);
    }

    @Test
    void aPairingWhoseSaveLostARaceIsFinishedOnTheRetry() {
        java.util.concurrent.atomic.AtomicBoolean loseNextSave = new java.util.concurrent.atomic.AtomicBoolean();
        Engine engine = losingSaves(loseNextSave);
        engine.handle(new ChatEvent(1, GROUP, ChatKind.GROUP, ALEX, Instant.EPOCH, new ChatEvent.Tap("pair")));
        loseNextSave.set(true);
        List<Outgoing> second = engine.handle(new ChatEvent(2, GROUP, ChatKind.GROUP, SAM, Instant.EPOCH, new ChatEvent.Tap("pair")));
        assertThat(second).extracting(o -> o.reply().text()).singleElement().asString().startsWith("Welcome, Alex and Sam.");
        assertThat(store.load(GROUP).pairing()).isEmpty();
    }

    @Test
    void aHoldItsRaiserCarriesComesBackWhenThePairingIsFinishedOnTheRetry() {
        Session samPrivately = store.load(ChatId.privateOf(SAM.id()));
        samPrivately.care().hold(SAM.id());
        assertThat(store.save(samPrivately)).isTrue();
        java.util.concurrent.atomic.AtomicBoolean loseNextSave = new java.util.concurrent.atomic.AtomicBoolean();
        Engine engine = losingSaves(loseNextSave);
        engine.handle(new ChatEvent(1, GROUP, ChatKind.GROUP, ALEX, Instant.EPOCH, new ChatEvent.Tap("pair")));
        loseNextSave.set(true);
        List<Outgoing> second = engine.handle(new ChatEvent(2, GROUP, ChatKind.GROUP, SAM, Instant.EPOCH, new ChatEvent.Tap("pair")));

        assertThat(second).extracting(o -> o.reply().text()).first().isEqualTo("Welcome, Alex and Sam. You're set up as a couple here.");
        assertThat(store.load(GROUP).care().heldBy(SAM.id())).isTrue();
        List<Outgoing> started = engine.handle(new ChatEvent(3, GROUP, ChatKind.GROUP, ALEX, Instant.EPOCH, ChatEvent.ofText("/impact")));
        assertThat(started).extracting(o -> o.reply().text()).containsExactly("This is on hold for now.");
    }

    /** An engine whose next save, once {@code loseNextSave} is set, loses its race to another write (the stored version moves first). */
    Engine losingSaves(java.util.concurrent.atomic.AtomicBoolean loseNextSave) {
        SessionStore racing = new app.repairbot.testing.DelegatingSessionStore(store) {
            @Override
            public boolean save(Session session) {
                if (loseNextSave.getAndSet(false)) {
                    store.markSent(session.chat(), List.of());
                }
                return store.save(session);
            }
        };
        return new Engine(EngineTests.FLOWS, couples, racing, new RuleBasedCoach(), ScreeningSafety.phrasesOnly(),
                new TestClock(Instant.parse("2026-11-29T18:00:00Z")));
    }
}
