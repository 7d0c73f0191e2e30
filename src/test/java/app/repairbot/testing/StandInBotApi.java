package app.repairbot.testing;

import java.io.IOException;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;

/**
 * A Bot API stand-in on a local port, answering every method as Telegram would when all goes well
 * (the bot is {@code @repair_bot}), and recording each call as "method body".
 */
public final class StandInBotApi implements AutoCloseable {
    private final MockWebServer server = new MockWebServer();
    private final Queue<String> calls = new ConcurrentLinkedQueue<>();
    private final java.util.concurrent.atomic.AtomicInteger sending = new java.util.concurrent.atomic.AtomicInteger();

    public StandInBotApi() throws IOException {
        this(java.time.Duration.ZERO);
    }

    /**
     * One that takes {@code sendDelay} to answer each {@code sendMessage}, as over a slow network: the
     * message counts as delivered (it is recorded) when the call arrives, before the answer.
     */
    public StandInBotApi(java.time.Duration sendDelay) throws IOException {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest r) {
                String method = r.getPath().substring(r.getPath().lastIndexOf('/') + 1).toLowerCase(java.util.Locale.ROOT);
                calls.add(method + " " + r.getBody().readUtf8());
                if (method.equals("sendmessage") && !sendDelay.isZero()) {
                    sending.incrementAndGet();
                    try {
                        Thread.sleep(sendDelay.toMillis());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } finally {
                        sending.decrementAndGet();
                    }
                }
                return new MockResponse().setBody(switch (method) {
                    case "getme" -> "{\"ok\":true,\"result\":{\"id\":9,\"is_bot\":true,\"first_name\":\"repairbot\","
                            + "\"username\":\"repair_bot\"}}";
                    case "sendmessage" -> "{\"ok\":true,\"result\":{\"message_id\":1,\"date\":1,\"chat\":{\"id\":-100500,"
                            + "\"type\":\"supergroup\",\"title\":\"us\"},\"text\":\"x\"}}";
                    default -> "{\"ok\":true,\"result\":true}";
                });
            }
        });
        server.start();
    }

    public int port() {
        return server.getPort();
    }

    /** {@code sendMessage} calls that arrived and are not answered yet (with a send delay). */
    public int sendsInFlight() {
        return sending.get();
    }

    /** Every call so far, as "method body", method in lower case. */
    public Queue<String> calls() {
        return calls;
    }

    @Override
    public void close() throws IOException {
        server.shutdown();
    }
}
