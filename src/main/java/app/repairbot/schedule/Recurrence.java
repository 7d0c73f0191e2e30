package app.repairbot.schedule;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.TextStyle;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.time.zone.ZoneRules;

/**
 * When a prompt comes back: every week on a day at a local time, or every day at a local time.
 * Local times are kept as the couple wrote them; each occurrence is worked out in their zone, so
 * a prompt stays at 19:00 on both sides of a clock change.
 */
public record Recurrence(Optional<DayOfWeek> day, LocalTime time) {
    private static final Pattern TIME = Pattern.compile("(\\d{1,2})[:.h](\\d{2})");

    public Recurrence {
        time = time.withSecond(0).withNano(0);
    }

    public static Recurrence weekly(DayOfWeek day, LocalTime time) {
        return new Recurrence(Optional.of(day), time);
    }

    public static Recurrence daily(LocalTime time) {
        return new Recurrence(Optional.empty(), time);
    }

    /** "sun", "Sunday", "SU" …: any start of an English day name that names one day (two letters do). */
    static Optional<DayOfWeek> day(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        if (t.length() < 2) {
            return Optional.empty();
        }
        for (DayOfWeek d : DayOfWeek.values()) {
            if (d.getDisplayName(TextStyle.FULL, Locale.ENGLISH).toLowerCase(Locale.ROOT).startsWith(t)) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }

    /** "19:00", "7:30", "19.00", "19h00": 24-hour local time. */
    static Optional<LocalTime> time(String text) {
        Matcher m = TIME.matcher(text.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        int h = Integer.parseInt(m.group(1));
        int min = Integer.parseInt(m.group(2));
        return h <= 23 && min <= 59 ? Optional.of(LocalTime.of(h, min)) : Optional.empty();
    }

    /**
     * The first occurrence strictly after {@code after}. On a day whose clocks skip the time (spring
     * forward), the first valid moment after it: the end of the gap. On a day that repeats it (fall
     * back), the first of the two, once.
     */
    public Instant next(Instant after, ZoneId zone) {
        LocalDate date = LocalDate.ofInstant(after, zone);
        for (int i = 0; i <= 8; i++, date = date.plusDays(1)) {
            if (day.isPresent() && date.getDayOfWeek() != day.get()) {
                continue;
            }
            Instant candidate = at(date, zone);
            if (candidate.isAfter(after)) {
                return candidate;
            }
        }
        throw new IllegalStateException("no occurrence of " + this + " in the 8 days after " + after);
    }

    private Instant at(LocalDate date, ZoneId zone) {
        ZoneRules rules = zone.getRules();
        LocalDateTime local = LocalDateTime.of(date, time);
        List<ZoneOffset> offsets = rules.getValidOffsets(local);
        if (offsets.isEmpty()) {
            return rules.getTransition(local).getInstant();
        }
        return local.atOffset(offsets.get(0)).toInstant();
    }

    /** The end of the local day an occurrence falls on: a prompt kept waiting by a running flow gives up then. */
    public static Instant endOfDay(Instant occurrence, ZoneId zone) {
        return LocalDate.ofInstant(occurrence, zone).plusDays(1).atStartOfDay(zone).toInstant();
    }

    /** "Sundays at 19:00", "every day at 08:30". */
    public String describe() {
        String at = String.format(Locale.ROOT, "%02d:%02d", time.getHour(), time.getMinute());
        return day.map(d -> d.getDisplayName(TextStyle.FULL, Locale.ENGLISH) + "s at " + at).orElse("every day at " + at);
    }
}
