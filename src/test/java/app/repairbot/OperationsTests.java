package app.repairbot;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import app.repairbot.testing.StandInBotApi;
import app.repairbot.testing.Waiting;

/**
 * The service as an operator runs it, with a token and a webhook against a stand-in Bot API: a
 * whole conversation goes through, the logs never hold the token (at any level) nor what people
 * wrote (at INFO and above), and health and metrics answer.
 */
@ExtendWith(OutputCaptureExtension.class)
class OperationsTests {
    static final String TOKEN = "777001:VERY-secret_token-value";
    static final String SECRET = "webhook-secret";
    static final List<String> WORDS = List.of("When I come home late you're on your phone",
            "When that happens, I feel lonely", "You feel lonely when our evenings", "I go quiet instead of asking",
            "I reach for my phone when", "Phone away after dinner", "Ask for a walk instead");

    StandInBotApi api;
    final HttpClient http = HttpClient.newHttpClient();
    @TempDir
    Path data;
    int port;
    int update = 100;

    @BeforeEach
    void start() throws Exception {
        api = new StandInBotApi();
    }

    @AfterEach
    void stop() throws Exception {
        api.close();
    }

    /** The messages sent so far, in order (the bodies of sendMessage calls). */
    List<String> sent() {
        return api.calls().stream().filter(c -> c.startsWith("sendmessage ")).map(c -> c.substring("sendmessage ".length())).toList();
    }

    @Test
    void aWholeConversationLeavesNoTokenAndNoWordsInTheLogsAndHealthAndMetricsAnswer(CapturedOutput output) throws Exception {
        try (ConfigurableApplicationContext ctx = new SpringApplicationBuilder(RepairbotApplication.class).properties(
                "server.port=0", "repairbot.data.dir=" + data, "telegram.bot.token=" + TOKEN,
                "telegram.api.url=http://127.0.0.1:" + api.port(), "telegram.webhook.url=https://bot.example/telegram/webhook",
                "telegram.webhook.secret=" + SECRET, "logging.level.app.repairbot=DEBUG").run()) {
            port = ((WebServerApplicationContext) ctx).getWebServer().getPort();
            post("{\"my_chat_member\":{\"chat\":" + GROUP + ",\"from\":" + ALEX + ",\"date\":1764000000,"
                    + "\"old_chat_member\":{\"status\":\"left\",\"user\":" + BOT + "},\"new_chat_member\":{\"status\":\"member\",\"user\":" + BOT + "}}}");
            awaitSent(1);
            tap(ALEX, "pair");
            tap(SAM, "pair");
            awaitSent(4);
            say(GROUP, ALEX, "/impact");
            awaitSent(5);
            tap(SAM, lastButton(0));
            awaitSent(6);
            say(GROUP, ALEX, WORDS.get(0) + " and we don't talk all evening.");
            awaitSent(9);
            // The impact is asked privately (coach: private): the note in the group, then the question to Alex.
            say(PRIVATE_ALEX, ALEX, WORDS.get(1) + ". I need some time with you in the evening.");
            awaitSent(12);
            say(GROUP, SAM, WORDS.get(2) + " go by without talking.");
            awaitSent(13);
            tap(ALEX, lastButton(0));
            awaitSent(14);
            say(GROUP, ALEX, WORDS.get(3) + " for time together.");
            say(GROUP, SAM, WORDS.get(4) + " I'm tired and don't say so.");
            awaitSent(16);
            say(GROUP, ALEX, "Thank you, I hear you");
            say(GROUP, SAM, "Thank you, I hear you");
            awaitSent(20);
            say(PRIVATE_SAM, SAM, WORDS.get(5) + " on weekdays.");
            say(PRIVATE_ALEX, ALEX, WORDS.get(6) + " of waiting.");
            Waiting.upTo(Duration.ofSeconds(5), Duration.ofMillis(20)).untilAsserted(() ->
                    assertThat(sent()).as("the conversation went all the way").anyMatch(s -> s.contains("Here is what you shared")));

            assertThat(get("/actuator/health")).satisfies(h -> {
                assertThat(h.statusCode()).isEqualTo(200);
                assertThat(h.body()).contains("\"mongo\"", "\"telegram\"", "\"webhook\"").doesNotContain(TOKEN);
            });
            assertThat(get("/actuator/health/readiness").statusCode()).isEqualTo(200);
            assertThat(get("/actuator/health/liveness").statusCode()).isEqualTo(200);
            String metrics = get("/actuator/prometheus").body();
            assertThat(metrics).contains("repairbot_updates_handled_seconds_count",
                    "repairbot_replies_sent_total{application=\"repairbot\",priority=\"live\"}",
                    "repairbot_outbound_waiting{application=\"repairbot\",priority=\"background\"}")
                    .containsPattern("repairbot_flows_total\\{[^}]*event=\"finished\",flow=\"name-the-impact\"[^}]*} 1");
        }
        String logs = output.getAll();
        assertThat(logs).as("one DEBUG line per update, with the chat and the step")
                .contains("Update 105 in chat -100500 (Text): flow name-the-impact at step 'impact'");
        assertThat(logs).doesNotContain(TOKEN).doesNotContain("VERY-secret");
        List<String> visible = logs.lines().filter(l -> l.contains(" INFO ") || l.contains(" WARN ") || l.contains(" ERROR ")).toList();
        for (String words : WORDS) {
            assertThat(visible).as("no message text at INFO or above").noneMatch(l -> l.contains(words));
        }
    }

    static final String BOT = "{\"id\":9,\"is_bot\":true,\"first_name\":\"r\",\"username\":\"repair_bot\"}";
    static final String ALEX = "{\"id\":1001,\"is_bot\":false,\"first_name\":\"Alex\"}";
    static final String SAM = "{\"id\":1002,\"is_bot\":false,\"first_name\":\"Sam\"}";
    static final String GROUP = "{\"id\":-100500,\"type\":\"supergroup\",\"title\":\"us\"}";
    static final String PRIVATE_ALEX = "{\"id\":1001,\"type\":\"private\",\"first_name\":\"Alex\"}";
    static final String PRIVATE_SAM = "{\"id\":1002,\"type\":\"private\",\"first_name\":\"Sam\"}";

    void say(String chat, String from, String text) throws Exception {
        post("{\"message\":{\"message_id\":" + update + ",\"date\":1764000000,\"chat\":" + chat + ",\"from\":" + from
                + ",\"text\":\"" + text.replace("\"", "\\\"") + "\"}}");
    }

    void tap(String from, String data) throws Exception {
        post("{\"callback_query\":{\"id\":\"cb" + update + "\",\"from\":" + from + ",\"chat_instance\":\"1\","
                + "\"message\":{\"message_id\":1,\"date\":1764000000,\"chat\":" + GROUP + "},\"data\":\"" + data + "\"}}");
    }

    void post(String body) throws Exception {
        String json = "{\"update_id\":" + update++ + "," + body.substring(1);
        HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/telegram/webhook"))
                .header("Content-Type", "application/json").header("X-Telegram-Bot-Api-Secret-Token", SECRET)
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.discarding());
        assertThat(r.statusCode()).as(json).isEqualTo(200);
    }

    HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    void awaitSent(int n) {
        Waiting.upTo(Duration.ofSeconds(10)).untilAsserted(() -> {
            List<String> all = sent();
            assertThat(all).as(String.join("\n", all)).hasSizeGreaterThanOrEqualTo(n);
        });
    }

    static final Pattern ANSWER_BUTTON = Pattern.compile("\"callback_data\"\\s*:\\s*\"a:");

    private int buttonsSeen = 0;

    /** The callback data of button {@code i} of the next message with answer buttons (waiting for it to be sent). */
    String lastButton(int i) {
        AtomicInteger found = new AtomicInteger(-1);
        Waiting.upTo(Duration.ofSeconds(10)).untilAsserted(() -> {
            List<String> all = sent();
            for (int k = buttonsSeen; k < all.size() && found.get() < 0; k++) {
                if (ANSWER_BUTTON.matcher(all.get(k)).find()) {
                    found.set(k);
                }
            }
            assertThat(found.get()).as("a new message with answer buttons; sent: %s", all).isNotNegative();
        });
        buttonsSeen = found.get() + 1;
        Matcher m = Pattern.compile("\"callback_data\"\\s*:\\s*\"([^\"]+)\"").matcher(sent().get(found.get()));
        for (int b = 0; b <= i; b++) {
            assertThat(m.find()).isTrue();
        }
        return m.group(1);
    }
}
