package app.repairbot.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.telegram.telegrambots.meta.api.objects.commands.BotCommand;

import app.repairbot.coach.RuleBasedCoach;
import app.repairbot.engine.Engine;
import app.repairbot.flow.BotCommands;
import app.repairbot.flow.FlowCatalog;
import app.repairbot.safety.ScreeningSafety;
import app.repairbot.session.InMemoryCouples;
import app.repairbot.session.InMemorySessionStore;

/** Telegram's command menus say what /help says: the same commands, in the same words. */
class CommandMenuTests {
    final Engine engine = new Engine(FlowCatalog.load(Path.of("conversation-flows")).orThrow(), new InMemoryCouples(),
            new InMemorySessionStore(), new RuleBasedCoach(), ScreeningSafety.phrasesOnly(), Clock.systemUTC());

    @Test
    void theMenusComeFromTheListHelpUses() {
        for (boolean group : List.of(true, false)) {
            List<BotCommand> menu = TelegramConfiguration.commands(engine, group);
            for (BotCommands.Command c : BotCommands.offered(group)) {
                assertThat(menu).anySatisfy(b -> {
                    assertThat(b.getCommand()).isEqualTo(c.name());
                    assertThat(b.getDescription()).isEqualTo(c.does(group).orElseThrow());
                });
            }
            assertThat(menu).allSatisfy(b -> assertThat(b.getDescription()).hasSizeBetween(3, 256));
        }
        assertThat(TelegramConfiguration.commands(engine, true)).extracting(BotCommand::getCommand).contains("impact", "weekly")
                .doesNotContain("start");
        assertThat(TelegramConfiguration.commands(engine, false)).extracting(BotCommand::getCommand).contains("practice")
                .doesNotContain("impact", "weekly");
    }
}
