package app.repairbot.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import app.repairbot.chat.BotReply;
import app.repairbot.chat.ChatEvent;
import app.repairbot.chat.ChatId;
import app.repairbot.chat.ChatKind;
import app.repairbot.chat.Person;
import app.repairbot.coach.RuleBasedCoach;
import app.repairbot.conversationtest.TestClock;
import app.repairbot.flow.BotCommands;
import app.repairbot.flow.FlowCatalog;
import app.repairbot.safety.ScreeningSafety;
import app.repairbot.schedule.InMemorySchedules;
import app.repairbot.schedule.ScheduleCommands;
import app.repairbot.session.Couple;
import app.repairbot.session.InMemoryCouples;
import app.repairbot.session.InMemorySessionStore;
import app.repairbot.session.Outgoing;

/** /help comes from the one list of the bot's commands (BotCommands), and every command it lists is answered. */
class HelpTests {
    static final ChatId GROUP = EngineTests.GROUP;
    static final Person ALEX = EngineTests.ALEX;
    static final Person SAM = EngineTests.SAM;

    final InMemorySessionStore store = new InMemorySessionStore();
    final InMemoryCouples couples = new InMemoryCouples();
    final ScheduleCommands schedules = new ScheduleCommands(new InMemorySchedules(), couples);
    long update = 1;

    HelpTests() {
        couples.pair(new Couple(GROUP, ALEX, SAM, null));
    }

    Engine engine(List<ChatCommands> extensions) {
        return new Engine(EngineTests.FLOWS, couples, store, new RuleBasedCoach(), ScreeningSafety.phrasesOnly(),
                new TestClock(Instant.parse("2026-11-29T18:00:00Z")), extensions);
    }

    List<String> send(Engine engine, boolean group, Person who, String text) {
        ChatId chat = group ? GROUP : ChatId.privateOf(who.id());
        List<Outgoing> queued = engine.handle(new ChatEvent(update++, chat, group ? ChatKind.GROUP : ChatKind.PRIVATE, who,
                Instant.EPOCH, ChatEvent.ofText(text)));
        queued.stream().map(Outgoing::session).distinct().forEach(c -> store.markSent(c,
                queued.stream().filter(o -> o.session().equals(c)).map(Outgoing::id).toList()));
        return queued.stream().map(Outgoing::reply).map(BotReply::text).toList();
    }

    @Test
    void everyCommandHelpListsIsAnsweredWhereItIsListed() {
        Engine engine = engine(List.of(schedules));
        for (boolean group : List.of(true, false)) {
            String help = String.join("\n", send(engine, group, ALEX, "/help"));
            for (BotCommands.Command c : BotCommands.offered(group)) {
                assertThat(help).contains("/" + c.name() + " \u2013 " + c.does(group).orElseThrow());
                assertThat(send(engine, group, SAM, "/" + c.name())).as("/" + c.name() + (group ? " in the group" : " privately"))
                        .isNotEmpty().noneMatch(t -> t.startsWith("I don't know"));
            }
        }
    }

    @Test
    void helpListsOnlyCommandsThatAreThereAndTheFlowsOwn() {
        String help = String.join("\n", send(engine(List.of()), true, ALEX, "/help"));
        assertThat(help).contains("/repair \u2013", "/pause \u2013", "/impact \u2013 Name the impact", "/story \u2013 Stop the story")
                .doesNotContain("/weekly", "/timezone", "/start", "step");
        String privately = String.join("\n", send(engine(List.of(schedules)), false, ALEX, "/help"));
        assertThat(privately).contains("/practice \u2013").doesNotContain("/weekly", "/impact", "/pause");
    }

    @Test
    void theNamesAFlowMayNotTakeAreTheListsAndTheScheduleCommandsAreInIt() {
        assertThat(FlowCatalog.RESERVED_COMMANDS).containsAll(BotCommands.ALL.stream().map(BotCommands.Command::name).toList())
                .contains("start", "help");
        assertThat(BotCommands.ALL.stream().map(BotCommands.Command::name)).containsAll(schedules.names());
    }

    @Test
    void anUnknownCommandPointsToHelp() {
        assertThat(send(engine(List.of(schedules)), true, ALEX, "/frobnicate"))
                .containsExactly("I don't know /frobnicate, sorry. /help shows what I can do here.");
    }

    @Test
    void aMistypedCommandGetsTheOneItWasProbablyMeantToBe() {
        assertThat(send(engine(List.of(schedules)), true, ALEX, "/wekly"))
                .containsExactly("I don't know /wekly, sorry. Did you mean /weekly? /help shows what I can do here.");
        assertThat(send(engine(List.of(schedules)), true, ALEX, "/practise"))
                .containsExactly("I don't know /practise, sorry. Did you mean /practice? /help shows what I can do here.");
        // /weekly is not offered in a private chat, so it is not guessed there
        assertThat(send(engine(List.of(schedules)), false, ALEX, "/wekly"))
                .containsExactly("I don't know /wekly, sorry. /help shows what I can do here.");
    }
}
