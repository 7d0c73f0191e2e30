package app.repairbot.schedule;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;

import app.repairbot.chat.ChatId;

/**
 * One scheduled prompt of one couple's group, as stored: what and when (in the zone of the partner
 * who set it, {@code setBy}; null for prompts stored before that was kept),
 * the occurrence it is trying to fire, and when to try next ({@code nextFireAt}: the occurrence
 * itself, or later while another flow keeps it waiting).
 */
public record Prompt(ChatId chat, PromptKind kind, Recurrence recurrence, ZoneId zone, Instant occurrence,
                     Instant nextFireAt, Long setBy) {
    /** Prompts due in one minute are claimed in this many slots, so that several instances can share a burst. */
    static final int SHARDS = 8;

    public Prompt {
        Objects.requireNonNull(chat);
        Objects.requireNonNull(kind);
        Objects.requireNonNull(recurrence);
        Objects.requireNonNull(zone);
        Objects.requireNonNull(occurrence);
        Objects.requireNonNull(nextFireAt);
    }

    /** A prompt nobody in particular set (stored before prompts kept their setter): it follows the couple's zone. */
    public Prompt(ChatId chat, PromptKind kind, Recurrence recurrence, ZoneId zone, Instant occurrence, Instant nextFireAt) {
        this(chat, kind, recurrence, zone, occurrence, nextFireAt, null);
    }

    /** A prompt set (or reset) now by {@code setBy} (a user id), in their zone. */
    public static Prompt first(ChatId chat, PromptKind kind, Recurrence recurrence, ZoneId zone, Instant now, Long setBy) {
        Instant at = recurrence.next(now, zone);
        return new Prompt(chat, kind, recurrence, zone, at, at, setBy);
    }

    /** A prompt set (or reset) now: its first occurrence is the next one after {@code now}. */
    public static Prompt first(ChatId chat, PromptKind kind, Recurrence recurrence, ZoneId zone, Instant now) {
        Instant at = recurrence.next(now, zone);
        return new Prompt(chat, kind, recurrence, zone, at, at);
    }

    public String id() {
        return id(chat, kind);
    }

    /** The stored id of a group's prompt of a kind: {@code <group>:weekly}. */
    public static String id(ChatId chat, PromptKind kind) {
        return chat.value() + ":" + kind.key();
    }

    Prompt settled(Instant nextOccurrence, Instant tryAt) {
        return new Prompt(chat, kind, recurrence, zone, nextOccurrence, tryAt, setBy);
    }

    /** Whether this is a later try of an occurrence that had to wait (another flow was running). */
    boolean waiting() {
        return nextFireAt.isAfter(occurrence);
    }

    /** The slot this prompt is claimed in: the minute of its next try, and a shard of the groups. */
    String slot() {
        return nextFireAt.truncatedTo(java.time.temporal.ChronoUnit.MINUTES) + "#" + Math.floorMod(chat.value(), SHARDS);
    }

    /**
     * The update id under which this occurrence starts its flow: negative (Telegram's are positive)
     * and the same for every attempt, so the session applies it at most once.
     */
    long updateId() {
        return -(occurrence.getEpochSecond() / 60 * PromptKind.values().length + kind.ordinal() + 1);
    }
}
