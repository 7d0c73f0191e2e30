package app.repairbot.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import app.repairbot.chat.ChatEvent;
import app.repairbot.chat.ChatId;
import app.repairbot.chat.ChatKind;
import app.repairbot.chat.Person;
import app.repairbot.chat.UserId;
import app.repairbot.coach.RuleBasedCoach;
import app.repairbot.conversationtest.TestClock;
import app.repairbot.engine.Engine;
import app.repairbot.flow.FlowCatalog;
import app.repairbot.flow.StepId;
import app.repairbot.safety.ScreeningSafety;
import app.repairbot.session.Couple;
import app.repairbot.session.InMemoryCouples;
import app.repairbot.session.InMemorySessionStore;
import app.repairbot.session.Outgoing;

class SchedulerTests {
    static final FlowCatalog FLOWS = FlowCatalog.load(Path.of("conversation-flows")).orThrow();
    static final ChatId GROUP = new ChatId(-77);
    static final Person ALEX = new Person(new UserId(1), "Alex");
    static final Person SAM = new Person(new UserId(2), "Sam");
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    /** Sunday 29 November 2026, 19:00 in Berlin. */
    static final Instant SUNDAY_EVENING = Instant.parse("2026-11-29T18:00:00Z");

    final TestClock clock = new TestClock(Instant.parse("2026-11-29T12:00:00Z"));
    final InMemorySessionStore store = new InMemorySessionStore();
    final InMemoryCouples couples = new InMemoryCouples();
    final InMemorySchedules schedules = new InMemorySchedules();
    final Engine engine = new Engine(FLOWS, couples, store, new RuleBasedCoach(), ScreeningSafety.phrasesOnly(), clock,
            List.of(new ScheduleCommands(schedules, couples)));
    final List<Outgoing> sent = new ArrayList<>();
    final Scheduler scheduler = new Scheduler(schedules, engine, sent::addAll, clock);
    long update = 1;

    SchedulerTests() {
        couples.pair(new Couple(GROUP, ALEX, SAM, BERLIN));
        schedules.put(Prompt.first(GROUP, PromptKind.WEEKLY, Recurrence.weekly(DayOfWeek.SUNDAY, LocalTime.of(19, 0)), BERLIN,
                clock.instant()));
    }

    void at(Instant t) {
        clock.set(t);
    }

    void say(String text) {
        engine.handle(new ChatEvent(update++, GROUP, ChatKind.GROUP, ALEX, clock.instant(), ChatEvent.ofText(text)));
    }

    Prompt prompt() {
        return schedules.get(GROUP, PromptKind.WEEKLY).orElseThrow();
    }

    @Test
    void firesOnceWhenAnHourLateAfterARestart() {
        at(SUNDAY_EVENING.plus(Duration.ofHours(1)));
        assertThat(scheduler.tick().started()).isEqualTo(1);
        assertThat(scheduler.tick().started()).isZero();
        assertThat(engine.stepOf(GROUP)).contains(new StepId("welcome"));
        assertThat(sent).extracting(o -> o.reply().text()).singleElement().asString().contains("weekly check-in");
        assertThat(sent).allMatch(o -> o.reply().background());
        assertThat(prompt().nextFireAt()).isEqualTo(SUNDAY_EVENING.plus(Duration.ofDays(7)));
    }

    @Test
    void skipsAPromptTwoDaysLateToItsNextTimeInsteadOfFlooding() {
        at(SUNDAY_EVENING.plus(Duration.ofDays(2)));
        Scheduler.Round round = scheduler.tick();
        assertThat(round.started()).isZero();
        assertThat(round.skipped()).isEqualTo(1);
        assertThat(engine.stepOf(GROUP)).isEmpty();
        assertThat(prompt().occurrence()).isEqualTo(SUNDAY_EVENING.plus(Duration.ofDays(7)));
    }

    @Test
    void waitsWhileAnotherFlowRunsThenFires() {
        at(SUNDAY_EVENING.minus(Duration.ofMinutes(30)));
        say("/impact");
        at(SUNDAY_EVENING);
        assertThat(scheduler.tick().waiting()).isEqualTo(1);
        assertThat(engine.stepOf(GROUP)).contains(new StepId("ready-check"));
        at(SUNDAY_EVENING.plus(Duration.ofMinutes(1)));
        assertThat(scheduler.tick().waiting()).isEqualTo(1);
        say("/stop");
        at(SUNDAY_EVENING.plus(Duration.ofMinutes(2)));
        assertThat(scheduler.tick().started()).isEqualTo(1);
        assertThat(engine.stepOf(GROUP)).contains(new StepId("welcome"));
    }

    @Test
    void givesUpAtTheEndOfThatDayWhenTheOtherFlowRunsOn() {
        at(SUNDAY_EVENING.minus(Duration.ofMinutes(30)));
        say("/impact");
        at(SUNDAY_EVENING);
        scheduler.tick();
        at(Instant.parse("2026-11-29T22:59:30Z"));
        Scheduler.Round round = scheduler.tick();
        assertThat(round.skipped()).isEqualTo(1);
        assertThat(engine.stepOf(GROUP)).contains(new StepId("ready-check"));
        assertThat(prompt().occurrence()).isEqualTo(SUNDAY_EVENING.plus(Duration.ofDays(7)));
    }

    @Test
    void doesNotFireInAChatTheBotCannotReach() {
        say("/status");
        engine.chatUnreachable(GROUP);
        at(SUNDAY_EVENING);
        assertThat(scheduler.tick().held()).isEqualTo(1);
        assertThat(engine.stepOf(GROUP)).isEmpty();
        assertThat(prompt().occurrence()).isEqualTo(SUNDAY_EVENING.plus(Duration.ofDays(7)));
        say("We're back");
        at(SUNDAY_EVENING.plus(Duration.ofDays(7)));
        assertThat(scheduler.tick().started()).as("writing again makes the chat reachable").isEqualTo(1);
    }

    @Test
    void doesNotFireWhileTheSafetyScreenHoldsTheCouple() {
        say("I want to kill myself");
        at(SUNDAY_EVENING);
        assertThat(scheduler.tick().held()).isEqualTo(1);
        assertThat(engine.stepOf(GROUP)).isEmpty();
    }

    @Test
    void forgetsThePromptOfAGroupWithNoCoupleAnyMore() {
        couples.remove(GROUP);
        at(SUNDAY_EVENING);
        scheduler.tick();
        assertThat(schedules.get(GROUP, PromptKind.WEEKLY)).isEmpty();
    }

    @Test
    void aSlotLeftByADeadInstanceIsTakenOverAfterItsLeaseAndStartsOnce() {
        at(SUNDAY_EVENING);
        Scheduler dead = new Scheduler(schedules, engine, sent::addAll, clock);
        Scheduler.Claim claim = dead.claimAll();
        assertThat(claim.prompts()).hasSize(1);
        assertThat(scheduler.tick().claimed()).as("still held").isZero();
        at(SUNDAY_EVENING.plus(Scheduler.LEASE).plusSeconds(1));
        assertThat(scheduler.tick().started()).isEqualTo(1);
        assertThat(dead.fire(claim.prompts()).started()).as("the engine starts an occurrence once").isEqualTo(1);
        assertThat(sent).as("but only one start was queued").hasSize(1);
        assertThat(prompt().nextFireAt()).isEqualTo(SUNDAY_EVENING.plus(Duration.ofDays(7)));
    }

    @Test
    void onceACoupleIsMadeTheBotAsksTheirZoneAndATapSetsIt() {
        ChatId group = new ChatId(-88);
        Person kim = new Person(new UserId(7), "Kim");
        Person lee = new Person(new UserId(8), "Lee");
        engine.handle(new ChatEvent(update++, group, ChatKind.GROUP, kim, clock.instant(), new ChatEvent.BotAdded()));
        engine.handle(new ChatEvent(update++, group, ChatKind.GROUP, kim, clock.instant(), new ChatEvent.Tap("pair")));
        List<Outgoing> paired = engine.handle(new ChatEvent(update++, group, ChatKind.GROUP, lee, clock.instant(),
                new ChatEvent.Tap("pair")));
        assertThat(paired).extracting(o -> o.reply().text()).anySatisfy(t -> assertThat(t).contains("which time zone are you in"));
        assertThat(paired.get(paired.size() - 1).reply().buttons()).anySatisfy(b -> assertThat(b.data()).isEqualTo("tz:Asia/Kolkata"));
        List<Outgoing> set = engine.handle(new ChatEvent(update++, group, ChatKind.GROUP, lee, clock.instant(),
                new ChatEvent.Tap("tz:Asia/Kolkata")));
        assertThat(set).extracting(o -> o.reply().text()).containsExactly(
                "Lee set the time zone for you both to Asia/Kolkata (Kim, just so you know). Scheduled check-ins follow it "
                        + "(if you live in different zones, each of you can send /timezone with your own).");
        assertThat(couples.inGroup(group).orElseThrow().zone()).isEqualTo(ZoneId.of("Asia/Kolkata"));
        assertThat(couples.inGroup(group).orElseThrow().zoneOf(lee.id())).isEqualTo(ZoneId.of("Asia/Kolkata"));

        // A long-distance couple: Kim sets their own zone; Lee's stays, and scheduled prompts follow Kim (the first partner).
        List<Outgoing> kims = engine.handle(new ChatEvent(update++, group, ChatKind.GROUP, kim, clock.instant(),
                new ChatEvent.Tap("tz:Europe/London")));
        assertThat(kims).extracting(o -> o.reply().text()).singleElement().asString().startsWith(
                "Kim set their time zone to Europe/London (Lee, yours stays Asia/Kolkata; /timezone sets your own).");
        Couple apart = couples.inGroup(group).orElseThrow();
        assertThat(apart.zoneOf(kim.id())).isEqualTo(ZoneId.of("Europe/London"));
        assertThat(apart.zoneOf(lee.id())).isEqualTo(ZoneId.of("Asia/Kolkata"));
        assertThat(apart.zone()).isEqualTo(ZoneId.of("Europe/London"));
        List<Outgoing> asked = engine.handle(new ChatEvent(update++, group, ChatKind.GROUP, lee, clock.instant(),
                ChatEvent.ofText("/timezone")));
        assertThat(asked).extracting(o -> o.reply().text()).containsExactly(
                "Your time zone is Asia/Kolkata (Kim's is Europe/London). To change yours: /timezone Area/City, like /timezone Europe/Berlin.");
    }

    @Test
    void forgettingTheCoupleDeletesItsPromptsAtOnce() {
        say("/daily 20:00");
        assertThat(schedules.of(GROUP)).hasSize(2);
        say("/forget");
        engine.handle(new ChatEvent(update++, GROUP, ChatKind.GROUP, ALEX, clock.instant(), new ChatEvent.Tap("fg:" + store.load(GROUP).seq() + ":y")));
        engine.handle(new ChatEvent(update++, GROUP, ChatKind.GROUP, SAM, clock.instant(), new ChatEvent.Tap("fg:" + store.load(GROUP).seq() + ":y")));
        assertThat(couples.inGroup(GROUP)).isEmpty();
        assertThat(schedules.of(GROUP)).isEmpty();
    }
}
