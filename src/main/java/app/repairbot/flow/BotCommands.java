package app.repairbot.flow;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The commands the bot answers itself, not written in flows (FLOW-DSL section 4, and the features
 * around flows): in the order /help and Telegram's command menu show them, each with what it does
 * in a couple's group and in a private chat, in plain words. The one list /help, the command menu
 * and the names a flow may not take come from, so that they cannot drift apart.
 */
public final class BotCommands {
    /** {@code inGroup}, {@code inPrivate}: what it does there, or null where it is not offered. */
    public record Command(String name, String inGroup, String inPrivate) {
        /** What the command does in a group ({@code group}) or a private chat, if it is offered there. */
        public Optional<String> does(boolean group) {
            return Optional.ofNullable(group ? inGroup : inPrivate);
        }
    }

    public static final List<Command> ALL = List.of(
            new Command("repair", "choose a conversation to have together", null),
            new Command("status", "where we are, and whose turn it is", "where your conversations are"),
            new Command("pause", "take a breather (/pause 30 for half an hour)", null),
            new Command("resume", "carry on after a pause", null),
            new Command("stop", "end the conversation we're in", "end the practice"),
            new Command("practice", "practise what to say, in your private chat with me",
                    "practise what you'd like to say to your partner"),
            new Command("weekly", "a weekly check-in, like /weekly sun 19:00 (or /weekly off)", null),
            new Command("daily", "a daily appreciation, like /daily 20:30 (or /daily off)", null),
            new Command("schedule", "see your check-ins", null),
            new Command("timezone", "your time zone, like /timezone Europe/Berlin", null),
            new Command("therapy", "where to find more support", "where to find more support"),
            new Command("forget", "delete this couple's data here (you both confirm)", "delete everything I keep about you"),
            new Command("help", "what I can do here", "what I can do here"));

    /** Names no flow may take: the commands above, and a few Telegram users expect every bot to keep. */
    public static final Set<String> RESERVED = Stream.concat(ALL.stream().map(Command::name), Stream.of("start", "cancel", "settings"))
            .collect(Collectors.toUnmodifiableSet());

    private BotCommands() {
    }

    /** The commands offered in a group ({@code group}) or a private chat, in order. */
    public static List<Command> offered(boolean group) {
        return ALL.stream().filter(c -> c.does(group).isPresent()).toList();
    }
}
