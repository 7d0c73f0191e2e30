package app.repairbot.flow;

import java.util.regex.Pattern;

/** A flow's id: kebab-case, equal to its file's stem. */
public record FlowId(String value) {
    static final Pattern KEBAB = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

    public FlowId {
        if (value == null || !KEBAB.matcher(value).matches()) {
            throw new IllegalArgumentException("a flow id is kebab-case (like name-the-impact), not '" + value + "'");
        }
    }

    public static boolean isValid(String value) {
        return value != null && KEBAB.matcher(value).matches();
    }

    @Override
    public String toString() {
        return value;
    }
}
