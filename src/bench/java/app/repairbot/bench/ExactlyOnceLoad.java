package app.repairbot.bench;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import app.repairbot.RepairbotApplication;
import app.repairbot.session.SessionStore;
import app.repairbot.testing.StandInBotApi;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;

/**
 * The load test of exactly-once delivery: the whole service in webhook mode on the embedded store,
 * a counting stand-in Bot API, and simulated couples posting {@link WebhookBenchmark}'s 15-update
 * script (bot added, both tap "I'm in", a whole name-the-impact), each couple in order, many couples at
 * once. It waits, with a deadline, until nothing is left to send, and reports what each couple's three
 * chats (group, Alex's and Sam's private chats) received, by text. Used by {@code ExactlyOnceLoadTests}
 * (small) and by the {@code bench} profile ({@link #main}: 100 couples, 32 at a time).
 */
public final class ExactlyOnceLoad {
    static final String SECRET = "load-secret";
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * What one run came to. {@code received}: per couple, per "chat role | text", how many times it
     * was sent; {@code paced}: sends held back by pacing; {@code dripCpu}: the process's CPU time from
     * the last update answered until nothing was left to send, and {@code dripTime} that wall time.
     */
    public record Result(List<Map<String, Integer>> received, double paced, Duration dripCpu, Duration dripTime,
                         boolean settled, double repliesSentCounter, String busiestThreads) {
        /** The most common set of replies a couple received: what every couple should receive. */
        public Map<String, Integer> expected() {
            Map<Map<String, Integer>, Integer> votes = new HashMap<>();
            received.forEach(r -> votes.merge(r, 1, Integer::sum));
            return votes.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        }

        public int expectedTotal() {
            return received.size() * expected().values().stream().mapToInt(Integer::intValue).sum();
        }

        /** Expected replies delivered (each counted at most once). */
        public int delivered() {
            Map<String, Integer> want = expected();
            int n = 0;
            for (Map<String, Integer> got : received) {
                for (var e : want.entrySet()) {
                    n += Math.min(e.getValue(), got.getOrDefault(e.getKey(), 0));
                }
            }
            return n;
        }

        /** Replies delivered beyond what was expected. */
        public int duplicates() {
            Map<String, Integer> want = expected();
            int n = 0;
            for (Map<String, Integer> got : received) {
                for (var e : got.entrySet()) {
                    n += Math.max(0, e.getValue() - want.getOrDefault(e.getKey(), 0));
                }
            }
            return n;
        }

        /** Each couple that did not receive exactly the expected replies: what was missing or extra. */
        public List<String> anomalies() {
            Map<String, Integer> want = expected();
            List<String> out = new ArrayList<>();
            for (int i = 0; i < received.size(); i++) {
                Map<String, Integer> got = received.get(i);
                if (!got.equals(want)) {
                    Map<String, Integer> diff = new TreeMap<>();
                    want.forEach((k, v) -> diff.merge(k, -v, Integer::sum));
                    got.forEach((k, v) -> diff.merge(k, v, Integer::sum));
                    diff.values().removeIf(v -> v == 0);
                    int couple = i;
                    diff.forEach((k, v) -> out.add("couple " + couple + ": " + (v > 0 ? "+" : "") + v + " " + shorten(k)));
                }
            }
            return out;
        }

        public String summary() {
            return String.format("%,d/%,d expected replies delivered, %d duplicates; paced attempts %,.0f; "
                            + "dripping replies out: %.1f s of CPU in %.1f s; replies_sent counter %,.0f%s",
                    delivered(), expectedTotal(), duplicates(), paced, dripCpu.toMillis() / 1000.0, dripTime.toMillis() / 1000.0,
                    repliesSentCounter, settled ? "" : " (NOT SETTLED before the deadline)");
        }
    }

    private static String shorten(String key) {
        return key.length() > 90 ? key.substring(0, 90) + "…" : key;
    }

    private ExactlyOnceLoad() {
    }

    /** Runs {@code couples} couples, {@code clients} at a time, with data in {@code data}; waits at most {@code deadline} to settle. */
    public static Result run(int couples, int clients, Path data, Duration deadline) throws Exception {
        try (StandInBotApi api = new StandInBotApi();
             ConfigurableApplicationContext app = new SpringApplicationBuilder(RepairbotApplication.class).properties(
                     "server.port=0", "repairbot.data.dir=" + data, "telegram.bot.token=4242:load-test-token",
                     "telegram.api.url=http://127.0.0.1:" + api.port(),
                     "telegram.webhook.url=https://load.example/telegram/webhook", "telegram.webhook.secret=" + SECRET,
                     "logging.level.root=WARN").run()) {
            URI hook = URI.create("http://127.0.0.1:" + ((WebServerApplicationContext) app).getWebServer().getPort()
                    + "/telegram/webhook");
            double pacedBefore = counted("repairbot.telegram.paced");
            double sentBefore = counted("repairbot.replies.sent");
            post(hook, couples, clients);
            long cpu0 = cpuNanos();
            Map<String, Long> threads0 = threadCpu();
            long t0 = System.nanoTime();
            boolean settled = settle(app.getBean(SessionStore.class), api, deadline);
            long cpu = cpuNanos() - cpu0;
            long wall = System.nanoTime() - t0;
            return new Result(received(api.calls(), couples), counted("repairbot.telegram.paced") - pacedBefore, Duration.ofNanos(cpu),
                    Duration.ofNanos(wall), settled, counted("repairbot.replies.sent") - sentBefore, busiest(threads0, threadCpu()));
        }
    }

    private static void post(URI hook, int couples, int clients) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        HttpClient http = HttpClient.newBuilder().executor(pool).build();
        ExecutorService drivers = Executors.newFixedThreadPool(clients);
        AtomicInteger update = new AtomicInteger(1);
        try {
            List<List<String>> scripts = new ArrayList<>();
            for (int c = 0; c < couples; c++) {
                scripts.add(WebhookBenchmark.conversation(c, update));
            }
            List<Future<?>> done = new ArrayList<>();
            for (List<String> script : scripts) {
                done.add(drivers.submit(() -> {
                    for (String body : script) {
                        WebhookBenchmark.post(http, hook, SECRET, body);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            drivers.shutdown();
            pool.shutdown();
        }
    }

    /**
     * Waits until nothing is left to send: no outbox holds a reply, no live retry is pending, and the
     * stand-in has seen no new message for a second. False when {@code deadline} passed first.
     */
    private static boolean settle(SessionStore store, StandInBotApi api, Duration deadline) throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        int lastCount = -1;
        long quietSince = System.nanoTime();
        while (System.nanoTime() < end) {
            int count = api.calls().size();
            if (count != lastCount) {
                lastCount = count;
                quietSince = System.nanoTime();
            } else if (System.nanoTime() - quietSince > 1_000_000_000L && liveWaiting() == 0 && store.withOutbox(1).isEmpty()) {
                // Asked only once all is quiet: reading every outbox costs CPU that is not the bot's.
                return true;
            }
            Thread.sleep(200);
        }
        return false;
    }

    private static double liveWaiting() {
        var gauge = Metrics.globalRegistry.find("repairbot.outbound.waiting").tag("priority", "live").gauge();
        return gauge == null ? 0 : gauge.value();
    }

    /** Per couple: "group | text", "alex | text", "sam | text" and how often each was sent, of these calls to a Bot API. */
    static List<Map<String, Integer>> received(Iterable<String> calls, int couples) throws Exception {
        List<Map<String, Integer>> out = new ArrayList<>();
        for (int c = 0; c < couples; c++) {
            out.add(new TreeMap<>());
        }
        for (String call : calls) {
            if (!call.startsWith("sendmessage ")) {
                continue;
            }
            JsonNode m = JSON.readTree(call.substring("sendmessage ".length()));
            long chat = m.get("chat_id").asLong();
            int couple;
            String role;
            if (chat < 0) {
                couple = (int) (-3_000_000_000L - chat);
                role = "group";
            } else {
                couple = (int) ((chat - 40_000_000L) / 2);
                role = (chat - 40_000_000L) % 2 == 0 ? "alex" : "sam";
            }
            String buttons = m.has("reply_markup") ? " " + m.get("reply_markup").toString().replaceAll("\"tz:[^\"]*\"", "\"tz:…\"") : "";
            out.get(couple).merge(role + " | " + m.get("text").asText() + buttons, 1, Integer::sum);
        }
        return out;
    }

    private static double counted(String name) {
        return Metrics.globalRegistry.find(name).counters().stream().mapToDouble(Counter::count).sum();
    }

    /** CPU time per kind of thread (the name without its number). */
    private static Map<String, Long> threadCpu() {
        var mx = ManagementFactory.getThreadMXBean();
        Map<String, Long> out = new HashMap<>();
        for (long id : mx.getAllThreadIds()) {
            var info = mx.getThreadInfo(id);
            long t = mx.getThreadCpuTime(id);
            if (info != null && t > 0) {
                out.merge(info.getThreadName().replaceAll("[-#]?\\d+", ""), t, Long::sum);
            }
        }
        return out;
    }

    /** The kinds of thread that used most CPU between two readings (threads that ended are not counted). */
    private static String busiest(Map<String, Long> before, Map<String, Long> after) {
        return after.entrySet().stream().map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L)))
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(8)
                .map(e -> String.format("%s %.2f s", e.getKey(), e.getValue() / 1e9)).reduce((a, b) -> a + ", " + b).orElse("");
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** {@code ./mvnw -Pbench -DskipTests verify}, or: couples (100), clients (32). Exits 1 when a reply was lost or repeated. */
    public static void main(String[] args) throws Exception {
        int couples = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 32;
        Result r = run(couples, clients, TempFolders.deletedAtExit("repairbot-exactly-once"), Duration.ofSeconds(180));
        System.out.println("exactly once, " + couples + " couples, " + clients + " at a time: " + r.summary());
        System.out.println("  CPU while replies dripped out, by thread: " + r.busiestThreads());
        r.anomalies().forEach(a -> System.out.println("  " + a));
        System.exit(r.anomalies().isEmpty() && r.settled() ? 0 : 1);
    }
}
