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

    @Test
    @SuppressWarnings("unchecked")
    void remembersWhoTappedWhatAndKeepsButtonsTheBotTookOffForThePage() throws Exception {
        SandboxWorld world = new SandboxWorld(Clock.systemUTC());
        SandboxWorld.Persona alex = SandboxWorld.PERSONAS.get(0);
        SandboxWorld.Persona sam = SandboxWorld.PERSONAS.get(1);
        List<Map<String, String>> buttons = List.of(Map.of("text", "I'm ready", "callback_data", "r:1"),
                Map.of("text", "Open a private chat", "url", "https://t.me/repairbot?start=private"));
        SandboxWorld.Message m = world.botSends(SandboxWorld.GROUP, "Sam, ready?", buttons, null);
        assertThat(world.tap(alex, SandboxWorld.GROUP, m.id(), "r:1")).isTrue();
        assertThat(world.tap(sam, SandboxWorld.GROUP, m.id(), "r:1")).isTrue();
        assertThat(world.tap(sam, SandboxWorld.GROUP, m.id(), "null")).as("a link button sends no tap").isFalse();
        // The bot answers Alex's tap with a toast, Sam's with none, and takes the buttons off.
        List<Map<String, Object>> taps = world.updatesFrom(0, 0).stream().filter(u -> u.containsKey("callback_query"))
                .map(u -> (Map<String, Object>) u.get("callback_query")).toList();
        world.answerTap((String) taps.get(0).get("id"), "That one is for Sam to answer.");
        world.answerTap((String) taps.get(1).get("id"), null);
        world.answerTap("sandbox-unknown", "Nobody tapped this.");
        assertThat(world.setButtons(SandboxWorld.GROUP, m.id(), List.of())).isTrue();

        Map<String, Object> read = JSON.readValue(JSON.writeValueAsString(world.state()), Map.class);
        Map<String, Object> group = ((List<Map<String, Object>>) read.get("chats")).get(0);
        Map<String, Object> message = ((List<Map<String, Object>>) group.get("messages")).get(0);
        assertThat(message.get("buttons")).asList().isEmpty();
        assertThat(message.get("removedButtons")).isEqualTo(buttons);
        // Alex's tap was answered with words (the bot did nothing with it): marked refused, so the page shows no ✓ for it.
        assertThat(message.get("taps")).isEqualTo(List.of(
                Map.of("data", "r:1", "persona", 1001, "by", "Alex", "callback", taps.get(0).get("id"), "refused", true),
                Map.of("data", "r:1", "persona", 1002, "by", "Sam", "callback", taps.get(1).get("id"))));
        assertThat(read.get("toasts")).isEqualTo(List.of(Map.of("id", 1, "chat", SandboxWorld.GROUP, "persona", 1001, "to", "Alex",
                "text", "That one is for Sam to answer.")));
        // A button put back is live again; the one left out stays closed.
        world.setButtons(SandboxWorld.GROUP, m.id(), buttons.subList(0, 1));
        SandboxWorld.Message back = (SandboxWorld.Message) ((List<?>) ((List<Map<String, Object>>) world.state().get("chats")).get(0)
                .get("messages")).get(0);
        assertThat(back.buttons()).isEqualTo(buttons.subList(0, 1));
        assertThat(back.removedButtons()).isEqualTo(buttons.subList(1, 2));
    }
}
