package app.repairbot.telegram;

import java.net.URI;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.Valid;

/**
 * {@code TELEGRAM_BOT_TOKEN} (unset: no Telegram, the sandbox), {@code TELEGRAM_API_URL} (default the
 * real Bot API), {@code TELEGRAM_WEBHOOK_URL} and {@code TELEGRAM_WEBHOOK_SECRET} (unset: long
 * polling). Properties {@code repairbot.telegram.bot.token}, {@code repairbot.telegram.api.url},
 * {@code repairbot.telegram.webhook.url} and {@code .secret}; application.properties takes the
 * documented names ({@code telegram.*}, so {@code TELEGRAM_*}) as their aliases.
 */
@ConfigurationProperties(prefix = TelegramSettings.PREFIX)
@Validated
public record TelegramSettings(@Valid Bot bot, @Valid Api api, @Valid Webhook webhook) {
    static final String PREFIX = "repairbot.telegram";
    static final URI DEFAULT_API = URI.create("https://api.telegram.org");
    /** With no token the bot talks to the sandbox this app serves (at /bot&lt;token&gt;/…), with this token. */
    public static final String SANDBOX_TOKEN = "sandbox:local-only";
    public static final String SANDBOX_USERNAME = "repairbot_sandbox";

    public TelegramSettings {
        if (webhook != null && webhook.given()) {
            if (bot == null || bot.token() == null || bot.token().isBlank()) {
                throw new IllegalArgumentException("TELEGRAM_WEBHOOK_URL is set but TELEGRAM_BOT_TOKEN is not: give the token too");
            }
            if (webhook.secret() == null || webhook.secret().isBlank()) {
                throw new IllegalArgumentException("TELEGRAM_WEBHOOK_SECRET is required with TELEGRAM_WEBHOOK_URL: Telegram "
                        + "sends it with every update so that nobody else can post updates to the bot");
            }
        }
    }

    /**
     * The settings as bound from {@code env}, for conditions that decide which beans exist before
     * any bean does (the mode: sandbox, long polling or webhook). Not validated here; the bean is.
     */
    public static TelegramSettings of(Environment env) {
        return Binder.get(env).bind(PREFIX, TelegramSettings.class).orElseGet(() -> new TelegramSettings(null, null, null));
    }

    /** No token: the app is its own Bot API (the sandbox). */
    public boolean sandbox() {
        return token().isEmpty();
    }

    /** {@code TELEGRAM_BOT_TOKEN}: never logged. */
    public record Bot(String token) {
        @Override
        public String toString() {
            return "Bot[token=" + (token == null || token.isBlank() ? "none" : "(set)") + "]";
        }
    }

    /** {@code TELEGRAM_API_URL}: scheme://host[:port]; the client adds /bot&lt;token&gt;/&lt;method&gt;. */
    public record Api(URI url) {
        public Api {
            if (url != null && !url.toString().isBlank() && (url.getScheme() == null || url.getHost() == null
                    || url.getPath() != null && !url.getPath().isEmpty() && !url.getPath().equals("/"))) {
                throw new IllegalArgumentException("TELEGRAM_API_URL should be scheme://host[:port], like "
                        + "https://api.telegram.org (the client adds /bot<token>/<method>), not " + url);
            }
        }
    }

    /** {@code TELEGRAM_WEBHOOK_URL} and {@code TELEGRAM_WEBHOOK_SECRET}: the secret is never logged. */
    public record Webhook(String url, String secret) {
        boolean given() {
            return url != null && !url.isBlank();
        }

        @Override
        public String toString() {
            return "Webhook[url=" + url + ", secret=" + (secret == null || secret.isBlank() ? "none" : "(set)") + "]";
        }
    }

    String token() {
        return bot == null || bot.token() == null ? "" : bot.token().strip();
    }

    URI apiUrl() {
        return api == null || api.url() == null || api.url().toString().isBlank() ? DEFAULT_API : api.url();
    }

    boolean usesWebhook() {
        return webhook != null && webhook.given();
    }

    /** Webhook mode: a token and a webhook URL. */
    boolean webhookMode() {
        return !sandbox() && usesWebhook();
    }
}
