package app.repairbot.telegram;

import java.net.URI;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code TELEGRAM_BOT_TOKEN} (unset: no Telegram), {@code TELEGRAM_API_URL} (default the real
 * Bot API), {@code TELEGRAM_WEBHOOK_URL} and {@code TELEGRAM_WEBHOOK_SECRET} (unset: long polling).
 */
@ConfigurationProperties(prefix = "telegram")
public record TelegramSettings(Bot bot, Api api, Webhook webhook) {
    static final URI DEFAULT_API = URI.create("https://api.telegram.org");
    /** With no token the bot talks to the sandbox this app serves (at /bot&lt;token&gt;/…), with this token. */
    public static final String SANDBOX_TOKEN = "sandbox:local-only";
    public static final String SANDBOX_USERNAME = "repairbot_sandbox";

    boolean sandbox() {
        return token().isEmpty();
    }

    public record Bot(String token) {
    }

    public record Api(URI url) {
    }

    public record Webhook(String url, String secret) {
    }

    String token() {
        return bot == null || bot.token() == null ? "" : bot.token().strip();
    }

    URI apiUrl() {
        return api == null || api.url() == null ? DEFAULT_API : api.url();
    }

    boolean usesWebhook() {
        return webhook != null && webhook.url() != null && !webhook.url().isBlank();
    }
}
