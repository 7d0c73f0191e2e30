package app.repairbot.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;

import com.fasterxml.jackson.databind.ObjectMapper;

import app.repairbot.chat.BotReply;
import app.repairbot.chat.Button;
import app.repairbot.chat.ChatId;
import app.repairbot.chat.Person;
import app.repairbot.chat.UserId;

class TelegramRepliesTests {
    static final ChatId GROUP = new ChatId(-100500);
    static final Person SAM = new Person(new UserId(1002), "Sam");

    static String json(SendMessage m) throws Exception {
        return new ObjectMapper().writeValueAsString(m);
    }

    @Test
    void sendsButtonsAsAnInlineKeyboardOnePerRow() throws Exception {
        List<SendMessage> sent = TelegramReplies.toRequests(new BotReply(GROUP, "Ready?",
                List.of(new Button("I'm ready", "a:1:0"), new Button("Not right now", "a:1:1")), Optional.of(SAM), false));
        assertThat(sent).hasSize(1);
        assertThat(json(sent.get(0))).contains("\"chat_id\":\"-100500\"", "\"inline_keyboard\":[[{\"text\":\"I'm ready\","
                + "\"callback_data\":\"a:1:0\"}],[{\"text\":\"Not right now\",\"callback_data\":\"a:1:1\"}]]")
                .doesNotContain("force_reply");
    }

    @Test
    void asksOnePartnerInAGroupForASelectiveReplyAndMentionsThem() throws Exception {
        SendMessage m = TelegramReplies.toRequests(new BotReply(GROUP, "What did you hear, Sam?", List.of(), Optional.of(SAM),
                false)).get(0);
        assertThat(json(m)).contains("\"force_reply\":true", "\"selective\":true", "\"type\":\"text_mention\"",
                "\"offset\":19", "\"length\":3", "\"id\":1002");
        SendMessage unnamed = TelegramReplies.toRequests(new BotReply(GROUP, "What did you hear?", List.of(), Optional.of(SAM),
                false)).get(0);
        assertThat(unnamed.getText()).isEqualTo("Sam, what did you hear?");
        assertThat(json(unnamed)).contains("\"offset\":0");
    }

    @Test
    void forcesNoReplyInAPrivateChatNorForNotices() throws Exception {
        assertThat(json(TelegramReplies.toRequests(new BotReply(new ChatId(1002), "Thank you.", List.of(), Optional.of(SAM),
                false)).get(0))).doesNotContain("force_reply");
        assertThat(json(TelegramReplies.toRequests(new BotReply(GROUP, "That question has moved on.", List.of(),
                Optional.of(SAM), true)).get(0))).doesNotContain("force_reply");
    }

    @Test
    void splitsTextOverTelegramsLimitKeepingEveryWordAndButtonsOnTheLastPart() {
        String line = "I hear that you feel lonely in the evenings, and that matters to me.\n";
        String text = line.repeat(140);
        List<SendMessage> parts = TelegramReplies.toRequests(new BotReply(GROUP, text, List.of(new Button("Yes", "a:1:0")),
                Optional.empty(), false));
        assertThat(parts).hasSize(3).allSatisfy(p -> assertThat(p.getText().length()).isLessThanOrEqualTo(4096));
        assertThat(parts.subList(0, 2)).allSatisfy(p -> assertThat(p.getReplyMarkup()).isNull());
        assertThat(parts.get(2).getReplyMarkup()).isNotNull();
        String joined = String.join("\n", parts.stream().map(SendMessage::getText).toList());
        assertThat(joined.strip()).isEqualTo(text.strip());
    }

    @Test
    void makesTheOpenAPrivateChatButtonALinkToTheBot() throws Exception {
        SendMessage m = TelegramReplies.toRequests(new BotReply(GROUP, "Sam, I can't write to you privately yet.",
                List.of(new Button("Open a private chat with me", Button.OPEN_PRIVATE_CHAT)), Optional.of(SAM), false),
                "repair_bot").get(0);
        assertThat(json(m)).contains("\"url\":\"https://t.me/repair_bot?start=private\"").doesNotContain("callback_data");
    }

    @Test
    void asksEveryoneForAReplyToAQuestionForBoth() throws Exception {
        SendMessage both = TelegramReplies.toRequests(new BotReply(GROUP, "Each of you: what is one part that is yours?",
                List.of(), Optional.empty(), false, true)).get(0);
        assertThat(json(both)).contains("\"force_reply\":true", "\"selective\":false").doesNotContain("text_mention");
        assertThat(both.getText()).isEqualTo("Each of you: what is one part that is yours?");
        SendMessage said = TelegramReplies.toRequests(BotReply.say(GROUP, "Thank you both.")).get(0);
        assertThat(json(said)).doesNotContain("force_reply");
    }
}
