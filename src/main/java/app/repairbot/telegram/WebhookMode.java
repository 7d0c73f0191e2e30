package app.repairbot.telegram;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** The webhook's beans exist only in webhook mode: a token and TELEGRAM_WEBHOOK_URL (TelegramSettings decides). */
final class WebhookMode implements Condition {
    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        return TelegramSettings.of(context.getEnvironment()).webhookMode();
    }
}
