package app.repairbot.engine;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import app.repairbot.chat.ChatId;
import app.repairbot.chat.Person;
import app.repairbot.session.Couple;

/**
 * Commands another feature answers (schedules: /weekly, /daily, /timezone, /schedule). The engine
 * passes them on with who asked and where, and says what they return in that chat, through the
 * session's outbox like any reply. Running one must be safe to repeat: an update that is
 * redelivered, or a save that loses a race, runs it again.
 */
public interface ChatCommands {

    Set<String> names();

    /** What the bot says back, in order. */
    List<String> run(Request request);

    /** /forget deleted this group's couple: delete what this feature keeps about the group. */
    default void forget(ChatId group) {
    }

    /** {@code couple} is the group's couple (empty in a private chat, or a group not set up yet). */
    record Request(ChatId chat, boolean inGroup, Optional<Couple> couple, Person from, String name, String args,
                   Instant now) {
    }
}
