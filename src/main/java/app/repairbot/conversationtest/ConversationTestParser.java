package app.repairbot.conversationtest;

import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

import app.repairbot.flow.Durations;
import app.repairbot.flow.FlowCatalog;
import app.repairbot.flow.Problem;
import app.repairbot.flow.YamlNodes;

/** Reads conversation-test files, reporting every mistake with its line and column. */
public final class ConversationTestParser {
    /** Where a test's clock starts when it names no {@code now}. */
    public static final Instant DEFAULT_NOW = Instant.parse("2026-01-05T09:00:00Z");
    private static final Set<String> KEYS = Set.of("name", "couple", "now", "timezone", "timezones", "steps");

    private final YamlNodes yaml;

    private ConversationTestParser(YamlNodes yaml) {
        this.yaml = yaml;
    }

    /** The tests of one file (one test, or a list under {@code tests:}); problems go to {@code problems}. */
    public static List<ConversationTest> parse(Path file, List<Problem> problems) {
        YamlNodes yaml = new YamlNodes(file, problems);
        Optional<Node> root = FlowCatalog.readUtf8(file, problems).flatMap(text -> FlowCatalog.compose(file, text, problems));
        if (root.isEmpty()) {
            return List.of();
        }
        ConversationTestParser p = new ConversationTestParser(yaml);
        var top = yaml.mapping(root.get(), "a test file");
        if (top.isEmpty()) {
            return List.of();
        }
        if (top.get().has("tests")) {
            yaml.onlyKeys(top.get(), Set.of("tests"), "a file of tests");
            List<ConversationTest> tests = new ArrayList<>();
            yaml.sequence(top.get().get("tests").get(), "tests").orElse(List.of())
                    .forEach(n -> p.test(n).ifPresent(tests::add));
            return tests;
        }
        return p.test(root.get()).map(List::of).orElse(List.of());
    }

    private Optional<ConversationTest> test(Node node) {
        int before = yaml.problems().size();
        var m = yaml.mapping(node, "a test");
        if (m.isEmpty()) {
            return Optional.empty();
        }
        var e = m.get();
        yaml.onlyKeys(e, KEYS, "a test");
        for (String required : List.of("name", "couple", "steps")) {
            if (!e.has(required)) {
                yaml.error(node, "the test has no '" + required + "'");
            }
        }
        String name = e.get("name").flatMap(n -> yaml.scalar(n, "name")).orElse("(unnamed)");
        List<String> couple = new ArrayList<>();
        e.get("couple").flatMap(n -> yaml.sequence(n, "couple")).ifPresent(items -> {
            items.forEach(i -> yaml.scalar(i, "a name in couple").ifPresent(couple::add));
            if (couple.size() != 2 || couple.get(0).equalsIgnoreCase(couple.get(1))) {
                yaml.error(e.get("couple").get(), "couple should be two different first names, like [Alex, Sam]");
            }
        });
        Instant now = e.get("now").flatMap(n -> yaml.scalar(n, "now")).map(v -> {
            try {
                return Instant.parse(v);
            } catch (DateTimeParseException ex) {
                yaml.error(e.get("now").get(), "now '" + v + "' is not a UTC time like 2026-11-29T18:00:00Z");
                return DEFAULT_NOW;
            }
        }).orElse(DEFAULT_NOW);
        ZoneId zone = e.get("timezone").flatMap(n -> yaml.scalar(n, "timezone")).map(v -> {
            try {
                return ZoneId.of(v);
            } catch (DateTimeException ex) {
                yaml.error(e.get("timezone").get(), "timezone '" + v + "' is not a time zone like Europe/Berlin");
                return ZoneId.of("UTC");
            }
        }).orElse(ZoneId.of("UTC"));
        java.util.Map<String, ZoneId> zones = new java.util.LinkedHashMap<>();
        if (e.has("timezones")) {
            Node zonesNode = e.get("timezones").get();
            if (e.has("timezone")) {
                yaml.error(zonesNode, "give either timezone (one for both) or timezones (one each), not both");
            }
            yaml.mapping(zonesNode, "timezones").ifPresent(zm -> {
                for (var entry : zm.entries()) {
                    Node keyNode = zm.key(entry.getKey());
                    Optional<String> who = partner(keyNode, entry.getKey(), couple);
                    Optional<String> v = yaml.scalar(entry.getValue(), "a time zone");
                    if (who.isEmpty() || v.isEmpty()) {
                        continue;
                    }
                    try {
                        zones.put(who.get(), ZoneId.of(v.get()));
                    } catch (DateTimeException ex) {
                        yaml.error(entry.getValue(), "'" + v.get() + "' is not a time zone like Europe/Berlin");
                    }
                }
                if (yaml.problems().stream().skip(before).noneMatch(Problem::isError) && zones.size() != couple.size()) {
                    yaml.error(zonesNode, "timezones should give each of " + couple + " a zone, like "
                            + "timezones: {" + couple.get(0) + ": Europe/London, " + couple.get(couple.size() - 1) + ": America/New_York}");
                }
            });
        }
        List<ConversationTest.TestStep> steps = new ArrayList<>();
        e.get("steps").flatMap(n -> yaml.sequence(n, "steps")).ifPresent(items -> {
            for (Node item : items) {
                step(item, couple).ifPresent(steps::add);
            }
        });
        if (yaml.problems().stream().skip(before).anyMatch(Problem::isError)) {
            return Optional.empty();
        }
        return Optional.of(new ConversationTest(yaml.file(), node.getStartMark().getLine() + 1, name, couple, now,
                zone, zones, steps));
    }

    private Optional<ConversationTest.TestStep> step(Node item, List<String> couple) {
        var m = yaml.mapping(item, "a test step");
        if (m.isEmpty()) {
            return Optional.empty();
        }
        if (m.get().keys().size() != 1) {
            yaml.error(item, "a test step has exactly one key, like 'Alex: hello' or 'bot: welcome'");
            return Optional.empty();
        }
        String key = m.get().keys().iterator().next();
        Node valueNode = m.get().get(key).get();
        int line = item.getStartMark().getLine() + 1;
        Optional<String> value = valueNode instanceof ScalarNode s ? Optional.of(s.getValue()) : Optional.empty();
        if (value.isEmpty()) {
            yaml.error(valueNode, "'" + key + "' takes a single value");
            return Optional.empty();
        }
        String v = value.get();
        String[] words = key.strip().split("\\s+");
        switch (words[0]) {
            case "bot" -> {
                if (words.length == 1) {
                    return matcher(valueNode, v).map(mt -> new ConversationTest.Expects(line, null, mt));
                }
                if (words.length == 3 && words[1].equals("to")) {
                    return partner(m.get().key(key), words[2], couple)
                            .flatMap(who -> matcher(valueNode, v).map(mt -> new ConversationTest.Expects(line, who, mt)));
                }
            }
            case "wait" -> {
                Optional<Duration> d = Durations.parse(v);
                if (d.isEmpty()) {
                    yaml.error(valueNode, "wait '" + v + "' is not a duration like 30s, 20m, 24h or 7d");
                }
                return d.map(x -> new ConversationTest.Waits(line, x));
            }
            case "step" -> {
                return Optional.of(new ConversationTest.AtStep(line, v.strip()));
            }
            case "silence" -> {
                String where = v.strip();
                if (where.equals("group") || where.equals("all")) {
                    return Optional.of(new ConversationTest.Silence(line, where));
                }
                if (!couple.contains(where)) {
                    yaml.error(valueNode, "silence takes 'group', 'all' or a name in this test's couple " + couple + ", not '" + where + "'");
                    return Optional.empty();
                }
                return partner(valueNode, where, couple).map(w -> new ConversationTest.Silence(line, w));
            }
            default -> {
                if (words.length == 1 && !couple.contains(words[0]) && Character.isLowerCase(words[0].charAt(0))) {
                    // "wiat: 5m": in lower case, a step kind mistyped more likely than a name; say both, and the likelier one.
                    // A capitalised word ("Kim: hi") is a name, and the error below says it is not in the couple.
                    List<String> known = new java.util.ArrayList<>(List.of("bot", "wait", "step", "silence"));
                    known.addAll(couple);
                    yaml.error(m.get().key(key), "'" + key + "' is neither a step (bot, bot to NAME, wait, step, silence) nor a name "
                            + "in this test's couple " + couple + app.repairbot.flow.YamlNodes.suggestion(key, known)
                            .replace(": did you", "; did you").replace("?", ""));
                    return Optional.empty();
                }
                if (words.length == 1) {
                    return partner(m.get().key(key), words[0], couple).map(w -> new ConversationTest.Writes(line, w, false, v));
                }
                if (words.length == 2 && words[1].equals("privately")) {
                    return partner(m.get().key(key), words[0], couple).map(w -> new ConversationTest.Writes(line, w, true, v));
                }
                if (words.length == 2 && words[1].equals("taps")) {
                    return partner(m.get().key(key), words[0], couple).map(w -> new ConversationTest.Taps(line, w, v));
                }
            }
        }
        yaml.error(m.get().key(key), "unknown test step '" + key + "': use NAME, NAME privately, NAME taps, bot, "
                + "bot to NAME, wait, step or silence");
        return Optional.empty();
    }

    private Optional<String> partner(Node at, String name, List<String> couple) {
        for (String c : couple) {
            if (c.equals(name)) {
                return Optional.of(c);
            }
        }
        yaml.error(at, "'" + name + "' is not in this test's couple " + couple + ": use one of their names");
        return Optional.empty();
    }

    private Optional<ConversationTest.Matcher> matcher(Node at, String v) {
        // "/…/i", as many languages write a regular expression that ignores case, is the same as "/(?i)…/".
        boolean ignoringCase = v.length() >= 3 && v.startsWith("/") && v.endsWith("/i");
        if (ignoringCase || v.length() >= 2 && v.startsWith("/") && v.endsWith("/")) {
            try {
                String regex = v.substring(1, v.length() - (ignoringCase ? 2 : 1));
                return Optional.of(new ConversationTest.Matcher(v, Pattern.compile(regex,
                        Pattern.DOTALL | (ignoringCase ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0))));
            } catch (PatternSyntaxException ex) {
                yaml.error(at, "'" + v + "' is not a valid regular expression: " + ex.getDescription());
                return Optional.empty();
            }
        }
        return Optional.of(new ConversationTest.Matcher(v, null));
    }
}
