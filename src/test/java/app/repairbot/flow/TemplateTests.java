package app.repairbot.flow;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TemplateTests {
    @Test
    void aQuotedAnswerThatEndsItsOwnSentenceDoesNotDoubleTheFullStop() {
        Template t = Template.parse("Sam heard: \"{{heard}}\". Is that close?");
        assertThat(t.render(n -> "You feel lonely.")).isEqualTo("Sam heard: \"You feel lonely.\" Is that close?");
        assertThat(t.render(n -> "You feel lonely")).isEqualTo("Sam heard: \"You feel lonely\". Is that close?");
        assertThat(Template.parse("You said “{{x}}”.").render(n -> "a hug!")).isEqualTo("You said “a hug!”");
    }
}
