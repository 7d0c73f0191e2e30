package app.repairbot.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import com.fasterxml.jackson.databind.ObjectMapper;

import app.repairbot.RepairbotApplication;
import app.repairbot.testing.Waiting;

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

    String token;

    @BeforeEach
    void start() throws Exception {
        app = new SpringApplicationBuilder(RepairbotApplication.class).properties("server.port=0",
                "repairbot.data.dir=" + data).run();
        base = "http://127.0.0.1:" + ((WebServerApplicationContext) app).getWebServer().getPort();
        // What the page does: it gets this start's token with the page and sends it back with each call.
        String page = http.send(HttpRequest.newBuilder(URI.create(base + "/")).build(), HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = Pattern.compile("<meta name=\"sandbox-token\" content=\"([A-Za-z0-9_-]{43})\">").matcher(page);
        assertThat(m.find()).as("the page holds its token").isTrue();
        token = m.group(1);
    }

    @AfterEach
    void stop() {
        app.close();
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> state() throws Exception {
        return JSON.readValue(http.send(HttpRequest.newBuilder(URI.create(base + "/sandbox/ui/state"))
                        .header("X-Sandbox-Token", token).build(),
                HttpResponse.BodyHandlers.ofString()).body(), Map.class);
    }

    HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .header("X-Sandbox-Token", token).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
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
        AtomicReference<Map<String, Object>> said = new AtomicReference<>();
        Waiting.upTo(Duration.ofSeconds(10), Duration.ofMillis(50)).untilAsserted(() -> {
            List<Map<String, Object>> all = messages(chat);
            all.stream().filter(m -> ((Number) m.get("fromId")).longValue() == SandboxWorld.BOT_ID
                    && test.test((String) m.get("text"))).findFirst().ifPresent(said::set);
            assertThat(said.get()).as("the bot's message in chat %d; it said: %s", chat, all).isNotNull();
        });
        return said.get();
    }

    /** Waits (up to 10 s) until a message has no buttons left. */
    @SuppressWarnings("unchecked")
    void buttonsGone(long chat, long id) throws Exception {
        Waiting.upTo(Duration.ofSeconds(10), Duration.ofMillis(50)).untilAsserted(() -> {
            Map<String, Object> m = messages(chat).stream().filter(x -> ((Number) x.get("id")).longValue() == id).findFirst().orElseThrow();
            assertThat((List<Object>) m.get("buttons")).as("the buttons of message %d", id).isEmpty();
        });
    }

    /** Waits (up to 10 s) until a message's only button is the line saying who chose what. */
    @SuppressWarnings("unchecked")
    void onlyTheChoice(long chat, long id, String line) throws Exception {
        Waiting.upTo(Duration.ofSeconds(10), Duration.ofMillis(50)).untilAsserted(() -> {
            Map<String, Object> m = messages(chat).stream().filter(x -> ((Number) x.get("id")).longValue() == id).findFirst().orElseThrow();
            assertThat((List<Object>) m.get("buttons")).as("the buttons of message %d", id)
                    .isEqualTo(List.of(Map.of("text", line, "callback_data", "chosen")));
        });
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
        // Telegram shows nobody else a tap: the question now says who chose what, and its buttons are gone.
        onlyTheChoice(GROUP, ((Number) ready.get("id")).longValue(), "\u2713 Sam: I'm ready");
        // Once the couple is made, "I'm in" leaves the welcome: tapping it again would change nothing.
        buttonsGone(GROUP, ((Number) welcome.get("id")).longValue());
        assertThat(pattern.get("forceReplyTo")).isEqualTo("Alex");
        say(ALEX, GROUP, "When I come home late we don't talk all evening.");
        // The impact is asked with coach: private: the group hears where the question went, Alex answers privately.
        botSays(GROUP, t -> t.startsWith("I've asked Alex in a private chat with me"));
        botSays(ALEX, t -> t.equals("You described the pattern as: \"When I come home late we don't talk all evening.\" When that happens, "
                + "how does it land for you? You might try: \"When …, I feel …, and I need …\" I'll share the words you settle on with Sam in the group."));
        say(ALEX, ALEX, "When that happens I feel lonely, and I need some time with you.");
        botSays(GROUP, t -> t.equals("Alex's words:\n\nWhen that happens I feel lonely, and I need some time with you."));
        botSays(ALEX, t -> t.equals("Thank you. I've shared your words with Sam in the group."));
        say(SAM, GROUP, "You feel lonely when our evenings go by without talking.");
        tap(ALEX, botSays(GROUP, t -> t.contains("Is that close?")), "Yes, that's it");
        botSays(GROUP, t -> t.contains("one part of this pattern"));
        say(ALEX, GROUP, "I go quiet instead of asking for time together.");
        botSays(GROUP, t -> t.startsWith("Thank you, Alex. Now we're waiting for Sam"));
        say(SAM, GROUP, "I reach for my phone when I'm tired.");
        tap(ALEX, botSays(GROUP, t -> t.contains("a word back to the other")), "Thank you, I hear you");
        say(SAM, GROUP, "Thank you, I hear you");
        botSays(ALEX, t -> t.contains("one small thing"));
        say(ALEX, ALEX, "Ask for a walk instead of waiting.");
        say(SAM, SAM, "Phone away after dinner.");
        botSays(GROUP, t -> t.contains("Sam: Phone away after dinner."));
        // The recap leaves out the small steps it has just shown together.
        botSays(GROUP, t -> t.contains("Here is what you shared") && t.contains("The part each of you owns (Sam)") && !t.contains("Phone away"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void keepsLinkButtonsAsLinksAndButtonsTheBotTookOffAsRemoved() throws Exception {
        String api = base + "/bot" + SandboxBotApi.TOKEN + "/";
        String markup = "{\"inline_keyboard\":[[{\"text\":\"Open a private chat\",\"url\":\"https://t.me/x?start=private\"}],"
                + "[{\"text\":\"Yes\",\"callback_data\":\"a:1:0\"}]]}";
        HttpResponse<String> sent = send(HttpRequest.newBuilder(URI.create(api + "sendMessage")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"chat_id\":" + GROUP + ",\"text\":\"Ready?\",\"reply_markup\":" + markup + "}")));
        assertThat(sent.statusCode()).isEqualTo(200);
        long id = ((Number) ((Map<String, Object>) JSON.readValue(sent.body(), Map.class).get("result")).get("message_id")).longValue();
        Map<String, Object> m = messages(GROUP).get(0);
        assertThat(m.get("buttons")).isEqualTo(List.of(Map.of("text", "Open a private chat", "url", "https://t.me/x?start=private"),
                Map.of("text", "Yes", "callback_data", "a:1:0")));
        assertThat(send(HttpRequest.newBuilder(URI.create(api + "editMessageReplyMarkup")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"chat_id\":" + GROUP + ",\"message_id\":" + id
                        + ",\"reply_markup\":{\"inline_keyboard\":[]}}"))).statusCode()).isEqualTo(200);
        m = messages(GROUP).get(0);
        assertThat(m.get("buttons")).asList().isEmpty();
        assertThat(m.get("removedButtons")).asList().hasSize(2);
        assertThat(post("/sandbox/ui/tap", "{\"persona\":1001,\"chat\":" + GROUP + ",\"message\":" + id + ",\"data\":\"a:1:0\"}")
                .statusCode()).as("a button taken off is not there to tap").isEqualTo(400);
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

    HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void thePagesEndpointsNeedThisStartsToken() throws Exception {
        HttpRequest.Builder state = HttpRequest.newBuilder(URI.create(base + "/sandbox/ui/state"));
        assertThat(send(state).statusCode()).isEqualTo(403);
        assertThat(send(state.copy().header("X-Sandbox-Token", token.substring(1) + "x")).statusCode()).isEqualTo(403);
        HttpRequest.Builder say = HttpRequest.newBuilder(URI.create(base + "/sandbox/ui/say")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"persona\":1001,\"chat\":" + GROUP + ",\"text\":\"hi\"}"));
        assertThat(send(say).statusCode()).isEqualTo(403);
        assertThat(messages(GROUP)).isEmpty();
        assertThat(send(say.copy().header("X-Sandbox-Token", token)).statusCode()).isEqualTo(200);
        assertThat(messages(GROUP)).hasSize(1);
    }

    @Test
    void refusesWhatAnotherSitesPageCouldPost() throws Exception {
        String inject = "{\"chat_id\":" + GROUP + ",\"text\":\"Sam wants you to open evil.example\"}";
        HttpRequest.Builder sendMessage = HttpRequest.newBuilder(URI.create(base + "/bot" + SandboxBotApi.TOKEN + "/sendMessage"))
                .POST(HttpRequest.BodyPublishers.ofString(inject));
        // A form or fetch from another site may post text/plain without asking the browser first.
        assertThat(send(sendMessage.copy().header("Content-Type", "text/plain").header("Origin", "http://evil.example"))
                .statusCode()).isEqualTo(403);
        assertThat(send(sendMessage.copy().header("Content-Type", "text/plain")).statusCode()).isEqualTo(415);
        assertThat(send(sendMessage.copy().header("Content-Type", "application/x-www-form-urlencoded")).statusCode()).isEqualTo(415);
        assertThat(send(sendMessage.copy().header("Content-Type", "multipart/form-data; boundary=x")).statusCode()).isEqualTo(415);
        // setWebhook, which the TelegramBots client sends as a multipart form, is taken (and changes nothing).
        assertThat(send(HttpRequest.newBuilder(URI.create(base + "/bot" + SandboxBotApi.TOKEN + "/setWebhook"))
                .header("Content-Type", "multipart/form-data; boundary=x")
                .POST(HttpRequest.BodyPublishers.ofString("--x\r\nContent-Disposition: form-data; name=\"url\"\r\n\r\nhttps://a.example/\r\n--x--\r\n"))).statusCode()).isEqualTo(200);
        assertThat(send(sendMessage.copy().header("Content-Type", "application/json").header("Origin", "http://evil.example"))
                .statusCode()).isEqualTo(403);
        assertThat(send(HttpRequest.newBuilder(URI.create(base + "/sandbox/ui/say")).header("Content-Type", "text/plain")
                .header("X-Sandbox-Token", token).POST(HttpRequest.BodyPublishers.ofString("{\"persona\":1001,\"chat\":"
                        + GROUP + ",\"text\":\"hi\"}"))).statusCode()).isEqualTo(415);
        assertThat(messages(GROUP)).isEmpty();
        // The sandbox's own page (same origin) and the bot's client (JSON, no Origin) are let through.
        String port = base.substring(base.lastIndexOf(':') + 1);
        assertThat(send(sendMessage.copy().header("Content-Type", "application/json; charset=utf-8")
                .header("Origin", "http://localhost:" + port)).statusCode()).isEqualTo(200);
        assertThat(messages(GROUP)).hasSize(1);
    }

    /** A GET with the given Host header (which Java's HttpClient will not set), and the status line of its answer. */
    String statusLine(String path, String host) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", Integer.parseInt(base.substring(base.lastIndexOf(':') + 1)))) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    java.nio.charset.StandardCharsets.US_ASCII)).readLine();
        }
    }

    @Test
    void answersOnlyUnderThisMachinesNameAgainstDnsRebinding() throws Exception {
        String port = base.substring(base.lastIndexOf(':') + 1);
        // A page at http://rebound.example:PORT whose name now resolves to 127.0.0.1 must not read the page (and its token).
        assertThat(statusLine("/", "rebound.example:" + port)).isEqualTo("HTTP/1.1 403 ");
        assertThat(statusLine("/", "localhost:" + port)).isEqualTo("HTTP/1.1 200 ");
    }

    @Test
    void listensOnLoopbackOnly() throws Exception {
        int port = ((WebServerApplicationContext) app).getWebServer().getPort();
        java.net.InetAddress elsewhere = java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces()).stream()
                .flatMap(i -> java.util.Collections.list(i.getInetAddresses()).stream())
                .filter(a -> !a.isLoopbackAddress() && a instanceof java.net.Inet4Address).findFirst().orElse(null);
        org.junit.jupiter.api.Assumptions.assumeTrue(elsewhere != null, "this machine has no address but loopback");
        try (java.net.Socket s = new java.net.Socket()) {
            org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                    () -> s.connect(new java.net.InetSocketAddress(elsewhere, port), 2_000));
        }
    }
}
