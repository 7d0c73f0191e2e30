package app.repairbot.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.generics.TelegramClient;

import app.repairbot.chat.ChatEvent;
import app.repairbot.engine.Engine;
import app.repairbot.engine.OutboxSender;

/** How the bot lets updates into the engine. */
class TelegramBotTests {
    @Test
    void letsAtMostAFewUpdatesIntoTheEngineAtOnceAndTheRestFollow() throws Exception {
        Engine engine = mock(Engine.class);
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        CountDownLatch open = new CountDownLatch(1);
        when(engine.handle(any(ChatEvent.class))).thenAnswer(call -> {
            most.accumulateAndGet(inside.incrementAndGet(), Math::max);
            open.await(10, TimeUnit.SECONDS);
            inside.decrementAndGet();
            return List.of();
        });
        TelegramBot bot = new TelegramBot(engine, new TelegramUpdates("repair_bot"), mock(OutboxSender.class),
                mock(TelegramClient.class));
        Update update = TelegramUpdatesTests.update(TelegramUpdatesTests.message(TelegramUpdatesTests.GROUP, "\"text\":\"hi\""));

        int updates = TelegramBot.AT_ONCE + 5;
        ExecutorService requests = Executors.newFixedThreadPool(updates);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < updates; i++) {
                done.add(requests.submit(() -> bot.handle(update)));
            }
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (inside.get() < TelegramBot.AT_ONCE && System.nanoTime() < until) {
                Thread.sleep(5);
            }
            Thread.sleep(100);
            assertThat(inside.get()).isEqualTo(TelegramBot.AT_ONCE);
            open.countDown();
            for (Future<?> f : done) {
                f.get(10, TimeUnit.SECONDS);
            }
        } finally {
            requests.shutdownNow();
        }
        assertThat(most.get()).isEqualTo(TelegramBot.AT_ONCE);
        verify(engine, times(updates)).handle(any(ChatEvent.class));
    }
}
