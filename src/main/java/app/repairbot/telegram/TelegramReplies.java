package app.repairbot.telegram;

import java.util.ArrayList;
import java.util.List;

import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.objects.MessageEntity;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.ForceReplyKeyboard;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.InlineKeyboardMarkup;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardButton;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardRow;

import app.repairbot.chat.BotReply;
import app.repairbot.chat.Button;
import app.repairbot.chat.Person;

/**
 * Turns a bot reply into Bot API {@code sendMessage} requests. Texts over Telegram's 4096
 * characters are split at line breaks where possible, buttons going with the last part. A question
 * for one partner in a group mentions them and asks for a selective forced reply, so that their
 * answer reaches the bot with the group's privacy mode on.
 */
public final class TelegramReplies {
    static final int MAX_TEXT = 4096;

    private TelegramReplies() {
    }

    public static List<SendMessage> toRequests(BotReply reply) {
        return toRequests(reply, "");
    }

    /** {@code botUsername}: for buttons that open a private chat with the bot (a t.me link). */
    public static List<SendMessage> toRequests(BotReply reply, String botUsername) {
        List<String> parts = split(mentioning(reply), MAX_TEXT);
        List<SendMessage> requests = new ArrayList<>(parts.size());
        for (int i = 0; i < parts.size(); i++) {
            boolean last = i == parts.size() - 1;
            SendMessage.SendMessageBuilder<?, ?> b = SendMessage.builder().chatId(reply.chat().value()).text(parts.get(i));
            if (last && !reply.buttons().isEmpty()) {
                List<InlineKeyboardRow> rows = new ArrayList<>();
                for (Button button : reply.buttons()) {
                    InlineKeyboardButton.InlineKeyboardButtonBuilder<?, ?> ib = InlineKeyboardButton.builder().text(button.label());
                    if (button.data().equals(Button.OPEN_PRIVATE_CHAT)) {
                        ib.url("https://t.me/" + botUsername + "?start=private");
                    } else {
                        ib.callbackData(button.data());
                    }
                    rows.add(new InlineKeyboardRow(ib.build()));
                }
                b.replyMarkup(InlineKeyboardMarkup.builder().keyboard(rows).build());
            } else if (last && forcesReply(reply)) {
                b.replyMarkup(ForceReplyKeyboard.builder().forceReply(true).selective(reply.addressedTo().isPresent()).build());
            }
            if (i == 0 && forcesReply(reply) && reply.addressedTo().isPresent()) {
                mention(parts.get(0), reply.addressedTo().get()).ifPresent(e -> b.entities(List.of(e)));
            }
            requests.add(b.build());
        }
        return requests;
    }

    /**
     * A free-text question in a group (group chat ids are negative): with privacy mode on, only
     * replies to the bot reach it, so the bot asks for one (from the addressed person only, or from
     * everyone when the question is to both).
     */
    static boolean forcesReply(BotReply reply) {
        return reply.chat().value() < 0 && reply.awaitsAnswer() && reply.buttons().isEmpty() && !reply.notice();
    }

    /** The text, starting with the addressed person's name if it does not name them already. */
    static String mentioning(BotReply reply) {
        if (!forcesReply(reply) || reply.addressedTo().isEmpty()) {
            return reply.text();
        }
        String name = reply.addressedTo().get().firstName();
        return reply.text().contains(name) ? reply.text() : app.repairbot.chat.Addressing.to(name, reply.text());
    }

    private static java.util.Optional<MessageEntity> mention(String text, Person who) {
        int at = text.indexOf(who.firstName());
        if (at < 0) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(MessageEntity.builder().type("text_mention").offset(at).length(who.firstName().length())
                .user(org.telegram.telegrambots.meta.api.objects.User.builder().id(who.id().value())
                        .firstName(who.firstName()).isBot(false).build())
                .build());
    }

    /** Splits at the last line break (else space) before the limit; every word is kept, only the break between parts goes. */
    static List<String> split(String text, int limit) {
        List<String> parts = new ArrayList<>();
        String rest = text.isEmpty() ? " " : text;
        while (rest.length() > limit) {
            int cut = rest.lastIndexOf('\n', limit);
            if (cut <= limit / 2) {
                cut = rest.lastIndexOf(' ', limit);
            }
            if (cut <= limit / 2) {
                cut = limit;
                if (Character.isHighSurrogate(rest.charAt(cut - 1))) {
                    cut--;
                }
            }
            parts.add(rest.substring(0, cut));
            rest = rest.substring(cut).stripLeading();
        }
        parts.add(rest);
        return parts;
    }
}
