package app.repairbot.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import app.repairbot.chat.ChatId;
import app.repairbot.flow.FlowId;

class ButtonDataTests {
    @Test
    void everyButtonTheEngineWritesReadsBackAsItsKindNumberAndDetail() {
        assertThat(ButtonData.parse(ButtonData.answer(7, 2))).contains(new ButtonData(ButtonData.Kind.ANSWER, 7, "2"));
        assertThat(ButtonData.parse(ButtonData.coach(3, true))).contains(new ButtonData(ButtonData.Kind.COACH, 3, "u"));
        assertThat(ButtonData.parse(ButtonData.coach(3, false))).contains(new ButtonData(ButtonData.Kind.COACH, 3, "r"));
        assertThat(ButtonData.parse(ButtonData.ready(9))).contains(new ButtonData(ButtonData.Kind.READY, 9, ""));
        assertThat(ButtonData.parse(ButtonData.share(4, new ChatId(-100123)))).contains(new ButtonData(ButtonData.Kind.SHARE, 4, "-100123"));
        assertThat(ButtonData.parse(ButtonData.keepPrivate(4))).contains(new ButtonData(ButtonData.Kind.SHARE, 4, "n"));
        assertThat(ButtonData.parse(ButtonData.replace(5))).contains(new ButtonData(ButtonData.Kind.REPLACE, 5, ""));
        assertThat(ButtonData.parse(ButtonData.keepGoing(5))).contains(new ButtonData(ButtonData.Kind.KEEP_GOING, 5, ""));
        assertThat(ButtonData.parse(ButtonData.forget(6, true))).contains(new ButtonData(ButtonData.Kind.FORGET, 6, "y"));
        assertThat(ButtonData.parse(ButtonData.menu(2, new FlowId("name-the-impact"))))
                .contains(new ButtonData(ButtonData.Kind.MENU, 2, "name-the-impact"));
        assertThat(ButtonData.parse(ButtonData.cancelFollowUp(11))).contains(new ButtonData(ButtonData.Kind.FOLLOW_UP, 11, ""));
        assertThat(ButtonData.parse(ButtonData.zone("America/Argentina/Buenos_Aires")))
                .contains(new ButtonData(ButtonData.Kind.ZONE, 0, "America/Argentina/Buenos_Aires"));
        assertThat(ButtonData.parse(ButtonData.hold("ask"))).contains(new ButtonData(ButtonData.Kind.HOLD, 0, "ask"));
        assertThat(ButtonData.parse(ButtonData.PAIR)).contains(new ButtonData(ButtonData.Kind.PAIR, 0, ""));
    }

    @Test
    void refusesWhatTheEngineNeverWrites() {
        for (String forged : new String[] {"", "a", "a:", "a:1", "a:x:1", "a:1:", "r:1:extra", "f:name-the-impact", "fu:",
                "fu:-3", "zz:1", "tz:", "hold:", "a:12345678901:1", "pair:1", "x".repeat(65)}) {
            assertThat(ButtonData.parse(forged)).as(forged).isEmpty();
        }
        assertThat(new ButtonData(ButtonData.Kind.ANSWER, 1, "x").index()).isEqualTo(-1);
    }

    @Test
    void saysWhichGoStaleWithTheConversationAndWhichAnswerInTheirOwnChat() {
        assertThat(ButtonData.parse("a:1:0").orElseThrow().kind().followsSeq).isTrue();
        assertThat(ButtonData.parse("fu:1").orElseThrow().kind().followsSeq).isFalse();
        assertThat(ButtonData.parse("fg:1:y").orElseThrow().answersWhereTapped()).isTrue();
        assertThat(ButtonData.parse("f:1:x").orElseThrow().answersWhereTapped()).isTrue();
        assertThat(ButtonData.parse("a:1:0").orElseThrow().answersWhereTapped()).isFalse();
    }
}
