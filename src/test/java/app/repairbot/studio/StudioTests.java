package app.repairbot.studio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import com.fasterxml.jackson.databind.ObjectMapper;

import app.repairbot.RepairbotApplication;
import app.repairbot.engine.Engine;

/**
 * The studio's endpoints in sandbox mode, on a copy of the flows folder: list, check, save (valid,
 * invalid, an id clash, a path out of the folder), the tests, and its guard.
 */
class StudioTests {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path data;
    @TempDir
    Path flows;
    ConfigurableApplicationContext app;
    String base;
    int port;
    String token;
    final HttpClient http = HttpClient.newHttpClient();

    /** A copy of the project's flows (and their tests), to edit freely. */
    static void copyFlows(Path to) throws Exception {
        Path from = Path.of("conversation-flows");
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    static String tokenOf(String page) {
        Matcher m = Pattern.compile("<meta name=\"studio-token\" content=\"([A-Za-z0-9_-]{43})\">").matcher(page);
        assertThat(m.find()).as("the page holds its token").isTrue();
        return m.group(1);
    }

    void start(String... more) throws Exception {
        copyFlows(flows);
        app = new SpringApplicationBuilder(RepairbotApplication.class).properties("server.port=0", "repairbot.data.dir=" + data,
                "repairbot.flows.dir=" + flows).properties(more).run();
        port = ((WebServerApplicationContext) app).getWebServer().getPort();
        base = "http://127.0.0.1:" + port;
    }

    @BeforeEach
    void startStudio() throws Exception {
        start();
        HttpResponse<String> page = get("/studio", null);
        assertThat(page.statusCode()).isEqualTo(200);
        token = tokenOf(page.body());
    }

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(base + path));
        if (token != null) {
            r.header("X-Studio-Token", token);
        }
        return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, Object body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .header("X-Studio-Token", token).POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> save(String name, String text) throws Exception {
        return post("/studio/api/save", Map.of("name", name, "text", text));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> json(HttpResponse<String> r) throws Exception {
        return JSON.readValue(r.body(), Map.class);
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> problems(HttpResponse<String> r) throws Exception {
        return (List<Map<String, Object>>) json(r).get("problems");
    }

    Engine engine() {
        return app.getBean(Engine.class);
    }

    @Test
    @SuppressWarnings("unchecked")
    void listsTheFlowsWithABrokenOnesProblemAtItsLineAndColumn() throws Exception {
        Files.writeString(flows.resolve("stop-the-story.yaml"), Files.readString(flows.resolve("stop-the-story.yaml"))
                .replaceFirst("\nsteps:", "\nsteps:\n  oops: [unclosed"));
        Map<String, Object> listing = json(get("/studio/api/flows", token));
        assertThat(listing.get("valid")).isEqualTo(false);
        Map<String, Object> broken = ((List<Map<String, Object>>) listing.get("files")).stream()
                .filter(f -> f.get("name").equals("stop-the-story.yaml")).findFirst().orElseThrow();
        List<Map<String, Object>> ps = (List<Map<String, Object>>) broken.get("problems");
        assertThat(ps).isNotEmpty();
        assertThat(ps.get(0)).containsEntry("file", "stop-the-story.yaml").containsEntry("severity", "error");
        assertThat((Integer) ps.get(0).get("line")).isGreaterThan(1);
        assertThat(ps.get(0).get("column")).isNotNull();
    }

    @Test
    void aValidSaveWritesTheFileAndTheRunningCatalogReloads() throws Exception {
        Path file = flows.resolve("name-the-impact.yaml");
        String text = Files.readString(file).replace("title: Name the impact", "title: Name the impact, gently");
        HttpResponse<String> r = save("name-the-impact.yaml", text);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(json(r)).containsEntry("saved", true).containsEntry("reloaded", true);
        assertThat(Files.readString(file)).isEqualTo(text);
        assertThat(engine().flows().find("name-the-impact").orElseThrow().title()).isEqualTo("Name the impact, gently");
        try (Stream<Path> left = Files.list(flows)) {
            assertThat(left.map(p -> p.getFileName().toString())).as("no temporary file is left").noneMatch(n -> n.endsWith(".saving"));
        }
    }

    @Test
    void anInvalidSaveIsRefusedWithItsProblemsAndTheFileIsUnchanged() throws Exception {
        Path file = flows.resolve("name-the-impact.yaml");
        byte[] before = Files.readAllBytes(file);
        Object running = engine().flows();
        HttpResponse<String> r = save("name-the-impact.yaml", new String(before, StandardCharsets.UTF_8)
                .replace("command: impact", "command: impact\n  bogus: [1"));
        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(problems(r).get(0)).containsEntry("file", "name-the-impact.yaml").containsEntry("line", 6)
                .containsEntry("column", 8);
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
        assertThat(engine().flows()).isSameAs(running);
    }

    @Test
    void aFileThatWouldClashWithAnotherFlowsIdIsRefused() throws Exception {
        String other = Files.readString(flows.resolve("after-a-tense-moment.yaml"));
        // Renamed: the text of one flow saved under another flow's name, and as a new file.
        HttpResponse<String> renamed = save("name-the-impact.yaml", other);
        assertThat(renamed.statusCode()).isEqualTo(422);
        assertThat(problems(renamed)).anySatisfy(p -> assertThat((String) p.get("message")).contains("after-a-tense-moment"));
        HttpResponse<String> copy = save("a-copy.yaml", other);
        assertThat(copy.statusCode()).isEqualTo(422);
        assertThat(copy.body()).contains("does not match the file name");
        assertThat(flows.resolve("a-copy.yaml")).doesNotExist();
        // The same id in a file of the same name but another extension: two flows with one id.
        HttpResponse<String> twin = save("after-a-tense-moment.yml", other);
        assertThat(twin.statusCode()).isEqualTo(422);
        assertThat(twin.body()).contains("also used by", "ids must be unique");
        assertThat(twin.body()).as("no path of a scratch folder shows").doesNotContain("repairbot-studio-", "/tmp/");
        assertThat(flows.resolve("after-a-tense-moment.yml")).doesNotExist();
        assertThat(Files.readString(flows.resolve("name-the-impact.yaml"))).contains("id: name-the-impact");
    }

    @Test
    void aNameThatLeavesTheFlowsFolderIsRefused() throws Exception {
        for (String name : List.of("../../etc/passwd", "../outside.yaml", "tests/x.yaml", "/etc/x.yaml", "..%2Fx.yaml", "x.yaml/..")) {
            HttpResponse<String> r = save(name, "id: x\n");
            assertThat(r.statusCode()).as(name).isEqualTo(400);
            assertThat(json(r).get("error")).asString().contains("no folders");
            assertThat(get("/studio/api/file?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8), token).statusCode())
                    .as(name).isEqualTo(400);
        }
        assertThat(flows.getParent().resolve("outside.yaml")).doesNotExist();
    }

    @Test
    void checksADraftWithoutWritingIt() throws Exception {
        Path file = flows.resolve("name-the-impact.yaml");
        String before = Files.readString(file);
        HttpResponse<String> r = post("/studio/api/check", Map.of("name", "name-the-impact.yaml",
                "text", before.replace("next: ready-check", "next: no-such-step")));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r)).containsEntry("valid", false);
        assertThat(problems(r)).anySatisfy(p -> assertThat((String) p.get("message")).contains("no-such-step"));
        assertThat(Files.readString(file)).isEqualTo(before);
        HttpResponse<String> ok = post("/studio/api/check", Map.of("name", "name-the-impact.yaml", "text", before));
        assertThat(json(ok)).containsEntry("valid", true);
        assertThat((String) json(ok).get("graph")).startsWith("stateDiagram-v2");
    }

    @Test
    @SuppressWarnings("unchecked")
    void runsTheConversationTestsWithPassAndFail() throws Exception {
        Path file = flows.resolve("name-the-impact.yaml");
        Files.writeString(file, Files.readString(file).replace("are you in a place to listen", "can you listen"));
        Map<String, Object> run = json(post("/studio/api/tests", Map.of()));
        List<Map<String, Object>> results = (List<Map<String, Object>>) run.get("results");
        assertThat(results).anySatisfy(t -> assertThat(t).containsEntry("passed", true));
        Map<String, Object> failed = results.stream().filter(t -> t.get("passed").equals(false)
                && t.get("file").equals("tests/name-the-impact.yaml")).findFirst().orElseThrow();
        assertThat((String) failed.get("failure")).contains("step ", "line ", "are you in a place to listen", "can you listen");
        assertThat((Integer) run.get("failed")).isPositive();
    }

    @Test
    void theApiNeedsThePagesTokenJsonAndOurOwnOrigin() throws Exception {
        assertThat(get("/studio/api/flows", null).statusCode()).isEqualTo(403);
        assertThat(get("/studio/api/flows", "wrong-token").statusCode()).isEqualTo(403);
        HttpResponse<String> form = http.send(HttpRequest.newBuilder(URI.create(base + "/studio/api/save"))
                .header("Content-Type", "text/plain").header("X-Studio-Token", token)
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(form.statusCode()).isEqualTo(415);
        HttpResponse<String> foreign = http.send(HttpRequest.newBuilder(URI.create(base + "/studio/api/flows"))
                .header("X-Studio-Token", token).header("Origin", "http://evil.example").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(foreign.statusCode()).isEqualTo(403);
        assertThat(raw("GET /studio HTTP/1.1\r\nHost: rebound.example:" + port + "\r\nConnection: close\r\n\r\n"))
                .as("a page under another name (DNS rebinding)").startsWith("HTTP/1.1 403");
        assertThat(raw("GET /studio/vendor/mermaid.min.js HTTP/1.1\r\nHost: localhost:" + port + "\r\nConnection: close\r\n\r\n"))
                .as("the bundled Mermaid").startsWith("HTTP/1.1 200");
    }

    /** The status line of a request sent as is (HttpClient will not send another Host). */
    String raw(String request) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII)).readLine();
        }
    }
}
