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
import app.repairbot.coach.RuleBasedCoach;
import app.repairbot.conversationtest.TestClock;
import app.repairbot.flow.StepId;
import app.repairbot.safety.ScreeningSafety;
import app.repairbot.session.Couple;
import app.repairbot.session.InMemoryCouples;
import app.repairbot.session.InMemorySessionStore;
import app.repairbot.session.Outgoing;
import app.repairbot.session.Session;

/** What a careless or hostile sender cannot do: replay old updates, flood the outbox, store a huge answer, forge a forget. */
class HardeningTests {
    static final ChatId GROUP = EngineTests.GROUP;
    static final Person ALEX = EngineTests.ALEX;
    static final Person SAM = EngineTests.SAM;

    final TestClock clock = new TestClock(Instant.parse("2026-11-29T18:00:00Z"));
    final InMemorySessionStore store = new InMemorySessionStore();
    final InMemoryCouples couples = new InMemoryCouples();
    final Engine engine = new Engine(EngineTests.FLOWS, couples, store, new RuleBasedCoach(), ScreeningSafety.phrasesOnly(), clock);
    long update = 1000;

    HardeningTests() {
        couples.pair(new Couple(GROUP, ALEX, SAM, null));
    }

    List<Outgoing> send(long id, ChatId chat, Person who, ChatEvent.Payload payload) {
        return engine.handle(new ChatEvent(id, chat, chat.equals(GROUP) ? ChatKind.GROUP : ChatKind.PRIVATE, who, clock.instant(), payload));
    }

    List<BotReply> sent(List<Outgoing> queued) {
        queued.stream().map(Outgoing::session).distinct().forEach(chat -> store.markSent(chat,
                queued.stream().filter(o -> o.session().equals(chat)).map(Outgoing::id).toList()));
        return queued.stream().map(Outgoing::reply).toList();
    }

    @Test
    void aReplayAfterSeventyOtherUpdatesIsStillRecognised() {
        long first = update++;
        assertThat(sent(send(first, GROUP, ALEX, ChatEvent.ofText("/status")))).isNotEmpty();
        for (int i = 0; i < 70; i++) {
            sent(send(update++, GROUP, SAM, ChatEvent.ofText("/status")));
        }
        assertThat(send(first, GROUP, ALEX, ChatEvent.ofText("/status"))).isEmpty();
        Session reloaded = Session.restore(store.load(GROUP).snapshot());
        assertThat(reloaded.alreadyApplied(first)).as("after a restart too").isTrue();
        assertThat(reloaded.alreadyApplied(update)).isFalse();
        assertThat(store.load(GROUP).appliedUpdates()).hasSizeLessThanOrEqualTo(Session.REMEMBERED_UPDATES);
    }

    @Test
    void aFloodOfCommandsQueuesOneKindNoteAndAnswersAreStillTaken() {
        for (int i = 0; i < 70; i++) {
            send(update++, GROUP, SAM, ChatEvent.ofText("/status"));
        }
        List<Outgoing> outbox = store.load(GROUP).outbox();
        assertThat(outbox).hasSizeLessThanOrEqualTo(Engine.MAX_OUTBOX + 1);
        assertThat(outbox).filteredOn(o -> o.reply().text().equals(Wording.CATCHING_UP)).hasSize(1);
        sent(outbox);
        send(update++, GROUP, ALEX, ChatEvent.ofText("/impact"));
        assertThat(engine.stepOf(GROUP)).isPresent();
    }

    @Test
    void anAnswerOverTelegramsLimitIsNotStoredAndGetsAKindNote() {
        sent(send(update++, GROUP, ALEX, ChatEvent.ofText("/impact")));
        sent(send(update++, GROUP, SAM, ChatEvent.ofText("I'm ready")));
        String huge = "We stop talking. ".repeat(6000);
        List<BotReply> replies = sent(send(update++, GROUP, ALEX, ChatEvent.ofText(huge)));
        assertThat(replies).extracting(BotReply::text).containsExactly(Wording.TOO_LONG);
        assertThat(engine.stepOf(GROUP)).contains(new StepId("pattern"));
        assertThat(store.load(GROUP).snapshot().toString()).doesNotContain("We stop talking. We stop");
    }

    @Test
    void aForgetTapCountsOnlyOnTheQuestionThatPersonAsked() {
        ChatId sam = ChatId.privateOf(SAM.id());
        sent(send(update++, sam, SAM, ChatEvent.ofText("/start")));
        int seq = store.load(sam).seq();
        List<Outgoing> forged = send(update++, sam, SAM, new ChatEvent.Tap("fg:" + seq + ":y"));
        assertThat(sent(forged)).extracting(BotReply::text).containsExactly(Wording.MOVED_ON);
        assertThat(store.load(sam).version()).as("nothing was deleted").isGreaterThan(0);

        sent(send(update++, sam, SAM, ChatEvent.ofText("/forget")));
        int asked = store.load(sam).seq();
        List<BotReply> done = sent(send(update++, sam, SAM, new ChatEvent.Tap("fg:" + asked + ":y")));
        assertThat(done).singleElement().satisfies(r -> assertThat(r.text()).containsIgnoringCase("deleted"));
        assertThat(store.load(sam).version()).isZero();
    }
}
