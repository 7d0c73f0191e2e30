package app.repairbot.telegram;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.telegram.telegrambots.meta.TelegramUrl;
import org.telegram.telegrambots.meta.api.methods.updates.DeleteWebhook;
import org.telegram.telegrambots.meta.api.methods.updates.SetWebhook;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;
import org.telegram.telegrambots.meta.generics.TelegramClient;

import app.repairbot.engine.Engine;
import app.repairbot.session.SessionStore;

/**
 * The service's connection to the Bot API for its life: at start it registers the commands,
 * then either the webhook or a long-polling thread with its workers; at stop it ends them. In
 * sandbox mode it first points the client at this very server's stand-in for the Bot API.
 */
final class TelegramConnection implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(TelegramConnection.class);
    /** Threads that apply long-polled updates (different chats in parallel, one chat in order). */
    static final int UPDATE_WORKERS = 8;

    private final TelegramClient client;
    private final TelegramBot bot;
    private final SessionStore store;
    private final Engine engine;
    private final TelegramSettings settings;
    private final TelegramUrl url;
    private final ApplicationContext context;
    private ExecutorService workers;
    private Thread poller;
    private LongPolling polling;
    private volatile boolean running;

    TelegramConnection(TelegramClient client, TelegramBot bot, SessionStore store, Engine engine, TelegramSettings settings,
                       TelegramUrl url, ApplicationContext context) {
        this.client = client;
        this.bot = bot;
        this.store = store;
        this.engine = engine;
        this.settings = settings;
        this.url = url;
        this.context = context;
    }

    @Override
    public void start() {
        if (settings.sandbox()) {
            if (!(context instanceof WebServerApplicationContext web) || web.getWebServer() == null) {
                log.info("No TELEGRAM_BOT_TOKEN and no web server: the bot talks to nobody");
                return;
            }
            int port = web.getWebServer().getPort();
            url.setPort(port);
            log.info("No TELEGRAM_BOT_TOKEN: sandbox mode. Open http://localhost:{}/ to chat as two partners", port);
        }
        TelegramConfiguration.registerCommands(client, engine);
        try {
            if (settings.usesWebhook()) {
                client.execute(SetWebhook.builder().url(settings.webhook().url()).secretToken(settings.webhook().secret())
                        .allowedUpdates(LongPolling.ALLOWED).build());
                log.info("Webhook registered at {}", settings.webhook().url());
            } else {
                client.execute(DeleteWebhook.builder().build());
                workers = Executors.newFixedThreadPool(UPDATE_WORKERS, named("telegram-updates-"));
                polling = new LongPolling(client, bot, workers, store.latestAppliedUpdate().orElse(0) + 1, 50);
                poller = new Thread(polling::run, "telegram-long-polling");
                poller.setDaemon(true);
                poller.start();
                log.info("Reading updates by long polling");
            }
        } catch (TelegramApiException e) {
            throw new IllegalStateException("cannot set up updates from the Bot API: " + e.getMessage(), e);
        }
        running = true;
    }

    /** Daemon threads named {@code prefix1}, {@code prefix2}…: a stuck one never keeps the JVM alive, and dumps say whose it is. */
    private static java.util.concurrent.ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public void stop() {
        running = false;
        if (polling != null) {
            polling.stop();
        }
        if (poller != null) {
            poller.interrupt();
        }
        if (workers != null) {
            workers.shutdown();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
