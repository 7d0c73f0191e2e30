package app.repairbot.telegram;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.telegram.telegrambots.meta.api.methods.GetMe;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;
import org.telegram.telegrambots.meta.generics.TelegramClient;

/**
 * Health "telegram": the Bot API answers getMe (asked at most every 30 seconds), or the sandbox
 * stands in for it. Not part of readiness: updates can still be stored while Telegram is away,
 * and replies wait in their outboxes.
 */
final class TelegramHealth implements HealthIndicator {
    private static final Duration ASK_EVERY = Duration.ofSeconds(30);

    private final TelegramClient client;
    private final TelegramSettings settings;
    private final Clock clock;
    private Instant askedAt;
    private Health last;

    TelegramHealth(TelegramClient client, TelegramSettings settings, Clock clock) {
        this.client = client;
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public synchronized Health health() {
        if (settings.sandbox()) {
            return Health.up().withDetail("mode", "sandbox (no TELEGRAM_BOT_TOKEN)").build();
        }
        Instant now = clock.instant();
        if (last == null || askedAt.plus(ASK_EVERY).isBefore(now)) {
            askedAt = now;
            String host = settings.apiUrl().getHost();
            try {
                client.execute(new GetMe());
                last = Health.up().withDetail("api", host).withDetail("mode", settings.usesWebhook() ? "webhook" : "long polling")
                        .build();
            } catch (TelegramApiException e) {
                // The message names the host, never the token (which is part of the request's path).
                last = Health.down().withDetail("api", host).withDetail("error", e.getClass().getSimpleName()).build();
            }
        }
        return last;
    }
}
