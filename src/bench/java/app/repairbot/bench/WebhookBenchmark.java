package app.repairbot.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import app.repairbot.RepairbotApplication;
import app.repairbot.telegram.TelegramSettings;

/**
 * The end-to-end load generator: webhook updates handled per second, HTTP in, stored (one write
 * with the replies), answered 200, and the replies sent. The whole service runs in webhook mode on
 * the embedded store, and the app's own sandbox (a second instance, without a token) is its Bot
 * API. Simulated couples pair (bot added, two taps) and run whole name-the-impact conversations.
 * Run with {@code ./mvnw -Pbench -DskipTests verify}.
 */
public final class WebhookBenchmark {
    static final String SECRET = "bench-secret";

    public static void main(String[] args) throws Exception {
        int couples = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        // The sandbox, as `./mvnw spring-boot:run` serves it, is the Bot API: open to this second bot's chats.
        try (ConfigurableApplicationContext sandbox = new SpringApplicationBuilder(RepairbotApplication.class).properties(
                "server.port=0", "repairbot.data.dir=" + TempFolders.deletedAtExit("repairbot-sandbox"),
                "repairbot.sandbox.open-world=true", "logging.level.root=WARN").run();
             ConfigurableApplicationContext app = new SpringApplicationBuilder(RepairbotApplication.class).properties(
                "server.port=0", "repairbot.data.dir=" + TempFolders.deletedAtExit("repairbot-webhook-bench"),
                "telegram.bot.token=" + TelegramSettings.SANDBOX_TOKEN,
                "telegram.api.url=http://127.0.0.1:" + ((WebServerApplicationContext) sandbox).getWebServer().getPort(),
                "telegram.webhook.url=https://bench.example/telegram/webhook",
                "telegram.webhook.secret=" + SECRET, "logging.level.root=WARN").run()) {
            URI hook = URI.create("http://127.0.0.1:" + ((WebServerApplicationContext) app).getWebServer().getPort()
                    + "/telegram/webhook");
            ExecutorService httpThreads = Executors.newFixedThreadPool(clients);
            HttpClient http = HttpClient.newBuilder().executor(httpThreads).build();
            AtomicInteger update = new AtomicInteger(1);
            System.out.println("warming up...");
            run(http, hook, 0, couples, clients, update);
            io.micrometer.core.instrument.Timer handled = io.micrometer.core.instrument.Metrics.globalRegistry
                    .find("repairbot.updates.handled").timer();
            for (int trial = 1; trial <= 3; trial++) {
                long handledBefore = handled.count();
                double handledNanosBefore = handled.totalTime(java.util.concurrent.TimeUnit.NANOSECONDS);
                long t0 = System.nanoTime();
                long[] nanos = run(http, hook, trial * 10_000, couples, clients, update);
                double seconds = (System.nanoTime() - t0) / 1e9;
                Arrays.sort(nanos);
                Runtime rt = Runtime.getRuntime();
                System.out.printf("trial %d, %d clients: %,d updates in %.2f s = %,.0f updates/s; p50 %.1f ms, p99 %.1f ms; heap %,d MiB%n",
                        trial, clients, nanos.length, seconds, nanos.length / seconds, nanos[nanos.length / 2] / 1e6,
                        nanos[(int) (nanos.length * 0.99)] / 1e6, (rt.totalMemory() - rt.freeMemory()) >> 20);
                System.out.printf("  of which in the engine and store (applied and stored): mean %.1f ms%n",
                        (handled.totalTime(java.util.concurrent.TimeUnit.NANOSECONDS) - handledNanosBefore)
                                / Math.max(1, handled.count() - handledBefore) / 1e6);
            }
            Thread.sleep(3000);
            double replies = io.micrometer.core.instrument.Metrics.globalRegistry.find("repairbot.replies.sent").counters().stream()
                    .mapToDouble(io.micrometer.core.instrument.Counter::count).sum();
            System.out.printf("replies sent to the sandbox's Bot API in all: %,.0f (paced to Telegram's limits per chat)%n", replies);
            httpThreads.shutdown();
        }
    }

    /** Every couple from {@code first}: the bot added, both tap in, then a whole conversation; each couple in order. */
    static long[] run(HttpClient http, URI hook, int first, int couples, int clients, AtomicInteger update) throws Exception {
        int perCouple = 15;
        long[] nanos = new long[couples * perCouple];
        AtomicLong n = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int c = first; c < first + couples; c++) {
                int couple = c;
                done.add(pool.submit(() -> {
                    for (String body : conversation(couple, update)) {
                        long t0 = System.nanoTime();
                        post(http, hook, SECRET, body);
                        nanos[(int) n.getAndIncrement()] = System.nanoTime() - t0;
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        return Arrays.copyOf(nanos, (int) n.get());
    }

    static List<String> conversation(int i, AtomicInteger update) {
        long group = -3_000_000_000L - i;
        String chat = "{\"id\":" + group + ",\"type\":\"supergroup\",\"title\":\"c\"}";
        String alex = "{\"id\":" + (40_000_000L + 2L * i) + ",\"is_bot\":false,\"first_name\":\"Alex\"}";
        String sam = "{\"id\":" + (40_000_001L + 2L * i) + ",\"is_bot\":false,\"first_name\":\"Sam\"}";
        String bot = "{\"id\":9,\"is_bot\":true,\"first_name\":\"r\",\"username\":\"repair_bot\"}";
        List<String> u = new ArrayList<>();
        u.add("{\"update_id\":" + update.getAndIncrement() + ",\"my_chat_member\":{\"chat\":" + chat + ",\"from\":" + alex
                + ",\"date\":1764000000,\"old_chat_member\":{\"status\":\"left\",\"user\":" + bot + "},\"new_chat_member\":"
                + "{\"status\":\"member\",\"user\":" + bot + "}}}");
        u.add(tap(update, chat, alex, "pair"));
        u.add(tap(update, chat, sam, "pair"));
        u.add(text(update, chat, alex, "/impact"));
        u.add(text(update, chat, sam, "I'm ready"));
        u.add(text(update, chat, alex, "When I come home late you're on your phone and we don't talk all evening."));
        String alexPrivately = "{\"id\":" + (40_000_000L + 2L * i) + ",\"type\":\"private\",\"first_name\":\"Alex\"}";
        String samPrivately = "{\"id\":" + (40_000_001L + 2L * i) + ",\"type\":\"private\",\"first_name\":\"Sam\"}";
        // The impact is asked with coach: private: Alex writes it in a private chat, and the bot posts it in the group.
        u.add(text(update, alexPrivately, alex, "When that happens, I feel lonely. I need some time with you in the evening."));
        u.add(text(update, chat, sam, "You feel lonely when our evenings go by without talking."));
        u.add(text(update, chat, alex, "Yes, that's it"));
        u.add(text(update, chat, alex, "I go quiet instead of asking for time together."));
        u.add(text(update, chat, sam, "I reach for my phone when I'm tired and don't say so."));
        u.add(text(update, chat, alex, "Thank you, I hear you"));
        u.add(text(update, chat, sam, "Thank you, I hear you"));
        u.add(text(update, samPrivately, sam, "Phone away after dinner on weekdays."));
        u.add(text(update, alexPrivately, alex, "Ask for a walk instead of waiting."));
        return u;
    }

    static String text(AtomicInteger update, String chat, String from, String text) {
        return "{\"update_id\":" + update.getAndIncrement() + ",\"message\":{\"message_id\":1,\"date\":1764000000,\"chat\":" + chat
                + ",\"from\":" + from + ",\"text\":\"" + text.replace("\"", "\\\"") + "\"}}";
    }

    static String tap(AtomicInteger update, String chat, String from, String data) {
        int id = update.getAndIncrement();
        return "{\"update_id\":" + id + ",\"callback_query\":{\"id\":\"q" + id + "\",\"from\":" + from + ",\"chat_instance\":\"c\","
                + "\"data\":\"" + data + "\",\"message\":{\"message_id\":1,\"date\":1764000000,\"chat\":" + chat + ",\"text\":\"hi\"}}}";
    }

    /** Posts one update to the webhook with the secret, as Telegram does; anything but 200 fails the run. */
    static void post(HttpClient http, URI hook, String secret, String body) throws IOException, InterruptedException {
        HttpResponse<Void> r = http.send(HttpRequest.newBuilder(hook).header("Content-Type", "application/json")
                .header("X-Telegram-Bot-Api-Secret-Token", secret).POST(HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("webhook answered " + r.statusCode());
        }
    }
}
