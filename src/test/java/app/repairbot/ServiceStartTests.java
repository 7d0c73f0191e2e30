package app.repairbot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import app.repairbot.engine.Engine;
import app.repairbot.flow.InvalidFlowsException;

class ServiceStartTests {
    @TempDir
    Path data;

    private SpringApplicationBuilder app(Path flows) {
        return new SpringApplicationBuilder(RepairbotApplication.class).web(WebApplicationType.NONE)
                .properties("repairbot.flows.dir=" + flows, "repairbot.data.dir=" + data);
    }

    @Test
    void startsWithTheFlowsOfTheConfiguredFolder() {
        try (ConfigurableApplicationContext ctx = app(Path.of("conversation-flows")).run()) {
            assertThat(ctx.getBean(Engine.class).flows().all()).extracting(f -> f.id().value()).contains("name-the-impact", "practice-appreciation").hasSize(10);
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
}
