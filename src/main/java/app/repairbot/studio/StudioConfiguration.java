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
 * The flow studio's switch ({@link StudioSettings}: by default on in sandbox mode only) and guard.
 * Its guard is always in place, so that {@code /studio} refuses other machines even when the
 * studio is off.
 */
@Configuration(proxyBeanMethods = false)
class StudioConfiguration {

    /** Whether the studio is on, by REPAIRBOT_STUDIO and the mode. */
    static boolean on(Environment env) {
        return StudioSettings.of(env).on(sandboxMode(env));
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
    FilterRegistrationBean<StudioGuard> studioGuard(StudioSettings studio, Environment env, Token token, SandboxSettings sandbox) {
        FilterRegistrationBean<StudioGuard> guard = new FilterRegistrationBean<>(new StudioGuard(studio.on(sandboxMode(env)), token.value(),
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
