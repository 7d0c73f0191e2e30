package app.repairbot.telegram;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.telegram.telegrambots.client.okhttp.OkHttpTelegramClient;
import org.telegram.telegrambots.meta.TelegramUrl;
import org.telegram.telegrambots.meta.api.methods.GetMe;
import org.telegram.telegrambots.meta.api.methods.commands.SetMyCommands;
import org.telegram.telegrambots.meta.api.methods.updates.DeleteWebhook;
import org.telegram.telegrambots.meta.api.methods.updates.SetWebhook;
import org.telegram.telegrambots.meta.api.objects.User;
import org.telegram.telegrambots.meta.api.objects.commands.BotCommand;
import org.telegram.telegrambots.meta.api.objects.commands.scope.BotCommandScopeAllGroupChats;
import org.telegram.telegrambots.meta.api.objects.commands.scope.BotCommandScopeAllPrivateChats;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;
import org.telegram.telegrambots.meta.generics.TelegramClient;

import app.repairbot.chat.ChatId;
import app.repairbot.engine.Engine;
import app.repairbot.engine.OutboxLeases;
import app.repairbot.engine.OutboxSender;
import app.repairbot.flow.Audience;
import app.repairbot.session.SessionStore;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;

/**
 * The Bot API client, the sender, and long polling or the webhook. With TELEGRAM_BOT_TOKEN it talks
 * to Telegram (or TELEGRAM_API_URL); without, to the sandbox this app serves, through the same code.
 */
@Configuration(proxyBeanMethods = false)
class TelegramConfiguration {
    private static final Logger log = LoggerFactory.getLogger(TelegramConfiguration.class);

    /** Where the Bot API is; for the sandbox, the port is set once this app's server listens. */
    @Bean
    TelegramUrl telegramUrl(TelegramSettings settings) {
        if (settings.sandbox()) {
            return TelegramUrl.builder().schema("http").host("127.0.0.1").port(0).testServer(false).build();
        }
        var url = settings.apiUrl();
        int port = url.getPort() > 0 ? url.getPort() : "http".equals(url.getScheme()) ? 80 : 443;
        return TelegramUrl.builder().schema(url.getScheme()).host(url.getHost()).port(port).testServer(false).build();
    }

    /** The webhook's secret and body size, checked before the body is read (only in webhook mode). */
    @Bean
    @Conditional(WebhookMode.class)
    FilterRegistrationBean<WebhookGuard> webhookGuard(TelegramSettings settings) {
        String secret = settings.webhook().secret() == null ? "" : settings.webhook().secret();
        FilterRegistrationBean<WebhookGuard> guard = new FilterRegistrationBean<>(new WebhookGuard(secret));
        guard.addUrlPatterns(WebhookController.PATH);
        guard.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return guard;
    }

    @Bean
    TelegramHealth telegramHealthIndicator(TelegramClient client, TelegramSettings settings, Clock clock) {
        return new TelegramHealth(client, settings, clock);
    }

    @Bean
    TelegramClient telegramClient(TelegramSettings settings, TelegramUrl url, OkHttpClient http) {
        return new OkHttpTelegramClient(http, settings.sandbox() ? TelegramSettings.SANDBOX_TOKEN : settings.token(), url);
    }

    /**
     * The HTTP client under the Bot API client. TelegramBots sends every call through OkHttp's
     * dispatcher, whose threads by default are not daemons and live 60 s after their last call: a
     * start that failed after one call (getMe) kept the JVM up for a minute. Here they are daemons,
     * and they are ended when the context closes.
     */
    @Bean(destroyMethod = "")
    OkHttpClient telegramHttp() {
        java.util.concurrent.ThreadPoolExecutor calls = new java.util.concurrent.ThreadPoolExecutor(0, Integer.MAX_VALUE, 60,
                TimeUnit.SECONDS, new java.util.concurrent.SynchronousQueue<>(), r -> {
                    Thread t = new Thread(r, "telegram-http");
                    t.setDaemon(true);
                    return t;
                });
        return new OkHttpClient.Builder().dispatcher(new Dispatcher(calls)).readTimeout(75, TimeUnit.SECONDS).build();
    }

    /** Ends the HTTP client's threads and connections with the context (also when a start fails). */
    @Bean
    DisposableBean telegramHttpShutdown(OkHttpClient telegramHttp) {
        return () -> {
            telegramHttp.dispatcher().executorService().shutdownNow();
            telegramHttp.connectionPool().evictAll();
        };
    }

    @Bean
    TelegramUpdates telegramUpdates(TelegramClient client, TelegramSettings settings) {
        if (settings.sandbox()) {
            return new TelegramUpdates(TelegramSettings.SANDBOX_USERNAME);
        }
        try {
            User me = client.execute(new GetMe());
            log.info("Connected to the Bot API at {} as @{}", settings.apiUrl().getHost(), me.getUserName());
            return new TelegramUpdates(me.getUserName());
        } catch (TelegramApiException e) {
            throw new IllegalStateException("cannot reach the Bot API at " + settings.apiUrl().getHost() + " with the given "
                    + "TELEGRAM_BOT_TOKEN (is the token right? is TELEGRAM_API_URL reachable?): " + e.getMessage());
        }
    }

    /** Sends a chat's outbox again at the moment the sender said it may (once per chat); daemon threads. */
    @Bean(destroyMethod = "shutdownNow")
    java.util.concurrent.ScheduledExecutorService telegramRetries() {
        return Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "telegram-retries");
            t.setDaemon(true);
            return t;
        });
    }

    @Bean
    OutboxSender outboxSender(SessionStore store, TelegramClient client, TelegramUpdates updates, Engine engine, Clock clock,
                              java.util.concurrent.ScheduledExecutorService telegramRetries,
                              org.springframework.beans.factory.ObjectProvider<OutboxLeases> leases) {
        java.util.concurrent.atomic.AtomicReference<OutboxSender> self = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.Map<ChatId, java.util.concurrent.ScheduledFuture<?>> scheduled = new java.util.concurrent.ConcurrentHashMap<>();
        // One pending retry per chat, at the moment the sender named (to the nanosecond: a retry rounded down to the
        // millisecond came too early and had to be set again, over and over until the moment came). A retry takes itself off the map before it sends, so that, if the chat must
        // wait again, the next retry is scheduled rather than taken for this one (which is still running).
        java.util.function.BiConsumer<ChatId, java.time.Instant> retryAt = (chat, when) -> scheduled.compute(chat, (c, old) ->
                old != null && !old.isDone() ? old : telegramRetries.schedule(() -> {
                    scheduled.remove(c);
                    self.get().send(c);
                }, Math.max(0, java.time.Duration.between(clock.instant(), when).toNanos()), TimeUnit.NANOSECONDS));
        OutboxSender sender = new OutboxSender(store, new TelegramSender(client, updates.botUsername(), new TelegramSender.ChatChanges() {
            @Override
            public void unreachable(ChatId chat) {
                engine.chatUnreachable(chat);
            }

            @Override
            public void migrated(ChatId from, ChatId to) {
                engine.moveChat(from, to);
            }
        }, clock), retryAt, leases.getIfAvailable());
        self.set(sender);
        sender.sendBackgroundInOrder(clock);
        io.micrometer.core.instrument.Gauge.builder("repairbot.outbound.waiting", sender, OutboxSender::backgroundWaiting)
                .description("Chats whose replies wait to be sent").tag("priority", "background")
                .register(io.micrometer.core.instrument.Metrics.globalRegistry);
        io.micrometer.core.instrument.Gauge.builder("repairbot.outbound.waiting", scheduled,
                        m -> m.values().stream().filter(f -> !f.isDone()).count())
                .description("Chats whose replies wait to be sent").tag("priority", "live")
                .register(io.micrometer.core.instrument.Metrics.globalRegistry);
        return sender;
    }

    /** Where replies are sent from, after their updates are stored; daemon threads. */
    @Bean(destroyMethod = "shutdown")
    ExecutorService telegramSending() {
        return Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "telegram-sending");
            t.setDaemon(true);
            return t;
        });
    }

    @Bean
    TelegramBot telegramBot(Engine engine, TelegramUpdates updates, OutboxSender outbox, TelegramClient client,
                            ExecutorService telegramSending) {
        return new TelegramBot(engine, updates, outbox, client, telegramSending);
    }

    /** Registers commands, then either the webhook or a long-polling thread, for the service's life. */
    @Bean
    SmartLifecycle telegramConnection(TelegramClient client, TelegramBot bot, SessionStore store, Engine engine,
                                      TelegramSettings settings, TelegramUrl url,
                                      org.springframework.context.ApplicationContext context) {
        return new TelegramConnection(client, bot, store, engine, settings, url, context);
    }

    /** Telegram's command menus, for groups and for private chats: the same list and words as /help (BotCommands). */
    static void registerCommands(TelegramClient client, Engine engine) {
        List<BotCommand> group = commands(engine, true);
        List<BotCommand> personal = commands(engine, false);
        try {
            client.execute(SetMyCommands.builder().commands(group).scope(new BotCommandScopeAllGroupChats()).build());
            client.execute(SetMyCommands.builder().commands(personal).scope(new BotCommandScopeAllPrivateChats()).build());
        } catch (TelegramApiException e) {
            log.warn("Could not register the bot's commands: {}", e.getMessage());
        }
    }

    static List<BotCommand> commands(Engine engine, boolean inGroup) {
        List<BotCommand> commands = new ArrayList<>();
        app.repairbot.flow.BotCommands.offered(inGroup).forEach(c -> commands.add(new BotCommand(c.name(), c.does(inGroup).orElseThrow())));
        engine.flows().forAudience(inGroup ? Audience.COUPLE : Audience.PRIVATE).forEach(f -> f.command().ifPresent(c ->
                commands.add(new BotCommand(c, f.title()))));
        return commands;
    }
}
