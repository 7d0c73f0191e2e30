package app.repairbot.telegram;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.AnswerCallbackQuery;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.EditMessageReplyMarkup;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.InlineKeyboardMarkup;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;
import org.telegram.telegrambots.meta.generics.TelegramClient;

import app.repairbot.chat.BotReply;
import app.repairbot.chat.ChatEvent;
import app.repairbot.chat.ChatId;
import app.repairbot.engine.Engine;
import app.repairbot.engine.OutboxSender;
import app.repairbot.session.Outgoing;

/**
 * Handles one Telegram update: a group's move to a supergroup, then the event through the engine
 * (its effects and replies saved in one write before this returns), then, on the sending executor,
 * every tap answered (a notice becomes the tap's toast) and the replies sent. Used by long polling
 * and by the webhook, which can therefore answer Telegram as soon as the update is stored.
 */
public final class TelegramBot {
    private static final Logger log = LoggerFactory.getLogger(TelegramBot.class);
    /**
     * Updates in the engine at once; the rest wait their turn, in order of arrival. The store
     * commits one write at a time, and when every request thread is also competing for the CPU the
     * one committing is slowed and all wait longer (docs/performance.md: p99 about 150 ms with 16 at
     * once, about 100 ms with 4, for the same throughput).
     */
    static final int AT_ONCE = 2 * Runtime.getRuntime().availableProcessors();

    private final Semaphore turns = new Semaphore(AT_ONCE, true);

    private final Engine engine;
    private final TelegramUpdates updates;
    private final OutboxSender outbox;
    private final TelegramClient client;
    private final java.util.concurrent.Executor sending;

    public TelegramBot(Engine engine, TelegramUpdates updates, OutboxSender outbox, TelegramClient client) {
        this(engine, updates, outbox, client, Runnable::run);
    }

    /** {@code sending}: where taps are answered and replies sent, after the update is stored. */
    public TelegramBot(Engine engine, TelegramUpdates updates, OutboxSender outbox, TelegramClient client,
                       java.util.concurrent.Executor sending) {
        this.engine = engine;
        this.updates = updates;
        this.outbox = outbox;
        this.client = client;
        this.sending = sending;
    }

    /**
     * Handles the update; when this returns normally its effects are stored (the update may be
     * confirmed to Telegram). Throws when they could not be, so that the update is delivered again.
     */
    public void handle(Update update) {
        if (update.hasCallbackQuery() && CHOSEN.equals(update.getCallbackQuery().getData())) {
            // The line that shows who chose what does nothing when tapped.
            String id = update.getCallbackQuery().getId();
            sending.execute(() -> answerTap(id, List.of()));
            return;
        }
        TelegramUpdates.migratedTo(update).ifPresent(to -> engine.moveChat(new ChatId(update.getMessage().getChatId()), to));
        Optional<ChatEvent> event = updates.toEvent(update);
        List<Outgoing> queued;
        turns.acquireUninterruptibly();
        try {
            queued = event.map(engine::handle).orElse(List.of());
        } finally {
            turns.release();
        }
        if (event.isPresent()) {
            log.debug("update {} in chat {} ({})", update.getUpdateId(), event.get().chat(),
                    event.get().payload().getClass().getSimpleName());
        }
        sending.execute(() -> {
            try {
                if (update.hasCallbackQuery()) {
                    answerTap(update.getCallbackQuery().getId(), queued);
                    event.ifPresent(e -> showTheChoiceOrClose(e, update.getCallbackQuery(), queued));
                }
                outbox.sendQueued(queued);
            } catch (RuntimeException e) {
                log.warn("Sending the replies to update {} failed; they stay queued: {}", update.getUpdateId(), e.toString());
            }
        });
    }

    /** The data of the line that shows, under a question in a group, who chose what; tapping it does nothing. */
    public static final String CHOSEN = "chosen";

    /**
     * In a group, a tap the engine took (an option, "Ready", the coach's choice) is invisible to the
     * partner in Telegram: the question then shows it, "✓ Alex: Thank you, I accept", on a last row
     * under its buttons (the buttons themselves go once the question has moved on). Any other tap only
     * takes off buttons that have moved on.
     */
    private void showTheChoiceOrClose(ChatEvent tap, org.telegram.telegrambots.meta.api.objects.CallbackQuery q,
                                      List<Outgoing> queued) {
        boolean taken = !queued.isEmpty() && queued.stream().noneMatch(o -> o.reply().notice());
        String data = q.getData() == null ? "" : q.getData();
        boolean choice = data.startsWith("a:") || data.startsWith("r:") || data.startsWith("c:");
        if (tap.chatKind() == app.repairbot.chat.ChatKind.GROUP && taken && choice
                && q.getMessage() instanceof org.telegram.telegrambots.meta.api.objects.message.Message m
                && m.getReplyMarkup() != null) {
            List<org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardRow> rows = new java.util.ArrayList<>();
            String label = null;
            boolean live = engine.buttonStillLive(tap.chat(), data);
            for (var row : m.getReplyMarkup().getKeyboard()) {
                for (var b : row) {
                    if (data.equals(b.getCallbackData())) {
                        label = b.getText();
                    }
                }
                // Lines already saying who chose what stay; the question's buttons stay while it still waits.
                if (live || row.stream().anyMatch(b -> CHOSEN.equals(b.getCallbackData()))) {
                    rows.add(row);
                }
            }
            if (label != null) {
                rows.add(new org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardRow(
                        org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardButton.builder()
                                .text(chosenLine(tap.from().firstName(), label)).callbackData(CHOSEN).build()));
                try {
                    client.execute(EditMessageReplyMarkup.builder().chatId(tap.chat().value()).messageId(m.getMessageId())
                            .replyMarkup(InlineKeyboardMarkup.builder().keyboard(rows).build()).build());
                } catch (TelegramApiException e) {
                    log.debug("Could not show the choice on message {}: {}", m.getMessageId(), e.getMessage());
                }
                return;
            }
        }
        closeIfDone(tap, q);
    }

    /** "✓ Alex: Thank you, I accept", within Telegram's 64 characters for a button's text. */
    static String chosenLine(String who, String label) {
        String line = "\u2713 " + who + ": " + label;
        return line.length() <= 64 ? line : line.substring(0, 63) + "\u2026";
    }

    /** Takes the buttons off a message whose question has moved on, so nobody taps them in vain. */
    private void closeIfDone(ChatEvent tap, org.telegram.telegrambots.meta.api.objects.CallbackQuery q) {
        if (q.getMessage() == null || CHOSEN.equals(q.getData()) || engine.buttonStillLive(tap.chat(), q.getData())) {
            return;
        }
        try {
            client.execute(EditMessageReplyMarkup.builder().chatId(tap.chat().value()).messageId(q.getMessage().getMessageId())
                    .replyMarkup(InlineKeyboardMarkup.builder().keyboard(List.of()).build()).build());
        } catch (TelegramApiException e) {
            log.debug("Could not take the buttons off message {}: {}", q.getMessage().getMessageId(), e.getMessage());
        }
    }

    /** Every tap is answered (Telegram shows a spinner until it is), with a notice as its toast. */
    private void answerTap(String callbackId, List<Outgoing> queued) {
        String toast = queued.stream().map(Outgoing::reply).filter(BotReply::notice).map(BotReply::text).findFirst().orElse(null);
        try {
            client.execute(AnswerCallbackQuery.builder().callbackQueryId(callbackId).text(toast).build());
        } catch (TelegramApiException e) {
            log.debug("Could not answer a tap: {}", e.getMessage());
        }
    }
}
