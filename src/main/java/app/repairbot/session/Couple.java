package app.repairbot.session;

import java.time.ZoneId;
import java.util.Optional;

import app.repairbot.chat.ChatId;
import app.repairbot.chat.Person;
import app.repairbot.chat.UserId;

/**
 * Two people and the group chat they share with the bot, with their time zones: {@code shared}
 * (UTC until someone chooses), and each partner's own choice, null until they make one. A partner
 * who has not chosen follows the other's choice (a couple in one place chooses once); a
 * long-distance couple each choose their own.
 */
public record Couple(ChatId group, Person first, Person second, ZoneId shared, ZoneId firstZone, ZoneId secondZone) {
    private static final ZoneId UTC = ZoneId.of("UTC");

    public Couple {
        if (first.id().equals(second.id())) {
            throw new IllegalArgumentException("a couple is two different people");
        }
        shared = shared == null ? UTC : shared;
    }

    /** A couple sharing {@code zone} (null: UTC), neither having chosen their own. */
    public Couple(ChatId group, Person first, Person second, ZoneId zone) {
        this(group, first, second, zone, null, null);
    }

    public boolean has(UserId user) {
        return first.id().equals(user) || second.id().equals(user);
    }

    public Optional<Person> person(UserId user) {
        return first.id().equals(user) ? Optional.of(first) : second.id().equals(user) ? Optional.of(second) : Optional.empty();
    }

    /** The other partner of {@code user}, who must be one of the two. */
    public Person other(UserId user) {
        return first.id().equals(user) ? second : first;
    }

    /** The time zone of the couple's scheduled prompts: the first partner's (they start them). */
    public ZoneId zone() {
        return zoneOf(first.id());
    }

    /** {@code user}'s local time zone: their own choice, else their partner's, else UTC. */
    public ZoneId zoneOf(UserId user) {
        ZoneId own = first.id().equals(user) ? firstZone : secondZone;
        ZoneId theirs = first.id().equals(user) ? secondZone : firstZone;
        return own != null ? own : theirs != null ? theirs : shared;
    }

    /** Whether the two live by different clocks. */
    public boolean apart() {
        return !zoneOf(first.id()).equals(zoneOf(second.id()));
    }

    /** The same couple with {@code user}'s own time zone set (their partner's stays as it is). */
    public Couple withZoneOf(UserId user, ZoneId zone) {
        return first.id().equals(user) ? new Couple(group, first, second, shared, zone, secondZone)
                : new Couple(group, first, second, shared, firstZone, zone);
    }
}
