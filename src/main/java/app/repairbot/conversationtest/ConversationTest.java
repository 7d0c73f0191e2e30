package app.repairbot.conversationtest;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One conversation test: a couple, a start time, the time zone of both ({@code zone}) or of each
 * ({@code zones}, by first name, when given), and the steps of the chat.
 */
public record ConversationTest(Path file, int line, String name, List<String> couple, Instant now, ZoneId zone,
                               java.util.Map<String, ZoneId> zones, List<TestStep> steps) {
    public ConversationTest {
        zones = java.util.Map.copyOf(zones);
        couple = List.copyOf(couple);
        steps = List.copyOf(steps);
    }

    /** One step of a test; {@code line} is where it stands in the file. */
    public sealed interface TestStep {
        int line();
    }

    /** A partner writes, in the group or (privately) in their chat with the bot. */
    public record Writes(int line, String who, boolean privately, String text) implements TestStep {
    }

    /** A partner taps the button with this label on the newest bot message that has one. */
    public record Taps(int line, String who, String label) implements TestStep {
    }

    /** The next unmatched bot message in a chat ({@code who} null: the group) matches. */
    public record Expects(int line, String who, Matcher matcher) implements TestStep {
    }

    public record Waits(int line, Duration duration) implements TestStep {
    }

    /** The group's running flow rests at this step ("none": no flow runs). */
    public record AtStep(int line, String step) implements TestStep {
    }

    /** No unmatched bot message left in a chat: "group", a partner's name, or "all". */
    public record Silence(int line, String where) implements TestStep {
    }

    /**
     * A text to find in a message: contained (ignoring case), or a regular expression written
     * /…/ (found anywhere; '.' also matches line breaks, since buttons follow the text on lines of their own).
     */
    public record Matcher(String source, Pattern regex) {
        public boolean matches(String text) {
            return regex != null ? regex.matcher(text).find()
                    : text.toLowerCase(java.util.Locale.ROOT).contains(source.toLowerCase(java.util.Locale.ROOT));
        }

        @Override
        public String toString() {
            return regex != null ? source : "'" + source + "'";
        }
    }
}
