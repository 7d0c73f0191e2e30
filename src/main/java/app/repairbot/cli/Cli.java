package app.repairbot.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;

import app.repairbot.conversationtest.ConversationTestSuite;
import app.repairbot.flow.FlowCatalog;
import app.repairbot.flow.MermaidGraph;
import app.repairbot.safety.SafetyEvaluation;
import app.repairbot.safety.SafetyTraining;

/** The flow author's tools. Exit codes: 0 fine, 1 invalid flows or failed tests, 2 wrong usage. */
public final class Cli {
    static final String DEFAULT_DIR = "conversation-flows";
    private static final Set<String> COMMANDS = Set.of("validate", "test", "graph", "safety-eval", "safety-train", "help", "--help", "-h");
    private static final String USAGE = """
            usage: java -jar repairbot.jar [command]
              validate [DIR]          check every flow in DIR (default conversation-flows)
              test [DIR]              run every conversation test in DIR/tests
              graph FLOW_ID [DIR]     print the flow as a Mermaid stateDiagram-v2
              safety-eval FILE        screen every 'label<TAB>text' line of FILE (crisis, abuse, benign):
                                      recall per concern, benign texts flagged, every miss
              safety-train [DIR] [OUT] [FOLDS]
                                      split the corpus in DIR (default safety-corpus) and train the
                                      safety screen's meaning layer (default OUT: src/main/resources/safety/meaning-model.txt)
                                      with the fold encoders in FOLDS (default target/finetune; run
                                      tools/safety-finetune/run.sh, which makes them and then runs this)
              serve (or nothing)      start the bot""";

    private Cli() {
    }

    public static boolean handles(String[] args) {
        return args.length > 0 && COMMANDS.contains(args[0]);
    }

    /** The arguments for the service, without a leading {@code serve}. */
    public static String[] serviceArgs(String[] args) {
        return args.length > 0 && args[0].equals("serve") ? Arrays.copyOfRange(args, 1, args.length) : args;
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        switch (args[0]) {
            case "validate" -> {
                if (args.length > 2) {
                    return usage(err);
                }
                return validate(Path.of(args.length > 1 ? args[1] : DEFAULT_DIR), out);
            }
            case "test" -> {
                if (args.length > 2) {
                    return usage(err);
                }
                return ConversationTestSuite.runAll(Path.of(args.length > 1 ? args[1] : DEFAULT_DIR), out) ? 0 : 1;
            }
            case "graph" -> {
                if (args.length < 2 || args.length > 3) {
                    return usage(err);
                }
                return graph(args[1], Path.of(args.length > 2 ? args[2] : DEFAULT_DIR), out, err);
            }
            case "safety-eval" -> {
                if (args.length != 2) {
                    return usage(err);
                }
                return SafetyEvaluation.run(Path.of(args[1]), out);
            }
            case "safety-train" -> {
                if (args.length > 4) {
                    return usage(err);
                }
                return SafetyTraining.run(Path.of(args.length > 1 ? args[1] : "safety-corpus"),
                        Path.of(args.length > 2 ? args[2] : "src/main/resources/safety/meaning-model.txt"),
                        Path.of(args.length > 3 ? args[3] : "target/finetune"), out);
            }
            default -> {
                out.println(USAGE);
                return 0;
            }
        }
    }

    private static int usage(PrintStream err) {
        err.println(USAGE);
        return 2;
    }

    static int validate(Path dir, PrintStream out) {
        FlowCatalog.Loaded loaded = FlowCatalog.load(dir);
        loaded.problems().forEach(out::println);
        if (loaded.catalog().isEmpty()) {
            int n = loaded.errors().size();
            out.println(n + (n == 1 ? " error" : " errors") + ", " + loaded.warnings().size() + " warnings");
            return 1;
        }
        int flows = loaded.catalog().get().all().size();
        out.println(flows + (flows == 1 ? " flow" : " flows") + " valid, " + loaded.warnings().size() + " warnings");
        return 0;
    }

    static int graph(String flowId, Path dir, PrintStream out, PrintStream err) {
        FlowCatalog.Loaded loaded = FlowCatalog.load(dir);
        if (loaded.catalog().isEmpty()) {
            loaded.errors().forEach(err::println);
            return 1;
        }
        return loaded.catalog().get().find(flowId).map(f -> {
            out.print(MermaidGraph.of(f));
            return 0;
        }).orElseGet(() -> {
            err.println("no flow '" + flowId + "' in " + dir + " (known: " + String.join(", ",
                    loaded.catalog().get().all().stream().map(f -> f.id().value()).toList()) + ")");
            return 1;
        });
    }
}
