package app.repairbot.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.telegram.telegrambots.meta.api.objects.Update;

import com.fasterxml.jackson.databind.ObjectMapper;

import app.repairbot.chat.ChatEvent;
import app.repairbot.chat.ChatId;
import app.repairbot.chat.ChatKind;
import app.repairbot.chat.Person;
import app.repairbot.chat.UserId;

/** Updates as Telegram sends them (JSON), read as chat events. */
class TelegramUpdatesTests {
    static final ObjectMapper JSON = new ObjectMapper();
    final TelegramUpdates updates = new TelegramUpdates("repair_bot");

    static final String ALEX = "{\"id\":1001,\"is_bot\":false,\"first_name\":\"Alex\"}";
    static final String GROUP = "{\"id\":-100500,\"type\":\"supergroup\",\"title\":\"Alex & Sam\"}";
    static final String ALEX_CHAT = "{\"id\":1001,\"type\":\"private\",\"first_name\":\"Alex\"}";

    static Update update(String json) throws Exception {
        return JSON.readValue(json, Update.class);
    }

    Optional<ChatEvent> event(String json) throws Exception {
        return updates.toEvent(update(json));
    }

    static String message(String chat, String rest) {
        return "{\"update_id\":77,\"message\":{\"message_id\":5,\"date\":1764000000,\"chat\":" + chat + ",\"from\":" + ALEX
                + (rest.isEmpty() ? "" : "," + rest) + "}}";
    }

    @Test
    void readsAGroupMessageAsText() throws Exception {
        assertThat(event(message(GROUP, "\"text\":\"I felt alone\""))).hasValueSatisfying(e -> {
            assertThat(e.updateId()).isEqualTo(77);
            assertThat(e.chat()).isEqualTo(new ChatId(-100500));
            assertThat(e.chatKind()).isEqualTo(ChatKind.GROUP);
            assertThat(e.from()).isEqualTo(new Person(new UserId(1001), "Alex"));
            assertThat(e.payload()).isEqualTo(new ChatEvent.Text("I felt alone"));
        });
    }

    @Test
    void readsCommandsForThisBotAndLeavesOthersAlone() throws Exception {
        assertThat(event(message(GROUP, "\"text\":\"/pause@Repair_Bot 30\""))).map(ChatEvent::payload)
                .contains(new ChatEvent.Command("pause", "30"));
        assertThat(event(message(GROUP, "\"text\":\"/stop@other_bot\""))).isEmpty();
        assertThat(event(message(ALEX_CHAT, "\"text\":\"/start\""))).hasValueSatisfying(e -> {
            assertThat(e.chatKind()).isEqualTo(ChatKind.PRIVATE);
            assertThat(e.payload()).isEqualTo(new ChatEvent.Command("start", ""));
        });
    }

    @Test
    void readsATapWithTheChatOfItsMessage() throws Exception {
        String tap = "{\"update_id\":78,\"callback_query\":{\"id\":\"cb1\",\"from\":" + ALEX + ",\"chat_instance\":\"x\","
                + "\"data\":\"a:3:0\",\"message\":{\"message_id\":9,\"date\":1764000000,\"chat\":" + GROUP + ",\"text\":\"?\"}}}";
        assertThat(event(tap)).hasValueSatisfying(e -> {
            assertThat(e.chat()).isEqualTo(new ChatId(-100500));
            assertThat(e.payload()).isEqualTo(new ChatEvent.Tap("a:3:0"));
        });
    }

    @Test
    void readsStickersPhotosVoiceAndForwardsAsNonText() throws Exception {
        assertThat(event(message(GROUP, "\"sticker\":{\"file_id\":\"s\",\"file_unique_id\":\"u\",\"type\":\"regular\","
                + "\"width\":1,\"height\":1,\"is_animated\":false,\"is_video\":false}"))).map(ChatEvent::payload)
                .contains(new ChatEvent.NonText("sticker"));
        assertThat(event(message(GROUP, "\"photo\":[{\"file_id\":\"p\",\"file_unique_id\":\"u\",\"width\":1,\"height\":1}]")))
                .map(ChatEvent::payload).contains(new ChatEvent.NonText("photo"));
        assertThat(event(message(GROUP, "\"voice\":{\"file_id\":\"v\",\"file_unique_id\":\"u\",\"duration\":3}")))
                .map(ChatEvent::payload).contains(new ChatEvent.NonText("voice"));
        assertThat(event(message(GROUP, "\"text\":\"you never listen\",\"forward_origin\":{\"type\":\"hidden_user\","
                + "\"date\":1764000000,\"sender_user_name\":\"Someone\"}"))).map(ChatEvent::payload)
                .contains(new ChatEvent.NonText("forwarded message"));
    }

    @Test
    void ignoresEditsChannelPostsAndServiceMessages() throws Exception {
        assertThat(event("{\"update_id\":80,\"edited_message\":{\"message_id\":5,\"date\":1,\"edit_date\":2,\"chat\":" + GROUP
                + ",\"from\":" + ALEX + ",\"text\":\"changed\"}}")).isEmpty();
        assertThat(event("{\"update_id\":81,\"channel_post\":{\"message_id\":5,\"date\":1,\"chat\":{\"id\":-1009,"
                + "\"type\":\"channel\",\"title\":\"c\"},\"text\":\"hi\"}}")).isEmpty();
        assertThat(event(message(GROUP, "\"new_chat_title\":\"Us\""))).isEmpty();
    }

    @Test
    void readsTheBotBeingAddedToAGroup() throws Exception {
        String added = "{\"update_id\":82,\"my_chat_member\":{\"chat\":" + GROUP + ",\"from\":" + ALEX + ",\"date\":1764000000,"
                + "\"old_chat_member\":{\"status\":\"left\",\"user\":{\"id\":9,\"is_bot\":true,\"first_name\":\"R\",\"username\":\"repair_bot\"}},"
                + "\"new_chat_member\":{\"status\":\"member\",\"user\":{\"id\":9,\"is_bot\":true,\"first_name\":\"R\",\"username\":\"repair_bot\"}}}}";
        assertThat(event(added)).hasValueSatisfying(e -> {
            assertThat(e.payload()).isEqualTo(new ChatEvent.BotAdded());
            assertThat(e.from().firstName()).isEqualTo("Alex");
        });
    }

    @Test
    void callsSomeoneWithNoFirstNameFriendAndReadsAMigration() throws Exception {
        String noName = "{\"update_id\":83,\"message\":{\"message_id\":5,\"date\":1,\"chat\":" + GROUP
                + ",\"from\":{\"id\":1002,\"is_bot\":false,\"first_name\":\"\"},\"text\":\"hi\"}}";
        assertThat(event(noName)).map(e -> e.from().firstName()).contains("friend");
        Update moved = update(message(GROUP, "\"migrate_to_chat_id\":-100999"));
        assertThat(TelegramUpdates.migratedTo(moved)).contains(new ChatId(-100999));
    }
}
