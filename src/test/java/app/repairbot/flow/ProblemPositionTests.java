package app.repairbot.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every kind of validation problem of FLOW-DSL.md section 5 names the line and column of the key or
 * value it is about: a value that is wrong, the key of a mapping that lacks a key, the variable inside
 * a text. Only problems of a whole file (too large, empty) stand at 1:1. Line and column numbers below
 * are counted by hand in the fixtures.
 */
class ProblemPositionTests {
    @TempDir
    Path dir;

    private List<String> problems(String file, String yaml) throws IOException {
        Files.writeString(dir.resolve(file), yaml);
        return FlowCatalog.load(dir).problems().stream().map(Problem::toString).toList();
    }

    private String at(String file, int line, int col) {
        return dir.resolve(file) + ":" + line + ":" + col + ": ";
    }

    @Test
    void yamlSyntaxAtTheCharacterTheReaderStoppedAt() throws IOException {
        assertThat(problems("tiny.yaml", "id: tiny\n\ttitle: Tiny\n")).singleElement().asString()
                .startsWith(at("tiny.yaml", 2, 1) + "YAML syntax: found character '\\t(TAB)' that cannot start any token");
        assertThat(problems("tiny.yaml", "id: tiny\ntitle: Ti\u0001ny\n")).containsExactly(at("tiny.yaml", 2, 10)
                + "YAML syntax: the character U+0001 is not allowed in a YAML file: delete it (it is often an invisible "
                + "control character pasted with a text)");
        assertThat(problems("tiny.yaml", "id: tiny\ntitle: Tiny\n---\nid: again\n")).containsExactly(at("tiny.yaml", 3, 1)
                + "a second YAML document ('---') starts here: keep one per file");
    }

    @Test
    void aByteThatIsNotUtf8WhereItStands() throws IOException {
        Files.write(dir.resolve("tiny.yaml"), "id: tiny\ntitle: Caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(FlowCatalog.load(dir).problems()).map(Problem::toString).containsExactly(at("tiny.yaml", 2, 11)
                + "the file is not UTF-8 (byte 0xE9 here): save it as UTF-8");
    }

    @Test
    void unknownKeysAtTheKeyAtEveryDepth() throws IOException {
        List<String> problems = problems("keys.yaml", """
                id: keys
                title: Keys
                audience: couple
                colour: blue
                steps:
                  pick:
                    ask: starter
                    text: Pick one
                    save: pick
                    options:
                      - {label: A, valeu: a}
                    next: check
                  check:
                    branch:
                      - {if: {var: pick, equal: a}, next: done}
                      - {if: {var: pick, in: [b]}, nxt: done}
                    else: done
                  done:
                    end: Bye
                """);
        assertThat(problems).contains(
                at("keys.yaml", 4, 1) + "unknown key 'colour' in the flow (allowed: audience, command, description, "
                        + "expire, id, on_expire, start, steps, title)",
                at("keys.yaml", 11, 20) + "unknown key 'valeu' in an option: did you mean 'value'? (allowed: label, next, value)",
                at("keys.yaml", 15, 26) + "unknown key 'equal' in a var condition: did you mean 'equals'? "
                        + "(allowed: equals, in, matches, var)",
                at("keys.yaml", 16, 36) + "unknown key 'nxt' in a branch case: did you mean 'next'? (allowed: if, next)");
    }

    @Test
    void missingKeysAtTheMappingThatLacksThem() throws IOException {
        List<String> problems = problems("gaps.yaml", """
                # a flow with gaps
                id: gaps
                audience: couple
                steps:
                  ask-it:
                    ask: starter
                  said:
                    say: Hello
                  fork:
                    branch:
                      - {if: {var: x, equals: a}}
                  button:
                    ask: starter
                    text: Pick
                    save: b
                    options:
                      - {value: a}
                    next: end
                  nothing:
                    recap: true
                """);
        assertThat(problems).containsExactlyInAnyOrder(
                at("gaps.yaml", 2, 1) + "the flow has no 'title': add 'title: …' at the top",
                at("gaps.yaml", 5, 3) + "ask step 'ask-it' has no 'text': write the question the bot asks",
                at("gaps.yaml", 5, 3) + "ask step 'ask-it' has no 'save': name the answer, like 'save: feeling'",
                at("gaps.yaml", 5, 3) + "ask step 'ask-it' has no 'next': say which step comes after it",
                at("gaps.yaml", 7, 3) + "step 'said' has no 'next': say which step comes after it (or 'end')",
                at("gaps.yaml", 11, 9) + "a branch case needs both 'if' and 'next', like {if: {var: ready, equals: yes}, next: talk}",
                at("gaps.yaml", 9, 3) + "branch 'fork' has no 'else': say where to go when no case matches",
                at("gaps.yaml", 17, 9) + "an option of step 'button' has no label: add 'label: …' (the button's text)",
                at("gaps.yaml", 19, 3) + "step 'nothing' has no kind: give it exactly one of say, ask, branch, pause, share, goto, end");
    }

    @Test
    void wrongTypesAtTheValue() throws IOException {
        List<String> problems = problems("types.yaml", """
                id: types
                title: [Types]
                audience: couple
                expire: soon
                steps:
                  a:
                    ask: starter
                    text: Hi
                    save: x
                    options: yes
                    next: end
                """);
        assertThat(problems).containsExactlyInAnyOrder(
                at("types.yaml", 2, 8) + "title should be a single value, not a list",
                at("types.yaml", 4, 9) + "expire 'soon' is not a duration: write a whole number and a unit, like 30s, 20m, 24h or 7d",
                at("types.yaml", 10, 14) + "options should be a list (items starting with '- '), not the value 'yes'");
    }

    @Test
    void unknownTargetsAtTheirValueWithTheKnownSteps() throws IOException {
        List<String> problems = problems("targets.yaml", """
                id: targets
                title: Targets
                audience: couple
                start: opening
                steps:
                  open:
                    ask: starter
                    text: Ready?
                    save: ready
                    options:
                      - label: Sure
                        next: tlak
                      - Later
                    next: check
                  check:
                    branch:
                      - {if: {var: ready, equals: Later}, next: stop}
                    else: tallk
                  talk:
                    end: Bye
                """);
        assertThat(problems).containsExactly(
                at("targets.yaml", 4, 8) + "start 'opening' is not a step (known: open, check, talk)",
                at("targets.yaml", 12, 15) + "step 'open' goes to unknown step 'tlak'; did you mean 'talk' (known: open, check, talk)",
                at("targets.yaml", 17, 49) + "step 'check' goes to unknown step 'stop' (known: open, check, talk)",
                at("targets.yaml", 18, 11) + "step 'check' goes to unknown step 'tallk'; did you mean 'talk' (known: open, check, talk)");
    }

    @Test
    void gotoProblemsAtTheGotoValueWithTheKnownFlows() throws IOException {
        Files.writeString(dir.resolve("alone.yaml"), """
                id: alone
                title: Alone
                audience: private
                steps:
                  a:
                    end: Bye
                """);
        List<String> problems = problems("jump.yaml", """
                id: jump
                title: Jump
                audience: couple
                steps:
                  first:
                    say: Off we go
                    next: second
                  second:
                    goto: alnoe
                """);
        assertThat(problems).containsExactly(at("jump.yaml", 9, 11) + "step 'second' goes to unknown flow 'alnoe'; "
                + "did you mean 'alone' (known: alone, jump)");
        problems = problems("jump.yaml", Files.readString(dir.resolve("jump.yaml")).replace("goto: alnoe", "goto: alone"));
        assertThat(problems).containsExactly(at("jump.yaml", 9, 11) + "step 'second' goes to 'alone', a private flow, from "
                + "a couple flow: goto keeps the same chat, so go to a couple flow (couple flows: jump)");
    }

    @Test
    void commandsAtTheCommandValue() throws IOException {
        String tiny = """
                id: tiny
                title: Tiny
                command: %s
                audience: couple
                steps:
                  a:
                    end: Bye
                """;
        assertThat(problems("tiny.yaml", tiny.formatted("pause"))).singleElement().asString().startsWith(at("tiny.yaml", 3, 10)
                + "command '/pause' belongs to the bot itself: choose another (the bot's own: cancel, daily, forget, help,");
        Files.writeString(dir.resolve("other.yaml"), tiny.formatted("tiny").replace("id: tiny", "id: other"));
        assertThat(problems("tiny.yaml", tiny.formatted("tiny"))).containsExactly(at("tiny.yaml", 3, 10)
                + "command '/tiny' is also the command of other (" + dir.resolve("other.yaml") + ":3:10): commands must be "
                + "unique; choose another for one of them");
    }

    @Test
    void graphProblemsAtTheStepsKey() throws IOException {
        List<String> problems = problems("graph.yaml", """
                id: graph
                title: Graph
                audience: couple
                steps:
                  a:
                    say: one
                    next: b
                  b:
                    branch:
                      - {if: {var: x, equals: "1"}, next: done}
                    else: a
                  ask-x:
                    ask: starter
                    text: x?
                    save: x
                    next: a
                  done:
                    end: ""
                """);
        assertThat(problems).contains(
                at("graph.yaml", 12, 3) + "step 'ask-x' is unreachable: no step goes to it from 'a'; point a 'next' at it "
                        + "or remove it",
                at("graph.yaml", 5, 3) + "steps a -> b -> a go round without waiting for anyone; put an ask or pause in the loop",
                at("graph.yaml", 10, 20) + "warning: branch 'b' tests 'x', which is not saved on every path to it; where it is not "
                        + "saved, the test is false");
    }

    @Test
    void anUnknownCoachForAtItsValueWithTheAllowedOnes() throws IOException {
        assertThat(problems("tiny.yaml", """
                id: tiny
                title: Tiny
                audience: couple
                steps:
                  a:
                    ask: starter
                    coach: true
                    coach_for: storry
                    text: Hi
                    save: x
                    next: end
                """)).containsExactly(at("tiny.yaml", 8, 16) + "step 'a' has coach_for 'storry', which the coach does not "
                + "know: did you mean 'story'? (allowed: appreciation, boundary, impact, request, story)");
        assertThat(problems("tiny.yaml", """
                id: tiny
                title: Tiny
                audience: couple
                steps:
                  a:
                    ask: starter
                    coach_for: [story, boundary]
                    coach: private
                    text: Hi
                    save: x
                    next: end
                """)).containsExactly(at("tiny.yaml", 7, 16) + "coach_for should be a single value, not a list");
    }

    @Test
    void coachForWithoutTheCoachAtItsValue() throws IOException {
        assertThat(problems("tiny.yaml", """
                id: tiny
                title: Tiny
                audience: couple
                steps:
                  a:
                    ask: starter
                    coach_for: boundary
                    text: Hi
                    save: x
                    next: end
                """)).containsExactly(at("tiny.yaml", 7, 16) + "coach_for says what the coach looks for, but step 'a' is not "
                + "coached: add coach: true (or coach: private), or remove coach_for");
        assertThat(problems("tiny.yaml", """
                id: tiny
                title: Tiny
                audience: couple
                steps:
                  a:
                    ask: starter
                    coach: story
                    text: Hi
                    save: x
                    next: end
                """)).containsExactly(at("tiny.yaml", 7, 12) + "coach is true, false or private; to say what the step is for, "
                + "write coach: true and coach_for: story on the step");
    }

    @Test
    void coachPrivateInAPrivateFlowAtTheCoachValue() throws IOException {
        assertThat(problems("alone.yaml", """
                id: alone
                title: Alone
                audience: private
                steps:
                  a:
                    ask: starter
                    coach: private
                    text: Hi
                    save: x
                    next: end
                """)).containsExactly(at("alone.yaml", 7, 12) + "coach: private is for couple flows (it moves a draft from "
                + "the group into a private chat); in a private flow the chat is already private: write coach: true");
    }

    @Test
    void undefinedVariablesAtTheVariableInEveryStyleOfText() throws IOException {
        List<String> problems = problems("texts.yaml", """
                id: texts
                title: Texts
                audience: couple
                on_expire: "Bye {{starter}}, {{mood}}"
                steps:
                  intro:
                    say: |
                      Hello {{starter}},
                      you said {{ feeling }}.
                    next: feel
                  feel:
                    ask: starter
                    text: 'It''s you, {{partner.feeling}}'
                    save: feeling
                    next: close
                  close:
                    end: Thanks, {{feelin}}
                """);
        assertThat(problems).containsExactly(
                at("texts.yaml", 9, 16) + "step 'intro' uses {{feeling}}, which is not saved on every path to it: ask for it "
                        + "on every way there, or move the text after the ask",
                at("texts.yaml", 13, 23) + "step 'feel' uses {{partner.feeling}}, which no ask saves (saved: feeling)",
                at("texts.yaml", 17, 18) + "step 'close' uses {{feelin}}, which no ask saves; did you mean 'feeling'? "
                        + "(saved: feeling)",
                at("texts.yaml", 4, 30) + "on_expire (which can fire at any question) uses {{mood}}, which no ask saves "
                        + "(saved: feeling)");
    }

    @Test
    void aByteOrderMarkIsNotCountedAsAColumn() throws IOException {
        assertThat(problems("bom.yaml", "\uFEFFon_expire: Bye {{mood}}\nid: bom\ntitle: Bom\naudience: couple\nsteps:\n"
                + "  a:\n    end: Bye\n")).containsExactly(at("bom.yaml", 1, 16) + "on_expire (which can fire at any question) "
                + "uses {{mood}}, which no ask saves (no ask saves anything yet): add an ask with a 'save' before it");
    }

    @Test
    void aLongButtonLabelAtTheLabelOfAnOptionMapping() throws IOException {
        String label = "é".repeat(33);
        assertThat(problems("tiny.yaml", """
                id: tiny
                title: Tiny
                audience: couple
                steps:
                  a:
                    ask: starter
                    text: Which?
                    save: x
                    options: [{label: "%s", next: end}]
                    next: end
                """.formatted(label))).containsExactly(at("tiny.yaml", 9, 23) + "button label '" + label + "' is 66 bytes; Telegram buttons take at most 64: shorten it (put the detail in the question)");
    }

    @Test
    void warningsAtTheValueTheyAreAbout() throws IOException {
        List<String> problems = problems("tiny.yaml", """
                id: tiny
                title: Tiny
                audience: couple
                steps:
                  a:
                    ask: starter
                    text: What has been bothering you? %s
                    save: x
                    next: close
                  close:
                    end: ""
                    recap: true
                """.formatted("x".repeat(1000)));
        assertThat(problems).containsExactly(
                at("tiny.yaml", 7, 11) + "warning: text is 1029 characters: long texts are hard to read on a phone",
                at("tiny.yaml", 7, 11) + "warning: step 'a' seems to ask for a complaint, and the flow has no 'coach: true' "
                        + "ask: consider coaching it",
                at("tiny.yaml", 12, 12) + "warning: step 'close' has a recap, but no ask has a 'label': the recap will list "
                        + "every answer with only who gave it, which reads like a form; add label: \"…\" to the asks it should show");
    }
}
