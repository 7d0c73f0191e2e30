package app.repairbot.engine;

import java.time.ZoneId;
import java.util.Optional;

import app.repairbot.chat.ChatId;
import app.repairbot.chat.Person;
import app.repairbot.chat.UserId;

/** Two people and the group chat they share with the bot. */
public record Couple(ChatId group, Person first, Person second, ZoneId zone) {
    public Couple {
        if (first.id().equals(second.id())) {
            throw new IllegalArgumentException("a couple is two different people");
        }
        zone = zone == null ? ZoneId.of("UTC") : zone;
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
}
