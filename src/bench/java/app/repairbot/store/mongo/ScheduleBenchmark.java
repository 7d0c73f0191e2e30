package app.repairbot.store.mongo;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.generics.TelegramClient;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;

import app.repairbot.bench.TempFolders;
import app.repairbot.chat.ChatEvent;
import app.repairbot.chat.ChatId;
import app.repairbot.coach.RuleBasedCoach;
import app.repairbot.engine.Engine;
import app.repairbot.engine.OutboxSender;
import app.repairbot.flow.FlowCatalog;
import app.repairbot.safety.ScreeningSafety;
import app.repairbot.schedule.Prompt;
import app.repairbot.schedule.PromptKind;
import app.repairbot.schedule.Recurrence;
import app.repairbot.schedule.Scheduler;
import app.repairbot.session.InMemoryCouples;
import app.repairbot.session.Outgoing;
import app.repairbot.telegram.TelegramSender;
import app.repairbot.testing.Conversations;

import app.repairbot.store.crypto.TextCipher;
import app.repairbot.store.embedded.EmbeddedMongo;

/**
 * A burst of scheduled prompts: N couples (default 100,000) with a weekly check-in due in the
 * same minute, on the embedded store. Measures how long claiming them all takes, how fast their
 * flows start, and, while that runs, how long live replies of couples in a conversation wait to
 * be sent (through the real pacing of {@link TelegramSender}, against a Bot API stand-in that
 * answers at once). Couples are kept in memory; prompts and sessions are on the embedded store.
 * Run with {@code ./mvnw -Pbench -DskipTests verify} (see docs/performance.md).
 */
public final class ScheduleBenchmark {
    private static final Instant DUE = Instant.parse("2026-11-29T19:00:00Z");

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        Path dir = TempFolders.deletedAtExit("repairbot-schedule-bench");
        Clock clock = Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(), DUE.plusSeconds(20)));
        try (EmbeddedMongo server = EmbeddedMongo.start(dir); MongoClient client = MongoClients.create(server.connectionString())) {
            var db = client.getDatabase("repairbot");
            MongoSchedules schedules = new MongoSchedules(db);
            schedules.createIndexes();
            InMemoryCouples couples = new InMemoryCouples();
            List<Prompt> prompts = new ArrayList<>(n);
            Recurrence sunday = Recurrence.weekly(DayOfWeek.SUNDAY, LocalTime.of(19, 0));
            for (int i = 0; i < n; i++) {
                couples.pair(Conversations.couple(i));
                prompts.add(new Prompt(Conversations.group(i), PromptKind.WEEKLY, sunday, ZoneOffset.UTC, DUE, DUE));
            }
            long t0 = System.nanoTime();
            schedules.putAll(prompts);
            System.out.printf("stored %,d prompts in %.1f s%n", n, (System.nanoTime() - t0) / 1e9);

            TextCipher cipher = new TextCipher(new javax.crypto.spec.SecretKeySpec(new byte[32], "AES"));
            MongoSessionStore mongo = new MongoSessionStore(db, cipher);
            mongo.createIndexes();
            CachingSessionStore store = new CachingSessionStore(mongo, 20_000, CachingSessionStore.MARK_DELAY);
            Engine engine = new Engine(FlowCatalog.load(Path.of("conversation-flows")).orThrow(), couples, store,
                    new RuleBasedCoach(), ScreeningSafety.phrasesOnly(), clock);

            Map<ChatId, List<Instant>> sentAt = new ConcurrentHashMap<>();
            AtomicInteger sent = new AtomicInteger();
            TelegramClient api = (TelegramClient) Proxy.newProxyInstance(ScheduleBenchmark.class.getClassLoader(),
                    new Class<?>[] {TelegramClient.class}, (proxy, method, margs) -> {
                        if (margs != null && margs.length == 1 && margs[0] instanceof SendMessage m) {
                            sentAt.computeIfAbsent(new ChatId(Long.parseLong(m.getChatId())), c -> Collections.synchronizedList(new ArrayList<>()))
                                    .add(clock.instant());
                            sent.incrementAndGet();
                        }
                        return null;
                    });
            ScheduledExecutorService retries = Executors.newScheduledThreadPool(2);
            AtomicInteger liveRetries = new AtomicInteger();
            OutboxSender[] self = new OutboxSender[1];
            OutboxSender outbox = new OutboxSender(store, new TelegramSender(api, new TelegramSender.ChatChanges() {
                public void unreachable(ChatId chat) {
                }

                public void migrated(ChatId from, ChatId to) {
                }
            }, clock), (chat, when) -> {
                liveRetries.incrementAndGet();
                retries.schedule(() -> self[0].send(chat), Math.max(0, Duration.between(clock.instant(), when).toMillis()),
                        TimeUnit.MILLISECONDS);
            });
            self[0] = outbox;
            outbox.sendBackgroundInOrder(clock);
            Scheduler scheduler = new Scheduler(schedules, engine, outbox::sendQueued, clock);

            // Live couples talk all through the burst: one update every 100 ms, across 20 couples in turn.
            AtomicBoolean burst = new AtomicBoolean(true);
            List<long[]> live = Collections.synchronizedList(new ArrayList<>());
            Map<Integer, List<ChatId>> repliedIn = new ConcurrentHashMap<>();
            Thread talk = new Thread(() -> {
                int step = 0;
                while (burst.get()) {
                    int couple = n + step % 20;
                    int u = step / 20;
                    if (u < Conversations.UPDATES) {
                        if (u == 0) {
                            couples.pair(Conversations.couple(couple));
                        }
                        ChatEvent e = Conversations.nameTheImpact(couple, 1).get(u);
                        Instant asked = clock.instant();
                        long h0 = System.nanoTime();
                        List<Outgoing> queued = engine.handle(e);
                        long handled = System.nanoTime() - h0;
                        outbox.sendQueued(queued);
                        repliedIn.put(live.size(), queued.stream().map(o -> o.reply().chat()).distinct().toList());
                        live.add(new long[] {couple, asked.toEpochMilli(), handled, queued.size()});
                    }
                    step++;
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException ex) {
                        return;
                    }
                }
            }, "live-couples");
            talk.start();

            Runtime rt = Runtime.getRuntime();
            Scheduler.Round round = scheduler.tick();
            burst.set(false);
            talk.join();
            System.out.printf("claimed %,d due prompts in %.2f s; started %,d flows in %.1f s (%,.0f a second)%n",
                    round.claimed(), round.claiming().toNanos() / 1e9, round.started(), round.firing().toNanos() / 1e9,
                    round.started() / (round.firing().toNanos() / 1e9));

            // Live replies: from the update's arrival to the reply's sending, while the prompts wait their turn.
            Thread.sleep(3000);
            List<Long> waits = new ArrayList<>();
            List<Long> handling = new ArrayList<>();
            for (int k = 0; k < live.size(); k++) {
                long[] l = live.get(k);
                handling.add(l[2]);
                Instant asked = Instant.ofEpochMilli(l[1]);
                // The first message sent, after the update came in, to any chat its replies were for.
                repliedIn.getOrDefault(k, List.of()).stream()
                        .flatMap(chat -> sentAt.getOrDefault(chat, List.of()).stream())
                        .filter(t -> !t.isBefore(asked)).min(java.util.Comparator.naturalOrder())
                        .ifPresent(t -> waits.add(Duration.between(asked, t).toMillis()));
            }
            Collections.sort(waits);
            Collections.sort(handling);
            System.out.printf("during the burst: %d live updates handled, p50 %.1f ms, p99 %.1f ms; their first replies sent "
                            + "after p50 %d ms, p99 %d ms, max %d ms (%d live sends waited for pacing)%n",
                    handling.size(), handling.get(handling.size() / 2) / 1e6, handling.get((int) (handling.size() * 0.99)) / 1e6,
                    waits.get(waits.size() / 2), waits.get((int) (waits.size() * 0.99)), waits.get(waits.size() - 1), liveRetries.get());
            System.out.printf("background: %,d prompts sent so far (paced to Telegram's limits), %,d couples still waiting their turn; "
                    + "heap used %,d MB%n", background(sentAt, n), outbox.backgroundWaiting(), (rt.totalMemory() - rt.freeMemory()) >> 20);
            retries.shutdownNow();
        }
    }

    private static long background(Map<ChatId, List<Instant>> sentAt, int n) {
        java.util.Set<ChatId> live = new java.util.HashSet<>();
        for (int i = n; i < n + 20; i++) {
            live.add(Conversations.group(i));
            live.add(ChatId.privateOf(Conversations.alex(i).id()));
            live.add(ChatId.privateOf(Conversations.sam(i).id()));
        }
        return sentAt.entrySet().stream().filter(e -> !live.contains(e.getKey())).mapToLong(e -> e.getValue().size()).sum();
    }
}
