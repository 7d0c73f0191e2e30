package app.repairbot.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;

import app.repairbot.RepairbotApplication;
import app.repairbot.testing.StandInBotApi;

/**
 * Three instances on one database, one of them killed with {@code kill -9} mid-run. Instance A runs
 * in this JVM on the embedded store, shared on a loopback port ({@code REPAIRBOT_DATA_PORT}); B and C
 * are separate JVMs with {@code MONGODB_URI} pointing at it. Each has its own stand-in Bot API, which
 * counts every {@code sendMessage}; B's answers each send after 200 ms, as over a slow network, so
 * that B is in the middle of sending when it dies. The webhook updates of 50 couples (the bot added,
 * both tap "I'm in", a whole name-the-impact: {@link WebhookBenchmark#conversation}) go round robin
 * to A, B and C, each couple's in order; an update whose delivery fails goes to the next instance,
 * as Telegram delivers it again. Once 40 % are answered and B has a send in flight, B is killed.
 *
 * <p>Then: every couple received exactly the replies a couple receives, except that a reply B had
 * sent but not yet marked sent when it died may come twice (sent again by the instance that took its
 * chat over): at most one per chat whose claim B held at the kill, and only a reply B itself sent.
 * Every update was applied (its id is in a session's applied ids), and every flow finished.
 */
class SeveralInstancesTests {
    static final int COUPLES = 50;
    static final int CLIENTS = 25;
    static final String SECRET = "several-secret";
    static final String TOKEN = "4242:several-instances-token";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** One instance's webhook, and its process (none for A, which runs in this JVM). */
    private static final class Instance {
        final String name;
        final URI hook;
        final Process process;
        volatile boolean alive = true;
        /** How long each update it answered 200 took, in nanoseconds. */
        final java.util.Queue<Long> answers = new java.util.concurrent.ConcurrentLinkedQueue<>();

        String latency() {
            long[] sorted = answers.stream().mapToLong(Long::longValue).sorted().toArray();
            return sorted.length == 0 ? name + ": none" : String.format("%s: %d, p50 %.0f ms, p99 %.0f ms", name, sorted.length,
                    sorted[sorted.length / 2] / 1e6, sorted[(int) (sorted.length * 0.99)] / 1e6);
        }

        Instance(String name, int port, Process process) {
            this.name = name;
            this.hook = URI.create("http://127.0.0.1:" + port + "/telegram/webhook");
            this.process = process;
        }
    }

    @Test
    void threeInstancesOneKilledMidRunSendEveryReplyOnceExceptTheOnesInFlightAndFinishEveryFlow() throws Exception {
        long t0 = System.nanoTime();
        FAILURES.clear();
        byte[] keyBytes = new byte[32];
        new java.security.SecureRandom().nextBytes(keyBytes);
        String key = Base64.getEncoder().encodeToString(keyBytes);
        int dataPort = freePort();
        List<Process> processes = new ArrayList<>();
        try (StandInBotApi apiA = new StandInBotApi();
             StandInBotApi apiB = new StandInBotApi(Duration.ofMillis(200));
             StandInBotApi apiC = new StandInBotApi()) {
            // B and C start beside A and wait for its store (serverSelectionTimeoutMS), so the three start together.
            String uri = "mongodb://127.0.0.1:" + dataPort + "/repairbot?serverSelectionTimeoutMS=90000";
            int portB = freePort();
            int portC = freePort();
            Process b = startInstance("b", portB, uri, key, apiB.port());
            processes.add(b);
            Process c = startInstance("c", portC, uri, key, apiC.port());
            processes.add(c);
            try (ConfigurableApplicationContext a = new SpringApplicationBuilder(RepairbotApplication.class).properties(
                    "server.port=0", "server.address=127.0.0.1", "repairbot.data.dir=" + dir.resolve("a"),
                    "repairbot.data.port=" + dataPort, "repairbot.data.key=" + key, "telegram.bot.token=" + TOKEN,
                    "telegram.api.url=http://127.0.0.1:" + apiA.port(), "telegram.webhook.url=https://several.example/telegram/webhook",
                    "telegram.webhook.secret=" + SECRET, "logging.level.root=WARN").run();
                 MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + dataPort)) {
                List<Instance> instances = List.of(
                        new Instance("A", ((WebServerApplicationContext) a).getWebServer().getPort(), null),
                        new Instance("B", portB, b), new Instance("C", portC, c));
                awaitReady(instances.get(1), dir.resolve("b.log"));
                awaitReady(instances.get(2), dir.resolve("c.log"));
                double started = (System.nanoTime() - t0) / 1e9;
                MongoCollection<Document> sessions = client.getDatabase("repairbot").getCollection("sessions");

                AtomicInteger update = new AtomicInteger(1);
                List<List<String>> scripts = new ArrayList<>();
                for (int i = 0; i < COUPLES; i++) {
                    scripts.add(WebhookBenchmark.conversation(i, update));
                }
                int total = scripts.stream().mapToInt(List::size).sum();
                AtomicInteger answered = new AtomicInteger();
                AtomicInteger redelivered = new AtomicInteger();
                long postStart = System.nanoTime();
                Killing killing = new Killing(instances.get(1), apiB, answered, total * 2 / 5, total, sessions);
                Thread killer = new Thread(killing, "killer");
                killer.start();
                post(scripts, instances, answered, redelivered);
                killer.join(60_000);
                double posting = (System.nanoTime() - postStart) / 1e9;

                long settleStart = System.nanoTime();
                boolean settled = settle(sessions, List.of(apiA, apiB, apiC), Duration.ofSeconds(90));
                double settling = (System.nanoTime() - settleStart) / 1e9;

                List<String> calls = new ArrayList<>(apiA.calls());
                calls.addAll(apiB.calls());
                calls.addAll(apiC.calls());
                ExactlyOnceLoad.Result r = new ExactlyOnceLoad.Result(ExactlyOnceLoad.received(calls, COUPLES), 0, Duration.ZERO,
                        Duration.ZERO, settled, 0, "");
                List<Map<String, Integer>> byB = ExactlyOnceLoad.received(apiB.calls(), COUPLES);
                int sendsA = sends(apiA);
                int sendsB = sends(apiB);
                int sendsC = sends(apiC);
                System.out.printf("several instances, %d couples: started in %.1f s; %d updates posted in %.1f s (%d delivered "
                                + "again after failing); B killed after %d answered, with %d sends in flight and %d claims held; "
                                + "settled %.1f s later; %d/%d expected replies delivered, %d duplicates; sent by A %d, B %d, C %d; "
                                + "%.1f s in all%n", COUPLES, started, total, posting, redelivered.get(), killing.answeredAtKill,
                        killing.inFlightAtKill, killing.claimsAtKill.size(), settling, r.delivered(), r.expectedTotal(),
                        r.duplicates(), sendsA, sendsB, sendsC, (System.nanoTime() - t0) / 1e9);
                r.anomalies().forEach(line -> System.out.println("  " + line));
                System.out.println("  failed deliveries: " + FAILURES);
                System.out.println("  updates answered by " + instances.stream().map(Instance::latency).toList());
                for (String name : List.of("b", "c")) {
                    try (var lines = Files.lines(dir.resolve(name + ".log"))) {
                        Map<String, Long> warnings = lines.filter(l -> l.contains(" WARN ") || l.contains(" ERROR "))
                                .map(l -> l.replaceAll("^\\S+ ", "").replaceAll("\\d+", "#"))
                                .map(l -> l.length() > 160 ? l.substring(0, 160) : l)
                                .collect(java.util.stream.Collectors.groupingBy(l -> l, java.util.TreeMap::new,
                                        java.util.stream.Collectors.counting()));
                        warnings.forEach((l, n) -> System.out.println("  " + name + " log, " + n + "x: " + l));
                    }
                }

                assertThat(killing.done).as("B was killed mid-run, with a send in flight").isTrue();
                assertThat(settled).as("nothing left to send within 90 s").isTrue();
                assertThat(r.expected()).as("what a couple receives: the welcome (with \"I'm in\"), the time-zone question, "
                                + "the impact and each sealed commitment asked privately, and the summary")
                        .anySatisfy((text, n) -> assertThat(text).startsWith("group | ").contains("\"callback_data\":\"pair\""))
                        .anySatisfy((text, n) -> assertThat(text).startsWith("group | ").contains("tz:…"))
                        .anySatisfy((text, n) -> assertThat(text).startsWith("alex | "))
                        .anySatisfy((text, n) -> assertThat(text).startsWith("sam | "))
                        .anySatisfy((text, n) -> assertThat(text).startsWith("group | ").contains("Here is what you shared"))
                        .allSatisfy((text, n) -> assertThat(n).as(text).isEqualTo(1));
                assertThat(r.delivered()).as("no reply lost: " + r.anomalies()).isEqualTo(r.expectedTotal());
                assertThat(sendsA).as("A sent").isPositive();
                assertThat(sendsC).as("C sent").isPositive();

                // Duplicates: only replies B sent, and at most one per chat B held when it died.
                Map<String, Integer> want = r.expected();
                for (int i = 0; i < COUPLES; i++) {
                    for (var e : r.received().get(i).entrySet()) {
                        if (e.getValue() > want.getOrDefault(e.getKey(), 0)) {
                            assertThat(byB.get(i)).as("couple %d got %s twice: once from B", i, e.getKey()).containsKey(e.getKey());
                        }
                    }
                }
                assertThat(r.duplicates()).as("duplicates: at most one per claim B held at the kill (%d), %s",
                        killing.claimsAtKill.size(), r.anomalies()).isLessThanOrEqualTo(killing.claimsAtKill.size());

                assertEveryUpdateAppliedAndEveryFlowFinished(scripts, sessions);
            }
        } finally {
            for (Process p : processes) {
                p.destroyForcibly();
                p.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    /** Kills B once {@code killAt} updates are answered and B has a send in flight; notes what B held then. */
    private static final class Killing implements Runnable {
        final Instance b;
        final StandInBotApi api;
        final AtomicInteger answered;
        final int killAt;
        final int total;
        final MongoCollection<Document> sessions;
        volatile boolean done;
        volatile int answeredAtKill;
        volatile int inFlightAtKill;
        volatile List<Long> claimsAtKill = List.of();

        Killing(Instance b, StandInBotApi api, AtomicInteger answered, int killAt, int total, MongoCollection<Document> sessions) {
            this.b = b;
            this.api = api;
            this.answered = answered;
            this.killAt = killAt;
            this.total = total;
            this.sessions = sessions;
        }

        @Override
        public void run() {
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(55);
                while (System.nanoTime() < deadline && (answered.get() < killAt || api.sendsInFlight() == 0)) {
                    Thread.sleep(1);
                }
                inFlightAtKill = api.sendsInFlight();
                answeredAtKill = answered.get();
                b.process.destroyForcibly();
                if (!b.process.waitFor(30, TimeUnit.SECONDS) || b.process.exitValue() != 137) {
                    return;
                }
                b.alive = false;
                // Its claims stay in the documents until they run out, as it left them.
                String mark = "/" + b.process.pid() + "/";
                List<Long> held = new ArrayList<>();
                for (Document d : sessions.find(Filters.exists("sending"))) {
                    if (d.get("sending", Document.class).getString("by").contains(mark)) {
                        held.add(d.get("_id", Number.class).longValue());
                    }
                }
                claimsAtKill = held;
                done = inFlightAtKill > 0 && answeredAtKill < total;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Each couple's updates in order, update k of couple c to instance (c + k) mod 3, or the next that answers. */
    private static void post(List<List<String>> scripts, List<Instance> instances, AtomicInteger answered, AtomicInteger redelivered)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).executor(pool).build();
        ExecutorService drivers = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < scripts.size(); c++) {
                int couple = c;
                done.add(drivers.submit(() -> {
                    List<String> script = scripts.get(couple);
                    for (int k = 0; k < script.size(); k++) {
                        deliver(http, script.get(k), instances, (couple + k) % instances.size(), redelivered);
                        answered.incrementAndGet();
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

    /** Why deliveries failed, counted by instance and kind: for the report. */
    private static final Map<String, Integer> FAILURES = new java.util.concurrent.ConcurrentHashMap<>();

    private static void deliver(HttpClient http, String body, List<Instance> instances, int first, AtomicInteger redelivered)
            throws InterruptedException {
        List<String> failures = new ArrayList<>();
        for (int attempt = 0; attempt < 3 * instances.size(); attempt++) {
            Instance to = instances.get((first + attempt) % instances.size());
            if (!to.alive) {
                continue;
            }
            long t0 = System.nanoTime();
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(to.hook).timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json").header("X-Telegram-Bot-Api-Secret-Token", SECRET)
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    if (!failures.isEmpty()) {
                        redelivered.incrementAndGet();
                    }
                    to.answers.add(System.nanoTime() - t0);
                    return;
                }
                failures.add(to.name + ": " + r.statusCode());
                FAILURES.merge(to.name + " answered " + r.statusCode(), 1, Integer::sum);
            } catch (IOException e) {
                failures.add(to.name + ": " + e);
                FAILURES.merge(to.name + " " + e.getClass().getSimpleName(), 1, Integer::sum);
            }
        }
        throw new AssertionError("an update could not be delivered to any instance: " + failures);
    }

    /** Waits until no outbox holds a reply and no stand-in has seen a new call for two seconds. */
    private static boolean settle(MongoCollection<Document> sessions, List<StandInBotApi> apis, Duration deadline)
            throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        int last = -1;
        long quietSince = System.nanoTime();
        while (System.nanoTime() < end) {
            int count = apis.stream().mapToInt(a -> a.calls().size()).sum();
            if (count != last) {
                last = count;
                quietSince = System.nanoTime();
            } else if (System.nanoTime() - quietSince > 2_000_000_000L && sessions.countDocuments(Filters.exists("outbox.0")) == 0) {
                return true;
            }
            Thread.sleep(250);
        }
        return false;
    }

    /**
     * Every update's id is among the applied ids of the couple's sessions (group, or a partner's private
     * chat), and no flow is left running: each group's ended with its follow-up scheduled.
     */
    private static void assertEveryUpdateAppliedAndEveryFlowFinished(List<List<String>> scripts, MongoCollection<Document> sessions)
            throws IOException {
        Map<Long, Document> byId = new HashMap<>();
        for (Document d : sessions.find()) {
            byId.put(d.get("_id", Number.class).longValue(), d);
        }
        for (int i = 0; i < scripts.size(); i++) {
            long group = -3_000_000_000L - i;
            List<Long> chats = List.of(group, 40_000_000L + 2L * i, 40_000_001L + 2L * i);
            Set<Long> applied = new HashSet<>();
            for (long chat : chats) {
                Document d = byId.get(chat);
                if (d != null) {
                    d.getList("applied", Number.class).forEach(n -> applied.add(n.longValue()));
                    assertThat(d.get("run")).as("chat %d of couple %d has no flow left running", chat, i).isNull();
                }
            }
            List<Long> posted = new ArrayList<>();
            for (String body : scripts.get(i)) {
                posted.add(JSON.readTree(body).get("update_id").asLong());
            }
            assertThat(applied).as("couple %d: every update applied", i).containsAll(posted);
            Document g = byId.get(group);
            assertThat(g).as("couple %d's group", i).isNotNull();
            assertThat(g.getList("followUps", Document.class)).as("couple %d: name-the-impact finished", i)
                    .singleElement().satisfies(f -> assertThat(f.getString("flow")).isEqualTo("small-steps-check"));
        }
    }

    private Process startInstance(String name, int port, String mongoUri, String key, int apiPort) throws IOException {
        Path data = Files.createDirectories(dir.resolve(name));
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                // C1 only, and one GC thread: the three instances share the machine's cores, and start in about half the time.
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), RepairbotApplication.class.getName())
                .redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile());
        Map<String, String> env = pb.environment();
        env.put("SERVER_PORT", Integer.toString(port));
        env.put("SERVER_ADDRESS", "127.0.0.1");
        env.put("MONGODB_URI", mongoUri);
        env.put("REPAIRBOT_DATA_KEY", key);
        env.put("REPAIRBOT_DATA_DIR", data.toString());
        env.put("TELEGRAM_BOT_TOKEN", TOKEN);
        env.put("TELEGRAM_API_URL", "http://127.0.0.1:" + apiPort);
        env.put("TELEGRAM_WEBHOOK_URL", "https://several.example/telegram/webhook");
        env.put("TELEGRAM_WEBHOOK_SECRET", SECRET);
        env.put("LOGGING_LEVEL_ROOT", "WARN");
        env.put("LOGGING_LEVEL_APP_REPAIRBOT", "INFO");
        return pb.start();
    }

    private static void awaitReady(Instance instance, Path log) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        URI ready = instance.hook.resolve("/actuator/health/readiness");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (!instance.process.isAlive()) {
                throw new AssertionError("instance " + instance.name + " ended: " + Files.readString(log));
            }
            try {
                if (http.send(HttpRequest.newBuilder(ready).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("instance " + instance.name + " was not ready within 120 s: " + Files.readString(log));
    }

    private static int sends(StandInBotApi api) {
        return (int) api.calls().stream().filter(call -> call.startsWith("sendmessage ")).count();
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
