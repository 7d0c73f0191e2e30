package app.repairbot.flow;

import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.reader.ReaderException;

/**
 * Every flow of a folder, validated together (one file's {@code goto} names another's id).
 * Use {@link #load(Path)}: it reads every {@code *.yaml} beside {@code tests/} and reports all
 * problems at once.
 */
public final class FlowCatalog {
    /** Commands the bot itself answers; a flow may not take them (the list is {@link BotCommands}). */
    public static final Set<String> RESERVED_COMMANDS = BotCommands.RESERVED;

    /** A flow is a few KB; the largest here is about 6 KB. */
    public static final int MAX_FILE_BYTES = 256 * 1024;

    private final Map<FlowId, Flow> flows;
    private final Map<String, Flow> byCommand = new HashMap<>();

    /** The file in a flows folder that orders the /repair and /practice menus: one flow id a line. */
    public static final String MENU_FILE = "menu.txt";

    public FlowCatalog(Collection<Flow> flows) {
        this(flows, List.of());
    }

    /** {@code menu}: the menus' order; flows not in it come after those that are, by id. */
    public FlowCatalog(Collection<Flow> flows, List<FlowId> menu) {
        Map<FlowId, Flow> m = new LinkedHashMap<>();
        flows.stream().sorted(Comparator.comparing(f -> f.id().value())).forEach(f -> m.put(f.id(), f));
        this.flows = Map.copyOf(m);
        m.values().forEach(f -> f.command().ifPresent(c -> byCommand.put(c, f)));
        this.order = List.copyOf(m.values());
        this.followUpOnly = m.values().stream().filter(FlowCatalog::isFollowUpOnly).map(Flow::id)
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
        this.menuOrder = m.values().stream().sorted(Comparator.comparingInt(f -> menu.contains(f.id()) ? menu.indexOf(f.id())
                : menu.size())).toList();
    }

    private final java.util.Set<FlowId> followUpOnly;

    private final List<Flow> order;
    private final List<Flow> menuOrder;

    /** The outcome of loading a folder: the catalog when there are no errors, and every problem. */
    public record Loaded(Optional<FlowCatalog> catalog, List<Problem> problems) {
        public List<Problem> errors() {
            return problems.stream().filter(Problem::isError).toList();
        }

        public List<Problem> warnings() {
            return problems.stream().filter(p -> !p.isError()).toList();
        }

        /** The catalog, or an exception listing every error. */
        public FlowCatalog orThrow() {
            return catalog.orElseThrow(() -> new InvalidFlowsException(errors()));
        }
    }

    public static Loaded load(Path dir) {
        List<Problem> problems = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            problems.add(new Problem(Problem.Severity.ERROR, dir, 1, 1, "no such folder: put flows in "
                    + dir + " or name another folder"));
            return new Loaded(Optional.empty(), problems);
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().matches(".*\\.ya?ml") && Files.isRegularFile(p))
                    .sorted().toList();
        } catch (IOException e) {
            problems.add(new Problem(Problem.Severity.ERROR, dir, 1, 1, "cannot list the folder: " + e.getMessage()));
            return new Loaded(Optional.empty(), problems);
        }
        List<Flow> flows = new ArrayList<>();
        Map<Flow, Map<String, Node>> at = new IdentityHashMap<>();
        // The ids of files that could not be read as flows (an id is its file's name): a reference to one of them is
        // not to an unknown flow, and whatever they schedule is unknown until they are mended.
        java.util.Set<String> unreadable = new java.util.HashSet<>();
        for (Path file : files) {
            Optional<Flow> flow = loadFile(file, problems, at);
            flow.ifPresent(flows::add);
            if (flow.isEmpty()) {
                unreadable.add(file.getFileName().toString().replaceFirst("\\.ya?ml$", ""));
            }
        }
        if (files.isEmpty()) {
            problems.add(new Problem(Problem.Severity.ERROR, dir, 1, 1, "no flows here: add a <id>.yaml file"));
        }
        crossCheck(flows, unreadable, problems, at);
        List<FlowId> menu = menuOrder(dir.resolve(MENU_FILE), flows, problems);
        boolean ok = problems.stream().noneMatch(Problem::isError);
        return new Loaded(ok ? Optional.of(new FlowCatalog(flows, menu)) : Optional.empty(), List.copyOf(problems));
    }

    /**
     * The order the flows' authors chose for the menus, from {@link #MENU_FILE} (one flow id a line;
     * blank lines and lines starting with {@code #} are skipped). Without the file, the menus follow the
     * ids. An id that names no flow, or comes twice, is an error; a flow left out is a warning (it comes
     * after the listed ones).
     */
    static List<FlowId> menuOrder(Path file, Collection<Flow> flows, List<Problem> problems) {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        Optional<String> text = readUtf8(file, problems);
        if (text.isEmpty()) {
            return List.of();
        }
        List<String> known = flows.stream().map(f -> f.id().value()).sorted().toList();
        List<FlowId> order = new ArrayList<>();
        String[] lines = text.get().split("\\R", -1);
        for (int i = 0; i < lines.length; i++) {
            String id = lines[i].strip();
            if (id.isEmpty() || id.startsWith("#")) {
                continue;
            }
            int column = lines[i].indexOf(id) + 1;
            if (!known.contains(id)) {
                problems.add(new Problem(Problem.Severity.ERROR, file, i + 1, column, "'" + id + "' is not a flow here"
                        + YamlNodes.suggestion(id, known).replace(": did you", "; did you").replace("?", "")
                        + " (known: " + String.join(", ", known) + "); list one flow id a line"));
            } else if (order.contains(new FlowId(id))) {
                problems.add(new Problem(Problem.Severity.ERROR, file, i + 1, column, "'" + id
                        + "' is listed twice; once is enough: remove this line"));
            } else {
                order.add(new FlowId(id));
            }
        }
        for (Flow f : flows) {
            if (known.contains(f.id().value()) && !order.contains(f.id()) && !isFollowUpOnly(f)) {
                problems.add(new Problem(Problem.Severity.WARNING, file, 1, 1, "flow '" + f.id()
                        + "' is not listed here, so it comes after the listed ones in its menu: add its id where it belongs"));
            }
        }
        return order;
    }

    /**
     * One file read and checked on its own, without the checks across flows (a {@code goto}'s
     * target, unique ids): for drawing one flow while others in its folder have errors.
     */
    public static Optional<Flow> loadOne(Path file, List<Problem> problems) {
        return loadFile(file, problems, new IdentityHashMap<>());
    }

    /** One file on its own (no cross-flow checks); {@code at} gets where the flow's keys and values stand. */
    static Optional<Flow> loadFile(Path file, List<Problem> problems, Map<Flow, Map<String, Node>> at) {
        Optional<String> text = readUtf8(file, problems);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        Optional<Node> root = compose(file, text.get(), problems);
        if (root.isEmpty()) {
            return Optional.empty();
        }
        FlowParser.Draft draft = FlowParser.parse(file, root.get(), text.get(), problems);
        Optional<Flow> flow = FlowChecker.check(draft, problems);
        flow.ifPresent(f -> at.put(f, draft.at));
        return flow;
    }

    /**
     * The file's text, or a located error when it is not UTF-8 or over {@link #MAX_FILE_BYTES}
     * (checked before it is read: a YAML parser can take minutes over one huge quoted text).
     */
    public static Optional<String> readUtf8(Path file, List<Problem> problems) {
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                problems.add(new Problem(Problem.Severity.ERROR, file, 1, 1, "the file is " + kb(size) + " KB; a flow file "
                        + "may be at most " + kb(MAX_FILE_BYTES) + " KB: split it into smaller flows (or test files)"));
                return Optional.empty();
            }
            byte[] bytes = Files.readAllBytes(file);
            try {
                return Optional.of(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString());
            } catch (CharacterCodingException e) {
                notUtf8(file, bytes, problems);
            }
        } catch (IOException e) {
            problems.add(new Problem(Problem.Severity.ERROR, file, 1, 1, "cannot read the file: " + e.getMessage()));
        }
        return Optional.empty();
    }

    /** Where the first byte that is not UTF-8 stands, in the error that says so. */
    private static void notUtf8(Path file, byte[] bytes, List<Problem> problems) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(in, CharBuffer.allocate(bytes.length), true);
        String before = new String(bytes, 0, in.position(), StandardCharsets.UTF_8);
        int[] at = YamlNodes.lineAndColumn(before, before.codePointCount(0, before.length()));
        problems.add(new Problem(Problem.Severity.ERROR, file, at[0], at[1], "the file is not UTF-8 (byte "
                + String.format("0x%02X", bytes[Math.min(in.position(), bytes.length - 1)] & 0xFF)
                + " here): save it as UTF-8"));
    }

    /** The YAML document's node tree, or a located syntax error. */
    public static Optional<Node> compose(Path file, String text, List<Problem> problems) {
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(true);
            // A second bound, for text that did not come through readUtf8's size check.
            options.setCodePointLimit(MAX_FILE_BYTES);
            Iterable<Node> docs = new Yaml(options).composeAll(new StringReader(text));
            List<Node> all = new ArrayList<>();
            docs.forEach(all::add);
            if (all.isEmpty() || all.get(0) == null) {
                problems.add(new Problem(Problem.Severity.ERROR, file, 1, 1, "the file is empty"));
                return Optional.empty();
            }
            if (all.size() > 1) {
                Mark m = all.get(1).getStartMark();
                int line = secondDocumentLine(text, m.getLine());
                problems.add(new Problem(Problem.Severity.ERROR, file, line < 0 ? m.getLine() + 1 : line + 1,
                        line < 0 ? m.getColumn() + 1 : 1, "a second YAML document ('---') starts here: keep one per file"));
                return Optional.empty();
            }
            return Optional.of(all.get(0));
        } catch (MarkedYAMLException e) {
            Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String what = e.getProblem() == null ? "cannot be read" : e.getProblem();
            problems.add(new Problem(Problem.Severity.ERROR, file, m == null ? 1 : m.getLine() + 1,
                    m == null ? 1 : m.getColumn() + 1, "YAML syntax: " + what
                    + (e.getContext() == null ? "" : " (" + e.getContext() + ")")
                    + "; check the indentation and that texts with ':' or '#' are quoted"));
        } catch (ReaderException e) {
            int[] at = YamlNodes.lineAndColumn(text, e.getPosition());
            problems.add(new Problem(Problem.Severity.ERROR, file, at[0], at[1], "YAML syntax: the character "
                    + String.format("U+%04X", e.getCodePoint()) + " is not allowed in a YAML file: delete it "
                    + "(it is often an invisible control character pasted with a text)"));
        } catch (YAMLException e) {
            if (String.valueOf(e.getMessage()).startsWith("The incoming YAML document exceeds the limit")) {
                problems.add(new Problem(Problem.Severity.ERROR, file, 1, 1, "the file is more than " + MAX_FILE_BYTES
                        + " characters; a flow file may be at most " + kb(MAX_FILE_BYTES) + " KB: split it into smaller flows "
                        + "(or test files)"));
            } else {
                problems.add(new Problem(Problem.Severity.ERROR, file, 1, 1, "YAML syntax: " + e.getMessage()));
            }
        }
        return Optional.empty();
    }

    /** The 0-based line of the '---' that starts the document whose content begins on {@code contentLine}, or -1. */
    private static int secondDocumentLine(String text, int contentLine) {
        String[] lines = text.split("\r\n|\r|\n", -1);
        for (int i = Math.min(contentLine, lines.length - 1); i > 0; i--) {
            if (lines[i].startsWith("---")) {
                return i;
            }
        }
        return -1;
    }

    private static long kb(long bytes) {
        return (bytes + 1023) / 1024;
    }

    private static void crossCheck(List<Flow> flows, java.util.Set<String> unreadable, List<Problem> problems,
            Map<Flow, Map<String, Node>> at) {
        Map<FlowId, Flow> byId = new HashMap<>();
        Map<String, Flow> byCommand = new HashMap<>();
        for (Flow f : flows) {
            Flow twin = byId.putIfAbsent(f.id(), f);
            if (twin != null) {
                problems.add(located(f, at, "id", "flow id '" + f.id() + "' is also used by " + place(twin, at, "id")
                        + ": ids must be unique; keep one of the two files"));
            }
            f.command().ifPresent(c -> {
                if (RESERVED_COMMANDS.contains(c)) {
                    problems.add(located(f, at, "command", "command '/" + c + "' belongs to the bot itself: choose "
                            + "another (the bot's own: " + String.join(", ", new java.util.TreeSet<>(RESERVED_COMMANDS)) + ")"));
                }
                Flow other = byCommand.putIfAbsent(c, f);
                if (other != null) {
                    problems.add(located(f, at, "command", "command '/" + c + "' is also the command of " + other.id()
                            + " (" + place(other, at, "command") + "): commands must be unique; choose another for one of them"));
                }
            });
        }
        followUps(flows, byId, unreadable, problems);
        for (Flow f : flows) {
            for (Step s : f.steps().values()) {
                if (s instanceof Step.Goto g) {
                    Flow target = byId.get(g.flow());
                    String key = "steps." + g.id() + ".goto";
                    if (target == null && unreadable.contains(g.flow().value())) {
                        problems.add(located(f, at, key, "step '" + g.id() + "' goes to flow '" + g.flow()
                                + "', which has errors of its own: mend " + g.flow() + ".yaml first (its errors are listed with it)"));
                    } else if (target == null) {
                        problems.add(located(f, at, key, "step '" + g.id()
                                + "' goes to unknown flow '" + g.flow() + "'" + YamlNodes.suggestion(g.flow().value(),
                                byId.keySet().stream().map(FlowId::value).toList()).replace(": did you", "; did you")
                                .replace("?", "") + " (known: " + String.join(", ", byId.keySet().stream()
                                .map(FlowId::value).sorted().toList()) + ")"));
                    } else if (target.audience() != f.audience()) {
                        String audience = f.audience().name().toLowerCase();
                        problems.add(located(f, at, key, "step '" + g.id()
                                + "' goes to '" + g.flow() + "', a " + target.audience().name().toLowerCase()
                                + " flow, from a " + audience + " flow: goto keeps the same chat, so go to a "
                                + audience + " flow (" + audience + " flows: " + String.join(", ", flows.stream()
                                .filter(o -> o.audience() == f.audience()).map(o -> o.id().value()).sorted().toList()) + ")"));
                    }
                }
            }
        }
    }

    /**
     * {@code follow_up}: its flow exists and has the same audience, and every {@code before.NAME}
     * that flow reads is saved on every path to the end that schedules it. A flow that reads
     * {@code before.*} but that no flow schedules gets a warning: started by hand, it would have
     * nothing to read.
     */
    private static void followUps(List<Flow> flows, Map<FlowId, Flow> byId, java.util.Set<String> unreadable, List<Problem> problems) {
        java.util.Set<FlowId> scheduled = new java.util.HashSet<>();
        for (Flow f : flows) {
            Map<String, java.util.Set<String>> saved = null;
            for (Step s : f.steps().values()) {
                if (!(s instanceof Step.End end) || end.followUp().isEmpty()) {
                    continue;
                }
                Step.FollowUp fu = end.followUp().get();
                Flow target = byId.get(fu.flow());
                if (target == null && unreadable.contains(fu.flow().value())) {
                    problems.add(new Problem(Problem.Severity.ERROR, f.source(), fu.line(), fu.column(), "step '" + end.id()
                            + "' has a follow_up to flow '" + fu.flow() + "', which has errors of its own: mend " + fu.flow()
                            + ".yaml first (its errors are listed with it)"));
                    continue;
                }
                if (target == null) {
                    problems.add(new Problem(Problem.Severity.ERROR, f.source(), fu.line(), fu.column(), "step '" + end.id()
                            + "' has a follow_up to unknown flow '" + fu.flow() + "'" + YamlNodes.suggestion(fu.flow().value(),
                            byId.keySet().stream().map(FlowId::value).toList()).replace(": did you", "; did you")
                            .replace("?", "") + " (known: " + String.join(", ", byId.keySet().stream()
                            .map(FlowId::value).sorted().toList()) + ")"));
                    continue;
                }
                scheduled.add(target.id());
                if (target.audience() != f.audience()) {
                    problems.add(new Problem(Problem.Severity.ERROR, f.source(), fu.line(), fu.column(), "step '" + end.id()
                            + "' has a follow_up to '" + fu.flow() + "', a " + target.audience().name().toLowerCase()
                            + " flow, from a " + f.audience().name().toLowerCase() + " flow: a follow-up starts in the same "
                            + "chat, so it must have the same audience"));
                    continue;
                }
                if (saved == null) {
                    saved = FlowChecker.savedOnEveryPath(f.steps(), f.start());
                }
                java.util.Set<String> have = saved.getOrDefault(end.id(), java.util.Set.of());
                for (String v : beforeNames(target)) {
                    String name = v.substring(Template.BEFORE.length());
                    if (!have.contains(name) && have.contains("starter." + name)) {
                        problems.add(new Problem(Problem.Severity.ERROR, f.source(), fu.line(), fu.column(), "step '" + end.id()
                                + "' of " + f.id() + " schedules " + target.id() + ", which uses {{" + v + "}}, but '" + name
                                + "' is saved by a 'both' ask in " + f.id() + ": write {{before.starter." + name
                                + "}} or {{before.partner." + name + "}} in " + target.id()));
                    } else if (!have.contains(name)) {
                        boolean savedSomewhere = f.steps().values().stream().anyMatch(x -> x instanceof Step.Ask a
                                && a.save() != null && (a.save().equals(name) || name.endsWith("." + a.save())));
                        problems.add(new Problem(Problem.Severity.ERROR, f.source(), fu.line(), fu.column(), "step '" + end.id()
                                + "' of " + f.id() + " schedules " + target.id() + ", which uses {{" + v + "}}, but '" + name
                                + "' is " + (savedSomewhere ? "not saved on every path to '" + end.id() + "'"
                                : "never saved in " + f.id()) + ": save it before this end, or stop using it in "
                                + target.id()));
                    }
                }
            }
        }
        for (Flow f : flows) {
            // A file that could not be read may be the one that schedules it: no warning until it is mended.
            if (!scheduled.contains(f.id()) && !beforeNames(f).isEmpty() && unreadable.isEmpty()) {
                problems.add(new Problem(Problem.Severity.WARNING, f.source(), 1, 1, "flow " + f.id() + " uses {{"
                        + beforeNames(f).iterator().next() + "}}, but no flow schedules it with follow_up, so there is "
                        + "nothing before it to read; add follow_up: { after: 3d, flow: " + f.id() + " } to an end step"));
            }
        }
    }

    /** Every {@code before.*} variable a flow's texts and conditions read. */
    static java.util.Set<String> beforeNames(Flow f) {
        java.util.Set<String> names = new java.util.LinkedHashSet<>();
        java.util.function.Consumer<Template> add = t -> t.variables().stream().filter(v -> v.startsWith(Template.BEFORE))
                .forEach(names::add);
        f.onExpire().ifPresent(add);
        for (Step s : f.steps().values()) {
            if (s instanceof Step.Say say) {
                add.accept(say.text());
            } else if (s instanceof Step.Ask a) {
                add.accept(a.text());
                a.remind().ifPresent(add);
                a.label().ifPresent(add);
            } else if (s instanceof Step.Pause p) {
                add.accept(p.text());
            } else if (s instanceof Step.Share share) {
                add.accept(share.text());
            } else if (s instanceof Step.End e) {
                add.accept(e.text());
            } else if (s instanceof Step.Branch b) {
                b.cases().forEach(c -> c.condition().variables(v -> {
                    if (v.startsWith(Template.BEFORE)) {
                        names.add(v);
                    }
                }));
            }
        }
        return names;
    }

    /** Whether a flow reads what an earlier run saved: it only makes sense as a follow-up, never started by hand. */
    public static boolean isFollowUpOnly(Flow f) {
        return !beforeNames(f).isEmpty();
    }

    /** The start of {@code key}'s value in {@code f}'s file (keys as in {@code FlowParser.Draft.at}), or null. */
    private static Mark mark(Flow f, Map<Flow, Map<String, Node>> at, String key) {
        Node n = at.getOrDefault(f, Map.of()).get(key);
        return n == null ? null : n.getStartMark();
    }

    /** An error at {@code key}'s value in {@code f}'s file, or at its start when that is not known. */
    private static Problem located(Flow f, Map<Flow, Map<String, Node>> at, String key, String message) {
        Mark m = mark(f, at, key);
        return new Problem(Problem.Severity.ERROR, f.source(), m == null ? 1 : m.getLine() + 1,
                m == null ? 1 : m.getColumn() + 1, message);
    }

    /** {@code path:line:column} of {@code key}'s value in {@code f}'s file. */
    private static String place(Flow f, Map<Flow, Map<String, Node>> at, String key) {
        Mark m = mark(f, at, key);
        return f.source() + (m == null ? "" : ":" + (m.getLine() + 1) + ":" + (m.getColumn() + 1));
    }

    public Optional<Flow> find(FlowId id) {
        return Optional.ofNullable(flows.get(id));
    }

    public Optional<Flow> find(String id) {
        return FlowId.isValid(id) ? find(new FlowId(id)) : Optional.empty();
    }

    public Optional<Flow> byCommand(String command) {
        return Optional.ofNullable(byCommand.get(command));
    }

    /** Every flow, sorted by id. */
    public List<Flow> all() {
        return order;
    }

    /** The flows of an audience that a person may start, in the menus' order ({@link #MENU_FILE}, else by id): not those that only make sense as a follow-up. */
    public List<Flow> forAudience(Audience audience) {
        return menuOrder.stream().filter(f -> f.audience() == audience && !followUpOnly.contains(f.id())).toList();
    }
}
