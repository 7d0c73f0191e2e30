package app.repairbot.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/**
 * One rule decides sandbox mode for beans: no token, or a blank one (as the Telegram adapter reads
 * it). TELEGRAM_BOT_TOKEN, the documented name, is an alias: SettingsTests reads it.
 */
class ConditionalOnSandboxTests {

    @Test
    void aMissingOrBlankTokenMeansSandboxMode() {
        assertThat(ConditionalOnSandbox.InSandbox.active(new MockEnvironment())).isTrue();
        assertThat(ConditionalOnSandbox.InSandbox.active(new MockEnvironment().withProperty("repairbot.telegram.bot.token", ""))).isTrue();
        assertThat(ConditionalOnSandbox.InSandbox.active(new MockEnvironment().withProperty("repairbot.telegram.bot.token", "  "))).isTrue();
    }

    @Test
    void aTokenMeansTelegramMode() {
        assertThat(ConditionalOnSandbox.InSandbox.active(new MockEnvironment().withProperty("repairbot.telegram.bot.token", "123:abc")))
                .isFalse();
    }
}
