package app.repairbot.engine;

import java.util.List;
import java.util.Optional;

import app.repairbot.chat.ChatId;
import app.repairbot.chat.UserId;

/** Who is a couple with whom, and in which group. */
public interface CoupleDirectory {
    Optional<Couple> inGroup(ChatId group);

    /** Every couple the person belongs to (usually one). */
    List<Couple> of(UserId user);
}
