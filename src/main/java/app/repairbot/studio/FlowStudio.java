package app.repairbot.studio;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import app.repairbot.conversationtest.ConversationTest;
import app.repairbot.conversationtest.ConversationTestParser;
import app.repairbot.conversationtest.ConversationTestRunner;
import app.repairbot.conversationtest.ConversationTestSuite;
import app.repairbot.engine.Engine;
import app.repairbot.flow.Flow;
import app.repairbot.flow.FlowCatalog;
import app.repairbot.flow.MermaidGraph;
import app.repairbot.flow.Problem;

/**
 * What the studio does with the flows folder: lists its files with their problems, checks an
 * edited text as if it were saved (with the other flows, so a {@code goto} or a clashing id is
 * seen), saves a valid text atomically, and runs the conversation tests. Only file names of the
 * folder itself are taken ({@link #NAME}): no path reaches outside it.
 */
final class FlowStudio {
    private static final Logger log = LoggerFactory.getLogger(FlowStudio.class);
    /** A flow file's name: kebab-case, .yaml or .yml; no folder, no dots before the extension. */
    static final Pattern NAME = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*\\.ya?ml");

    private final Path dir;
    private final Engine engine;
    private final boolean reloads;
    private final Object saving = new Object();

    /** {@code reloads}: whether a save also swaps the new catalog into the running engine (sandbox mode). */
    FlowStudio(Path dir, Engine engine, boolean reloads) {
        this.dir = dir.toAbsolutePath().normalize();
        this.engine = engine;
        this.reloads = reloads;
    }

    boolean reloads() {
        return reloads;
    }

    /** Refused input: the message is for the author. */
    static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message);
        }
    }

    /** A problem as the page shows it: the file's name in the folder, 1-based line and column. */
    record Issue(String file, int line, int column, String severity, String message) {
    }

    record FileSummary(String name, String id, String title, String audience, String command, List<Issue> problems) {
    }

    record Listing(List<FileSummary> files, List<Issue> others, boolean valid) {
    }

    record Check(List<Issue> problems, boolean valid, String graph) {
    }

    record Saved(boolean saved, boolean reloaded, List<Issue> problems) {
    }

    record TestResult(String file, String name, int line, boolean passed, String failure) {
    }

    record TestRun(List<TestResult> results, List<Issue> problems, int passed, int failed) {
    }

    /** Every flow file of the folder with its problems, and those of other files (menu.txt). */
    Listing list() {
        FlowCatalog.Loaded loaded = FlowCatalog.load(dir);
        List<Issue> all = issues(loaded.problems(), dir);
        List<FileSummary> files = new ArrayList<>();
        for (Path file : flowFiles(dir)) {
            String name = file.getFileName().toString();
            Optional<Flow> flow = FlowCatalog.loadOne(file, new ArrayList<>());
            files.add(new FileSummary(name, flow.map(f -> f.id().value()).orElse(null), flow.map(Flow::title).orElse(null),
                    flow.map(f -> f.audience().name().toLowerCase(java.util.Locale.ROOT)).orElse(null),
                    flow.flatMap(Flow::command).orElse(null), all.stream().filter(i -> i.file().equals(name)).toList()));
        }
        List<String> names = files.stream().map(FileSummary::name).toList();
        return new Listing(files, all.stream().filter(i -> !names.contains(i.file())).toList(), loaded.catalog().isPresent());
    }

    /** A file's text as it is on disk. */
    String read(String name) {
        Path file = fileOf(name);
        if (!Files.isRegularFile(file)) {
            throw new Refused("There is no flow file called " + name + ".");
        }
        List<Problem> problems = new ArrayList<>();
        return FlowCatalog.readUtf8(file, problems).orElseThrow(() -> new Refused(problems.isEmpty() ? "Cannot read " + name
                : problems.get(0).message()));
    }

    /**
     * The problems {@code text} saved as {@code name} would have, checked with the other flows: its
     * own, and those it would cause in other files (an id or command they also use, a goto to it);
     * and the flow drawn, when it reads. Valid: none of these is an error.
     */
    Check check(String name, String text) {
        Path file = fileOf(name);
        checkSize(text);
        Path scratch = null;
        try {
            scratch = Files.createTempDirectory("repairbot-studio-");
            for (Path f : flowFiles(dir)) {
                Files.copy(f, scratch.resolve(f.getFileName()));
            }
            if (Files.isRegularFile(dir.resolve(FlowCatalog.MENU_FILE))) {
                Files.copy(dir.resolve(FlowCatalog.MENU_FILE), scratch.resolve(FlowCatalog.MENU_FILE));
            }
            Path draft = scratch.resolve(file.getFileName().toString());
            Files.writeString(draft, text, StandardCharsets.UTF_8);
            String own = draft.getFileName().toString();
            // Errors another file already has on disk are not this text's: they do not stop it being saved.
            List<String> before = issues(FlowCatalog.load(dir).problems(), dir).stream().filter(i -> !i.file().equals(own))
                    .map(i -> i.file() + "\n" + i.message()).toList();
            List<Issue> problems = issues(FlowCatalog.load(scratch).problems(), scratch).stream()
                    .filter(i -> i.file().equals(own) || !before.contains(i.file() + "\n" + i.message())).toList();
            Optional<Flow> flow = FlowCatalog.loadOne(draft, new ArrayList<>());
            return new Check(problems, problems.stream().noneMatch(i -> i.severity().equals("error")),
                    flow.map(MermaidGraph::of).orElse(null));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot check " + name, e);
        } finally {
            deleteQuietly(scratch);
        }
    }

    /**
     * Saves {@code text} as {@code name} when the folder is valid with it, by writing a temporary
     * file beside it and moving that over the old one (the old file stays whole if anything fails);
     * then, in sandbox mode, puts the reloaded catalog into the running engine.
     */
    Saved save(String name, String text) {
        Path file = fileOf(name);
        synchronized (saving) {
            Check check = check(name, text);
            if (!check.valid()) {
                return new Saved(false, false, check.problems());
            }
            Path temp = null;
            try {
                temp = Files.createTempFile(dir, "." + name + ".", ".saving");
                Files.writeString(temp, text, StandardCharsets.UTF_8);
                try {
                    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
                }
                temp = null;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot save " + name, e);
            } finally {
                if (temp != null) {
                    try {
                        Files.deleteIfExists(temp);
                    } catch (IOException ignored) {
                        // a stray .saving file is harmless: the folder reads only *.yaml
                    }
                }
            }
            log.info("The studio saved {} ({} characters)", name, text.length());
            boolean reloaded = false;
            if (reloads) {
                FlowCatalog.Loaded loaded = FlowCatalog.load(dir);
                if (loaded.catalog().isPresent()) {
                    engine.replaceFlows(loaded.catalog().get());
                    reloaded = true;
                } else {
                    log.warn("The flows folder has errors after saving {}: the running flows were kept", name);
                }
            }
            return new Saved(true, reloaded, check.problems());
        }
    }

    /** Runs every conversation test of the folder against the flows on disk. */
    TestRun runTests() {
        FlowCatalog.Loaded loaded = FlowCatalog.load(dir);
        List<Issue> problems = new ArrayList<>(issues(loaded.problems().stream().filter(Problem::isError).toList(), dir));
        List<TestResult> results = new ArrayList<>();
        if (loaded.catalog().isEmpty()) {
            return new TestRun(results, problems, 0, 0);
        }
        ConversationTestRunner runner = new ConversationTestRunner(loaded.catalog().get());
        for (Path file : ConversationTestSuite.files(dir)) {
            List<Problem> parsed = new ArrayList<>();
            List<ConversationTest> tests = ConversationTestParser.parse(file, parsed);
            String name = "tests/" + file.getFileName();
            if (parsed.stream().anyMatch(Problem::isError)) {
                problems.addAll(issues(parsed, dir));
                results.add(new TestResult(name, "(the test file cannot be read)", 1, false,
                        parsed.stream().filter(Problem::isError).map(p -> "line " + p.line() + ": " + p.message()).reduce((a, b) -> a + "\n" + b).orElse("")));
                continue;
            }
            for (ConversationTest t : tests) {
                ConversationTestRunner.Result r = runner.run(t);
                results.add(new TestResult(name, t.name(), t.line(), r.passed(), r.failure()));
            }
        }
        long passed = results.stream().filter(TestResult::passed).count();
        return new TestRun(results, problems, (int) passed, results.size() - (int) passed);
    }

    /** The file {@code name} in the folder, or Refused: a name with a folder, {@code ..}, or not *.yaml. */
    Path fileOf(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new Refused("A flow file's name is like my-flow.yaml: small letters, digits and dashes, no folders.");
        }
        Path file = dir.resolve(name).normalize();
        if (!file.getParent().equals(dir)) {
            throw new Refused("A flow file's name is like my-flow.yaml: small letters, digits and dashes, no folders.");
        }
        return file;
    }

    private static void checkSize(String text) {
        if (text == null) {
            throw new Refused("Send the file's text.");
        }
        if (text.getBytes(StandardCharsets.UTF_8).length > FlowCatalog.MAX_FILE_BYTES) {
            throw new Refused("A flow file may be at most " + FlowCatalog.MAX_FILE_BYTES / 1024 + " KB: split it into smaller flows.");
        }
    }

    private static List<Path> flowFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> NAME.matcher(p.getFileName().toString()).matches() && Files.isRegularFile(p))
                    .sorted(Comparator.comparing(Path::toString)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    /** Problems with their files named relative to {@code base} (so a scratch folder's path never shows). */
    private static List<Issue> issues(List<Problem> problems, Path base) {
        Path root = base.toAbsolutePath().normalize();
        Map<Problem, Issue> out = new LinkedHashMap<>();
        for (Problem p : problems) {
            Path f = p.file().toAbsolutePath().normalize();
            String name = f.startsWith(root) && !f.equals(root) ? root.relativize(f).toString().replace('\\', '/') : "(folder)";
            String message = p.message().replace(root + java.io.File.separator, "").replace(root.toString(), "the flows folder");
            out.put(p, new Issue(name, p.line(), p.column(), p.isError() ? "error" : "warning", message));
        }
        return List.copyOf(out.values());
    }

    private static void deleteQuietly(Path folder) {
        if (folder == null) {
            return;
        }
        try (Stream<Path> s = Files.walk(folder)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // a temp folder left behind is cleaned by the OS
                }
            });
        } catch (IOException ignored) {
            // as above
        }
    }
}
