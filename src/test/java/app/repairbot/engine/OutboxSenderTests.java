package app.repairbot.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;

import app.repairbot.chat.BotReply;
import app.repairbot.chat.ChatId;
import app.repairbot.chat.ReplySink;
import app.repairbot.session.InMemorySessionStore;
import app.repairbot.session.Outgoing;
import app.repairbot.session.Session;
import app.repairbot.testing.Waiting;

class OutboxSenderTests {
    final InMemorySessionStore store = new InMemorySessionStore();

    List<Outgoing> queue(ChatId chat, BotReply reply) {
        Session s = store.load(chat);
        List<Outgoing> queued = s.enqueue(List.of(reply));
        assertThat(store.save(s)).isTrue();
        return queued;
    }

    @Test
    void backgroundPostsGoOutInOrderFromOneThreadWhileLiveRepliesGoAtOnce() throws Exception {
        List<String> sent = Collections.synchronizedList(new ArrayList<>());
        List<String> threads = Collections.synchronizedList(new ArrayList<>());
        int[] refusals = {2};
        OutboxSender sender = new OutboxSender(store, reply -> {
            if (reply.background() && refusals[0]-- > 0) {
                throw new ReplySink.RetryLater("paced", Instant.now().plusMillis(20));
            }
            sent.add(reply.text());
            threads.add(Thread.currentThread().getName());
        });
        sender.sendBackgroundInOrder(java.time.Clock.systemUTC());
        List<Outgoing> prompts = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            prompts.addAll(queue(new ChatId(-i), BotReply.say(new ChatId(-i), "prompt " + i).inBackground()));
        }
        sender.sendQueued(prompts);
        sender.sendQueued(queue(new ChatId(-99), BotReply.say(new ChatId(-99), "live")));
        assertThat(sent).as("the live reply went out on the calling thread").contains("live");
        Waiting.upTo(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(sent).hasSize(6));
        assertThat(sent).containsExactly("live", "prompt 1", "prompt 2", "prompt 3", "prompt 4", "prompt 5");
        assertThat(threads.subList(1, 6)).containsOnly("background-replies");
        assertThat(store.withOutbox(10)).isEmpty();
        assertThat(sender.backgroundWaiting()).isZero();
    }

    @Test
    void theBackgroundThreadNeverSendsAnOutboxAnotherThreadIsSending() throws Exception {
        ChatId chat = new ChatId(-7);
        java.util.concurrent.CountDownLatch inSend = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch goOn = new java.util.concurrent.CountDownLatch(1);
        List<String> sent = Collections.synchronizedList(new ArrayList<>());
        OutboxSender sender = new OutboxSender(store, reply -> {
            if (reply.text().equals("live")) {
                inSend.countDown();
                try {
                    goOn.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
            sent.add(reply.text());
        });
        sender.sendBackgroundInOrder(java.time.Clock.systemUTC());
        queue(chat, BotReply.say(chat, "live"));
        Thread live = new Thread(() -> sender.send(chat));
        live.start();
        inSend.await();
        sender.sendQueued(queue(chat, BotReply.say(chat, "prompt").inBackground()));
        // The background thread takes the prompt, and must not send it while the live send is under way.
        Waiting.upTo(Duration.ofSeconds(5), Duration.ofMillis(5)).until(() -> sender.backgroundWaiting() == 0);
        Waiting.upTo(Duration.ofSeconds(1), Duration.ofMillis(5)).during(Duration.ofMillis(100)).until(sent::isEmpty);
        goOn.countDown();
        live.join(5_000);
        Waiting.upTo(Duration.ofSeconds(2), Duration.ofMillis(5)).until(() -> sent.size() >= 2);
        // Nor send it twice.
        Waiting.upTo(Duration.ofSeconds(1), Duration.ofMillis(5)).during(Duration.ofMillis(100)).until(() -> sent.size() == 2);
        assertThat(sent).containsExactly("live", "prompt");
        assertThat(store.withOutbox(10)).isEmpty();
    }
}
