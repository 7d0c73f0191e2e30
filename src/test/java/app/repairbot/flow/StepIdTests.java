package app.repairbot.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StepIdTests {
    @Test
    void aStepIdIsNeverMissingOrBlank() {
        assertThatThrownBy(() -> new StepId(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new StepId(" ")).isInstanceOf(IllegalArgumentException.class);
    }

    /** Messages and logs say "at step 'pattern'", as they did when a step id was a string. */
    @Test
    void aStepIdReadsAsItsFileWritesIt() {
        assertThat(new StepId("ready-check")).hasToString("ready-check");
    }

    @Test
    void aFlowFindsItsStepsByIdAndSaysWhenItHasNoneOfThatId() {
        Flow flow = FlowCatalog.load(java.nio.file.Path.of("conversation-flows")).orThrow().all().get(0);
        StepId start = new StepId(flow.start());
        assertThat(flow.find(start)).contains(flow.step(start));
        assertThat(flow.find(new StepId("no-such-step"))).isEmpty();
    }
}
