package app.repairbot.flow;

import java.nio.file.Path;

/** A validation error or warning, located in a file. */
public record Problem(Severity severity, Path file, int line, int column, String message) {

    public enum Severity { ERROR, WARNING }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** {@code path:line:col: message}, with {@code warning: } before warnings' messages. */
    @Override
    public String toString() {
        String where = file + ":" + line + ":" + column + ": ";
        return severity == Severity.ERROR ? where + message : where + "warning: " + message;
    }
}
