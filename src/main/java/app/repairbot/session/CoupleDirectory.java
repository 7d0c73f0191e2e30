package app.repairbot.session;

import java.util.List;
import java.util.Optional;

import app.repairbot.chat.ChatId;
import app.repairbot.chat.UserId;

/** Who is a couple with whom, and in which group. */
public interface CoupleDirectory {
    Optional<Couple> inGroup(ChatId group);

    /** Every couple the person belongs to (usually one). */
    List<Couple> of(UserId user);

    /** Declares that these two are a couple in this group (replacing any couple there). */
    void pair(Couple couple);

    /** Forgets the couple of a group for good; true when there was one. */
    boolean remove(ChatId group);
}
