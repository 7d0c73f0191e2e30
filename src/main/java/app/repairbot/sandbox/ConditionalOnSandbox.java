package app.repairbot.sandbox;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

import app.repairbot.telegram.TelegramSettings;

/**
 * A bean that exists only in sandbox mode: no {@code TELEGRAM_BOT_TOKEN} (unset or blank), so the
 * bot talks to the local stand-in Bot API. The one annotation that decides the mode for beans; it
 * asks {@link TelegramSettings#sandbox()}, as the Telegram adapter does.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Conditional(ConditionalOnSandbox.InSandbox.class)
public @interface ConditionalOnSandbox {

    /** The condition behind the annotation. */
    final class InSandbox implements Condition {
        /** Whether the application runs in sandbox mode. */
        public static boolean active(Environment env) {
            return TelegramSettings.of(env).sandbox();
        }

        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return active(context.getEnvironment());
        }
    }
}
