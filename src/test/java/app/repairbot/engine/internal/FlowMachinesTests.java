package app.repairbot.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import app.repairbot.flow.Flow;
import app.repairbot.flow.FlowCatalog;
import app.repairbot.flow.Step;

class FlowMachinesTests {
    static final Flow FLOW = FlowCatalog.load(Path.of("src/test/resources/engine-flows")).orThrow()
            .find("every-kind").orElseThrow();
    final FlowMachines machines = new FlowMachines();

    @Test
    void entersTheStartStepFromBeforeTheStart() {
        assertThat(machines.move(FLOW, FlowMachines.BEFORE_START, "hello", v -> null)).isEqualTo("hello");
    }

    @Test
    void resolvesABranchWithTheFlowsConditions() {
        assertThat(machines.move(FLOW, "mood", "route", Map.of("mood", "tense", "first-word", "hi")::get)).isEqualTo("rest");
        assertThat(machines.move(FLOW, "mood", "route", Map.of("mood", "tense", "first-word", "ok")::get)).isEqualTo("wishes");
        assertThat(machines.move(FLOW, "mood", "route", Map.of("mood", "Calm", "first-word", "x")::get)).isEqualTo("wishes");
    }

    @Test
    void goesToAnOptionsOwnNext() {
        assertThat(machines.move(FLOW, "mood", "rest", v -> null)).isEqualTo("rest");
    }

    @Test
    void refusesAMoveTheFlowDoesNotHave() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> machines.move(FLOW, "hello", "wishes", v -> null));
        assertThat(e).hasMessage("flow every-kind cannot move from step 'hello' to 'wishes'");
    }

    @Test
    void reachesTheSilentEnd() {
        Flow second = FlowCatalog.load(Path.of("src/test/resources/engine-flows")).orThrow().find("second").orElseThrow();
        assertThat(machines.move(second, "last", Step.END, v -> null)).isEqualTo(Step.END);
    }

    @Test
    void keepsOneMachineForMovesOnOneThread() {
        for (int i = 0; i < 100; i++) {
            machines.move(FLOW, "anyone", "mood", v -> null);
        }
        assertThat(machines.machinesBuilt(FLOW)).isEqualTo(1);
    }
}
