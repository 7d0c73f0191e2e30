package app.repairbot.flow;

/**
 * A step's id within its flow, as its file names it ({@code end} is where every flow ends). It
 * checks only that there is one: the flow's own rules (kebab-case) are the parser's, with line and
 * column, and a session stored under an older flow must still be read back.
 */
public record StepId(String value) {
    public StepId {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("a step id is not blank, not '" + value + "'");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
