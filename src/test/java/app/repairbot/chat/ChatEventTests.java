package app.repairbot.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ChatEventTests {
    @Test
    void readsCommandsWithArgumentsAndABotName() {
        assertThat(ChatEvent.ofText("/repair name-the-impact")).isEqualTo(new ChatEvent.Command("repair", "name-the-impact"));
        assertThat(ChatEvent.ofText("/Pause@repair_bot 30")).isEqualTo(new ChatEvent.Command("pause", "30"));
        assertThat(ChatEvent.ofText("  /stop  ")).isEqualTo(new ChatEvent.Command("stop", ""));
    }

    @Test
    void keepsOtherTextAsTyped() {
        assertThat(ChatEvent.ofText("/ not a command")).isEqualTo(new ChatEvent.Text("/ not a command"));
        assertThat(ChatEvent.ofText("I'm ready ")).isEqualTo(new ChatEvent.Text("I'm ready "));
    }

    @Test
    void refusesButtonDataOverSixtyFourBytes() {
        assertThrows(IllegalArgumentException.class, () -> new Button("x", "é".repeat(33)));
        assertThat(new Button("x", "a".repeat(64)).data()).hasSize(64);
    }

    @Test
    void callsSomeoneWithoutAFirstNameFriend() {
        assertThat(new Person(new UserId(1), " ").firstName()).isEqualTo("friend");
    }
}
