package app.repairbot.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.telegram.telegrambots.client.okhttp.OkHttpTelegramClient;
import org.telegram.telegrambots.meta.TelegramUrl;
import org.telegram.telegrambots.meta.api.objects.Update;

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
import app.repairbot.testing.DelegatingSessionStore;
import app.repairbot.testing.StandInBotApi;
import app.repairbot.testing.Waiting;

/** How the bot lets updates into the real engine, with its replies sent over HTTP to a stand-in Bot API. */
class TelegramBotTests {
    static final String TOKEN = "123:secret-token";

    StandInBotApi api;
    OkHttpTelegramClient client;

    @BeforeEach
    void start() throws Exception {
        api = new StandInBotApi();
        client = new OkHttpTelegramClient(TOKEN, TelegramUrl.builder().schema("http").host("127.0.0.1").port(api.port())
                .testServer(false).build());
    }

    @AfterEach
    void stop() throws Exception {
        api.close();
    }

    /** The bot added to group number i: the engine stores a welcome for it and the bot sends it. */
    static Update addedTo(int i) throws Exception {
        String bot = "{\"id\":9,\"is_bot\":true,\"first_name\":\"repairbot\",\"username\":\"repair_bot\"}";
        return TelegramUpdatesTests.update("{\"update_id\":" + (100 + i) + ",\"my_chat_member\":{\"chat\":{\"id\":" + group(i)
                + ",\"type\":\"supergroup\",\"title\":\"us\"},\"from\":" + TelegramUpdatesTests.ALEX + ",\"date\":1764000000,"
                + "\"old_chat_member\":{\"status\":\"left\",\"user\":" + bot + "},"
                + "\"new_chat_member\":{\"status\":\"member\",\"user\":" + bot + "}}}");
    }

    static long group(int i) {
        return -100_500L - i;
    }

    @Test
    void letsAtMostAFewUpdatesIntoTheEngineAtOnceAndTheRestFollow() throws Exception {
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        AtomicInteger saved = new AtomicInteger();
        CountDownLatch open = new CountDownLatch(1);
        // Each update ends in one save; holding the saves holds the updates inside the engine.
        DelegatingSessionStore store = new DelegatingSessionStore(new InMemorySessionStore()) {
            @Override
            public boolean save(Session session) {
                most.accumulateAndGet(inside.incrementAndGet(), Math::max);
                try {
                    open.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    inside.decrementAndGet();
                }
                saved.incrementAndGet();
                return super.save(session);
            }
        };
        TestClock clock = new TestClock(Instant.parse("2026-11-29T18:00:00Z"));
        Engine engine = new Engine(FlowCatalog.load(Path.of("conversation-flows")).orThrow(), new InMemoryCouples(), store,
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

        int updates = TelegramBot.AT_ONCE + 5;
        ExecutorService requests = Executors.newFixedThreadPool(updates);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < updates; i++) {
                Update update = addedTo(i);
                done.add(requests.submit(() -> bot.handle(update)));
            }
            Waiting.upTo(Duration.ofSeconds(5), Duration.ofMillis(5)).until(() -> inside.get() == TelegramBot.AT_ONCE);
            // The others wait outside: none gets in while those are held.
            Waiting.upTo(Duration.ofSeconds(1), Duration.ofMillis(5)).during(Duration.ofMillis(100))
                    .until(() -> inside.get() == TelegramBot.AT_ONCE);
            assertThat(api.calls()).noneMatch(c -> c.startsWith("sendmessage"));
            open.countDown();
            for (Future<?> f : done) {
                f.get(10, TimeUnit.SECONDS);
            }
        } finally {
            requests.shutdownNow();
        }
        assertThat(most.get()).isEqualTo(TelegramBot.AT_ONCE);
        assertThat(saved.get()).as("every update stored").isGreaterThanOrEqualTo(updates);
        List<String> sent = api.calls().stream().filter(c -> c.startsWith("sendmessage")).toList();
        for (int i = 0; i < updates; i++) {
            String chat = "\"chat_id\":\"" + group(i) + "\"";
            assertThat(sent).as("a reply to group %d, sent over HTTP", i).anyMatch(c -> c.contains(chat));
        }
    }
}
