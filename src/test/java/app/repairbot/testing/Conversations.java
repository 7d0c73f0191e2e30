package app.repairbot.testing;

import java.time.Instant;
import java.util.List;

import app.repairbot.chat.ChatEvent;
import app.repairbot.chat.ChatId;
import app.repairbot.chat.ChatKind;
import app.repairbot.chat.Person;
import app.repairbot.chat.UserId;
import app.repairbot.session.Couple;

/** Whole name-the-impact conversations for couple number i, as chat events: for tests and benchmarks. */
public final class Conversations {
    public static final Instant NOW = Instant.parse("2026-11-29T18:00:00Z");

    private Conversations() {
    }

    public static ChatId group(int i) {
        return new ChatId(-5_000_000L - i);
    }

    /** How many updates one conversation has. */
    public static final int UPDATES = 12;

    public static Person alex(int i) {
        return new Person(new UserId(7_000_000L + 2L * i), "Alex");
    }

    public static Person sam(int i) {
        return new Person(new UserId(7_000_001L + 2L * i), "Sam");
    }

    public static Couple couple(int i) {
        return new Couple(group(i), alex(i), sam(i), null);
    }

    /** The updates of one whole conversation; update ids start at {@code firstUpdate}. */
    public static List<ChatEvent> nameTheImpact(int i, long firstUpdate) {
        long u = firstUpdate;
        Person a = alex(i);
        Person s = sam(i);
        return List.of(
                inGroup(u++, i, a, "/impact"),
                inGroup(u++, i, s, "I'm ready"),
                inGroup(u++, i, a, "When I come home late you're on your phone and we don't talk all evening."),
                privately(u++, a, "When that happens, I feel lonely. I need some time with you in the evening."),
                inGroup(u++, i, s, "You feel lonely when our evenings go by without talking."),
                inGroup(u++, i, a, "Yes, that's it"),
                inGroup(u++, i, a, "I go quiet instead of asking for time together."),
                inGroup(u++, i, s, "I reach for my phone when I'm tired and don't say so."),
                inGroup(u++, i, a, "Thank you, I hear you"),
                inGroup(u++, i, s, "Thank you, I hear you"),
                privately(u++, s, "Phone away after dinner on weekdays."),
                privately(u, a, "Ask for a walk instead of waiting."));
    }

    public static ChatEvent inGroup(long update, int i, Person who, String text) {
        return new ChatEvent(update, group(i), ChatKind.GROUP, who, NOW, ChatEvent.ofText(text));
    }

    public static ChatEvent privately(long update, Person who, String text) {
        return new ChatEvent(update, ChatId.privateOf(who.id()), ChatKind.PRIVATE, who, NOW, ChatEvent.ofText(text));
    }
}
