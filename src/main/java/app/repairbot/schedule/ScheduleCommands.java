package app.repairbot.schedule;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import app.repairbot.chat.Person;
import app.repairbot.chat.UserId;
import app.repairbot.engine.ChatCommands;
import app.repairbot.session.Couple;
import app.repairbot.session.CoupleDirectory;

/**
 * /weekly, /daily, /timezone and /schedule in a couple's group. Either partner may set them; the
 * bot says so in the group, naming the other, so they are told. Every answer is in the couple's
 * local time.
 */
public final class ScheduleCommands implements ChatCommands {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEE d MMM 'at' HH:mm", Locale.ENGLISH);
    private static final Set<String> ZONES = new TreeSet<>(ZoneId.getAvailableZoneIds());

    private final Schedules schedules;
    private final CoupleDirectory couples;

    public ScheduleCommands(Schedules schedules, CoupleDirectory couples) {
        this.schedules = schedules;
        this.couples = couples;
    }

    @Override
    public Set<String> names() {
        return Set.of("weekly", "daily", "timezone", "schedule");
    }

    @Override
    public void forget(app.repairbot.chat.ChatId group) {
        for (PromptKind kind : PromptKind.values()) {
            schedules.remove(group, kind);
        }
    }

    @Override
    public List<String> run(Request r) {
        if (!r.inGroup()) {
            return List.of("Schedules belong to a couple's group, so that both of you see them: send /" + r.name()
                    + " in the group you share with me.");
        }
        if (r.couple().isEmpty()) {
            return List.of("Let's set you up as a couple first: each of you tap \"I'm in\" above (or send /repair to see it again).");
        }
        Couple couple = r.couple().get();
        String args = r.args().strip();
        switch (r.name()) {
            case "weekly":
                return weekly(r, couple, args);
            case "daily":
                return daily(r, couple, args);
            case "timezone":
                return timezone(r, couple, args);
            default:
                return List.of(show(couple, r.from().id(), r.now()));
        }
    }

    private List<String> weekly(Request r, Couple couple, String args) {
        if (args.equalsIgnoreCase("off")) {
            schedules.remove(couple.group(), PromptKind.WEEKLY);
            return List.of(told(r, couple, "turned the weekly check-in off") + " /weekly sun 19:00 sets it again.");
        }
        String[] parts = args.split("\\s+");
        Optional<DayOfWeek> day = parts.length == 2 ? Recurrence.day(parts[0]) : Optional.empty();
        Optional<LocalTime> time = parts.length == 2 ? Recurrence.time(parts[1]) : Optional.empty();
        if (day.isEmpty() || time.isEmpty()) {
            StringBuilder why = new StringBuilder("I couldn't read that");
            if (parts.length == 2 && day.isEmpty()) {
                why.append(": '").append(parts[0]).append("' isn't a day I know");
            } else if (parts.length == 2) {
                why.append(": '").append(parts[1]).append("' isn't a time (hours 00 to 23, minutes 00 to 59)");
            }
            return List.of(why + ". Try /weekly sun 19:00 (a day and a 24-hour time), or /weekly off.");
        }
        return set(r, couple, PromptKind.WEEKLY, Recurrence.weekly(day.get(), time.get()));
    }

    private List<String> daily(Request r, Couple couple, String args) {
        if (args.equalsIgnoreCase("off")) {
            schedules.remove(couple.group(), PromptKind.DAILY);
            return List.of(told(r, couple, "turned the daily appreciation off") + " /daily 20:30 sets it again.");
        }
        Optional<LocalTime> time = Recurrence.time(args);
        if (time.isEmpty()) {
            return List.of((args.isEmpty() ? "What time? " : "'" + args + "' isn't a time I can read. ")
                    + "Try /daily 20:30 (24-hour, your local time), or /daily off.");
        }
        return set(r, couple, PromptKind.DAILY, Recurrence.daily(time.get()));
    }

    private List<String> set(Request r, Couple couple, PromptKind kind, Recurrence recurrence) {
        // A prompt comes at the local time of the partner who set it; the other is told what time that is for them.
        ZoneId zone = couple.zoneOf(r.from().id());
        Prompt prompt = Prompt.first(couple.group(), kind, recurrence, zone, r.now(), r.from().id().value());
        schedules.put(prompt);
        String what = "set the " + kind.title().toLowerCase(Locale.ROOT) + " for " + recurrence.describe() + ", "
                + zone.getId() + " time";
        Person other = couple.other(r.from().id());
        java.time.ZonedDateTime theirs = prompt.occurrence().atZone(couple.zoneOf(other.id()));
        String forOther = couple.apart() ? " For " + other.firstName() + " that's " + WHEN.format(theirs) + ", "
                + couple.zoneOf(other.id()).getId() + " time." + (atNight(theirs.toLocalTime()) ? " That's the middle of the night for "
                + other.firstName() + ": /" + kind.key() + " with another time moves it for you both." : "") : "";
        return List.of(told(r, couple, what) + ". The first is on " + WHEN.format(prompt.occurrence().atZone(zone))
                + "." + forOther + (zone.getId().equals("UTC") ? " Not your time zone? /timezone Europe/Berlin (or yours) fixes it." : ""));
    }

    /** From 23:00 to 06:59: a prompt then would wake someone, or wait unread until morning. */
    static boolean atNight(LocalTime time) {
        return time.getHour() >= 23 || time.getHour() < 7;
    }

    /**
     * /timezone sets the sender's own zone. Until the other partner chooses one, they follow it (a
     * couple in one place sets it once); a long-distance couple each set their own. A scheduled
     * prompt follows the zone of the partner who set it.
     */
    private List<String> timezone(Request r, Couple couple, String args) {
        UserId me = r.from().id();
        if (args.isEmpty()) {
            String yours = "Your time zone is " + couple.zoneOf(me).getId();
            String other = couple.apart() ? " (" + couple.other(me).firstName() + "'s is " + couple.zoneOf(couple.other(me).id()).getId() + ")" : "";
            return List.of(yours + other + ". To change yours: /timezone Area/City, like /timezone Europe/Berlin.");
        }
        Optional<ZoneId> zone = zone(args);
        if (zone.isEmpty()) {
            List<String> close = ZONES.stream().filter(z -> z.toLowerCase(Locale.ROOT).contains(city(args))).limit(5).toList();
            return List.of("I don't know the time zone '" + args + "'. Time zones are written Area/City, like Europe/Berlin "
                    + "or America/New_York" + (close.isEmpty() ? "." : "; did you mean " + String.join(", ", close) + "?"));
        }
        Couple updated = couple.withZoneOf(me, zone.get());
        couples.pair(updated);
        // Each prompt follows the zone of whoever set it (one stored before that was kept: the first partner's).
        for (Prompt p : schedules.of(couple.group())) {
            long setter = p.setBy() != null ? p.setBy() : couple.first().id().value();
            ZoneId theirs = updated.zoneOf(new UserId(setter));
            if (!theirs.equals(p.zone())) {
                schedules.put(Prompt.first(p.chat(), p.kind(), p.recurrence(), theirs, r.now(), p.setBy()));
            }
        }
        Person other = couple.other(me);
        if (updated.apart()) {
            return List.of(r.from().firstName() + " set their time zone to " + zone.get().getId() + " (" + other.firstName()
                    + ", yours stays " + updated.zoneOf(other.id()).getId() + "; /timezone sets your own). Times I give each of "
                    + "you are in your own zone; a scheduled check-in comes at the time of whoever set it.");
        }
        return List.of(told(r, couple, "set the time zone for you both to " + zone.get().getId()) + ". Scheduled check-ins follow it"
                + " (if you live in different zones, each of you can send /timezone with your own).");
    }

    /** A tz database region id, matched ignoring case ("europe/berlin" is Europe/Berlin). */
    static Optional<ZoneId> zone(String text) {
        String t = text.strip().replace(' ', '_');
        return ZONES.stream().filter(z -> z.equalsIgnoreCase(t) && (z.contains("/") || z.equals("UTC"))).findFirst().map(ZoneId::of);
    }

    private static String city(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT).replace(' ', '_');
        return t.contains("/") ? t.substring(t.lastIndexOf('/') + 1) : t;
    }

    /** "Alex set …; Sam, just so you know.": the partner who did not set it is named, so they are told. */
    private static String told(Request r, Couple couple, String what) {
        String other = couple.person(r.from().id()).map(p -> couple.other(p.id()).firstName()).orElse(null);
        return r.from().firstName() + " " + what + (other == null ? "" : " (" + other + ", just so you know)");
    }

    /**
     * The couple's prompts, with times in the zone of whoever asked (the follow-ups listed after it are too); a prompt
     * set in another zone also says the zone it keeps its time in.
     */
    private String show(Couple couple, UserId viewer, Instant now) {
        ZoneId zone = couple.zoneOf(viewer);
        StringBuilder b = new StringBuilder("Your schedule (" + zone.getId() + "):");
        for (PromptKind kind : PromptKind.values()) {
            Optional<Prompt> p = schedules.get(couple.group(), kind);
            b.append("\n• ").append(kind.title()).append(": ");
            if (p.isEmpty()) {
                b.append("off (/").append(kind.key()).append(kind == PromptKind.WEEKLY ? " sun 19:00" : " 20:30").append(" to set it)");
            } else {
                // A prompt keeps the time of the zone it was set in (whoever set it): said when that is not the reader's.
                ZoneId kept = p.get().zone();
                b.append(p.get().recurrence().describe()).append(kept.equals(zone) ? "" : ", " + kept.getId() + " time")
                        .append(", next on ").append(WHEN.format(p.get().occurrence().atZone(zone)))
                        .append(kept.equals(zone) ? "" : " your time");
            }
        }
        return b.toString();
    }
}
