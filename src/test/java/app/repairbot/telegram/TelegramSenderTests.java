package app.repairbot.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.telegram.telegrambots.client.okhttp.OkHttpTelegramClient;
import org.telegram.telegrambots.meta.TelegramUrl;

import app.repairbot.chat.BotReply;
import app.repairbot.chat.ChatId;
import app.repairbot.conversationtest.TestClock;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;

/** The sender over HTTP, against a local stand-in for the Bot API. */
class TelegramSenderTests {
    static final String TOKEN = "123:secret-token";
    static final ChatId GROUP = new ChatId(-100500);
    static final String OK = "{\"ok\":true,\"result\":{\"message_id\":1,\"date\":1764000000,\"chat\":{\"id\":-100500,"
            + "\"type\":\"supergroup\",\"title\":\"us\"},\"text\":\"x\"}}";

    final MockWebServer api = new MockWebServer();
    final TestClock clock = new TestClock(Instant.parse("2026-11-29T18:00:00Z"));
    final List<String> changes = new ArrayList<>();
    TelegramSender sender;

    @BeforeEach
    void start() throws Exception {
        api.start();
        TelegramUrl url = TelegramUrl.builder().schema("http").host(api.getHostName()).port(api.getPort()).testServer(false).build();
        sender = new TelegramSender(new OkHttpTelegramClient(TOKEN, url), new TelegramSender.ChatChanges() {
            public void unreachable(ChatId chat) {
                changes.add("unreachable " + chat);
            }

            public void migrated(ChatId from, ChatId to) {
                changes.add("migrated " + from + " -> " + to);
            }
        }, clock);
    }

    @AfterEach
    void stop() throws Exception {
        api.shutdown();
    }

    static BotReply hello(ChatId chat) {
        return BotReply.say(chat, "Hello, both of you.");
    }

    @Test
    void postsSendMessageToTheBotApiWithTheToken() throws Exception {
        api.enqueue(new MockResponse().setBody(OK));
        sender.send(hello(GROUP));
        RecordedRequest r = api.takeRequest();
        assertThat(r.getPath()).isEqualTo("/bot" + TOKEN + "/sendmessage");
        assertThat(r.getBody().readUtf8()).contains("-100500", "Hello, both of you.");
    }

    @Test
    void waitsOutA429ForThatChatOnlyWithoutBlocking() throws Exception {
        api.enqueue(new MockResponse().setResponseCode(429).setBody(
                "{\"ok\":false,\"error_code\":429,\"description\":\"Too Many Requests: retry after 7\",\"parameters\":{\"retry_after\":7}}"));
        TelegramSender.SendLater later = assertThrows(TelegramSender.SendLater.class, () -> sender.send(hello(GROUP)));
        assertThat(later.notBefore()).isEqualTo(clock.instant().plusSeconds(7));
        assertThrows(TelegramSender.SendLater.class, () -> sender.send(hello(GROUP)), "no request while waiting");
        api.enqueue(new MockResponse().setBody(OK));
        sender.send(hello(new ChatId(-200)));
        clock.set(clock.instant().plusSeconds(7));
        api.enqueue(new MockResponse().setBody(OK));
        sender.send(hello(GROUP));
        assertThat(api.getRequestCount()).isEqualTo(3);
    }

    @Test
    void backsOffAfterServerErrorsAndNetworkFailures() throws Exception {
        api.enqueue(new MockResponse().setResponseCode(502).setBody("{\"ok\":false,\"error_code\":502,\"description\":\"Bad Gateway\"}"));
        Instant first = assertThrows(TelegramSender.SendLater.class, () -> sender.send(hello(GROUP))).notBefore();
        assertThat(first).isEqualTo(clock.instant().plusSeconds(1));
        clock.set(first);
        api.enqueue(new MockResponse().setResponseCode(500).setBody("{\"ok\":false,\"error_code\":500,\"description\":\"oops\"}"));
        Instant second = assertThrows(TelegramSender.SendLater.class, () -> sender.send(hello(GROUP))).notBefore();
        assertThat(second).isEqualTo(clock.instant().plusSeconds(2));
    }

    @Test
    void reportsAChatThatBlockedTheBotAndDropsTheReply() {
        api.enqueue(new MockResponse().setResponseCode(403).setBody(
                "{\"ok\":false,\"error_code\":403,\"description\":\"Forbidden: bot was kicked from the supergroup chat\"}"));
        sender.send(hello(GROUP));
        assertThat(changes).containsExactly("unreachable -100500");
    }

    @Test
    void followsAGroupToItsNewSupergroupId() throws Exception {
        api.enqueue(new MockResponse().setResponseCode(400).setBody("{\"ok\":false,\"error_code\":400,\"description\":"
                + "\"Bad Request: group chat was upgraded to a supergroup chat\",\"parameters\":{\"migrate_to_chat_id\":-100999}}"));
        api.enqueue(new MockResponse().setBody(OK));
        sender.send(hello(new ChatId(-42)));
        assertThat(changes).containsExactly("migrated -42 -> -100999");
        api.takeRequest();
        assertThat(api.takeRequest().getBody().readUtf8()).contains("-100999");
    }

    @Test
    void dropsAMessageTelegramRefusesForGood() {
        api.enqueue(new MockResponse().setResponseCode(400).setBody(
                "{\"ok\":false,\"error_code\":400,\"description\":\"Bad Request: message text is empty\"}"));
        sender.send(new BotReply(GROUP, "x", List.of(), Optional.empty(), false));
        assertThat(changes).isEmpty();
        assertThat(api.getRequestCount()).isEqualTo(1);
    }

    void okTimes(int n) {
        for (int i = 0; i < n; i++) {
            api.enqueue(new MockResponse().setBody(OK));
        }
    }

    @Test
    void backgroundPostsLeaveRoomForLiveRepliesUnderTheLimitInAll() {
        okTimes(40);
        int background = 0;
        for (int i = 0; i < 100; i++) {
            try {
                sender.send(hello(new ChatId(-1000 - i)).inBackground());
                background++;
            } catch (TelegramSender.SendLater later) {
                assertThat(later.getMessage()).contains("keeping under Telegram's limits");
            }
        }
        assertThat(background).isEqualTo(TelegramSender.IN_ALL_PER_SECOND - TelegramSender.KEPT_FOR_LIVE);
        for (int i = 0; i < TelegramSender.KEPT_FOR_LIVE; i++) {
            sender.send(hello(new ChatId(-5000 - i)));
        }
        assertThrows(TelegramSender.SendLater.class, () -> sender.send(hello(new ChatId(-6000))));
        assertThat(api.getRequestCount()).isEqualTo(TelegramSender.IN_ALL_PER_SECOND);
    }

    @Test
    void pacesAChatAfterABurstOfThreeToOneASecond() {
        okTimes(5);
        for (int i = 0; i < 3; i++) {
            sender.send(hello(GROUP));
        }
        TelegramSender.SendLater later = assertThrows(TelegramSender.SendLater.class, () -> sender.send(hello(GROUP)));
        assertThat(later.notBefore()).isEqualTo(clock.instant().plusSeconds(1));
        sender.send(hello(new ChatId(1001)));
        clock.set(later.notBefore());
        sender.send(hello(GROUP));
        assertThat(api.getRequestCount()).isEqualTo(5);
    }

    @Test
    void keepsAGroupToTwentyMessagesInAnyMinute() {
        okTimes(21);
        Instant start = clock.instant();
        for (int i = 0; i < 20; i++) {
            sender.send(hello(GROUP));
            clock.set(clock.instant().plusSeconds(1));
        }
        TelegramSender.SendLater later = assertThrows(TelegramSender.SendLater.class, () -> sender.send(hello(GROUP)));
        assertThat(later.notBefore()).isEqualTo(start.plusSeconds(60));
        clock.set(start.plusSeconds(60));
        sender.send(hello(GROUP));
        assertThat(api.getRequestCount()).isEqualTo(21);
    }

    @Test
    void keepsToThirtyMessagesASecondInAll() {
        okTimes(30);
        for (int i = 0; i < 30; i++) {
            sender.send(hello(new ChatId(2000 + i)));
        }
        TelegramSender.SendLater later = assertThrows(TelegramSender.SendLater.class, () -> sender.send(hello(new ChatId(3000))));
        assertThat(later.notBefore()).isAfter(clock.instant()).isBeforeOrEqualTo(clock.instant().plusMillis(34));
        assertThat(api.getRequestCount()).isEqualTo(30);
    }

    @Test
    void aLiveReplyPacedByTheLimitInAllKeepsItsPlaceAndIsSentWhenItComesBackThen() {
        io.micrometer.core.instrument.simple.SimpleMeterRegistry counted = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        io.micrometer.core.instrument.Metrics.addRegistry(counted);
        try {
            keepsItsPlace();
        } finally {
            io.micrometer.core.instrument.Metrics.removeRegistry(counted);
        }
    }

    private void keepsItsPlace() {
        okTimes(32);
        for (int i = 0; i < 30; i++) {
            sender.send(hello(new ChatId(2000 + i)));
        }
        double pacedBefore = paced();
        Instant first = assertThrows(TelegramSender.SendLater.class, () -> sender.send(hello(new ChatId(3000)))).notBefore();
        Instant second = assertThrows(TelegramSender.SendLater.class, () -> sender.send(hello(new ChatId(3001)))).notBefore();
        assertThat(second).as("queued behind the first").isAfter(first);
        assertThrows(TelegramSender.SendLater.class, () -> sender.send(hello(new ChatId(3000))), "too early, still waiting");
        assertThat(paced() - pacedBefore).as("held back once each, not once per try").isEqualTo(2);
        clock.set(first);
        sender.send(hello(new ChatId(3000)));
        clock.set(second);
        sender.send(hello(new ChatId(3001)));
        assertThat(api.getRequestCount()).isEqualTo(32);
        assertThat(paced() - pacedBefore).isEqualTo(2);
    }

    private static double paced() {
        return io.micrometer.core.instrument.Metrics.globalRegistry.find("repairbot.telegram.paced").counters().stream()
                .mapToDouble(io.micrometer.core.instrument.Counter::count).sum();
    }

    @Test
    void theOutboxIsToldWhenToTryAgain() {
        app.repairbot.session.InMemorySessionStore store = new app.repairbot.session.InMemorySessionStore();
        app.repairbot.session.InMemoryCouples couples = new app.repairbot.session.InMemoryCouples();
        app.repairbot.chat.Person alex = new app.repairbot.chat.Person(new app.repairbot.chat.UserId(1), "Alex");
        app.repairbot.chat.Person sam = new app.repairbot.chat.Person(new app.repairbot.chat.UserId(2), "Sam");
        couples.pair(new app.repairbot.session.Couple(GROUP, alex, sam, null));
        app.repairbot.engine.Engine engine = new app.repairbot.engine.Engine(
                app.repairbot.flow.FlowCatalog.load(java.nio.file.Path.of("conversation-flows")).orThrow(), couples, store,
                new app.repairbot.coach.RuleBasedCoach(), app.repairbot.safety.ScreeningSafety.phrasesOnly(), clock);
        List<String> retries = new ArrayList<>();
        app.repairbot.engine.OutboxSender outbox = new app.repairbot.engine.OutboxSender(store, sender,
                (chat, when) -> retries.add(chat + " at " + when));
        api.enqueue(new MockResponse().setResponseCode(429).setBody(
                "{\"ok\":false,\"error_code\":429,\"description\":\"Too Many Requests\",\"parameters\":{\"retry_after\":3}}"));
        outbox.sendQueued(engine.handle(new app.repairbot.chat.ChatEvent(1, GROUP, app.repairbot.chat.ChatKind.GROUP, alex,
                clock.instant(), app.repairbot.chat.ChatEvent.ofText("/impact"))));
        assertThat(retries).containsExactly(GROUP + " at " + clock.instant().plusSeconds(3));
        assertThat(store.load(GROUP).outbox()).hasSize(2);
    }
}
