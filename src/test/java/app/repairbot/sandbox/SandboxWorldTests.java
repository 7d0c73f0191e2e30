package app.repairbot.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.telegram.telegrambots.meta.api.objects.Update;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The sandbox's updates must read as Telegram's own. */
class SandboxWorldTests {
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyKindOfUpdateItMakesReadsAsATelegramUpdate() throws Exception {
        SandboxWorld world = new SandboxWorld(Clock.systemUTC());
        SandboxWorld.Persona alex = SandboxWorld.PERSONAS.get(0);
        world.addBotToGroup(alex);
        world.say(alex, SandboxWorld.GROUP, "hello");
        SandboxWorld.Message m = world.botSends(SandboxWorld.GROUP, "Ready?", List.of(Map.of("text", "Yes", "callback_data", "a:1:0")), null);
        assertThat(world.tap(alex, SandboxWorld.GROUP, m.id(), "a:1:0")).isTrue();
        List<Map<String, Object>> updates = world.updatesFrom(0, 0);
        assertThat(updates).hasSize(3);
        for (Map<String, Object> u : updates) {
            Update read = JSON.readValue(JSON.writeValueAsString(u), Update.class);
            assertThat(read.getUpdateId()).isPositive();
        }
        Update tap = JSON.readValue(JSON.writeValueAsString(updates.get(2)), Update.class);
        assertThat(tap.getCallbackQuery().getData()).isEqualTo("a:1:0");
        assertThat(tap.getCallbackQuery().getMessage().getChatId()).isEqualTo(SandboxWorld.GROUP);
    }

    @Test
    void anOpenWorldTakesMessagesToChatsThePageDoesNotShow() {
        SandboxWorld closed = new SandboxWorld(Clock.systemUTC());
        org.assertj.core.api.Assertions.assertThat(closed.knows(-777)).isFalse();
        SandboxWorld open = new SandboxWorld(Clock.systemUTC(), true);
        org.assertj.core.api.Assertions.assertThat(open.knows(-777)).isTrue();
        org.assertj.core.api.Assertions.assertThat(open.botSends(-777, "hello", java.util.List.of(), null).text()).isEqualTo("hello");
        org.assertj.core.api.Assertions.assertThat(open.setButtons(-777, 1, java.util.List.of())).isTrue();
        org.assertj.core.api.Assertions.assertThat(open.state().toString()).doesNotContain("-777");
    }
}
