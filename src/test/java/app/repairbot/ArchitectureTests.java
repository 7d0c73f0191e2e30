package app.repairbot;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;

/**
 * Keeps the directions of DESIGN.md: dependencies point inward, internals stay inside. It reads
 * the compiled classes (ArchUnit), so a fully qualified name in the code counts like an import.
 */
class ArchitectureTests {
    private static final Path MAIN = Path.of("src/main/java/app/repairbot");
    private static JavaClasses ours;

    @BeforeAll
    static void importClasses() {
        ours = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("app.repairbot");
        assertThat(ours).as("the compiled classes").hasSizeGreaterThan(100);
    }

    @Test
    void flowAndChatDependOnNothingElseOfOurs() {
        for (String feature : new String[] {"flow", "chat"}) {
            noClasses().that().resideInAPackage("app.repairbot." + feature + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(otherFeaturesThan(feature))
                    .check(ours);
        }
    }

    /**
     * The engine knows flows, chats and the sessions it runs, and reaches every other feature only
     * through its own interfaces.
     */
    static final ArchRule ENGINE_DEPENDS_ONLY_ON_FLOW_CHAT_AND_SESSION = noClasses().that().resideInAPackage("app.repairbot.engine..")
            .should().dependOnClassesThat().resideInAnyPackage("app.repairbot.store..", "app.repairbot.telegram..",
                    "app.repairbot.sandbox..", "app.repairbot.schedule..", "app.repairbot.safety..", "app.repairbot.coach..",
                    "app.repairbot.cli..", "app.repairbot.conversationtest..", "app.repairbot.studio..");

    @Test
    void engineDependsOnlyOnFlowChatAndSession() {
        ENGINE_DEPENDS_ONLY_ON_FLOW_CHAT_AND_SESSION.check(ours);
    }

    /**
     * A session is data with its own rules, and the store interfaces: it knows flows and chats, and
     * nothing of the engine that runs it (nor of any other feature), so a store needs nothing but it.
     */
    @Test
    void sessionDependsOnlyOnFlowAndChat() {
        noClasses().that().resideInAPackage("app.repairbot.session..")
                .should().dependOnClassesThat().resideInAnyPackage(Stream.of(otherFeaturesThan("session"))
                        .filter(p -> !p.equals("app.repairbot.flow..") && !p.equals("app.repairbot.chat..")).toArray(String[]::new))
                .check(ours);
    }

    /** A store implements the session's interfaces and encodes its snapshot; it never sees the engine. */
    @Test
    void theStoreDependsOnSessionsNotOnTheEngine() {
        noClasses().that().resideInAPackage("app.repairbot.store..")
                .should().dependOnClassesThat().resideInAPackage("app.repairbot.engine..")
                .check(ours);
        assertThat(uses("app.repairbot.store.mongo", "app.repairbot.session")).as("the MongoDB adapter stores sessions").isTrue();
    }

    /**
     * The rules read bytecode, not import lines: a class of the engine that names the store in full,
     * with no import, breaks the rule ({@code engine.ArchitectureFixture}, a test class kept out of
     * the main check).
     */
    @Test
    void aFullyQualifiedReferenceBreaksTheRuleToo() {
        JavaClasses fixture = new ClassFileImporter().importClasses(app.repairbot.engine.ArchitectureFixture.class);
        assertThatThrownBy(() -> ENGINE_DEPENDS_ONLY_ON_FLOW_CHAT_AND_SESSION.check(fixture))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("app.repairbot.store.");
    }

    /**
     * How sessions are stored is the store's business: a session gives a store a {@code SessionSnapshot}
     * of plain values, and neither it nor the engine knows documents.
     */
    @Test
    void theEngineKnowsNothingOfStoredDocuments() {
        noClasses().that().resideInAnyPackage("app.repairbot.engine..", "app.repairbot.session..")
                .should().dependOnClassesThat().resideInAnyPackage("org.bson..", "com.mongodb..")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.util.Date")
                .check(ours);
    }

    /** Every {@code x.internal} package is used from inside {@code x} only. */
    @Test
    void nothingReachesIntoAnotherPackagesInternals() {
        java.util.Set<String> internals = new java.util.TreeSet<>();
        ours.forEach(c -> {
            int at = c.getPackageName().indexOf(".internal");
            if (at > 0) {
                internals.add(c.getPackageName().substring(0, at));
            }
        });
        assertThat(internals).as("packages with an inside").contains("app.repairbot.engine", "app.repairbot.store.embedded");
        for (String owner : internals) {
            ArchRule rule = classes().that().resideInAPackage(owner + ".internal..")
                    .should().onlyBeAccessed().byClassesThat().resideInAPackage(owner + "..");
            rule.check(ours);
        }
    }

    /** The store's parts: the MongoDB adapter uses the embedded server and the crypto; neither of those uses the adapter. */
    @Test
    void theEmbeddedStoreAndTheCryptoDoNotDependOnTheMongoAdapter() {
        noClasses().that().resideInAnyPackage("app.repairbot.store.embedded..", "app.repairbot.store.crypto..")
                .should().dependOnClassesThat().resideInAPackage("app.repairbot.store.mongo..")
                .check(ours);
        noClasses().that().resideInAPackage("app.repairbot.store.crypto..")
                .should().dependOnClassesThat().resideInAPackage("app.repairbot.store.embedded..")
                .check(ours);
    }

    /** The coach and the safety screen share only the text matching of {@code text}: neither knows the other. */
    @Test
    void theCoachAndTheSafetyScreenDoNotKnowEachOther() {
        noClasses().that().resideInAPackage("app.repairbot.safety..")
                .should().dependOnClassesThat().resideInAPackage("app.repairbot.coach..").check(ours);
        noClasses().that().resideInAPackage("app.repairbot.coach..")
                .should().dependOnClassesThat().resideInAPackage("app.repairbot.safety..").check(ours);
        noClasses().that().resideInAPackage("app.repairbot.text..")
                .should().dependOnClassesThat().resideInAnyPackage(otherFeaturesThan("text")).check(ours);
    }

    @Test
    void springStatemachineStaysInTheEnginesInternalPackage() {
        noClasses().that().resideOutsideOfPackage("app.repairbot.engine.internal..")
                .should().dependOnClassesThat().resideInAPackage("org.springframework.statemachine..")
                .check(ours);
        assertThat(uses("app.repairbot.engine.internal", "org.springframework.statemachine"))
                .as("the engine runs on Spring Statemachine").isTrue();
    }

    /** The engine's parts each have one job; moving a flow through its state machine is {@code Stepping}'s alone. */
    @Test
    void onlySteppingMovesAFlowThroughTheStateMachine() throws NoSuchMethodException {
        noClasses().that().resideOutsideOfPackage("app.repairbot.engine.internal..")
                .and().doNotHaveFullyQualifiedName("app.repairbot.engine.Stepping")
                .should().callMethod(app.repairbot.engine.internal.FlowMachines.class, "move", app.repairbot.flow.Flow.class,
                        String.class, String.class, java.util.function.Function.class)
                .check(ours);
        assertThat(app.repairbot.engine.internal.FlowMachines.class.getMethod("move", app.repairbot.flow.Flow.class, String.class,
                String.class, java.util.function.Function.class)).as("the method this rule guards").isNotNull();
    }

    @Test
    void theStoreAndTelegramAreOnlyReachedFromTheirOwnPackagesAndTheApplication() {
        noClasses().that().resideInAnyPackage("app.repairbot.engine..", "app.repairbot.session..", "app.repairbot.flow..",
                "app.repairbot.chat..", "app.repairbot.coach..", "app.repairbot.safety..", "app.repairbot.schedule..")
                .should().dependOnClassesThat().resideInAnyPackage("app.repairbot.store..", "app.repairbot.telegram..",
                        "app.repairbot.sandbox..", "app.repairbot.studio..")
                .check(ours);
    }

    @Test
    void everyFeatureSaysWhatItIsFor() throws IOException {
        try (Stream<Path> dirs = Files.list(MAIN)) {
            for (Path d : dirs.filter(Files::isDirectory).toList()) {
                assertThat(d.resolve("package-info.java")).as(d.toString()).exists();
            }
        }
    }

    private static final String[] FEATURES = {"engine", "session", "store", "telegram", "sandbox", "studio", "schedule", "safety",
            "coach", "cli", "conversationtest", "flow", "chat", "text"};

    /**
     * Whether a class of package {@code user} uses one of a package starting with {@code used}: a rule
     * that keeps something in one place is not vacuous.
     */
    private static boolean uses(String user, String used) {
        return ours.stream().anyMatch(c -> c.getPackageName().equals(user)
                && c.getDirectDependenciesFromSelf().stream().anyMatch(d -> d.getTargetClass().getPackageName().startsWith(used)));
    }

    /** Every feature package of ours but {@code feature}. */
    private static String[] otherFeaturesThan(String feature) {
        return Stream.of(FEATURES).filter(f -> !f.equals(feature)).map(f -> "app.repairbot." + f + "..").toArray(String[]::new);
    }
}
