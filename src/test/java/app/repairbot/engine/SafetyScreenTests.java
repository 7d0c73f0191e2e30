package app.repairbot.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;

import org.junit.jupiter.api.Test;

import app.repairbot.chat.BotReply;
import app.repairbot.chat.Button;
import app.repairbot.chat.ChatEvent;
import app.repairbot.chat.ChatId;
import app.repairbot.chat.ChatKind;
import app.repairbot.chat.Person;
import app.repairbot.coach.RuleBasedCoach;
import app.repairbot.conversationtest.TestClock;
import app.repairbot.flow.StepId;
import app.repairbot.safety.ScreeningSafety;
import app.repairbot.session.Couple;
import app.repairbot.session.InMemoryCouples;
import app.repairbot.session.InMemorySessionStore;
import app.repairbot.session.Outgoing;
import app.repairbot.session.Session;

/** The safety screen inside the engine: where help goes, what the group sees, and what is stored. */
class SafetyScreenTests {
    static final ChatId GROUP = EngineTests.GROUP;
    static final Person ALEX = EngineTests.ALEX;
    static final Person SAM = EngineTests.SAM;

    final TestClock clock = new TestClock(Instant.parse("2026-11-29T18:00:00Z"));
    final InMemorySessionStore store = new InMemorySessionStore();
    final InMemoryCouples couples = new InMemoryCouples();
    final Engine engine = new Engine(EngineTests.FLOWS, couples, store, new RuleBasedCoach(), ScreeningSafety.phrasesOnly(), clock);
    long update = 100;

    SafetyScreenTests() {
        couples.pair(new Couple(GROUP, ALEX, SAM, null));
    }

    List<BotReply> send(ChatId chat, Person who, ChatEvent.Payload payload) {
        List<Outgoing> queued = engine.handle(new ChatEvent(update++, chat, chat.equals(GROUP) ? ChatKind.GROUP : ChatKind.PRIVATE,
                who, clock.instant(), payload));
        queued.forEach(o -> store.markSent(o.session(), List.of(o.id())));
        return queued.stream().map(Outgoing::reply).toList();
    }

    List<BotReply> inGroup(Person who, String text) {
        return send(GROUP, who, ChatEvent.ofText(text));
    }

    List<BotReply> privately(Person who, String text) {
        return send(ChatId.privateOf(who.id()), who, ChatEvent.ofText(text));
    }

    void toPattern() {
        inGroup(ALEX, "/impact");
        send(GROUP, SAM, new ChatEvent.Tap("a:" + store.load(GROUP).seq() + ":0"));
        assertThat(engine.stepOf(GROUP)).contains(new StepId("pattern"));
    }

    String stored(ChatId chat) {
        return store.load(chat).snapshot().toString();
    }

    @Test
    void withoutAPrivateChatTheGroupGetsOnlyANeutralNoteAndTheHelpWaitsForTheDeepLink() {
        toPattern();
        List<BotReply> replies = inGroup(ALEX, "I can't go on like this, I want to end my life");
        assertThat(replies).singleElement().satisfies(r -> {
            assertThat(r.chat()).isEqualTo(GROUP);
            assertThat(r.text()).isEqualTo("I've paused this for now.");
            assertThat(r.buttons()).extracting(Button::data).containsExactly(Button.OPEN_PRIVATE_CHAT);
            assertThat(r.addressedTo()).isEmpty();
        });
        assertThat(store.load(GROUP).run().orElseThrow().isPaused()).isTrue();
        assertThat(stored(GROUP)).doesNotContain("end my life").doesNotContain("go on like this");

        List<BotReply> opened = privately(ALEX, "/start");
        assertThat(opened).singleElement().satisfies(r -> {
            assertThat(r.chat()).isEqualTo(ChatId.privateOf(ALEX.id()));
            assertThat(r.text()).contains("findahelpline").contains("/forget");
        });
        assertThat(privately(ALEX, "/start")).extracting(BotReply::text).noneMatch(t -> t.contains("findahelpline"));
    }

    @Test
    void withAPrivateChatHelpGoesThereAndTheGroupHearsNothingButTheHold() {
        privately(SAM, "/start");
        toPattern();
        List<BotReply> replies = inGroup(SAM, "he hit me last week");
        assertThat(replies).filteredOn(r -> r.chat().equals(ChatId.privateOf(SAM.id()))).singleElement()
                .satisfies(r -> {
                    assertThat(r.text()).contains("not right while someone").contains("/forget");
                    assertThat(r.buttons()).extracting(Button::label).containsExactly("I feel safe to carry on");
                });
        assertThat(replies).filteredOn(r -> r.chat().equals(GROUP)).extracting(BotReply::text)
                .containsExactly("Let's pause here for now. Nothing is lost.");
        assertThat(stored(GROUP)).doesNotContain("hit me").contains("holders=[" + SAM.id().value() + "]");
    }

    @Test
    void theHoldStoresOnlyWhoMayLiftItAndSurvivesARestartOfTheStore() {
        privately(ALEX, "/start");
        toPattern();
        privately(ALEX, "she grabbed my throat last night and I'm scared to go home");
        Session reloaded = Session.restore(store.load(GROUP).snapshot());
        assertThat(reloaded.care().heldBy(ALEX.id())).isTrue();
        assertThat(reloaded.care().heldBy(SAM.id())).isFalse();
        assertThat(reloaded.run().orElseThrow().isPaused()).isTrue();
        assertThat(stored(GROUP) + stored(ChatId.privateOf(ALEX.id()))).doesNotContain("throat").doesNotContain("scared");

        assertThat(inGroup(SAM, "/resume")).extracting(BotReply::text).containsExactly("This is on hold for now.");
        assertThat(inGroup(ALEX, "/resume")).extracting(BotReply::text).containsExactly("This is on hold for now.");
        assertThat(store.load(GROUP).run().orElseThrow().isPaused()).isTrue();
        assertThat(store.load(GROUP).isQuiet(clock.instant().plus(Duration.ofDays(90)))).as("a hold does not wear off").isTrue();

        List<BotReply> lifted = privately(ALEX, "/resume");
        assertThat(lifted).extracting(BotReply::chat).contains(ChatId.privateOf(ALEX.id()), GROUP);
        assertThat(store.load(GROUP).run().orElseThrow().isPaused()).isFalse();
        assertThat(store.load(GROUP).care().everHeld()).isTrue();
    }

    @Test
    void crisisHelpGoesOutAheadOfWhatWasAlreadyQueuedForThatChat() {
        privately(ALEX, "/start");
        ChatId alex = ChatId.privateOf(ALEX.id());
        List<Outgoing> first = engine.handle(new ChatEvent(update++, alex, ChatKind.PRIVATE, ALEX, clock.instant(), ChatEvent.ofText("hello")));
        assertThat(first).isNotEmpty();
        engine.handle(new ChatEvent(update++, alex, ChatKind.PRIVATE, ALEX, clock.instant(), ChatEvent.ofText("i've been saving my pills for weeks")));
        assertThat(store.load(alex).outbox().get(0).reply().text()).contains("glad you told me");
    }

    @Test
    void aFlagWrittenPrivatelyPausesTheCouplesGroupAndKeepsItsPromptsQuietUntilResumed() {
        privately(ALEX, "/start");
        toPattern();
        List<BotReply> replies = privately(ALEX, "sometimes i think about killing myself");
        assertThat(replies).extracting(BotReply::chat).containsExactlyInAnyOrder(ChatId.privateOf(ALEX.id()), GROUP);
        assertThat(store.load(GROUP).run().orElseThrow().isPaused()).isTrue();
        assertThat(store.load(GROUP).isQuiet(clock.instant())).isTrue();
        assertThat(stored(ChatId.privateOf(ALEX.id()))).doesNotContain("killing");

        clock.set(clock.instant().plus(Duration.ofHours(1)));
        assertThat(engine.tick()).as("no Ready? prompt comes by itself").isEmpty();
        // Sam's /resume presses nobody in the group; Alex hears privately, with no button.
        List<BotReply> asked = inGroup(SAM, "/resume");
        assertThat(asked).filteredOn(r -> r.chat().equals(GROUP)).extracting(BotReply::text).singleElement().asString()
                .startsWith("Let's leave this paused for now").doesNotContain("Alex");
        assertThat(asked).filteredOn(r -> r.chat().equals(ChatId.privateOf(ALEX.id()))).singleElement().satisfies(r -> {
            assertThat(r.text()).startsWith("Sam asked about carrying on in your group");
            assertThat(r.buttons()).isEmpty();
        });
        assertThat(store.load(GROUP).run().orElseThrow().isPaused()).as("the pause is Alex's to end").isTrue();
        inGroup(ALEX, "/resume");
        assertThat(store.load(GROUP).isQuiet(clock.instant())).isFalse();
        assertThat(engine.stepOf(GROUP)).contains(new StepId("pattern"));
    }

    @Test
    void aSealedAnswerThatScreensAsCrisisIsNeverRevealed() {
        Engine fixtures = new Engine(app.repairbot.flow.FlowCatalog.load(java.nio.file.Path.of("src/test/resources/engine-flows"))
                .orThrow(), couples, store, new RuleBasedCoach(), ScreeningSafety.phrasesOnly(), clock);
        privately(SAM, "/start");
        fixtures.handle(new ChatEvent(update++, GROUP, ChatKind.GROUP, ALEX, clock.instant(), ChatEvent.ofText("/repair sealed-one")));
        List<BotReply> replies = fixtures.handle(new ChatEvent(update++, ChatId.privateOf(SAM.id()), ChatKind.PRIVATE, SAM,
                clock.instant(), ChatEvent.ofText("I wish I was dead"))).stream().map(Outgoing::reply).toList();
        assertThat(replies).extracting(BotReply::chat).containsExactlyInAnyOrder(ChatId.privateOf(SAM.id()), GROUP);
        assertThat(replies).extracting(BotReply::text).noneMatch(t -> t.contains("wish I was dead"));
        assertThat(replies).filteredOn(r -> r.chat().equals(GROUP)).extracting(BotReply::text)
                .allMatch(t -> t.startsWith("Let's pause here"));
    }

    @Test
    void wordsAfterACommandAreScreenedToo() {
        privately(SAM, "/start");
        toPattern();
        List<BotReply> replies = inGroup(SAM, "/pause i can't go on anymore");
        assertThat(replies).filteredOn(r -> r.chat().equals(ChatId.privateOf(SAM.id()))).singleElement()
                .satisfies(r -> assertThat(r.text()).contains("findahelpline"));
        assertThat(replies).filteredOn(r -> r.chat().equals(GROUP)).extracting(BotReply::text)
                .containsExactly("Let's pause here for now. Nothing is lost.");
    }

    /**
     * The closer reading is for the same person's private chat, within the hour after a flag there:
     * not their group, not their partner, not later. A screen that flags "ping" only when reading
     * closely shows which reading each text got.
     */
    @Test
    void theCloserReadingIsForTheSamePrivateChatWithinTheHourAfterAFlag() {
        ScreeningSafety phrases = ScreeningSafety.phrasesOnly();
        Safety closeOnly = new Safety() {
            @Override
            public Optional<Concern> screen(String text) {
                return phrases.screen(text);
            }

            @Override
            public Optional<Concern> screenClosely(String text) {
                return text.equals("ping") ? Optional.of(Concern.ABUSE) : screen(text);
            }

            @Override
            public String help(Concern concern) {
                return "HELP " + concern;
            }

            @Override
            public String helpForThePartner() {
                return phrases.helpForThePartner();
            }

            @Override
            public String helpAgain(Concern concern) {
                return "AGAIN " + concern;
            }

            @Override
            public String helpLater() {
                return "LATER";
            }

            @Override
            public String therapyReferral() {
                return "THERAPY";
            }

            @Override
            public String individualSupport() {
                return "SUPPORT";
            }
        };
        Engine engine = new Engine(EngineTests.FLOWS, couples, store, new RuleBasedCoach(), closeOnly, clock);
        BiFunction<ChatId, Person, List<String>> ping = (chat, who) -> engine.handle(new ChatEvent(update++, chat,
                chat.equals(GROUP) ? ChatKind.GROUP : ChatKind.PRIVATE, who, clock.instant(), ChatEvent.ofText("ping"))).stream()
                .map(o -> o.reply().text()).toList();
        ChatId alexPrivately = ChatId.privateOf(ALEX.id());
        ChatId samPrivately = ChatId.privateOf(SAM.id());

        assertThat(ping.apply(alexPrivately, ALEX)).noneMatch(t -> t.startsWith("AGAIN") || t.startsWith("HELP"));
        assertThat(engine.handle(new ChatEvent(update++, alexPrivately, ChatKind.PRIVATE, ALEX, clock.instant(),
                ChatEvent.ofText("I'm terrified of him")))).extracting(o -> o.reply().text()).contains("HELP ABUSE");
        clock.set(clock.instant().plus(Duration.ofMinutes(30)));
        assertThat(ping.apply(alexPrivately, ALEX)).containsExactly("AGAIN ABUSE");
        assertThat(ping.apply(samPrivately, SAM)).as("the partner").noneMatch(t -> t.startsWith("AGAIN") || t.startsWith("HELP"));
        assertThat(ping.apply(GROUP, ALEX)).as("the group").noneMatch(t -> t.startsWith("AGAIN") || t.startsWith("HELP"));
        clock.set(clock.instant().plus(Duration.ofMinutes(61)));
        assertThat(ping.apply(alexPrivately, ALEX)).as("more than an hour after the last flag")
                .noneMatch(t -> t.startsWith("AGAIN") || t.startsWith("HELP"));
    }
}
