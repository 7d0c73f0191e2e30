package app.repairbot.engine;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import app.repairbot.chat.Person;
import app.repairbot.flow.Flow;
import app.repairbot.flow.Role;
import app.repairbot.flow.Step;
import app.repairbot.flow.Template;
import app.repairbot.flow.Who;
import app.repairbot.session.FlowRun;
import app.repairbot.session.PauseState;

/**
 * What /status says about one running flow, in plain words: which conversation, whose turn it is
 * and what about, and, on a pause, until when (in the couple's local time) and who may end it.
 * What an ask is about is its {@code label}, else its question without the names in front, else
 * nothing more than whose turn it is. A step's id, a variable's name or anyone's answer never shows.
 */
final class StatusReport {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm", Locale.ENGLISH);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEE d MMM 'at' HH:mm", Locale.ENGLISH);
    /** A question longer than this is not quoted back: whose turn it is says enough. */
    static final int MAX_QUESTION = 120;
    private static final Pattern QUOTED = Pattern.compile("\"[^\"]*\"|\u201C[^\u201D]*\u201D");
    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.?!\u2026])\\s+");
    /** A name, then a verb in the past ("Alex heard", "Sam named"): where "you" reads as well. */
    private static final Pattern PAST_AFTER_NAME = Pattern.compile("\\b(\\p{Lu}[\\p{L}'-]*)\\s+([a-z]+ed|heard|felt|said|saw|thought|"
            + "wrote|chose|meant|made|did|had|took|gave|told|knew|found|got)\\b");
    private static final Pattern LEADING_WORD = Pattern.compile("^(?:and|so|now|then|okay|ok|also)\\s+", Pattern.CASE_INSENSITIVE);

    private final FlowRun run;
    private final Flow flow;
    /** The person asking in their private chat ("you"), or null for the flow's own chat. */
    private final Person viewer;
    private final ZoneId zone;
    private final Instant now;

    /** Whether to name the zone after each time: the partners live by different clocks. */
    private final boolean nameTheZone;

    StatusReport(FlowRun run, Flow flow, Person viewer, ZoneId zone, Instant now) {
        this(run, flow, viewer, zone, now, false);
    }

    StatusReport(FlowRun run, Flow flow, Person viewer, ZoneId zone, Instant now, boolean nameTheZone) {
        this.run = run;
        this.flow = flow;
        this.viewer = viewer;
        this.zone = zone;
        this.now = now;
        this.nameTheZone = nameTheZone;
    }

    String text() {
        List<String> sentences = new ArrayList<>();
        sentences.add(where());
        run.pause().ifPresent(p -> sentences.add(pause(p)));
        Step step = flow.find(run.step()).orElse(null);
        if (step instanceof Step.Ask ask) {
            sentences.addAll(pending(ask));
        } else if (step instanceof Step.Share) {
            sentences.add(run.isPaused() ? Wording.STATUS_SHARE_AFTER_PAUSE : Wording.STATUS_SHARE);
        }
        return String.join(" ", sentences);
    }

    private boolean couple() {
        return run.together();
    }

    private String where() {
        if (!couple()) {
            return Wording.statusPractising(flow.title());
        }
        if (viewer == null) {
            return Wording.statusIn(flow.title());
        }
        Optional<Role> mine = run.roleOf(viewer.id());
        return mine.isEmpty() ? Wording.statusIn(flow.title())
                : Wording.statusInYourGroup(run.person(mine.get() == Role.STARTER ? Role.PARTNER : Role.STARTER).firstName(), flow.title());
    }

    private List<String> pending(Step.Ask ask) {
        List<String> sentences = new ArrayList<>();
        Set<Role> awaited = run.awaited(ask);
        if (ask.who() == Who.BOTH) {
            run.roles().filter(run.askState().partial()::containsKey).forEach(r -> sentences.add(isViewer(r) ? Wording.STATUS_YOU_ANSWERED
                    : Wording.statusAnswered(run.person(r).firstName())));
        }
        Set<Role> rest = awaited.isEmpty() ? EnumSet.noneOf(Role.class) : EnumSet.copyOf(awaited);
        for (Role r : awaited) {
            if (run.askState().held().containsKey(r)) {
                sentences.add(isViewer(r) ? Wording.STATUS_YOU_CHOOSE_WORDS : Wording.statusChoosingWords(run.person(r).firstName()));
                rest.remove(r);
            }
        }
        if (!rest.isEmpty()) {
            sentences.add(Wording.statusTurn(who(rest), ask.sealed(), topic(ask), run.isPaused()));
        }
        return sentences;
    }

    private String pause(PauseState p) {
        Optional<Role> owner = run.roles().filter(r -> p.ownedBy(run.person(r).id())).findFirst();
        boolean privately = viewer != null && couple();
        if (p.readyAsked()) {
            List<Role> waiting = run.roles().filter(r -> !p.ready().contains(r)).toList();
            if (p.ready().isEmpty() || waiting.isEmpty()) {
                return Wording.statusReadyAsked(couple(), privately);
            }
            return Wording.statusWaitingForReady(who(Set.copyOf(waiting)), privately);
        }
        if (p.until().isEmpty()) {
            if (owner.isEmpty()) {
                return Wording.STATUS_PAUSED_FOR_NOW;
            }
            // A pause with no end is the one after safety words: to anyone but its owner it names nobody.
            return isViewer(owner.get()) || !couple() ? Wording.statusPausedUntilYouAreReady(privately)
                    : Wording.STATUS_PAUSED_NO_RUSH;
        }
        String until = when(p.until().get());
        if (!couple()) {
            return Wording.statusPausedAlone(until);
        }
        if (owner.isEmpty()) {
            return Wording.statusPausedTogether(until);
        }
        return isViewer(owner.get()) ? Wording.statusYourPause(until, privately)
                : Wording.statusTheirPause(until, run.person(owner.get()).firstName());
    }

    private boolean isViewer(Role role) {
        return viewer != null && run.person(role).id().equals(viewer.id());
    }

    /** "Sam", "you", or "both of you". */
    private String who(Set<Role> roles) {
        if (roles.size() > 1) {
            return Wording.BOTH_OF_YOU;
        }
        Role r = roles.iterator().next();
        return isViewer(r) ? "you" : run.person(r).firstName();
    }

    /** The time in the couple's own zone: "20:15", "tomorrow at 08:15" or "Thu 3 Dec at 20:15" (with "UTC" when that is their zone). */
    String when(Instant at) {
        ZonedDateTime local = at.atZone(zone);
        LocalDate today = now.atZone(zone).toLocalDate();
        String time = local.toLocalDate().equals(today) ? CLOCK.format(local)
                : local.toLocalDate().equals(today.plusDays(1)) ? "tomorrow at " + CLOCK.format(local) : DAY.format(local);
        if (nameTheZone) {
            return time + " (" + zone.getId() + " time)";
        }
        return zone.normalized().equals(ZoneOffset.UTC) ? time + " UTC" : time;
    }

    /** What the ask is about: {@code about <label>}, or its question in quotes, or empty. */
    private String topic(Step.Ask ask) {
        List<String> names = names();
        if (ask.label().isPresent()) {
            String label = render(ask.label().get()).strip();
            if (!label.isEmpty()) {
                return "about " + lowerLabel(viewer == null ? label : toViewer(label, viewer.firstName()), names);
            }
        }
        return question(render(ask.text()), names).map(q -> "\"" + q + "\"").orElse("");
    }

    private List<String> names() {
        return run.roles().map(r -> run.person(r).firstName()).toList();
    }

    /** Names as names; anything anyone answered as "…", so that no answer is quoted here. */
    private String render(Template t) {
        return t.render(n -> n.equals("starter") || n.equals("partner") ? run.value(n) : "\u2026");
    }

    /**
     * The first question of an ask's text, without the names it is addressed to ("Sam, are you…?"
     * is "Are you…?"), without what comes before a colon ("First, for yourself: what…?" is
     * "What…?"), and leaving out quoted examples. Empty when there is none short enough.
     */
    static Optional<String> question(String text, List<String> names) {
        String t = QUOTED.matcher(text.replaceAll("\\s+", " ").strip()).replaceAll("\u2026");
        for (String sentence : SENTENCE_END.split(t)) {
            String q = sentence.strip();
            if (!q.endsWith("?")) {
                continue;
            }
            int colon = q.lastIndexOf(": ");
            if (colon >= 0) {
                q = q.substring(colon + 2);
            }
            q = withoutAddress(q, names);
            if (!q.isEmpty() && q.length() <= MAX_QUESTION) {
                return Optional.of(Character.toUpperCase(q.charAt(0)) + q.substring(1));
            }
        }
        return Optional.empty();
    }

    /** "Sam, are you…?", "Hello Alex and Sam, is…?" and "And how is it for you, Sam?" lose the names they are addressed to. */
    private static String withoutAddress(String q, List<String> names) {
        String s = q;
        for (String name : names) {
            String quoted = Pattern.quote(name);
            s = s.replaceFirst("^(?:(?:hello|hi|okay|so|now)\\s+)?" + quoted + "(?:\\s+and\\s+\\S+)?,\\s+", "");
            s = s.replaceFirst(",\\s+" + quoted + "(?:\\s+and\\s+\\S+)?\\?$", "?");
        }
        return LEADING_WORD.matcher(s).replaceFirst("");
    }

    /**
     * A label as its reader hears it privately, where it names them: "Alex's boundary" is "your
     * boundary", and "what Alex heard", "the pattern Alex named" and "how it lands for Alex" say
     * "you". Where "you" would not fit the verb after the name ("what Alex needs"), the name stays.
     */
    static String toViewer(String label, String name) {
        String n = Pattern.quote(name);
        String s = label.replaceAll("^" + n + "['\u2019]s\\b", "Your").replaceAll("\\b" + n + "['\u2019]s\\b", "your");
        s = s.replaceAll("\\b(for|to|with|from|about|of|by|help|helps|ask|asks|tell|tells)\\s+" + n + "$", "$1 you");
        return PAST_AFTER_NAME.matcher(s).replaceAll(m -> Matcher.quoteReplacement(m.group(1).equals(name) ? "you " + m.group(2) : m.group()));
    }


    /**
     * A label in the middle of a sentence: its first letter lower-case ("What happened" reads "what
     * happened"), unless it starts with a name, "I" or an acronym.
     */
    static String lowerLabel(String label, List<String> names) {
        int end = 0;
        while (end < label.length() && (Character.isLetter(label.charAt(end)) || label.charAt(end) == '\'' || label.charAt(end) == '\u2019')) {
            end++;
        }
        String word = label.substring(0, end);
        String bare = word.replaceFirst("['\u2019]s$", "");
        boolean keep = end == 0 || names.contains(bare) || bare.equals("I") || word.startsWith("I'") || word.startsWith("I\u2019")
                || word.chars().filter(Character::isUpperCase).count() > 1;
        return keep ? label : Character.toLowerCase(label.charAt(0)) + label.substring(1);
    }
}
