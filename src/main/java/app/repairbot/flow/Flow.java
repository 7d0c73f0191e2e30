package app.repairbot.flow;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A validated flow. {@code version} is a short hash of the file's text, so that a session can
 * tell whether the flow it started with has changed.
 */
public record Flow(FlowId id, String title, String description, Audience audience, Optional<String> command,
                   String start, Duration expire, Optional<Template> onExpire, Map<String, Step> steps, Path source,
                   String version) {

    public static final Duration DEFAULT_EXPIRE = Duration.ofHours(72);

    public Flow {
        steps = Collections.unmodifiableMap(new LinkedHashMap<>(steps));
        if (!steps.containsKey(start)) {
            throw new IllegalArgumentException("flow " + id + " starts at unknown step " + start);
        }
    }

    public Step step(String stepId) {
        Step s = steps.get(stepId);
        if (s == null) {
            throw new IllegalArgumentException("flow " + id + " has no step '" + stepId + "'");
        }
        return s;
    }

    /** The step a run rests on; see {@link #step(String)}. */
    public Step step(StepId stepId) {
        return step(stepId.value());
    }

    /** The step with this id, if the flow has one (a run may rest on a step that a changed flow no longer has). */
    public Optional<Step> find(StepId stepId) {
        return Optional.ofNullable(steps.get(stepId.value()));
    }
}
