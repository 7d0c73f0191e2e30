package app.repairbot.flow;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Turns one flow file's YAML nodes into steps, reporting every wrong key, type and value with
 * its line and column. Graph-wide checks (reachability, variables) are {@link FlowChecker}'s.
 */
final class FlowParser {
    static final int MAX_TEXT = 4096;
    static final int LONG_TEXT = 1000;
    static final int MAX_LABEL_BYTES = 64;
    static final Set<String> TOP_KEYS = Set.of("id", "title", "description", "audience", "command", "start",
            "expire", "on_expire", "steps");
    static final List<String> KINDS = List.of("say", "ask", "branch", "pause", "share", "goto", "end");
    static final Map<String, Set<String>> KEYS_OF_KIND = Map.of(
            "say", Set.of("say", "next"),
            "ask", Set.of("ask", "text", "save", "next", "options", "strict", "sealed", "timeout", "remind", "coach",
                    "coach_for", "min_length", "label"),
            "branch", Set.of("branch", "else"),
            "pause", Set.of("pause", "text", "next"),
            "share", Set.of("share", "text", "next"),
            "goto", Set.of("goto"),
            "end", Set.of("end", "recap", "follow_up"));
    static final Set<String> FOLLOW_UP_KEYS = Set.of("after", "at", "flow");
    static final Pattern COMMAND = Pattern.compile("[a-z0-9_]{1,32}");
    static final Pattern SAVE_NAME = Pattern.compile("[a-z][a-z0-9_-]*");

    /** What one file holds, positions included; {@code complete} when every step parsed. */
    static final class Draft {
        Path file;
        String id;
        String title;
        String description = "";
        Audience audience;
        String command;
        String start;
        Duration expire = Flow.DEFAULT_EXPIRE;
        Template onExpire;
        final Map<String, Step> steps = new LinkedHashMap<>();
        final List<String> stepIds = new ArrayList<>();
        final Map<String, Node> at = new HashMap<>();
        /** Where each parsed template and condition stands in the file. */
        final Map<Object, Node> nodeOf = new java.util.IdentityHashMap<>();
        boolean complete = true;
        String version;
        /** The file's text, to place a problem inside a value. */
        String text;

        Node at(String key, String fallback) {
            Node n = at.get(key);
            return n != null ? n : at.get(fallback);
        }
    }

    private final YamlNodes yaml;
    private final Draft draft = new Draft();

    private FlowParser(YamlNodes yaml) {
        this.yaml = yaml;
    }

    static Draft parse(Path file, Node root, String text, List<Problem> problems) {
        FlowParser p = new FlowParser(new YamlNodes(file, problems));
        p.draft.file = file;
        p.draft.version = Hashes.shortSha256(text.getBytes(StandardCharsets.UTF_8));
        p.draft.text = text;
        p.flow(root);
        return p.draft;
    }

    private void flow(Node root) {
        var top = yaml.mapping(root, "a flow file");
        if (top.isEmpty()) {
            draft.complete = false;
            return;
        }
        var e = top.get();
        yaml.onlyKeys(e, TOP_KEYS, "the flow");
        for (String required : List.of("id", "title", "audience", "steps")) {
            if (!e.has(required)) {
                yaml.error(root, "the flow has no '" + required + "': add '" + required + ": …' at the top"
                        + (required.equals("id") ? " (the file's name without .yaml)" : ""));
                draft.complete = false;
            }
        }
        e.get("id").flatMap(n -> yaml.scalar(n, "id")).ifPresent(id -> {
            draft.id = id;
            draft.at.put("id", e.get("id").get());
            if (!FlowId.isValid(id)) {
                yaml.error(e.get("id").get(), "id '" + id + "' should be kebab-case: lower-case words joined by '-', "
                        + "like name-the-impact");
            }
        });
        e.get("title").flatMap(n -> yaml.text(n, "title")).ifPresent(t -> {
            draft.title = t.strip();
            if (draft.title.isEmpty()) {
                yaml.error(e.get("title").get(), "title is empty: give the flow a short name for menus");
            } else if (t.length() > MAX_LABEL_BYTES) {
                yaml.warning(e.get("title").get(), "the title is long for a menu button; keep it under 64 characters");
            }
        });
        e.get("description").flatMap(n -> yaml.text(n, "description")).ifPresent(d -> draft.description = d.strip());
        e.get("audience").flatMap(n -> yaml.scalar(n, "audience")).ifPresent(a -> {
            switch (a) {
                case "couple" -> draft.audience = Audience.COUPLE;
                case "private" -> draft.audience = Audience.PRIVATE;
                default -> {
                    yaml.error(e.get("audience").get(), "audience '" + a + "' is not known: use couple (a group "
                            + "chat with both partners) or private (one person with the bot)");
                    draft.complete = false;
                }
            }
        });
        e.get("command").flatMap(n -> yaml.scalar(n, "command")).ifPresent(c -> {
            String cmd = c.startsWith("/") ? c.substring(1) : c;
            draft.at.put("command", e.get("command").get());
            if (!COMMAND.matcher(cmd).matches()) {
                yaml.error(e.get("command").get(), "command '" + c + "' is not a Telegram command: use 1 to 32 "
                        + "lower-case letters, digits or '_' (no '-'), like impact");
            } else {
                draft.command = cmd;
            }
        });
        e.get("start").flatMap(n -> yaml.scalar(n, "start")).ifPresent(s -> {
            draft.start = s;
            draft.at.put("start", e.get("start").get());
        });
        e.get("expire").ifPresent(n -> duration(n, "expire").ifPresent(d -> draft.expire = d));
        e.get("on_expire").ifPresent(n -> draft.onExpire = template(n, "on_expire"));
        e.get("steps").ifPresent(this::steps);
    }

    private void steps(Node node) {
        var steps = yaml.mapping(node, "steps");
        if (steps.isEmpty()) {
            draft.complete = false;
            return;
        }
        if (steps.get().keys().isEmpty()) {
            yaml.error(node, "the flow has no steps: add at least one step under 'steps:'");
            draft.complete = false;
            return;
        }
        for (var entry : steps.get().entries()) {
            String id = entry.getKey();
            Node keyNode = steps.get().key(id);
            draft.stepIds.add(id);
            draft.at.put("steps." + id, keyNode);
            if (id.equals(Step.END)) {
                yaml.error(keyNode, "a step may not be called 'end': 'next: end' means a silent end; rename it");
                draft.complete = false;
                continue;
            }
            if (!FlowId.isValid(id)) {
                yaml.error(keyNode, "step id '" + id + "' should be kebab-case: lower-case words joined by '-'");
            }
            Optional<Step> step = step(id, entry.getValue());
            if (step.isPresent()) {
                draft.steps.put(id, step.get());
            } else {
                draft.complete = false;
            }
        }
    }

    private Optional<Step> step(String id, Node node) {
        String what = "step '" + id + "'";
        var m = yaml.mapping(node, what);
        if (m.isEmpty()) {
            return Optional.empty();
        }
        var e = m.get();
        List<String> kinds = KINDS.stream().filter(e::has).toList();
        if (kinds.isEmpty()) {
            yaml.error(stepKey(id), what + " has no kind: give it exactly one of " + String.join(", ", KINDS));
            return Optional.empty();
        }
        if (kinds.size() > 1) {
            yaml.error(e.key(kinds.get(1)), what + " has two kinds (" + String.join(" and ", kinds)
                    + "): a step is exactly one of " + String.join(", ", KINDS) + "; split it into two steps");
            return Optional.empty();
        }
        String kind = kinds.get(0);
        yaml.onlyKeys(e, KEYS_OF_KIND.get(kind), "a " + kind + " step ('" + id + "')");
        for (String key : e.keys()) {
            draft.at.put("steps." + id + "." + key, e.get(key).get());
        }
        int before = yaml.problems().size();
        Step step = switch (kind) {
            case "say" -> new Step.Say(id, template(e.get("say").get(), "say"), next(e, id, true).orElse(null));
            case "ask" -> ask(id, e);
            case "branch" -> branch(id, e);
            case "pause" -> {
                if (e.get("text").isEmpty()) {
                    yaml.warning(e.get("pause").get(), "pause step '" + id + "' has no text: the couple hears nothing until "
                            + "'Ready to continue?'; add text: saying why you pause and for how long");
                }
                yield new Step.Pause(id, duration(e.get("pause").get(), "pause").orElse(null),
                        e.get("text").map(n -> template(n, "text")).orElse(Template.literal("")), next(e, id, true).orElse(null));
            }
            case "share" -> share(id, e);
            case "goto" -> yaml.scalar(e.get("goto").get(), "goto").filter(f -> {
                if (!FlowId.isValid(f)) {
                    yaml.error(e.get("goto").get(), "goto '" + f + "' is not a flow id (kebab-case, like name-the-impact)");
                    return false;
                }
                return true;
            }).map(f -> (Step) new Step.Goto(id, new FlowId(f))).orElse(null);
            default -> new Step.End(id, template(e.get("end").get(), "end"),
                    e.get("recap").flatMap(n -> yaml.bool(n, "recap")).orElse(false),
                    e.get("follow_up").flatMap(n -> followUp(id, n)));
        };
        boolean clean = yaml.problems().stream().skip(before).noneMatch(Problem::isError);
        return clean ? Optional.ofNullable(step) : Optional.empty();
    }

    private static final Pattern CLOCK = Pattern.compile("([01]?[0-9]|2[0-3]):([0-5][0-9])");

    /** {@code follow_up: { after: 3d, at: "19:00", flow: small-steps-check }} on an end step. */
    private Optional<Step.FollowUp> followUp(String id, Node node) {
        String what = "the follow_up of step '" + id + "'";
        var m = yaml.mapping(node, what);
        if (m.isEmpty()) {
            return Optional.empty();
        }
        var e = m.get();
        yaml.onlyKeys(e, FOLLOW_UP_KEYS, what);
        boolean complete = true;
        for (String key : List.of("after", "flow")) {
            if (!e.has(key)) {
                yaml.error(node, what + " has no '" + key + "': write it like "
                        + "follow_up: { after: 3d, at: \"19:00\", flow: small-steps-check }");
                complete = false;
            }
        }
        Optional<Duration> after = e.get("after").flatMap(n -> duration(n, "after"));
        Optional<java.time.LocalTime> at = Optional.empty();
        if (e.has("at")) {
            Node atNode = e.get("at").get();
            Optional<String> clock = yaml.scalar(atNode, "at");
            var matched = clock.map(c -> CLOCK.matcher(c.strip())).filter(java.util.regex.Matcher::matches);
            if (clock.isPresent() && matched.isEmpty()) {
                yaml.error(atNode, what + ": at '" + clock.get() + "' is not a time of day: write it as \"19:00\" "
                        + "(24-hour, in quotes)");
                complete = false;
            }
            at = matched.map(x -> java.time.LocalTime.of(Integer.parseInt(x.group(1)), Integer.parseInt(x.group(2))));
        }
        Optional<FlowId> flow = e.get("flow").flatMap(n -> yaml.scalar(n, "flow")).filter(f -> {
            if (!FlowId.isValid(f)) {
                yaml.error(e.get("flow").get(), what + ": flow '" + f + "' is not a flow id (kebab-case, like small-steps-check)");
                return false;
            }
            return true;
        }).map(FlowId::new);
        if (!complete || after.isEmpty() || flow.isEmpty()) {
            return Optional.empty();
        }
        Node flowNode = e.get("flow").get();
        return Optional.of(new Step.FollowUp(after.get(), at, flow.get(), flowNode.getStartMark().getLine() + 1,
                flowNode.getStartMark().getColumn() + 1));
    }

    /** The step's id in the file: where a problem of the whole step, such as a missing key, is reported. */
    private Node stepKey(String id) {
        return draft.at.get("steps." + id);
    }

    private Optional<String> next(YamlNodes.Entries e, String id, boolean required) {
        Optional<Node> n = e.get("next");
        if (n.isEmpty()) {
            if (required) {
                yaml.error(stepKey(id), "step '" + id + "' has no 'next': say which step comes after it (or 'end')");
            }
            return Optional.empty();
        }
        return yaml.scalar(n.get(), "next");
    }

    private Step share(String id, YamlNodes.Entries e) {
        Node at = e.get("share").get();
        String variable = yaml.scalar(at, "share").orElse(null);
        if (variable != null && !SAVE_NAME.matcher(variable).matches()) {
            yaml.error(at, "share step '" + id + "' should name a saved answer, like 'share: draft'");
            variable = null;
        }
        Template text = e.get("text").map(n -> template(n, "text")).orElse(Template.literal(""));
        String next = next(e, id, true).orElse(null);
        return variable == null ? null : new Step.Share(id, variable, text, next);
    }

    private Step ask(String id, YamlNodes.Entries e) {
        Node whoNode = e.get("ask").get();
        Who who = yaml.scalar(whoNode, "ask").map(w -> {
            for (Who candidate : Who.values()) {
                if (candidate.yamlName().equals(w)) {
                    return candidate;
                }
            }
            yaml.error(whoNode, "step '" + id + "' asks unknown role '" + w + "': use starter, partner, both or either");
            return null;
        }).orElse(null);
        if (!e.has("text")) {
            yaml.error(stepKey(id), "ask step '" + id + "' has no 'text': write the question the bot asks");
        }
        Template text = e.get("text").map(n -> template(n, "text")).orElse(Template.literal(""));
        if (e.has("text") && text.isEmpty()) {
            yaml.error(e.get("text").get(), "ask step '" + id + "' has an empty question");
        }
        String save = null;
        if (!e.has("save")) {
            yaml.error(stepKey(id), "ask step '" + id + "' has no 'save': name the answer, like 'save: feeling'");
        } else {
            save = yaml.scalar(e.get("save").get(), "save").orElse(null);
            if (save != null && (!SAVE_NAME.matcher(save).matches() || save.equals("starter") || save.equals("partner"))) {
                yaml.error(e.get("save").get(), "save name '" + save + "' should be a lower-case word like feeling "
                        + "(letters, digits, '-' or '_'; not starter or partner)");
            }
        }
        boolean strict = e.get("strict").flatMap(n -> yaml.bool(n, "strict")).orElse(false);
        List<Step.Option> options = e.get("options").map(n -> options(id, n)).orElse(List.of());
        if (e.get("options").orElse(null) instanceof org.yaml.snakeyaml.nodes.SequenceNode seq && seq.getValue().isEmpty()) {
            yaml.error(e.get("options").get(), "step '" + id + "' has an empty options list: add buttons or remove it");
        }
        if (strict && !e.has("options")) {
            yaml.error(e.get("strict").get(), "strict needs options: it makes the bot insist on a button");
        }
        Optional<String> next = next(e, id, false);
        boolean everyOptionHasNext = !options.isEmpty() && options.stream().allMatch(o -> o.next().isPresent());
        if (next.isEmpty() && !e.has("next") && !(strict && everyOptionHasNext)) {
            yaml.error(stepKey(id), "ask step '" + id + "' has no 'next': say which step comes after it"
                    + (options.isEmpty() ? "" : " (a step may leave it out only with strict: true and a next on every option)"));
        }
        boolean sealed = e.get("sealed").flatMap(n -> yaml.bool(n, "sealed")).orElse(false);
        Optional<String> coachValue = e.get("coach").flatMap(n -> yaml.scalar(n, "coach")).map(String::strip);
        boolean coachPrivately = coachValue.filter("private"::equals).isPresent();
        boolean coach = coachPrivately || coachValue.flatMap(v -> coachSwitch(e.get("coach").get(), v)).orElse(false);
        if (coachPrivately && draft.audience == Audience.PRIVATE) {
            yaml.error(e.get("coach").get(), "coach: private is for couple flows (it moves a draft from the group into a private "
                    + "chat); in a private flow the chat is already private: write coach: true");
        }
        CoachPurpose coachFor = e.get("coach_for").flatMap(n -> coachFor(id, n)).orElse(CoachPurpose.IMPACT);
        // Without coach, or with coach: false, coach_for would do nothing; a wrong coach value is reported already.
        if (e.has("coach_for") && !coach && coachValue.map(this::isSwitch).orElse(!e.has("coach"))) {
            yaml.error(e.get("coach_for").get(), "coach_for says what the coach looks for, but step '" + id + "' is not coached: "
                    + "add coach: true (or coach: private), or remove coach_for");
        }
        Optional<Template> label = e.get("label").map(n -> template(n, "label"));
        Optional<Duration> timeout = e.get("timeout").flatMap(n -> duration(n, "timeout"));
        Optional<Template> remind = e.get("remind").map(n -> template(n, "remind"));
        if (e.has("remind") && !e.has("timeout")) {
            yaml.error(e.get("remind").get(), "remind needs a timeout: add 'timeout: 24h' (how long to wait before reminding)");
        }
        int minLength = e.get("min_length").flatMap(n -> yaml.scalar(n, "min_length")).map(v -> {
            try {
                int n = Integer.parseInt(v.strip());
                if (n >= 1 && n <= MAX_TEXT) {
                    return n;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            yaml.error(e.get("min_length").get(), "min_length should be a whole number from 1 to 4096, not '" + v + "'");
            return 0;
        }).orElse(0);
        return new Step.Ask(id, who, text, save, next, options, strict, sealed || coachPrivately, timeout, remind, coach, minLength,
                coachPrivately, label, coachFor);
    }

    /** {@code coach:} true or false ({@code private} is read by the caller); a purpose word here points to coach_for. */
    private Optional<Boolean> coachSwitch(Node node, String v) {
        if (isSwitch(v)) {
            return yaml.bool(node, "coach");
        }
        if (CoachPurpose.of(v.toLowerCase(Locale.ROOT)).isPresent()) {
            yaml.error(node, "coach is true, false or private; to say what the step is for, write coach: true and "
                    + "coach_for: " + v.toLowerCase(Locale.ROOT) + " on the step");
        } else {
            yaml.error(node, "coach should be true, false or private, not '" + v + "'");
        }
        return Optional.empty();
    }

    private boolean isSwitch(String value) {
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "false", "no", "off" -> true;
            default -> false;
        };
    }

    /** {@code coach_for:} one of the purposes the coach knows; anything else is an error that lists them. */
    private Optional<CoachPurpose> coachFor(String id, Node node) {
        return yaml.scalar(node, "coach_for").flatMap(v -> {
            Optional<CoachPurpose> purpose = CoachPurpose.of(v.strip());
            if (purpose.isEmpty()) {
                yaml.error(node, "step '" + id + "' has coach_for '" + v + "', which the coach does not know"
                        + YamlNodes.suggestion(v.strip().toLowerCase(Locale.ROOT), CoachPurpose.yamlNames())
                        + " (allowed: " + String.join(", ", CoachPurpose.yamlNames()) + ")");
            }
            return purpose;
        });
    }

    private List<Step.Option> options(String id, Node node) {
        List<Step.Option> options = new ArrayList<>();
        Set<String> labels = new java.util.HashSet<>();
        List<Node> items = yaml.sequence(node, "options").orElse(List.of());
        for (int i = 0; i < items.size(); i++) {
            Node item = items.get(i);
            String label;
            String value;
            Node labelNode = item;
            Optional<String> next = Optional.empty();
            if (item instanceof ScalarNode s) {
                label = s.getValue();
                value = label;
            } else {
                var m = yaml.mapping(item, "an option");
                if (m.isEmpty()) {
                    continue;
                }
                yaml.onlyKeys(m.get(), Set.of("label", "value", "next"), "an option");
                if (!m.get().has("label")) {
                    yaml.error(item, "an option of step '" + id + "' has no label: add 'label: …' (the button's text)");
                    continue;
                }
                labelNode = m.get().get("label").get();
                label = yaml.scalar(labelNode, "label").orElse("");
                value = m.get().get("value").flatMap(n -> yaml.scalar(n, "value")).orElse(label);
                next = m.get().get("next").flatMap(n -> yaml.scalar(n, "next"));
                m.get().get("next").ifPresent(n -> draft.at.put("steps." + id + ".options." + options.size() + ".next", n));
            }
            if (label.isBlank()) {
                yaml.error(labelNode, "an option of step '" + id + "' has an empty label: write the button's text");
                continue;
            }
            int bytes = label.getBytes(StandardCharsets.UTF_8).length;
            if (bytes > MAX_LABEL_BYTES) {
                yaml.error(labelNode, "button label '" + YamlNodes.abbreviate(label) + "' is " + bytes + " bytes; Telegram "
                        + "buttons take at most 64: shorten it (put the detail in the question)");
            }
            if (!labels.add(label.strip().toLowerCase(Locale.ROOT))) {
                yaml.error(labelNode, "step '" + id + "' has two buttons labelled '" + label + "': labels must differ");
            }
            options.add(new Step.Option(label, value, next));
        }
        return options;
    }

    private Step branch(String id, YamlNodes.Entries e) {
        List<Step.Case> cases = new ArrayList<>();
        List<Node> items = yaml.sequence(e.get("branch").get(), "branch").orElse(List.of());
        if (items.isEmpty() && e.get("branch").get() instanceof org.yaml.snakeyaml.nodes.SequenceNode) {
            yaml.error(e.get("branch").get(), "branch '" + id + "' has no cases: add '- {if: …, next: …}' items");
        }
        for (Node item : items) {
            var m = yaml.mapping(item, "a branch case");
            if (m.isEmpty()) {
                continue;
            }
            yaml.onlyKeys(m.get(), Set.of("if", "next"), "a branch case");
            if (!m.get().has("if") || !m.get().has("next")) {
                yaml.error(item, "a branch case needs both 'if' and 'next', like {if: {var: ready, equals: yes}, next: talk}");
                continue;
            }
            Condition c = condition(m.get().get("if").get(), id);
            Optional<String> next = yaml.scalar(m.get().get("next").get(), "next");
            draft.at.put("steps." + id + ".branch." + cases.size() + ".next", m.get().get("next").get());
            if (c != null && next.isPresent()) {
                cases.add(new Step.Case(c, next.get()));
            }
        }
        if (!e.has("else")) {
            yaml.error(stepKey(id), "branch '" + id + "' has no 'else': say where to go when no case matches");
        }
        String otherwise = e.get("else").flatMap(n -> yaml.scalar(n, "else")).orElse(null);
        return new Step.Branch(id, cases, otherwise);
    }

    private Condition matches(Node at, String var, String rx, String step) {
        Pattern pattern;
        try {
            pattern = Pattern.compile(rx, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
        } catch (PatternSyntaxException ex) {
            yaml.error(at, "matches '" + rx + "' is not a valid regular expression: "
                    + ex.getDescription() + " near index " + ex.getIndex() + "; correct it, or put a '\\' before "
                    + "( ) [ ] { } . * + ? | to match that character itself");
            return null;
        }
        Optional<String> nested = Regexes.nestedRepeat(rx);
        if (nested.isPresent()) {
            yaml.error(at, "matches '" + rx + "': " + nested.get() + ", which can take the bot minutes on some answers: "
                    + "let only one of them repeat, such as 'a+' for '(a+)+' or '[\\w\\s]*' for '(\\w*\\s)*', "
                    + "or look for a few plain words instead");
            return null;
        }
        return new Condition.Matches(var, pattern, draft.id, step);
    }

    private Condition condition(Node node, String step) {
        var m = yaml.mapping(node, "a condition");
        if (m.isEmpty()) {
            return null;
        }
        var e = m.get();
        if (e.has("var")) {
            yaml.onlyKeys(e, Set.of("var", "equals", "in", "matches"), "a var condition");
            String var = yaml.scalar(e.get("var").get(), "var").orElse(null);
            if (var != null && !Template.NAME.matcher(var).matches()) {
                yaml.error(e.get("var").get(), "'" + var + "' is not a variable name: use NAME, starter.NAME or partner.NAME (in a follow-up: before.NAME)");
                return null;
            }
            List<String> tests = List.of("equals", "in", "matches").stream().filter(e::has).toList();
            if (tests.size() != 1) {
                yaml.error(node, "a var condition needs exactly one of equals, in, matches");
                return null;
            }
            if (var == null) {
                return null;
            }
            Node arg = e.get(tests.get(0)).get();
            Condition made = switch (tests.get(0)) {
                case "equals" -> yaml.scalar(arg, "equals").map(v -> (Condition) new Condition.Equals(var, v)).orElse(null);
                case "in" -> yaml.sequence(arg, "in").map(items -> {
                    List<String> values = new ArrayList<>();
                    items.forEach(i -> yaml.scalar(i, "a value of in").ifPresent(values::add));
                    return (Condition) new Condition.In(var, values);
                }).orElse(null);
                default -> yaml.scalar(arg, "matches").map(rx -> matches(arg, var, rx, step)).orElse(null);
            };
            if (made != null) {
                draft.nodeOf.put(made, e.get("var").get());
            }
            return made;
        }
        List<String> forms = Condition.FORMS.stream().filter(e::has).toList();
        if (forms.size() != 1 || e.keys().size() != 1) {
            yaml.error(node, "a condition is one of {var: …, equals|in|matches: …}, {any: [...]}, {all: [...]}, {not: …}");
            return null;
        }
        Node arg = e.get(forms.get(0)).get();
        if (forms.get(0).equals("not")) {
            Condition inner = condition(arg, step);
            return inner == null ? null : new Condition.Not(inner);
        }
        List<Condition> list = new ArrayList<>();
        boolean ok = true;
        for (Node item : yaml.sequence(arg, forms.get(0)).orElse(List.of())) {
            Condition c = condition(item, step);
            ok &= c != null;
            list.add(c);
        }
        if (!ok) {
            return null;
        }
        if (list.isEmpty()) {
            yaml.error(arg, forms.get(0) + " needs at least one condition");
            return null;
        }
        return forms.get(0).equals("any") ? new Condition.Any(list) : new Condition.All(list);
    }

    private Optional<Duration> duration(Node node, String what) {
        return yaml.scalar(node, what).flatMap(v -> {
            Optional<Duration> d = Durations.parse(v);
            if (d.isEmpty()) {
                yaml.error(node, what + " '" + v + "' is not a duration: write a whole number and a unit, "
                        + "like 30s, 20m, 24h or 7d");
            }
            return d;
        });
    }

    private Template template(Node node, String what) {
        String text = yaml.text(node, what).orElse("");
        if (text.length() > MAX_TEXT) {
            yaml.error(node, what + " is " + text.length() + " characters; a Telegram message holds at most 4096: "
                    + "split it into two steps");
        } else if (text.length() > LONG_TEXT) {
            yaml.warning(node, what + " is " + text.length() + " characters: long texts are hard to read on a phone");
        }
        try {
            Template t = Template.parse(text);
            draft.nodeOf.put(t, node);
            return t;
        } catch (Template.BadTemplate ex) {
            yaml.error(node, what + ": " + ex.getMessage());
            return Template.literal(text);
        }
    }
}
