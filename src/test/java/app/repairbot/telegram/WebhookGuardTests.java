package app.repairbot.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import app.repairbot.RepairbotApplication;
import app.repairbot.testing.StandInBotApi;

/** The webhook's guard: the secret and the size of a body are checked before the body is read. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(OutputCaptureExtension.class)
class WebhookGuardTests {
    static final String SECRET = "s3cret-for-tests";

    @TempDir
    static Path data;
    StandInBotApi api;
    ConfigurableApplicationContext app;
    int port;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void start() throws Exception {
        api = new StandInBotApi();
        app = new SpringApplicationBuilder(RepairbotApplication.class).properties("server.port=0", "repairbot.data.dir=" + data,
                "telegram.bot.token=4242:not-a-real-token", "telegram.api.url=http://127.0.0.1:" + api.port(),
                "telegram.webhook.url=https://bot.example/telegram/webhook", "telegram.webhook.secret=" + SECRET).run();
        port = ((WebServerApplicationContext) app).getWebServer().getPort();
    }

    @AfterAll
    void stop() throws Exception {
        app.close();
        api.close();
    }

    /**
     * Announces a body of {@code length} bytes, sends only a few, and reads the status line: the
     * server must answer without waiting for the rest (the socket gives up after 5 s).
     */
    String statusOfAnnouncedBody(long length, String secretHeader) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /telegram/webhook HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + secretHeader + "Content-Length: " + length + "\r\n\r\n{\"update_id\":").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
        }
    }

    @Test
    void refusesATenMegabyteBodyWithoutWaitingToReadIt() throws Exception {
        assertThat(statusOfAnnouncedBody(10L * 1024 * 1024, "X-Telegram-Bot-Api-Secret-Token: " + SECRET + "\r\n"))
                .isEqualTo("HTTP/1.1 413 ");
    }

    @Test
    void refusesAPostWithoutTheSecretBeforeReadingItsBody() throws Exception {
        assertThat(statusOfAnnouncedBody(100_000, "")).isEqualTo("HTTP/1.1 401 ");
        assertThat(statusOfAnnouncedBody(100_000, "X-Telegram-Bot-Api-Secret-Token: wrong\r\n")).isEqualTo("HTTP/1.1 401 ");
    }

    @Test
    void refusesAChunkedBodyOverTheLimitAndTakesOneUnderIt() throws Exception {
        byte[] big = new byte[WebhookGuard.MAX_BODY + 10];
        java.util.Arrays.fill(big, (byte) ' ');
        // An InputStream publisher has no known length, so the client sends the body chunked.
        HttpRequest chunked = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/telegram/webhook"))
                .header("X-Telegram-Bot-Api-Secret-Token", SECRET).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big))).build();
        assertThat(send(chunked)).as("413, or the connection closed while the client still sent").isIn(413, CLOSED);
        byte[] small = ("{\"update_id\":77}" + " ".repeat(100_000)).getBytes(StandardCharsets.US_ASCII);
        assertThat(send(HttpRequest.newBuilder(chunked.uri()).header("X-Telegram-Bot-Api-Secret-Token", SECRET)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(small))).build()))
                .isEqualTo(200);
    }

    static final int CLOSED = -1;

    /** The status, or {@link #CLOSED} when the server closed the connection while the client still sent. */
    int send(HttpRequest request) throws Exception {
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (java.io.IOException closed) {
            return CLOSED;
        }
    }

    @Test
    void answersABodyThatHoldsNoUpdateWith200AndAWarning(CapturedOutput output) throws Exception {
        for (String body : new String[] {"null", "{}", ""}) {
            HttpRequest post = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/telegram/webhook"))
                    .header("X-Telegram-Bot-Api-Secret-Token", SECRET).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            assertThat(http.send(post, HttpResponse.BodyHandlers.discarding()).statusCode()).as(body).isEqualTo(200);
        }
        assertThat(output.getOut()).contains("WARN", "A webhook call held no update");
    }
}
