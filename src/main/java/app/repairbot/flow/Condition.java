package app.repairbot.flow;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A branch condition. Flows are data: the only forms are these. Comparisons ignore case and
 * surrounding space; a variable not saved yet matches nothing (so {@code not} of it is true).
 */
public sealed interface Condition {

    boolean test(Function<String, String> values);

    /** Every variable the condition reads. */
    void variables(Consumer<String> sink);

    /** A short human form, for graphs. */
    String describe();

    private static String norm(String s) {
        return s == null ? null : s.strip().toLowerCase(Locale.ROOT);
    }

    record Equals(String var, String value) implements Condition {
        public void variables(Consumer<String> sink) {
            sink.accept(var);
        }

        public boolean test(Function<String, String> values) {
            String v = norm(values.apply(var));
            return v != null && v.equals(norm(value));
        }

        public String describe() {
            return var + " = " + value;
        }
    }

    record In(String var, List<String> values) implements Condition {
        public void variables(Consumer<String> sink) {
            sink.accept(var);
        }

        public In {
            values = List.copyOf(values);
        }

        public boolean test(Function<String, String> lookup) {
            String v = norm(lookup.apply(var));
            return v != null && values.stream().map(Condition::norm).anyMatch(v::equals);
        }

        public String describe() {
            return var + " in " + values;
        }
    }

    /**
     * A regex found in the value (case-insensitive). A match that reads more than its budget of
     * characters (a runaway regex) counts as no match; {@code flow} and {@code step} say in the log
     * which condition it was.
     */
    record Matches(String var, Pattern pattern, String flow, String step) implements Condition {
        public void variables(Consumer<String> sink) {
            sink.accept(var);
        }

        public boolean test(Function<String, String> values) {
            String v = values.apply(var);
            return v != null && Regexes.find(pattern, v, flow, step);
        }

        public String describe() {
            return var + " ~ /" + pattern.pattern() + "/";
        }
    }

    record Any(List<Condition> conditions) implements Condition {
        public void variables(Consumer<String> sink) {
            conditions.forEach(c -> c.variables(sink));
        }

        public Any {
            conditions = List.copyOf(conditions);
        }

        public boolean test(Function<String, String> values) {
            return conditions.stream().anyMatch(c -> c.test(values));
        }

        public String describe() {
            return "any(" + String.join(", ", conditions.stream().map(Condition::describe).toList()) + ")";
        }
    }

    record All(List<Condition> conditions) implements Condition {
        public void variables(Consumer<String> sink) {
            conditions.forEach(c -> c.variables(sink));
        }

        public All {
            conditions = List.copyOf(conditions);
        }

        public boolean test(Function<String, String> values) {
            return conditions.stream().allMatch(c -> c.test(values));
        }

        public String describe() {
            return "all(" + String.join(", ", conditions.stream().map(Condition::describe).toList()) + ")";
        }
    }

    record Not(Condition condition) implements Condition {
        public void variables(Consumer<String> sink) {
            condition.variables(sink);
        }

        public boolean test(Function<String, String> values) {
            return !condition.test(values);
        }

        public String describe() {
            return "not " + condition.describe();
        }
    }

    Set<String> FORMS = Set.of("var", "any", "all", "not");
}
