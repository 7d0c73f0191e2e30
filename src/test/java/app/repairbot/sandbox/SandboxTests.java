package app.repairbot.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import com.fasterxml.jackson.databind.ObjectMapper;

import app.repairbot.RepairbotApplication;

/**
 * The app with no token and no database: the sandbox. Two personas pair in its group and run a
 * whole name-the-impact through its page's endpoints; the bot reaches them only through the
 * TelegramBots client, the long-polling adapter and the stand-in Bot API.
 */
class SandboxTests {
    static final ObjectMapper JSON = new ObjectMapper();
    static final long ALEX = 1001;
    static final long SAM = 1002;
    static final long GROUP = SandboxWorld.GROUP;

    @TempDir
    Path data;
    ConfigurableApplicationContext app;
    String base;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        app = new SpringApplicationBuilder(RepairbotApplication.class).properties("server.port=0",
                "repairbot.data.dir=" + data).run();
        base = "http://127.0.0.1:" + ((WebServerApplicationContext) app).getWebServer().getPort();
    }

    @AfterEach
    void stop() {
        app.close();
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> state() throws Exception {
        return JSON.readValue(http.send(HttpRequest.newBuilder(URI.create(base + "/sandbox/ui/state")).build(),
                HttpResponse.BodyHandlers.ofString()).body(), Map.class);
    }

    HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> messages(long chat) throws Exception {
        for (Object c : (List<Object>) state().get("chats")) {
            Map<String, Object> m = (Map<String, Object>) c;
            if (((Number) m.get("id")).longValue() == chat) {
                return (List<Map<String, Object>>) m.get("messages");
            }
        }
        throw new AssertionError("no chat " + chat);
    }

    /** Waits (up to 10 s) for a bot message in the chat whose text satisfies the test; returns it. */
    Map<String, Object> botSays(long chat, Predicate<String> test) throws Exception {
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            for (Map<String, Object> m : messages(chat)) {
                if (((Number) m.get("fromId")).longValue() == SandboxWorld.BOT_ID && test.test((String) m.get("text"))) {
                    return m;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the bot did not say that in chat " + chat + "; it said: " + messages(chat));
    }

    /** Waits (up to 10 s) until a message has no buttons left. */
    @SuppressWarnings("unchecked")
    void buttonsGone(long chat, long id) throws Exception {
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            Map<String, Object> m = messages(chat).stream().filter(x -> ((Number) x.get("id")).longValue() == id).findFirst().orElseThrow();
            if (((List<Object>) m.get("buttons")).isEmpty()) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("message " + id + " still has its buttons");
    }

    void say(long persona, long chat, String text) throws Exception {
        assertThat(post("/sandbox/ui/say", JSON.writeValueAsString(Map.of("persona", persona, "chat", chat, "text", text)))
                .statusCode()).isEqualTo(200);
    }

    @SuppressWarnings("unchecked")
    void tap(long persona, Map<String, Object> message, String label) throws Exception {
        String data = ((List<Map<String, String>>) message.get("buttons")).stream().filter(b -> b.get("text").equals(label))
                .findFirst().orElseThrow().get("callback_data");
        assertThat(post("/sandbox/ui/tap", JSON.writeValueAsString(Map.of("persona", persona, "chat", message.get("chat"),
                "message", message.get("id"), "data", data))).statusCode()).isEqualTo(200);
    }

    @Test
    void twoPersonasPairAndRunAWholeFlowThroughTheRealTelegramAdapter() throws Exception {
        assertThat(post("/sandbox/ui/add-bot", "{\"persona\":1001}").statusCode()).isEqualTo(200);
        Map<String, Object> welcome = botSays(GROUP, t -> t.contains("not therapy"));
        tap(ALEX, welcome, "I'm in");
        tap(SAM, welcome, "I'm in");
        botSays(GROUP, t -> t.startsWith("Welcome, Alex and Sam"));
        say(ALEX, GROUP, "/impact");
        Map<String, Object> ready = botSays(GROUP, t -> t.startsWith("Sam, are you in a place"));
        tap(SAM, ready, "I'm ready");
        Map<String, Object> pattern = botSays(GROUP, t -> t.startsWith("Alex, what's the pattern"));
        buttonsGone(GROUP, ((Number) ready.get("id")).longValue());
        assertThat(botSays(GROUP, t -> t.contains("not therapy")).get("buttons")).as("I'm in stays").asList().hasSize(1);
        assertThat(pattern.get("forceReplyTo")).isEqualTo("Alex");
        say(ALEX, GROUP, "When I come home late we don't talk all evening.");
        botSays(GROUP, t -> t.equals("Alex, And when that happens, how does it land for you? You might try: \"When ..., I feel ... . I need ...\""));
        say(ALEX, GROUP, "When that happens I feel lonely, and I need some time with you.");
        say(SAM, GROUP, "You feel lonely when our evenings go by without talking.");
        tap(ALEX, botSays(GROUP, t -> t.contains("Is that close?")), "Yes, that's it");
        botSays(GROUP, t -> t.contains("one part of this pattern"));
        say(ALEX, GROUP, "I go quiet instead of asking for time together.");
        botSays(GROUP, t -> t.startsWith("Thank you, Alex. Now we're waiting for Sam"));
        say(SAM, GROUP, "I reach for my phone when I'm tired.");
        botSays(ALEX, t -> t.contains("one small thing"));
        say(ALEX, ALEX, "Ask for a walk instead of waiting.");
        say(SAM, SAM, "Phone away after dinner.");
        botSays(GROUP, t -> t.contains("Here is what you shared") && t.contains("Sam, small step: Phone away after dinner."));
    }

    @Test
    void answersKindlyWhenThePageIsMisused() throws Exception {
        assertThat(post("/sandbox/ui/say", "{\"persona\":1001,\"chat\":1002,\"text\":\"hi\"}").body())
                .contains("Alex can write in the group or in their own private chat");
        assertThat(post("/sandbox/ui/say", "{\"persona\":1001,\"chat\":" + GROUP + ",\"text\":\"  \"}").statusCode()).isEqualTo(400);
        assertThat(post("/sandbox/ui/tap", "{\"persona\":1001,\"chat\":" + GROUP + ",\"message\":999,\"data\":\"x\"}").body())
                .contains("That button is not there.");
        assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/botwrong-token/getMe")).POST(
                HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()).body())
                .isEqualTo("{\"ok\":false,\"error_code\":401,\"description\":\"Unauthorized\"}");
    }
}
