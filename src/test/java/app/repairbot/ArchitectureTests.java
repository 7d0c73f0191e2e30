package app.repairbot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** Keeps the directions of DESIGN.md: dependencies point inward, internals stay inside. */
class ArchitectureTests {
    private static final Path MAIN = Path.of("src/main/java/app/repairbot");
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?([\\w.]+)", Pattern.MULTILINE);

    private record Use(String feature, String file, String imported) {
    }

    private static List<Use> uses() throws IOException {
        List<Use> uses = new ArrayList<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Path rel = MAIN.relativize(f);
                String feature = rel.getNameCount() > 1 ? rel.getName(0).toString() : "";
                String internalOf = rel.toString().contains("/internal/") ? feature : null;
                Matcher m = IMPORT.matcher(Files.readString(f));
                while (m.find()) {
                    uses.add(new Use(internalOf == null ? feature : feature + ".internal", rel.toString(), m.group(1)));
                }
            }
        }
        assertThat(uses).isNotEmpty();
        return uses;
    }

    private static String featureOf(String imported) {
        String rest = imported.substring("app.repairbot.".length());
        return rest.contains(".") ? rest.substring(0, rest.indexOf('.')) : "";
    }

    @Test
    void flowAndChatImportNothingOfOurs() throws IOException {
        for (String feature : List.of("flow", "chat")) {
            assertThat(uses()).filteredOn(u -> u.feature().equals(feature) && u.imported().startsWith("app.repairbot.")
                    && !featureOf(u.imported()).equals(feature)).as(feature).isEmpty();
        }
    }

    @Test
    void engineDependsOnlyOnFlowAndChat() throws IOException {
        assertThat(uses()).filteredOn(u -> u.feature().startsWith("engine") && u.imported().startsWith("app.repairbot.")
                && !List.of("engine", "flow", "chat").contains(featureOf(u.imported()))).isEmpty();
    }

    @Test
    void nothingReachesIntoAnotherFeaturesInternals() throws IOException {
        assertThat(uses()).filteredOn(u -> u.imported().startsWith("app.repairbot.") && u.imported().contains(".internal.")
                && !featureOf(u.imported()).equals(u.feature().replace(".internal", ""))).isEmpty();
    }

    @Test
    void springStatemachineStaysInTheEnginesInternalPackage() throws IOException {
        assertThat(uses()).filteredOn(u -> u.imported().startsWith("org.springframework.statemachine"))
                .isNotEmpty().allSatisfy(u -> assertThat(u.feature()).isEqualTo("engine.internal"));
    }

    @Test
    void everyFeatureSaysWhatItIsFor() throws IOException {
        try (Stream<Path> dirs = Files.list(MAIN)) {
            for (Path d : dirs.filter(Files::isDirectory).toList()) {
                assertThat(d.resolve("package-info.java")).as(d.toString()).exists();
            }
        }
    }
}
