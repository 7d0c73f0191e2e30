package app.repairbot.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Queue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import app.repairbot.RepairbotApplication;
import app.repairbot.testing.StandInBotApi;
import app.repairbot.testing.Waiting;

/** The service with a token and a webhook, against a stand-in Bot API. */
class TelegramServiceTests {
    static final String TOKEN = "4242:not-a-real-token";
    static final String SECRET = "s3cret-for-tests";

    StandInBotApi api;
    Queue<String> calls;
    @TempDir
    Path data;

    @BeforeEach
    void start() throws Exception {
        api = new StandInBotApi();
        calls = api.calls();
    }

    @AfterEach
    void stop() throws Exception {
        api.close();
    }

    @Test
    void registersItsWebhookAndCommandsAndHandlesOnlyUpdatesCarryingTheSecret() throws Exception {
        try (ConfigurableApplicationContext ctx = new SpringApplicationBuilder(RepairbotApplication.class).properties(
                "server.port=0", "repairbot.data.dir=" + data, "telegram.bot.token=" + TOKEN,
                "telegram.api.url=http://127.0.0.1:" + api.port(), "telegram.webhook.url=https://bot.example/telegram/webhook",
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
            Waiting.upTo(Duration.ofSeconds(5), Duration.ofMillis(20)).until(() -> calls.stream().anyMatch(c -> c.startsWith("sendmessage")));
            assertThat(calls).as("sent after the update was stored").filteredOn(c -> c.startsWith("sendmessage"))
                    .singleElement().asString().contains("-100500", "not therapy");
            assertThat(http.send(post.copy().header("X-Telegram-Bot-Api-Secret-Token", SECRET).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode()).as("a redelivery").isEqualTo(200);
            Waiting.upTo(Duration.ofSeconds(1), Duration.ofMillis(20)).during(Duration.ofMillis(300))
                    .untilAsserted(() -> assertThat(calls).as("nothing sent again").filteredOn(c -> c.startsWith("sendmessage")).hasSize(1));
        }
    }

    @Test
    void readsUpdatesByLongPollingWithoutAWebhook() throws Exception {
        try (ConfigurableApplicationContext ctx = new SpringApplicationBuilder(RepairbotApplication.class).properties(
                "server.port=0", "repairbot.data.dir=" + data, "telegram.bot.token=" + TOKEN,
                "telegram.api.url=http://127.0.0.1:" + api.port()).run()) {
            Waiting.upTo(Duration.ofSeconds(10), Duration.ofMillis(50)).until(() -> calls.stream().anyMatch(c -> c.startsWith("getupdates")));
            assertThat(calls).anySatisfy(c -> assertThat(c).startsWith("deletewebhook"));
            assertThat(calls).anySatisfy(c -> assertThat(c).startsWith("getupdates").contains("\"offset\":1"));
        }
    }
}
