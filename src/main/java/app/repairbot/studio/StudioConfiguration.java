package app.repairbot.studio;

import java.security.SecureRandom;
import java.util.Base64;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

import app.repairbot.engine.Engine;
import app.repairbot.engine.EngineSettings;
import app.repairbot.sandbox.ConditionalOnSandbox;
import app.repairbot.sandbox.SandboxSettings;

/**
 * The flow studio's switch and guard. {@code REPAIRBOT_STUDIO} (property {@code repairbot.studio}):
 * unset, the studio is on in sandbox mode (no TELEGRAM_BOT_TOKEN) and off in Telegram mode;
 * {@code true} or {@code false} say so in either mode. Its guard is always in place, so that
 * {@code /studio} refuses other machines even when the studio is off.
 */
@Configuration(proxyBeanMethods = false)
class StudioConfiguration {

    /** Whether the studio is on, by REPAIRBOT_STUDIO and the mode. */
    static boolean on(Environment env) {
        String setting = env.getProperty("repairbot.studio", "").strip();
        if (setting.isEmpty()) {
            return sandboxMode(env);
        }
        return Boolean.parseBoolean(setting);
    }

    static boolean sandboxMode(Environment env) {
        return ConditionalOnSandbox.InSandbox.active(env);
    }

    /** The studio's beans exist only when it is on. */
    static final class On implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return on(context.getEnvironment());
        }
    }

    /** The page's token for this start: the page gets it when served, and its calls send it back. */
    record Token(String value) {
    }

    @Bean
    Token studioToken() {
        byte[] raw = new byte[32];
        new SecureRandom().nextBytes(raw);
        return new Token(Base64.getUrlEncoder().withoutPadding().encodeToString(raw));
    }

    @Bean
    FilterRegistrationBean<StudioGuard> studioGuard(Environment env, Token token, SandboxSettings sandbox) {
        FilterRegistrationBean<StudioGuard> guard = new FilterRegistrationBean<>(new StudioGuard(on(env), token.value(),
                sandbox.origins()));
        guard.addUrlPatterns("/studio", "/studio/*");
        guard.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return guard;
    }

    @Bean
    @Conditional(On.class)
    FlowStudio flowStudio(EngineSettings settings, Engine engine, Environment env) {
        // Saves take effect at once in sandbox mode; in Telegram mode, at the next start.
        return new FlowStudio(settings.dir(), engine, sandboxMode(env));
    }
}
