package app.repairbot.session;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
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
import app.repairbot.flow.StepId;
import app.repairbot.flow.Template;
import app.repairbot.flow.Who;

/**
 * One flow running in a chat: who plays which role, the step it rests on, saved answers, what
 * belongs to the current step ({@link AskState}), a pause while there is one ({@link PauseState}),
 * and the due times of its timers (timers are data, never in-memory). It records its own changes
 * ({@link #hasChanges}), so that whoever saves it can tell whether anything happened.
 *
 * <p>Its constructors and the methods that change it (entering a step, asking, holding a draft,
 * pausing…) are public only for the engine, which moves the run from its own package; a store
 * sees a run only as a {@link SessionSnapshot.RunState}.
 */
public final class FlowRun {
    private final FlowId flow;
    private final String flowVersion;
    private final Audience audience;
    private final Person starter;
    /** Null in a practice: one person's own flow. */
    private final Person partner;
    private StepId step;
    private final LinkedHashMap<String, Answer> answers = new LinkedHashMap<>();
    /** In a follow-up: what the run that scheduled it saved, read as {@code before.NAME}. */
    private final Map<String, Answer> before;
    private AskState ask = AskState.NONE;
    private Instant askedAt;
    private Instant expireAt;
    private PauseState pause;
    private boolean changed;

    public FlowRun(FlowId flow, String flowVersion, Audience audience, Person starter, Person partner) {
        this(flow, flowVersion, audience, starter, partner, Map.of());
    }

    public FlowRun(FlowId flow, String flowVersion, Audience audience, Person starter, Person partner, Map<String, Answer> before) {
        this.flow = flow;
        this.flowVersion = flowVersion;
        this.audience = audience;
        this.starter = starter;
        this.partner = partner;
        this.before = before.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(before));
    }

    /** A run as stored: nothing about it counts as changed. */
    static FlowRun restored(SessionSnapshot.RunState stored) {
        FlowRun r = new FlowRun(stored.flow(), stored.flowVersion(), stored.audience(), stored.starter(), stored.partner().orElse(null),
                stored.before());
        r.step = stored.step();
        r.answers.putAll(stored.answers());
        r.ask = stored.ask();
        r.askedAt = stored.askedAt().orElse(null);
        r.expireAt = stored.expireAt().orElse(null);
        r.pause = stored.pause().orElse(null);
        return r;
    }

    /** The run as values (for a store, or a copy). */
    SessionSnapshot.RunState state() {
        return new SessionSnapshot.RunState(flow, flowVersion, audience, starter, partner(), before, step, answers, ask,
                Optional.ofNullable(askedAt), Optional.ofNullable(expireAt), pause());
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

    public StepId step() {
        return step;
    }

    public Person starter() {
        return starter;
    }

    public Optional<Person> partner() {
        return Optional.ofNullable(partner);
    }

    /** Whether two people take part (a couple's flow), not one practising alone. */
    public boolean together() {
        return partner != null;
    }

    public Map<String, Answer> answers() {
        return Collections.unmodifiableMap(answers);
    }

    /** In a follow-up: the answers of the run that scheduled it. */
    public Map<String, Answer> before() {
        return before;
    }

    public AskState askState() {
        return ask;
    }

    public Instant expireAt() {
        return expireAt;
    }

    public boolean isPaused() {
        return pause != null;
    }

    public Optional<PauseState> pause() {
        return Optional.ofNullable(pause);
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
    public Set<Role> awaited(Step.Ask ask) {
        EnumSet<Role> roles = EnumSet.noneOf(Role.class);
        if (ask.who() == Who.STARTER) {
            roles.add(Role.STARTER);
        } else if (ask.who() == Who.PARTNER) {
            roles.add(Role.PARTNER);
        } else {
            roles().forEach(roles::add);
            if (ask.who() == Who.BOTH) {
                roles.removeAll(this.ask.partial().keySet());
            }
        }
        return roles;
    }

    /** A saved value for a template or condition: {@code starter}, {@code partner}, {@code NAME}, {@code starter.NAME}. */
    public String value(String name) {
        if (name.equals("starter")) {
            return starter.firstName();
        }
        if (name.equals("partner")) {
            return partner == null ? null : partner.firstName();
        }
        Answer a = name.startsWith(Template.BEFORE) ? before.get(name.substring(Template.BEFORE.length())) : answers.get(name);
        return a == null ? null : a.value();
    }

    /** The first names of those of {@code roles} taking part, starter first. */
    public java.util.List<String> firstNames(Set<Role> roles) {
        return roles().filter(roles::contains).map(r -> person(r).firstName()).toList();
    }

    /** Keeps an answer under {@code key}, as the latest given (a recap lists answers in the order they came). */
    public void saveAnswer(String key, Role by, String value) {
        answers.remove(key);
        answers.put(key, new Answer(by, person(by).firstName(), value));
        changed();
    }

    /** One partner's answer to a {@code both} ask, kept until the other has answered too. */
    public void answerPartly(Role role, String value) {
        ask = ask.withPartial(role, value);
        changed();
    }

    /** The coach holds {@code role}'s draft until they choose to use it or rephrase. */
    public void holdDraft(Role role, String draft) {
        ask = ask.withHeld(role, draft);
        changed();
    }

    /** The draft the coach held for {@code role} is used or given up. */
    public void releaseDraft(Role role) {
        if (ask.held().containsKey(role)) {
            ask = ask.withoutHeld(role);
            changed();
        }
    }

    /** Whether to tell someone whose turn it is: only once per step (it is remembered as told). */
    public boolean firstTurnNotice() {
        if (ask.turnNoticeGiven()) {
            return false;
        }
        ask = ask.withTurnNotice(true);
        changed();
        return true;
    }

    /** Whether to tell {@code role} in the group to open a private chat first: only once per step (remembered as told). */
    public boolean firstOpenChatNotice(Role role) {
        if (ask.toldToOpenPrivateChat().contains(role)) {
            return false;
        }
        ask = ask.withToldToOpenPrivateChat(role);
        changed();
        return true;
    }

    /**
     * Whether to tell someone who writes during the pause that the flow is paused: only once per
     * pause (remembered as told). Without a pause there is nothing to remember, and it is said.
     */
    public boolean firstPauseNotice() {
        if (pause == null) {
            return true;
        }
        if (pause.noticeGiven()) {
            return false;
        }
        pause = pause.withNotice();
        changed();
        return true;
    }

    /**
     * Whether to ask the pause's owner privately about carrying on, now that their partner asked:
     * only once per pause (remembered as asked), so that nobody is pressed.
     */
    public boolean firstAskOfOwner() {
        if (pause == null || pause.ownerAsked()) {
            return false;
        }
        pause = pause.withOwnerAsked();
        changed();
        return true;
    }

    /**
     * The run rests on (or passes through) {@code step}: what belonged to the step before is gone
     * (answers of a both ask so far, drafts the coach held, notices given, a reminder, a pause), and
     * the flow expires {@code expireAt} unless something moves it again.
     */
    public void enter(StepId stepId, Instant expireAt) {
        step = stepId;
        ask = AskState.NONE;
        pause = null;
        this.expireAt = expireAt;
        changed();
    }

    /** The question was (again) posted now: its reminder is due after {@code timeout}, if it has one. */
    public void asked(Instant now, Optional<Duration> timeout) {
        askedAt = now;
        ask = ask.withRemindAt(timeout.map(now::plus));
        changed();
    }

    /** The question's reminder went out: no other comes by itself. */
    public void reminded() {
        ask = ask.withRemindAt(Optional.empty());
        changed();
    }

    /** The run starts over at the current question after a pause: whose turn it is may be said again. */
    public void askAfresh() {
        ask = ask.withTurnNotice(false);
        changed();
    }

    /**
     * A pause begins: until {@code until} (empty: with no end time, until its owner resumes), owned
     * by {@code owner} (empty: both partners). No reminder fires while paused, and the flow's expiry
     * moves to {@code expireAt}.
     */
    public void pause(Optional<Instant> until, Optional<UserId> owner, Instant expireAt) {
        pause = PauseState.starting(until, owner);
        ask = ask.withRemindAt(Optional.empty());
        this.expireAt = expireAt;
        changed();
    }

    /**
     * The pause, which goes on, is now {@code owner}'s after their safety words: only they end it,
     * and it no longer ends by itself (nobody is asked whether they are ready when its time is up).
     */
    public void handPauseTo(UserId owner) {
        if (pause != null) {
            pause = new PauseState(Optional.empty(), Optional.of(owner), false, pause.noticeGiven(), false, Set.of());
            changed();
        }
    }

    /**
     * The pause's time came during a safety hold: it goes on with no end time, whoever's it is, and
     * nobody is asked whether they are ready; lifting the hold ends it.
     */
    public void holdPause() {
        if (pause != null) {
            pause = new PauseState(Optional.empty(), pause.owner(), false, pause.noticeGiven(), pause.ownerAsked(), Set.of());
            changed();
        }
    }

    /** The pause's time is up: everyone is asked whether they are ready. */
    public void askReady() {
        pause = pause.askingReady();
        changed();
    }

    /** {@code role} is ready to carry on; returns who is still not. */
    public Set<Role> ready(Role role) {
        pause = pause.withReady(role);
        changed();
        EnumSet<Role> waiting = EnumSet.noneOf(Role.class);
        roles().filter(r -> !pause.ready().contains(r)).forEach(waiting::add);
        return waiting;
    }

    /** The pause is over; the flow expires {@code expireAt} unless something moves it again. */
    public void resume(Instant expireAt) {
        pause = null;
        this.expireAt = expireAt;
        changed();
    }

    /** When something next happens here by itself: expiry, the end of a pause, or a reminder. */
    public Optional<Instant> nextDue() {
        Instant due = expireAt;
        if (pause != null && pause.until().isEmpty()) {
            // A pause with no end (after safety words, or one a safety hold holds) waits for whoever may end it: the
            // flow does not expire under it, so nobody is told "come back any time" and nothing else starts in its place.
            return Optional.empty();
        }
        if (pause != null) {
            due = earlier(due, pause.due().orElse(null));
        } else {
            due = earlier(due, ask.remindAt().orElse(null));
        }
        return Optional.ofNullable(due);
    }

    private static Instant earlier(Instant a, Instant b) {
        return b == null ? a : a == null || b.isBefore(a) ? b : a;
    }

    /** Whether anything changed since it was made, read back, or copied. */
    boolean hasChanges() {
        return changed;
    }

    private void changed() {
        changed = true;
    }
}
