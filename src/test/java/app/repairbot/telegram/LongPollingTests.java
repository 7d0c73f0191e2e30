package app.repairbot.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.telegram.telegrambots.client.okhttp.OkHttpTelegramClient;
import org.telegram.telegrambots.meta.TelegramUrl;

import app.repairbot.chat.ChatId;
import app.repairbot.coach.RuleBasedCoach;
import app.repairbot.conversationtest.TestClock;
import app.repairbot.engine.Engine;
import app.repairbot.engine.OutboxSender;
import app.repairbot.flow.FlowCatalog;
import app.repairbot.safety.ScreeningSafety;
import app.repairbot.session.InMemoryCouples;
import app.repairbot.session.InMemorySessionStore;
import app.repairbot.session.Session;
import app.repairbot.session.SessionStore;
import app.repairbot.testing.DelegatingSessionStore;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;

/** Telegram updates in, over HTTP, through the real engine, and replies out. */
class LongPollingTests {
    static final String TOKEN = "123:secret-token";
    static final String GROUP = "{\"id\":-100500,\"type\":\"supergroup\",\"title\":\"Alex & Sam\"}";
    static final String ALEX = "{\"id\":1001,\"is_bot\":false,\"first_name\":\"Alex\"}";
    static final String SAM = "{\"id\":1002,\"is_bot\":false,\"first_name\":\"Sam\"}";
    static final String BOT = "{\"id\":9,\"is_bot\":true,\"first_name\":\"repairbot\",\"username\":\"repair_bot\"}";

    final MockWebServer api = new MockWebServer();
    final Queue<String> batches = new ConcurrentLinkedQueue<>();
    final Queue<String> sent = new ConcurrentLinkedQueue<>();
    final Queue<String> answered = new ConcurrentLinkedQueue<>();
    final Queue<String> polls = new ConcurrentLinkedQueue<>();
    final InMemoryCouples couples = new InMemoryCouples();
    final ExecutorService workers = Executors.newFixedThreadPool(4);
    OkHttpTelegramClient client;

    @BeforeEach
    void start() throws Exception {
        api.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest r) {
                String body = r.getBody().readUtf8();
                String method = r.getPath().substring(r.getPath().lastIndexOf('/') + 1);
                switch (method) {
                    case "getupdates" -> {
                        polls.add(body);
                        String batch = batches.poll();
                        return new MockResponse().setBody("{\"ok\":true,\"result\":[" + (batch == null ? "" : batch) + "]}");
                    }
                    case "sendmessage" -> {
                        sent.add(body);
                        return new MockResponse().setBody("{\"ok\":true,\"result\":{\"message_id\":1,\"date\":1,\"chat\":"
                                + GROUP + ",\"text\":\"x\"}}");
                    }
                    case "answercallbackquery" -> {
                        answered.add(body);
                        return new MockResponse().setBody("{\"ok\":true,\"result\":true}");
                    }
                    default -> {
                        return new MockResponse().setResponseCode(404).setBody("{\"ok\":false,\"error_code\":404,"
                                + "\"description\":\"Not Found: method " + method + "\"}");
                    }
                }
            }
        });
        api.start();
        client = new OkHttpTelegramClient(TOKEN, TelegramUrl.builder().schema("http").host(api.getHostName())
                .port(api.getPort()).testServer(false).build());
    }

    @AfterEach
    void stop() throws Exception {
        workers.shutdownNow();
        api.shutdown();
    }

    LongPolling polling(SessionStore store) {
        TestClock clock = new TestClock(Instant.parse("2026-11-29T18:00:00Z"));
        Engine engine = new Engine(FlowCatalog.load(Path.of("conversation-flows")).orThrow(), couples, store,
                new RuleBasedCoach(), ScreeningSafety.phrasesOnly(), clock);
        TelegramBot bot = new TelegramBot(engine, new TelegramUpdates("repair_bot"),
                new OutboxSender(store, new TelegramSender(client, new TelegramSender.ChatChanges() {
                    public void unreachable(ChatId chat) {
                        engine.chatUnreachable(chat);
                    }

                    public void migrated(ChatId from, ChatId to) {
                        engine.moveChat(from, to);
                    }
                }, clock)), client);
        return new LongPolling(client, bot, workers, store.latestAppliedUpdate().orElse(0) + 1, 0);
    }

    static String tap(int update, String from, String data) {
        return "{\"update_id\":" + update + ",\"callback_query\":{\"id\":\"cb" + update + "\",\"from\":" + from
                + ",\"chat_instance\":\"x\",\"data\":\"" + data + "\",\"message\":{\"message_id\":3,\"date\":1764000000,"
                + "\"chat\":" + GROUP + ",\"text\":\"welcome\"}}}";
    }

    static String added(int update) {
        return "{\"update_id\":" + update + ",\"my_chat_member\":{\"chat\":" + GROUP + ",\"from\":" + ALEX
                + ",\"date\":1764000000,\"old_chat_member\":{\"status\":\"left\",\"user\":" + BOT + "},"
                + "\"new_chat_member\":{\"status\":\"member\",\"user\":" + BOT + "}}}";
    }

    @Test
    void pairsACoupleFromUpdatesAndAnswersEveryTap() throws Exception {
        InMemorySessionStore store = new InMemorySessionStore();
        LongPolling polling = polling(store);
        batches.add(added(500) + "," + tap(501, ALEX, "pair") + "," + tap(502, SAM, "pair"));
        assertThat(polling.pollOnce()).isEqualTo(3);
        assertThat(polling.offset()).isEqualTo(503);
        assertThat(couples.inGroup(new ChatId(-100500))).isPresent();
        assertThat(sent).hasSize(3);
        assertThat(sent.peek()).contains("not therapy", "\"callback_data\":\"pair\"");
        assertThat(List.copyOf(sent).get(2)).contains("Welcome, Alex and Sam");
        assertThat(answered).hasSize(2);
        assertThat(store.withOutbox(10)).isEmpty();
        assertThat(polling.pollOnce()).isZero();
        assertThat(polls).hasSize(2);
        assertThat(polls.poll()).contains("\"offset\":1", "\"allowed_updates\":[\"message\",\"callback_query\","
                + "\"my_chat_member\"]");
        assertThat(polls.poll()).contains("\"offset\":503");
    }

    @Test
    void confirmsNothingWhoseEffectsWereNotStoredAndResumesFromWhatIsStored() throws Exception {
        InMemorySessionStore memory = new InMemorySessionStore();
        AtomicBoolean storeDown = new AtomicBoolean(true);
        SessionStore flaky = new DelegatingSessionStore(memory) {
            @Override
            public boolean save(Session s) {
                if (storeDown.get()) {
                    throw new IllegalStateException("the store is down");
                }
                return store.save(s);
            }
        };
        LongPolling polling = polling(flaky);
        batches.add(added(700));
        assertThrows(IllegalStateException.class, polling::pollOnce);
        assertThat(polling.offset()).as("not confirmed").isEqualTo(1);
        assertThat(sent).isEmpty();
        storeDown.set(false);
        batches.add(added(700));
        assertThat(polling.pollOnce()).isEqualTo(1);
        assertThat(sent).hasSize(1);
        LongPolling afterRestart = polling(flaky);
        assertThat(afterRestart.offset()).as("resumes after the last stored update").isEqualTo(701);
        batches.add(added(700));
        afterRestart.pollOnce();
        assertThat(sent).as("a redelivered update changes nothing").hasSize(1);
    }
}
