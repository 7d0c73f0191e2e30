package app.repairbot.flow;

import java.util.List;

/** Flows that did not validate; the message lists every error, one per line. */
public final class InvalidFlowsException extends RuntimeException {
    private final List<Problem> errors;

    public InvalidFlowsException(List<Problem> errors) {
        super("the flows have errors:\n" + String.join("\n", errors.stream().map(Problem::toString).toList()));
        this.errors = List.copyOf(errors);
    }

    public List<Problem> errors() {
        return errors;
    }
}
