package app.repairbot.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import app.repairbot.flow.Flow;
import app.repairbot.flow.FlowCatalog;

class FlowMachinesTests {
    @Test
    void spike() {
        var loaded = FlowCatalog.load(Path.of("/tmp/f1"));
        System.out.println(loaded.problems());
        Flow flow = loaded.orThrow().find("mini").orElseThrow();
        FlowMachines m = new FlowMachines();
        assertThat(m.move(flow, FlowMachines.BEFORE_START, "q", v -> null)).isEqualTo("q");
        assertThat(m.move(flow, "q", "b1", Map.of("mood", "calm")::get)).isEqualTo("fine");
        assertThat(m.move(flow, "q", "b1", Map.of("mood", "tense")::get)).isEqualTo("q");
        assertThat(m.move(flow, "q", "b1", Map.of("mood", "x")::get)).isEqualTo("end");
        assertThrows(IllegalStateException.class, () -> m.move(flow, "q", "fine", v -> null));
        for (int round = 0; round < 3; round++) {
        long t0 = System.nanoTime();
        for (int i = 0; i < 100000; i++) m.move(flow, "q", "b1", Map.of("mood", "calm")::get);
        System.out.println("choice us/move " + (System.nanoTime() - t0) / 100000 / 1000.0);
        t0 = System.nanoTime();
        for (int i = 0; i < 100000; i++) m.move(flow, "_start", "q", Map.of("mood", "calm")::get);
        System.out.println("plain us/move " + (System.nanoTime() - t0) / 100000 / 1000.0);
        }
    }
}
