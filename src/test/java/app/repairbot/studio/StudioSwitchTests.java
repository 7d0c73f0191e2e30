package app.repairbot.studio;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import app.repairbot.RepairbotApplication;
import app.repairbot.testing.StandInBotApi;

/** When the studio is on (REPAIRBOT_STUDIO and the mode), and what its guard lets through from where. */
class StudioSwitchTests {
    @TempDir
    Path data;
    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void onInSandboxModeOffInTelegramModeUnlessSwitchedOn() {
        assertThat(StudioConfiguration.on(new MockEnvironment())).isTrue();
        assertThat(StudioConfiguration.on(new MockEnvironment().withProperty("repairbot.studio.enabled", "false"))).isFalse();
        MockEnvironment telegram = new MockEnvironment().withProperty("repairbot.telegram.bot.token", "1:x");
        assertThat(StudioConfiguration.on(telegram)).isFalse();
        assertThat(StudioConfiguration.on(telegram.withProperty("repairbot.studio.enabled", "true"))).isTrue();
    }

    @Test
    void offInTelegramMode() throws Exception {
        try (StandInBotApi api = new StandInBotApi();
             ConfigurableApplicationContext app = new SpringApplicationBuilder(RepairbotApplication.class).properties(
                     "server.port=0", "repairbot.data.dir=" + data, "telegram.bot.token=4242:not-a-real-token",
                     "telegram.api.url=http://127.0.0.1:" + api.port()).run()) {
            assertThat(app.getBeansOfType(FlowStudio.class)).isEmpty();
            int port = ((WebServerApplicationContext) app).getWebServer().getPort();
            for (String path : List.of("/studio", "/studio/api/flows", "/studio/vendor/mermaid.min.js")) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as(path).isEqualTo(404);
                assertThat(r.body()).contains("REPAIRBOT_STUDIO=true");
            }
        }
    }

    @Test
    void onInTelegramModeWhenSwitchedOn() throws Exception {
        try (StandInBotApi api = new StandInBotApi();
             ConfigurableApplicationContext app = new SpringApplicationBuilder(RepairbotApplication.class).properties(
                     "server.port=0", "repairbot.data.dir=" + data, "telegram.bot.token=4242:not-a-real-token",
                     "telegram.api.url=http://127.0.0.1:" + api.port(), "repairbot.studio=true").run()) {
            int port = ((WebServerApplicationContext) app).getWebServer().getPort();
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/studio")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("<meta name=\"studio-sandbox\" content=\"false\">");
            assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/studio/api/flows")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).as("without the token").isEqualTo(403);
            HttpResponse<String> flows = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/studio/api/flows"))
                    .header("X-Studio-Token", StudioTests.tokenOf(page.body())).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(flows.statusCode()).isEqualTo(200);
            assertThat(flows.body()).contains("name-the-impact.yaml");
        }
    }

    static int status(StudioGuard guard, String remote, String host, String origin) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/studio/api/flows");
        request.setRemoteAddr(remote);
        request.setServerName(host);
        request.setServerPort(8080);
        request.setLocalPort(8080);
        request.addHeader("X-Studio-Token", "t".repeat(43));
        if (origin != null) {
            request.addHeader("Origin", origin);
        }
        MockHttpServletResponse response = new MockHttpServletResponse();
        guard.doFilter(request, response, new MockFilterChain());
        return response.getStatus();
    }

    @Test
    void whenOffOnlyThisMachineIsAnsweredAndOnlyWithNotFound() throws Exception {
        StudioGuard off = new StudioGuard(false, "t".repeat(43), List.of());
        assertThat(status(off, "127.0.0.1", "localhost", null)).isEqualTo(404);
        assertThat(status(off, "::1", "localhost", null)).isEqualTo(404);
        assertThat(status(off, "192.168.1.20", "localhost", null)).isEqualTo(403);
        assertThat(status(off, "203.0.113.9", "bot.example", null)).isEqualTo(403);
    }

    @Test
    void whenOnOtherMachinesOtherHostsAndOtherOriginsAreRefused() throws Exception {
        StudioGuard on = new StudioGuard(true, "t".repeat(43), List.of());
        assertThat(status(on, "127.0.0.1", "localhost", null)).isEqualTo(200);
        assertThat(status(on, "127.0.0.1", "127.0.0.1", "http://localhost:8080")).isEqualTo(200);
        assertThat(status(on, "192.168.1.20", "localhost", null)).as("another machine").isEqualTo(403);
        assertThat(status(on, "127.0.0.1", "rebound.example", null)).as("DNS rebinding").isEqualTo(403);
        assertThat(status(on, "127.0.0.1", "localhost", "http://evil.example")).as("another site").isEqualTo(403);
        StudioGuard opened = new StudioGuard(true, "t".repeat(43), List.of("http://192.168.1.5:8080"));
        assertThat(status(opened, "192.168.1.20", "192.168.1.5", "http://192.168.1.5:8080"))
                .as("an origin REPAIRBOT_SANDBOX_ORIGINS opens").isEqualTo(200);
        assertThat(status(opened, "192.168.1.20", "localhost", null)).isEqualTo(403);
    }
}
