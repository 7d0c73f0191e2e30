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
import app.repairbot.engine.Outgoing;

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
                    event.ifPresent(e -> closeIfDone(e, update.getCallbackQuery()));
                }
                outbox.sendQueued(queued);
            } catch (RuntimeException e) {
                log.warn("Sending the replies to update {} failed; they stay queued: {}", update.getUpdateId(), e.toString());
            }
        });
    }

    /** Takes the buttons off a message whose question has moved on, so nobody taps them in vain. */
    private void closeIfDone(ChatEvent tap, org.telegram.telegrambots.meta.api.objects.CallbackQuery q) {
        if (q.getMessage() == null || engine.buttonStillLive(tap.chat(), q.getData())) {
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
