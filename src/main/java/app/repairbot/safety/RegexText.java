package app.repairbot.safety;

/** Reading the text of a regular expression of the phrase lists: where its groups and alternatives end. */
final class RegexText {
    private RegexText() {
    }

    /**
     * The first index from {@code from} that holds one of the {@code stops} outside every group,
     * character class and escape begun after {@code from}; the length of the text if there is none.
     */
    static int find(String regex, int from, String stops) {
        int depth = 0;
        boolean inClass = false;
        for (int i = from; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == '\\') {
                i++;
            } else if (inClass) {
                inClass = c != ']';
            } else if (c == '[') {
                inClass = true;
            } else if (depth == 0 && stops.indexOf(c) >= 0) {
                return i;
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            }
        }
        return regex.length();
    }

    /** The index just after the group that opens at {@code start}. */
    static int groupEnd(String regex, int start) {
        int close = find(regex, start + 1, ")");
        if (close == regex.length()) {
            throw new IllegalArgumentException("unbalanced group in " + regex);
        }
        return close + 1;
    }

    /** Where the first '|' outside every group is, or -1. */
    static int topLevelBar(String regex) {
        int bar = find(regex, 0, "|");
        return bar == regex.length() ? -1 : bar;
    }
}
