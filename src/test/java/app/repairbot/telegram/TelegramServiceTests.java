package app.repairbot.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import app.repairbot.RepairbotApplication;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;

/** The service with a token and a webhook, against a stand-in Bot API. */
class TelegramServiceTests {
    static final String TOKEN = "4242:not-a-real-token";
    static final String SECRET = "s3cret-for-tests";

    final MockWebServer api = new MockWebServer();
    final Queue<String> calls = new ConcurrentLinkedQueue<>();
    @TempDir
    Path data;

    @BeforeEach
    void start() throws Exception {
        api.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest r) {
                String method = r.getPath().substring(r.getPath().lastIndexOf('/') + 1).toLowerCase(java.util.Locale.ROOT);
                calls.add(method + " " + r.getBody().readUtf8());
                return new MockResponse().setBody(switch (method) {
                    case "getme" -> "{\"ok\":true,\"result\":{\"id\":9,\"is_bot\":true,\"first_name\":\"repairbot\","
                            + "\"username\":\"repair_bot\"}}";
                    case "sendmessage" -> "{\"ok\":true,\"result\":{\"message_id\":1,\"date\":1,\"chat\":{\"id\":-100500,"
                            + "\"type\":\"supergroup\",\"title\":\"us\"},\"text\":\"x\"}}";
                    default -> "{\"ok\":true,\"result\":true}";
                });
            }
        });
        api.start();
    }

    @AfterEach
    void stop() throws Exception {
        api.shutdown();
    }

    @Test
    void registersItsWebhookAndCommandsAndHandlesOnlyUpdatesCarryingTheSecret() throws Exception {
        try (ConfigurableApplicationContext ctx = new SpringApplicationBuilder(RepairbotApplication.class).properties(
                "server.port=0", "repairbot.data.dir=" + data, "telegram.bot.token=" + TOKEN,
                "telegram.api.url=http://127.0.0.1:" + api.getPort(), "telegram.webhook.url=https://bot.example/telegram/webhook",
                "telegram.webhook.secret=" + SECRET).run()) {
            assertThat(calls).anySatisfy(c -> assertThat(c).startsWith("setwebhook").contains("bot.example", SECRET));
            assertThat(calls).anySatisfy(c -> assertThat(c).startsWith("setmycommands").contains("all_group_chats", "impact"));
            int port = ((WebServerApplicationContext) ctx).getWebServer().getPort();
            String added = "{\"update_id\":10,\"my_chat_member\":{\"chat\":{\"id\":-100500,\"type\":\"supergroup\",\"title\":\"us\"},"
                    + "\"from\":{\"id\":1001,\"is_bot\":false,\"first_name\":\"Alex\"},\"date\":1764000000,"
                    + "\"old_chat_member\":{\"status\":\"left\",\"user\":{\"id\":9,\"is_bot\":true,\"first_name\":\"r\",\"username\":\"repair_bot\"}},"
                    + "\"new_chat_member\":{\"status\":\"member\",\"user\":{\"id\":9,\"is_bot\":true,\"first_name\":\"r\",\"username\":\"repair_bot\"}}}}";
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest.Builder post = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/telegram/webhook"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(added));
            assertThat(http.send(post.build(), HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(401);
            assertThat(http.send(post.copy().header("X-Telegram-Bot-Api-Secret-Token", "wrong").build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(401);
            assertThat(calls).noneMatch(c -> c.startsWith("sendmessage"));
            assertThat(http.send(post.copy().header("X-Telegram-Bot-Api-Secret-Token", SECRET).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(200);
            long deadline = System.currentTimeMillis() + 5_000;
            while (calls.stream().noneMatch(c -> c.startsWith("sendmessage")) && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            assertThat(calls).as("sent after the update was stored").filteredOn(c -> c.startsWith("sendmessage"))
                    .singleElement().asString().contains("-100500", "not therapy");
            assertThat(http.send(post.copy().header("X-Telegram-Bot-Api-Secret-Token", SECRET).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode()).as("a redelivery").isEqualTo(200);
            Thread.sleep(300);
            assertThat(calls).filteredOn(c -> c.startsWith("sendmessage")).hasSize(1);
        }
    }

    @Test
    void readsUpdatesByLongPollingWithoutAWebhook() throws Exception {
        try (ConfigurableApplicationContext ctx = new SpringApplicationBuilder(RepairbotApplication.class).properties(
                "server.port=0", "repairbot.data.dir=" + data, "telegram.bot.token=" + TOKEN,
                "telegram.api.url=http://127.0.0.1:" + api.getPort()).run()) {
            long deadline = System.currentTimeMillis() + 10_000;
            while (calls.stream().noneMatch(c -> c.startsWith("getupdates")) && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            assertThat(calls).anySatisfy(c -> assertThat(c).startsWith("deletewebhook"));
            assertThat(calls).anySatisfy(c -> assertThat(c).startsWith("getupdates").contains("\"offset\":1"));
        }
    }
}
