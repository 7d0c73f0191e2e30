package app.repairbot.telegram;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.updates.GetUpdates;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;
import org.telegram.telegrambots.meta.generics.TelegramClient;

/**
 * Reads updates with getUpdates. An update is confirmed to Telegram (by asking for the next
 * offset) only after its effects are stored; at start the offset is the next after the highest
 * update id any session stored, so a crash loses nothing and a redelivery changes nothing. Each
 * batch is handled chat by chat in parallel (in order within a chat), so a slow chat delays
 * only itself within a batch.
 */
public final class LongPolling {
    private static final Logger log = LoggerFactory.getLogger(LongPolling.class);
    static final List<String> ALLOWED = List.of("message", "callback_query", "my_chat_member");

    private final TelegramClient client;
    private final TelegramBot bot;
    private final ExecutorService workers;
    private final int timeoutSeconds;
    private long offset;
    private volatile boolean stopped;

    public LongPolling(TelegramClient client, TelegramBot bot, ExecutorService workers, long startOffset, int timeoutSeconds) {
        this.client = client;
        this.bot = bot;
        this.workers = workers;
        this.offset = startOffset;
        this.timeoutSeconds = timeoutSeconds;
    }

    public long offset() {
        return offset;
    }

    /**
     * Fetches one batch and handles it; returns how many updates were handled. On a failure the
     * offset stays at the first update not handled, so it is fetched again.
     */
    public int pollOnce() throws TelegramApiException {
        List<Update> batch = client.execute(GetUpdates.builder().offset((int) offset).limit(100)
                .timeout(timeoutSeconds).allowedUpdates(ALLOWED).build());
        if (batch == null || batch.isEmpty()) {
            return 0;
        }
        Map<Long, List<Update>> byChat = new LinkedHashMap<>();
        for (Update u : batch) {
            byChat.computeIfAbsent(chatOf(u), c -> new ArrayList<>()).add(u);
        }
        List<Future<?>> done = new ArrayList<>();
        for (List<Update> chat : byChat.values()) {
            done.add(workers.submit(() -> chat.forEach(bot::handle)));
        }
        RuntimeException failed = null;
        for (Future<?> f : done) {
            try {
                f.get();
            } catch (Exception e) {
                failed = new IllegalStateException("an update could not be handled", e.getCause() == null ? e : e.getCause());
            }
        }
        if (failed != null) {
            // Fetch the whole batch again: what was handled is de-duplicated, what was not is retried.
            throw failed;
        }
        offset = batch.get(batch.size() - 1).getUpdateId() + 1L;
        return batch.size();
    }

    private static long chatOf(Update u) {
        if (u.hasMessage()) {
            return u.getMessage().getChatId();
        }
        if (u.hasCallbackQuery() && u.getCallbackQuery().getMessage() != null) {
            return u.getCallbackQuery().getMessage().getChatId();
        }
        if (u.hasMyChatMember()) {
            return u.getMyChatMember().getChat().getId();
        }
        return 0;
    }

    /** Makes {@link #run} return after the current request. */
    public void stop() {
        stopped = true;
    }

    /** Polls until stopped (or interrupted), backing off after failures. */
    public void run() {
        long wait = 1000;
        while (!stopped && !Thread.currentThread().isInterrupted()) {
            try {
                pollOnce();
                wait = 1000;
            } catch (TelegramApiException | RuntimeException e) {
                if (stopped) {
                    return;
                }
                Throwable root = e;
                while (root.getCause() != null && root.getCause() != root) {
                    root = root.getCause();
                }
                log.warn("Reading updates failed ({}: {}); trying again in {} ms", e.getMessage(), root.toString(), wait);
                try {
                    Thread.sleep(wait);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                }
                wait = Math.min(wait * 2, 60_000);
            }
        }
    }
}
