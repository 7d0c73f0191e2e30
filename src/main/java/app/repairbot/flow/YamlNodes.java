package app.repairbot.flow;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reading YAML nodes with their positions, reporting every wrong shape as a located problem.
 * Shared by flow files and conversation-test files.
 */
public final class YamlNodes {
    private final Path file;
    private final List<Problem> problems;
    /** The file's text, when known: it places a problem inside a value (see {@link #variableError(Node, String, String)}). */
    private final String text;

    public YamlNodes(Path file, List<Problem> problems) {
        this(file, problems, null);
    }

    public YamlNodes(Path file, List<Problem> problems, String text) {
        this.file = file;
        this.problems = problems;
        this.text = text;
    }

    public Path file() {
        return file;
    }

    public List<Problem> problems() {
        return problems;
    }

    public void error(Node at, String message) {
        Mark m = at == null ? null : at.getStartMark();
        error(m == null ? 1 : m.getLine() + 1, m == null ? 1 : m.getColumn() + 1, message);
    }

    public void error(int line, int column, String message) {
        problems.add(new Problem(Problem.Severity.ERROR, file, line, column, message));
    }

    public void warning(Node at, String message) {
        Mark m = at == null ? null : at.getStartMark();
        problems.add(new Problem(Problem.Severity.WARNING, file, m == null ? 1 : m.getLine() + 1,
                m == null ? 1 : m.getColumn() + 1, message));
    }

    /**
     * An error about the variable {@code {{name}}} of the text value {@code at}: placed on the variable
     * itself where the file's text shows it, else on the value.
     */
    public void variableError(Node at, String variable, String message) {
        int[] place = variablePlace(at, variable);
        if (place == null) {
            error(at, message);
        } else {
            error(place[0], place[1], message);
        }
    }

    private int[] variablePlace(Node at, String variable) {
        if (text == null || at == null || at.getStartMark() == null || at.getEndMark() == null) {
            return null;
        }
        int from = at.getStartMark().getIndex();
        int to = at.getEndMark().getIndex();
        int length = text.codePointCount(0, text.length());
        if (from < 0 || to > length || from >= to) {
            return null;
        }
        int start = text.offsetByCodePoints(0, from);
        String value = text.substring(start, text.offsetByCodePoints(start, to - from));
        Matcher m = Pattern.compile("\\{\\{\\s*" + Pattern.quote(variable) + "\\s*}}").matcher(value);
        return m.find() ? lineAndColumn(text, from + value.codePointCount(0, m.start())) : null;
    }

    /**
     * The 1-based line and column of the code point at {@code index} of {@code text}, counted as the
     * YAML reader counts them (code points, a byte order mark not counted; a line ends at \n, \r, \r\n,
     * U+0085, U+2028 or U+2029).
     */
    public static int[] lineAndColumn(String text, int index) {
        int line = 1;
        int column = 1;
        int i = 0;
        for (int n = 0; n < index && i < text.length(); n++) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            boolean crBeforeLf = c == '\r' && i < text.length() && text.charAt(i) == '\n';
            if (c == '\n' || c == 0x85 || c == 0x2028 || c == 0x2029 || (c == '\r' && !crBeforeLf)) {
                line++;
                column = 1;
            } else if (c != 0xFEFF) {
                column++;
            }
        }
        return new int[] {line, column};
    }

    /** A mapping's entries by key, in order; duplicate keys and non-scalar keys are reported. */
    public Optional<Entries> mapping(Node node, String what) {
        if (!(node instanceof MappingNode map)) {
            error(node, what + " should be a mapping of keys to values, not " + describe(node));
            return Optional.empty();
        }
        Entries entries = new Entries(map);
        for (NodeTuple t : map.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode key)) {
                error(t.getKeyNode(), "a key in " + what + " should be a plain word");
                continue;
            }
            if (entries.values.containsKey(key.getValue())) {
                error(key, "'" + key.getValue() + "' appears twice in " + what + ": keep one");
                continue;
            }
            entries.values.put(key.getValue(), t.getValueNode());
            entries.keys.put(key.getValue(), key);
        }
        return Optional.of(entries);
    }

    /** The keys of a mapping that are not allowed, each reported with the allowed ones. */
    public void onlyKeys(Entries entries, Set<String> allowed, String what) {
        for (var e : entries.keys.entrySet()) {
            if (!allowed.contains(e.getKey())) {
                error(e.getValue(), "unknown key '" + e.getKey() + "' in " + what + suggestion(e.getKey(), allowed)
                        + " (allowed: " + String.join(", ", new TreeSet<>(allowed)) + ")");
            }
        }
    }

    public Optional<String> scalar(Node node, String what) {
        if (node instanceof ScalarNode s) {
            return Optional.of(s.getValue());
        }
        error(node, what + " should be a single value, not " + describe(node));
        return Optional.empty();
    }

    public Optional<String> text(Node node, String what) {
        Optional<String> s = scalar(node, what);
        if (s.isPresent() && node instanceof ScalarNode sn && sn.getTag().getValue().endsWith(":null")
                && sn.getValue().isEmpty()) {
            return Optional.of("");
        }
        return s;
    }

    public Optional<Boolean> bool(Node node, String what) {
        return scalar(node, what).flatMap(v -> switch (v.toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "on" -> Optional.of(true);
            case "false", "no", "off" -> Optional.of(false);
            default -> {
                error(node, what + " should be true or false, not '" + v + "'");
                yield Optional.empty();
            }
        });
    }

    public Optional<List<Node>> sequence(Node node, String what) {
        if (node instanceof SequenceNode seq) {
            return Optional.of(seq.getValue());
        }
        error(node, what + " should be a list (items starting with '- '), not " + describe(node));
        return Optional.empty();
    }

    public static String describe(Node node) {
        if (node instanceof ScalarNode s) {
            return s.getValue().isEmpty() ? "nothing" : "the value '" + abbreviate(s.getValue()) + "'";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        return "nothing";
    }

    static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 39) + "…";
    }

    /** ", did you mean 'x'?" when a close allowed word exists. */
    public static String suggestion(String word, Iterable<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : known) {
            int d = distance(word, k);
            if (d < bestDistance) {
                bestDistance = d;
                best = k;
            }
        }
        return best != null && bestDistance <= Math.max(2, word.length() / 3) && bestDistance < word.length() ? ": did you mean '" + best + "'?" : "";
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    /** A mapping's entries, with the key nodes kept for positions. */
    public static final class Entries {
        private final MappingNode node;
        private final Map<String, Node> values = new LinkedHashMap<>();
        private final Map<String, ScalarNode> keys = new HashMap<>();

        Entries(MappingNode node) {
            this.node = node;
        }

        public MappingNode node() {
            return node;
        }

        public Optional<Node> get(String key) {
            return Optional.ofNullable(values.get(key));
        }

        public boolean has(String key) {
            return values.containsKey(key);
        }

        public Node key(String key) {
            return keys.get(key);
        }

        public Set<String> keys() {
            return values.keySet();
        }

        public List<Map.Entry<String, Node>> entries() {
            return new ArrayList<>(values.entrySet());
        }
    }
}
