package app.repairbot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import app.repairbot.engine.Engine;
import app.repairbot.flow.InvalidFlowsException;
import app.repairbot.testing.Waiting;

class ServiceStartTests {
    @TempDir
    Path data;

    private SpringApplicationBuilder app(Path flows) {
        return new SpringApplicationBuilder(RepairbotApplication.class).web(WebApplicationType.NONE)
                .properties("repairbot.flows.dir=" + flows, "repairbot.data.dir=" + data);
    }

    private static int flowFiles() {
        try (var files = java.nio.file.Files.list(Path.of("conversation-flows"))) {
            return (int) files.filter(f -> f.toString().endsWith(".yaml")).count();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void startsWithTheFlowsOfTheConfiguredFolder() {
        try (ConfigurableApplicationContext ctx = app(Path.of("conversation-flows")).run()) {
            assertThat(ctx.getBean(Engine.class).flows().all()).extracting(f -> f.id().value()).contains("name-the-impact", "practice-appreciation")
                    .hasSize(flowFiles());
        }
    }

    @Test
    void refusesToStartWithAnInvalidFlow(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("bad.yaml"), "id: bad\ntitle: Bad\naudience: couple\nsteps:\n  a:\n    say: hi\n    next: b\n");
        Exception e = assertThrows(Exception.class, () -> app(dir).run().close());
        Throwable root = e;
        while (!(root instanceof InvalidFlowsException) && root.getCause() != null) {
            root = root.getCause();
        }
        assertThat(root).isInstanceOf(InvalidFlowsException.class)
                .hasMessageContaining("bad.yaml:7:11: step 'a' goes to unknown step 'b'");
    }

    @Test
    void aFailedStartEndsTheProcessAtOnce(@TempDir Path dir) throws Exception {
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        // getMe is sent (OkHttp starts a thread for it) and fails: the start fails after an HTTP call.
        Path out = dir.resolve("out.log");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), RepairbotApplication.class.getName(), "--server.port=0",
                "--repairbot.data.dir=" + dir.resolve("data"), "--telegram.bot.token=1:not-a-token",
                "--telegram.api.url=http://127.0.0.1:" + closedPort).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        try {
            Waiting.upTo(Duration.ofSeconds(120), Duration.ofMillis(100)).until(() -> !p.isAlive()
                    || Files.exists(out) && Files.readString(out).contains("Application run failed"));
            assertThat(Files.readString(out)).contains("cannot reach the Bot API at 127.0.0.1");
            assertThat(p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).as("exited within 10 s of failing").isTrue();
            assertThat(p.exitValue()).isNotZero();
        } finally {
            p.destroyForcibly();
        }
    }
}
