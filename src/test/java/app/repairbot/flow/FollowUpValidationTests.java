package app.repairbot.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code follow_up} on end steps and {@code {{before.*}}} in the flows they schedule (FLOW-DSL "Follow-ups"). */
class FollowUpValidationTests {
    @TempDir
    Path dir;

    private static final String FIRST = """
            id: first
            title: First
            audience: couple
            steps:
              step-ask:
                ask: both
                text: What will you try?
                save: small-step
                next: maybe
              maybe:
                ask: starter
                text: Anything else?
                save: extra
                options: [Yes, No]
                next: close
              close:
                end: "Thank you."
                follow_up: { after: 3d, at: "19:00", flow: check }
            """;

    private static final String CHECK = """
            id: check
            title: Check
            audience: couple
            steps:
              how:
                ask: starter
                text: "You chose \\"{{before.starter.small-step}}\\". How did it go?"
                save: went
                next: close
              close:
                end: "Thanks."
            """;

    private FlowCatalog.Loaded load(String... files) throws IOException {
        for (int i = 0; i < files.length; i += 2) {
            Files.writeString(dir.resolve(files[i]), files[i + 1]);
        }
        return FlowCatalog.load(dir);
    }

    private List<String> errors(String... files) throws IOException {
        return load(files).errors().stream().map(Problem::toString).toList();
    }

    private String at(String file, int line, int col) {
        return dir.resolve(file) + ":" + line + ":" + col + ": ";
    }

    @Test
    void acceptsAFollowUpAndKeepsWhenAndWhat() throws IOException {
        FlowCatalog.Loaded loaded = load("first.yaml", FIRST, "check.yaml", CHECK);
        assertThat(loaded.problems()).isEmpty();
        Step.End close = (Step.End) loaded.orThrow().find("first").orElseThrow().step("close");
        Step.FollowUp f = close.followUp().orElseThrow();
        assertThat(f.after()).isEqualTo(Duration.ofDays(3));
        assertThat(f.at()).contains(LocalTime.of(19, 0));
        assertThat(f.flow().value()).isEqualTo("check");
    }

    @Test
    void aFollowUpOnlyFlowIsNotOfferedToStartByHand() throws IOException {
        FlowCatalog catalog = load("first.yaml", FIRST, "check.yaml", CHECK).orThrow();
        assertThat(catalog.forAudience(Audience.COUPLE)).extracting(fl -> fl.id().value()).containsExactly("first");
        assertThat(FlowCatalog.isFollowUpOnly(catalog.find("check").orElseThrow())).isTrue();
    }

    @Test
    void refusesAFollowUpToAnUnknownFlowAtItsFlowValue() throws IOException {
        assertThat(errors("first.yaml", FIRST.replace("flow: check }", "flow: chek }"), "check.yaml", CHECK)).contains(
                at("first.yaml", 18, 48) + "step 'close' has a follow_up to unknown flow 'chek'; did you mean 'check' "
                        + "(known: check, first)");
    }

    @Test
    void refusesAFollowUpToAFlowOfAnotherAudience() throws IOException {
        String privateCheck = CHECK.replace("audience: couple", "audience: private").replace("before.starter.", "before.");
        assertThat(errors("first.yaml", FIRST, "check.yaml", privateCheck)).singleElement().asString()
                .startsWith(at("first.yaml", 18, 48) + "step 'close' has a follow_up to 'check', a private flow, from a couple flow");
    }

    @Test
    void checksBeforeVariablesAgainstEveryEndThatSchedulesTheFlow() throws IOException {
        String check = CHECK.replace("{{before.starter.small-step}}", "{{before.extra}}");
        // 'extra' is saved on the only path here: no error.
        assertThat(errors("first.yaml", FIRST, "check.yaml", check)).isEmpty();
        // Two ends schedule it; 'extra' is saved on the way to both.
        String twoEnds = FIRST.replace("    options: [Yes, No]\n    next: close",
                "    options: [Yes, { label: No, next: close }, { label: Skip, next: other-close }]\n"
                        + "    next: close\n"
                        + "  other-close:\n"
                        + "    end: \"Bye.\"\n"
                        + "    follow_up: { after: 1d, flow: check }");
        assertThat(twoEnds).contains("other-close:");
        assertThat(errors("first.yaml", twoEnds, "check.yaml", check)).isEmpty();
        // A both ask's answer is read per partner, at each end that schedules the flow.
        String bare = CHECK.replace("{{before.starter.small-step}}", "{{before.small-step}}");
        assertThat(errors("first.yaml", twoEnds, "check.yaml", bare)).hasSize(2).allSatisfy(e -> assertThat(e)
                .contains("which uses {{before.small-step}}, but 'small-step' is saved by a 'both' ask in first: write "
                        + "{{before.starter.small-step}} or {{before.partner.small-step}} in check"));
        String never = CHECK.replace("{{before.starter.small-step}}", "{{before.feeling}}");
        assertThat(errors("first.yaml", FIRST, "check.yaml", never)).singleElement().asString().isEqualTo(
                at("first.yaml", 18, 48) + "step 'close' of first schedules check, which uses {{before.feeling}}, but "
                        + "'feeling' is never saved in first: save it before this end, or stop using it in check");
    }

    @Test
    void refusesABeforeVariableSavedOnlyOnSomePaths() throws IOException {
        String first = """
                id: first
                title: First
                audience: couple
                steps:
                  choose:
                    ask: starter
                    text: Go on?
                    save: go
                    options: [{ label: Yes, next: more }, { label: No, next: close }]
                    strict: true
                  more:
                    ask: starter
                    text: Tell me more.
                    save: more
                    next: close
                  close:
                    end: ""
                    follow_up: { after: 2d, flow: check }
                """;
        String check = CHECK.replace("{{before.starter.small-step}}", "{{before.more}}");
        assertThat(errors("first.yaml", first, "check.yaml", check)).singleElement().asString().isEqualTo(
                at("first.yaml", 18, 35) + "step 'close' of first schedules check, which uses {{before.more}}, but "
                        + "'more' is not saved on every path to 'close': save it before this end, or stop using it in check");
    }

    @Test
    void reportsBadFollowUpKeysAndValuesWhereTheyAre() throws IOException {
        assertThat(errors("first.yaml", FIRST.replace("at: \"19:00\"", "at: \"7pm\""), "check.yaml", CHECK)).singleElement()
                .asString().isEqualTo(at("first.yaml", 18, 33) + "the follow_up of step 'close': at '7pm' is not a time "
                        + "of day: write it as \"19:00\" (24-hour, in quotes)");
        assertThat(errors("first.yaml", FIRST.replace("after: 3d", "after: 3 days"), "check.yaml", CHECK)).singleElement()
                .asString().startsWith(at("first.yaml", 18, 25));
        assertThat(errors("first.yaml", FIRST.replace("after: 3d, ", ""), "check.yaml", CHECK)).singleElement()
                .asString().startsWith(at("first.yaml", 18, 16) + "the follow_up of step 'close' has no 'after'");
        assertThat(errors("first.yaml", FIRST.replace("at: \"19:00\"", "when: \"19:00\""), "check.yaml", CHECK))
                .anySatisfy(e -> assertThat(e).startsWith(at("first.yaml", 18, 29) + "unknown key 'when'"));
    }

    @Test
    void warnsWhenAFlowReadsBeforeButNothingSchedulesIt() throws IOException {
        FlowCatalog.Loaded loaded = load("check.yaml", CHECK);
        assertThat(loaded.errors()).isEmpty();
        assertThat(loaded.warnings()).singleElement().asString().contains("uses {{before.starter.small-step}}, but no flow "
                + "schedules it with follow_up");
    }

    @Test
    void aBeforeVariableOfAPartnerIsRefusedInAPrivateFlow() throws IOException {
        String privateCheck = CHECK.replace("audience: couple", "audience: private").replace("before.starter.", "before.partner.");
        assertThat(errors("check.yaml", privateCheck)).singleElement().asString().contains("but a private flow has no partner");
    }
}
