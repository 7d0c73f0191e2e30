package app.repairbot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.support.ResourcePropertySource;

import app.repairbot.engine.EngineSettings;
import app.repairbot.safety.SafetySettings;
import app.repairbot.sandbox.ConditionalOnSandbox;
import app.repairbot.sandbox.SandboxSettings;
import app.repairbot.store.DataSettings;
import app.repairbot.studio.StudioSettings;
import app.repairbot.telegram.TelegramSettings;

/**
 * Each feature's settings record: bound under {@code repairbot.<feature>}, from the environment
 * variables docs/operations.md names (old names included), and a bad value stops start-up with a
 * message that names the setting.
 */
class SettingsTests {
    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties({EngineSettings.class, SafetySettings.class, SandboxSettings.class, DataSettings.class,
            StudioSettings.class, TelegramSettings.class})
    static class AllSettings {
    }

    /** The settings as the service gets them: application.properties (with its aliases) and {@code env} as the environment variables. */
    static ApplicationContextRunner withEnvironment(Map<String, Object> env) {
        return new ApplicationContextRunner().withUserConfiguration(AllSettings.class).withInitializer(context -> {
            MutablePropertySources sources = context.getEnvironment().getPropertySources();
            sources.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new SystemEnvironmentPropertySource(
                    StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, env));
            try {
                sources.addLast(new ResourcePropertySource("classpath:application.properties"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    @Test
    void readsEveryDocumentedVariable() {
        withEnvironment(Map.ofEntries(
                Map.entry("REPAIRBOT_FLOWS_DIR", "/srv/flows"),
                Map.entry("MONGODB_URI", "mongodb://db:27017/repairbot"),
                Map.entry("REPAIRBOT_DATA_DIR", "/srv/data"),
                Map.entry("REPAIRBOT_DATA_KEY", "a2V5"),
                Map.entry("REPAIRBOT_DATA_COMPACT_EVERY", "30m"),
                Map.entry("REPAIRBOT_DATA_PORT", "27018"),
                Map.entry("TELEGRAM_BOT_TOKEN", "4242:not-a-real-token"),
                Map.entry("TELEGRAM_API_URL", "http://127.0.0.1:8081"),
                Map.entry("TELEGRAM_WEBHOOK_URL", "https://bot.example/telegram/webhook"),
                Map.entry("TELEGRAM_WEBHOOK_SECRET", "s3cret"),
                Map.entry("REPAIRBOT_SANDBOX_ORIGINS", "http://192.168.1.5:8080/"),
                Map.entry("REPAIRBOT_SANDBOX_OPEN_WORLD", "true"),
                Map.entry("REPAIRBOT_STUDIO", "true"),
                Map.entry("REPAIRBOT_SAFETY_COUNTRY", "GB"),
                Map.entry("REPAIRBOT_SAFETY_THERAPY_TEXT", "See Dr Lee"))).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(EngineSettings.class).dir()).isEqualTo(Path.of("/srv/flows"));
            DataSettings data = context.getBean(DataSettings.class);
            assertThat(data.dir()).isEqualTo(Path.of("/srv/data"));
            assertThat(data.key()).isEqualTo("a2V5");
            assertThat(data.compactEvery()).isEqualTo(Duration.ofMinutes(30));
            assertThat(data.port()).isEqualTo(27018);
            assertThat(data.mongodb().uri()).isEqualTo("mongodb://db:27017/repairbot");
            TelegramSettings telegram = context.getBean(TelegramSettings.class);
            assertThat(telegram.bot().token()).isEqualTo("4242:not-a-real-token");
            assertThat(telegram.api().url()).isEqualTo(URI.create("http://127.0.0.1:8081"));
            assertThat(telegram.webhook().url()).isEqualTo("https://bot.example/telegram/webhook");
            assertThat(telegram.webhook().secret()).isEqualTo("s3cret");
            assertThat(telegram.sandbox()).isFalse();
            assertThat(ConditionalOnSandbox.InSandbox.active(context.getEnvironment())).isFalse();
            SandboxSettings sandbox = context.getBean(SandboxSettings.class);
            assertThat(sandbox.origins()).containsExactly("http://192.168.1.5:8080");
            assertThat(sandbox.openWorld()).isTrue();
            assertThat(context.getBean(StudioSettings.class).enabled()).isTrue();
            assertThat(context.getBean(SafetySettings.class)).isEqualTo(new SafetySettings("GB", "See Dr Lee"));
        });
    }

    @Test
    void takesTheNewNamesOverTheOldOnes() {
        withEnvironment(Map.of("TELEGRAM_BOT_TOKEN", "1:old", "REPAIRBOT_TELEGRAM_BOT_TOKEN", "2:new",
                "MONGODB_URI", "mongodb://old", "REPAIRBOT_DATA_MONGODB_URI", "mongodb://new",
                "REPAIRBOT_STUDIO", "true", "REPAIRBOT_STUDIO_ENABLED", "false")).run(context -> {
            assertThat(context.getBean(TelegramSettings.class).bot().token()).isEqualTo("2:new");
            assertThat(context.getBean(DataSettings.class).mongodb().uri()).isEqualTo("mongodb://new");
            assertThat(context.getBean(StudioSettings.class).enabled()).isFalse();
        });
    }

    @Test
    void defaultsToTheSandboxTheEmbeddedStoreAndTheStudioByMode() {
        withEnvironment(Map.of()).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(EngineSettings.class).dir()).isEqualTo(Path.of("conversation-flows"));
            DataSettings data = context.getBean(DataSettings.class);
            assertThat(data.dir()).isEqualTo(Path.of("data"));
            assertThat(data.compactEvery()).isEqualTo(Duration.ofHours(6));
            assertThat(data.port()).isZero();
            assertThat(data.mongodb().embedded()).isTrue();
            TelegramSettings telegram = context.getBean(TelegramSettings.class);
            assertThat(telegram.sandbox()).isTrue();
            assertThat(telegram.api().url()).isEqualTo(URI.create("https://api.telegram.org"));
            assertThat(ConditionalOnSandbox.InSandbox.active(context.getEnvironment())).isTrue();
            assertThat(context.getBean(StudioSettings.class).enabled()).as("decided by the mode").isNull();
            assertThat(context.getBean(SafetySettings.class)).isEqualTo(new SafetySettings("", ""));
        });
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "REPAIRBOT_DATA_PORT          | 70000           | REPAIRBOT_DATA_PORT",
            "REPAIRBOT_DATA_PORT          | twelve          | repairbot.data.port",
            "REPAIRBOT_DATA_COMPACT_EVERY | -5m             | REPAIRBOT_DATA_COMPACT_EVERY",
            "REPAIRBOT_DATA_COMPACT_EVERY | sometimes       | repairbot.data.compact-every",
            "REPAIRBOT_SAFETY_COUNTRY     | Germany         | repairbot.safety.country",
            "TELEGRAM_API_URL             | api.example.org | TELEGRAM_API_URL",
            "TELEGRAM_API_URL             | http://x.org/v1 | TELEGRAM_API_URL",
            "TELEGRAM_WEBHOOK_URL         | https://b.org/w | TELEGRAM_BOT_TOKEN",
            "REPAIRBOT_STUDIO             | maybe           | repairbot.studio.enabled",
            "REPAIRBOT_SANDBOX_ORIGINS    | http://h:1/page | REPAIRBOT_SANDBOX_ORIGINS",
            "REPAIRBOT_SANDBOX_OPEN_WORLD | perhaps         | repairbot.sandbox.open-world"})
    void refusesABadValueNamingTheSetting(String variable, String value, String named) {
        withEnvironment(Map.of(variable, value)).run(context -> {
            assertThat(context).hasFailed();
            assertThat(messages(context)).contains(named);
        });
    }

    @Test
    void refusesAWebhookWithoutItsSecret() {
        withEnvironment(Map.of("TELEGRAM_BOT_TOKEN", "1:x", "TELEGRAM_WEBHOOK_URL", "https://b.org/w")).run(context -> {
            assertThat(context).hasFailed();
            assertThat(messages(context)).contains("TELEGRAM_WEBHOOK_SECRET is required with TELEGRAM_WEBHOOK_URL");
        });
    }

    @Test
    void takesAnEmptyVariableAsUnset() {
        withEnvironment(Map.of("REPAIRBOT_FLOWS_DIR", "", "REPAIRBOT_DATA_COMPACT_EVERY", "", "TELEGRAM_BOT_TOKEN", "",
                "REPAIRBOT_STUDIO", "")).run(context -> {
            assertThat(context.getBean(EngineSettings.class).dir()).isEqualTo(Path.of("conversation-flows"));
            assertThat(context.getBean(DataSettings.class).compactEvery()).isEqualTo(Duration.ofHours(6));
            assertThat(context.getBean(TelegramSettings.class).sandbox()).isTrue();
            assertThat(context.getBean(StudioSettings.class).enabled()).isNull();
        });
    }

    @Test
    void neverShowsTheTokenTheSecretTheKeyOrTheDatabasePassword() {
        withEnvironment(Map.of("TELEGRAM_BOT_TOKEN", "4242:TOKEN-TEXT", "TELEGRAM_WEBHOOK_URL", "https://b.org/w",
                "TELEGRAM_WEBHOOK_SECRET", "SECRET-TEXT", "REPAIRBOT_DATA_KEY", "KEY-TEXT",
                "MONGODB_URI", "mongodb://u:PASSWORD-TEXT@db/repairbot")).run(context -> {
            String shown = context.getBean(TelegramSettings.class) + " " + context.getBean(DataSettings.class);
            assertThat(shown).contains("(set)").doesNotContain("TOKEN-TEXT", "SECRET-TEXT", "KEY-TEXT", "PASSWORD-TEXT");
        });
    }

    /** The start-up failure's messages, outermost first, as they reach the log. */
    static String messages(AssertableApplicationContext context) {
        List<String> messages = new ArrayList<>();
        for (Throwable t = context.getStartupFailure(); t != null; t = t.getCause()) {
            messages.add(String.valueOf(t.getMessage()));
        }
        return String.join("\n", messages);
    }
}
