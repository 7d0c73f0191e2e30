package app.repairbot.engine;

import java.time.Instant;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import app.repairbot.chat.Person;
import app.repairbot.chat.UserId;
import app.repairbot.flow.Audience;
import app.repairbot.flow.FlowId;
import app.repairbot.flow.Role;
import app.repairbot.flow.Step;
import app.repairbot.flow.Who;

/**
 * One flow running in a chat: who plays which role, the step it rests on, saved answers, and
 * the due times of its timers (timers are data, never in-memory).
 */
public final class FlowRun {
    FlowId flow;
    String flowVersion;
    Audience audience;
    Person starter;
    Person partner;
    String step;
    final LinkedHashMap<String, Answer> answers = new LinkedHashMap<>();
    /** In a follow-up: what the run that scheduled it saved, read as {@code before.NAME}. */
    final LinkedHashMap<String, Answer> before = new LinkedHashMap<>();
    /** Answers of a {@code both} ask so far, per role. */
    final EnumMap<Role, String> partial = new EnumMap<>(Role.class);
    /** Answers the coach holds until their author taps "Use my words" or "Let me rephrase". */
    final EnumMap<Role, String> held = new EnumMap<>(Role.class);
    boolean turnNoticeGiven;
    /** Who was told in the group, at this step, to open a private chat with the bot first. */
    final EnumSet<Role> toldToOpenPrivateChat = EnumSet.noneOf(Role.class);
    Instant askedAt;
    Instant remindAt;
    Instant expireAt;
    boolean paused;
    Instant pauseUntil;
    boolean readyAsked;
    boolean pauseNoticeGiven;
    final EnumSet<Role> ready = EnumSet.noneOf(Role.class);
    /** Whose pause this is (a user id): only they end it early; null for a pause that belongs to both. */
    Long pausedBy;

    FlowRun(FlowId flow, String flowVersion, Audience audience, Person starter, Person partner) {
        this.flow = flow;
        this.flowVersion = flowVersion;
        this.audience = audience;
        this.starter = starter;
        this.partner = partner;
    }

    public FlowId flow() {
        return flow;
    }

    public String flowVersion() {
        return flowVersion;
    }

    public Audience audience() {
        return audience;
    }

    public String step() {
        return step;
    }

    public Person starter() {
        return starter;
    }

    public Optional<Person> partner() {
        return Optional.ofNullable(partner);
    }

    public Map<String, Answer> answers() {
        return java.util.Collections.unmodifiableMap(answers);
    }

    /** In a follow-up: the answers of the run that scheduled it. */
    public Map<String, Answer> before() {
        return java.util.Collections.unmodifiableMap(before);
    }

    /** The role {@code user} plays here, if any. */
    public Optional<Role> roleOf(UserId user) {
        if (starter.id().equals(user)) {
            return Optional.of(Role.STARTER);
        }
        return partner != null && partner.id().equals(user) ? Optional.of(Role.PARTNER) : Optional.empty();
    }

    public Person person(Role role) {
        return role == Role.STARTER ? starter : partner;
    }

    /** Everyone taking part: both partners, or the one person of a private flow. */
    public Stream<Role> roles() {
        return partner == null ? Stream.of(Role.STARTER) : Stream.of(Role.STARTER, Role.PARTNER);
    }

    /** Who an ask still waits for, given the answers so far. */
    Set<Role> awaited(Step.Ask ask) {
        EnumSet<Role> roles = EnumSet.noneOf(Role.class);
        if (ask.who() == Who.STARTER) {
            roles.add(Role.STARTER);
        } else if (ask.who() == Who.PARTNER) {
            roles.add(Role.PARTNER);
        } else {
            roles().forEach(roles::add);
            if (ask.who() == Who.BOTH) {
                roles.removeAll(partial.keySet());
            }
        }
        return roles;
    }

    /** A saved value for a template or condition: {@code starter}, {@code partner}, {@code NAME}, {@code starter.NAME}. */
    String value(String name) {
        if (name.equals("starter")) {
            return starter.firstName();
        }
        if (name.equals("partner")) {
            return partner == null ? null : partner.firstName();
        }
        Answer a = name.startsWith(app.repairbot.flow.Template.BEFORE)
                ? before.get(name.substring(app.repairbot.flow.Template.BEFORE.length())) : answers.get(name);
        return a == null ? null : a.value();
    }

    /**
     * The run rests on (or passes through) {@code step}: what belonged to the step before is gone
     * (answers of a both ask so far, drafts the coach held, notices given, a reminder, a pause), and
     * the flow expires {@code expireAt} unless something moves it again.
     */
    void enter(String stepId, Instant expireAt) {
        step = stepId;
        partial.clear();
        held.clear();
        turnNoticeGiven = false;
        toldToOpenPrivateChat.clear();
        remindAt = null;
        paused = false;
        this.expireAt = expireAt;
    }

    /** The question was (again) posted now: its reminder is due after {@code timeout}, if it has one. */
    void asked(Instant now, Optional<java.time.Duration> timeout) {
        askedAt = now;
        remindAt = timeout.map(now::plus).orElse(null);
    }

    /**
     * A pause begins: until {@code until} (null: with no end time, until its owner resumes), owned
     * by {@code owner} (a user id; null: both partners). No reminder fires while paused, and the
     * flow's expiry moves by the pause's length.
     */
    void pause(Instant until, Long owner, Instant expireAt) {
        paused = true;
        pauseUntil = until;
        readyAsked = false;
        pauseNoticeGiven = false;
        ready.clear();
        pausedBy = owner;
        remindAt = null;
        this.expireAt = expireAt;
    }

    /** The pause is over; the flow expires {@code expireAt} unless something moves it again. */
    void resume(Instant expireAt) {
        paused = false;
        pausedBy = null;
        pauseUntil = null;
        readyAsked = false;
        ready.clear();
        this.expireAt = expireAt;
    }

    Optional<Instant> nextDue() {
        Instant due = expireAt;
        if (paused && !readyAsked && pauseUntil != null) {
            due = earlier(due, pauseUntil);
        }
        if (!paused && remindAt != null) {
            due = earlier(due, remindAt);
        }
        return Optional.ofNullable(due);
    }

    private static Instant earlier(Instant a, Instant b) {
        return a == null || b.isBefore(a) ? b : a;
    }

    FlowRun copy() {
        FlowRun c = new FlowRun(flow, flowVersion, audience, starter, partner);
        c.step = step;
        c.answers.putAll(answers);
        c.before.putAll(before);
        c.partial.putAll(partial);
        c.held.putAll(held);
        c.turnNoticeGiven = turnNoticeGiven;
        c.toldToOpenPrivateChat.addAll(toldToOpenPrivateChat);
        c.askedAt = askedAt;
        c.remindAt = remindAt;
        c.expireAt = expireAt;
        c.paused = paused;
        c.pauseUntil = pauseUntil;
        c.readyAsked = readyAsked;
        c.pauseNoticeGiven = pauseNoticeGiven;
        c.ready.addAll(ready);
        c.pausedBy = pausedBy;
        return c;
    }
}
