package app.repairbot.store.mongo;

import static app.repairbot.store.mongo.DocumentValues.date;
import static app.repairbot.store.mongo.DocumentValues.instant;
import static app.repairbot.store.mongo.DocumentValues.list;
import static app.repairbot.store.mongo.DocumentValues.map;
import static app.repairbot.store.mongo.DocumentValues.number;
import static app.repairbot.store.mongo.DocumentValues.string;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

import app.repairbot.chat.BotReply;
import app.repairbot.chat.Button;
import app.repairbot.chat.ChatId;
import app.repairbot.chat.Person;
import app.repairbot.chat.UserId;
import app.repairbot.flow.Audience;
import app.repairbot.flow.FlowId;
import app.repairbot.flow.Role;
import app.repairbot.flow.StepId;
import app.repairbot.session.Answer;
import app.repairbot.session.AskState;
import app.repairbot.session.ForgetQuestion;
import app.repairbot.session.Outgoing;
import app.repairbot.session.PauseState;
import app.repairbot.session.PendingFollowUp;
import app.repairbot.session.SessionSnapshot;
import app.repairbot.session.SessionSnapshot.CareState;
import app.repairbot.session.SessionSnapshot.RunState;

/**
 * A session (as its {@link SessionSnapshot}) as a readable document of plain maps and lists: ids,
 * steps and times as they are, the chat as {@code _id}, times as {@link Date}. Free text (answers,
 * drafts, reply texts) goes through {@code seal} on the way out and {@code open} on the way in, so
 * the store can encrypt it. The field names are the stored format: existing data must still read.
 */
final class SessionCodec {
    private SessionCodec() {
    }

    /** Thrown for a document that is not a session this version can read. */
    static final class UnreadableSession extends IllegalArgumentException {
        UnreadableSession(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * The top-level fields {@link #toDocument} leaves out when they hold nothing. A store that writes a
     * session by setting its fields (rather than replacing the document, which would drop fields the
     * store keeps beside the session, such as a claim on sending its outbox) removes these when absent.
     */
    static final java.util.Set<String> OPTIONAL_FIELDS = java.util.Set.of("appliedFloor", "forgetAsked", "menu",
            "inactive", "care", "followUps");

    /** {@code nextDue} is the session's own answer ({@code Session.nextDue}), kept for the timer poller's query. */
    static Map<String, Object> toDocument(SessionSnapshot s, Optional<Instant> nextDue, UnaryOperator<String> seal) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("_id", s.chat().value());
        d.put("version", s.version());
        d.put("applied", new ArrayList<>(s.applied()));
        if (s.appliedFloor() > 0) {
            optional(d, "appliedFloor", s.appliedFloor());
        }
        s.forgetQuestion().ifPresent(q -> optional(d, "forgetAsked", q.seq()));
        if (s.menu() != 0) {
            optional(d, "menu", s.menu());
        }
        d.put("seq", s.seq());
        d.put("pendingReplace", s.pendingReplace().map(FlowId::value).orElse(null));
        // Written only when set (added later): sessions stored before read, and write back, unchanged.
        s.replaceAskedBy().ifPresent(by -> d.put("replaceAskedBy", by.value()));
        d.put("lastOutgoingId", s.lastOutgoingId());
        d.put("forgetVotes", s.forgetQuestion().map(q -> q.votes().stream().map(UserId::value).sorted().toList()).orElse(List.of()));
        List<Map<String, Object>> pairing = new ArrayList<>();
        s.pairing().forEach(p -> pairing.add(person(p)));
        d.put("pairing", pairing);
        if (s.inactive()) {
            optional(d, "inactive", true);
        }
        CareState c = s.care();
        if (!c.isEmpty()) {
            Map<String, Object> care = new LinkedHashMap<>();
            care.put("pauses", c.pauses().stream().map(DocumentValues::date).toList());
            care.put("flags", c.flags().stream().map(DocumentValues::date).toList());
            care.put("owedHelp", userIds(c.owedHelp()));
            care.put("therapyHintAt", c.therapyHintAt().map(DocumentValues::date).orElse(null));
            care.put("quietLifted", c.quietLifted());
            care.put("holders", userIds(c.holders()));
            care.put("heldOnce", c.heldOnce());
            optional(d, "care", care);
        }
        List<Map<String, Object>> outbox = new ArrayList<>();
        for (Outgoing o : s.outbox()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", o.id());
            m.put("chat", o.reply().chat().value());
            m.put("text", seal.apply(o.reply().text()));
            List<Map<String, Object>> buttons = new ArrayList<>();
            for (Button b : o.reply().buttons()) {
                // label, then data: Map.of would give an order that changes from one JVM to the next
                Map<String, Object> button = new LinkedHashMap<>();
                button.put("label", b.label());
                button.put("data", b.data());
                buttons.add(button);
            }
            m.put("buttons", buttons);
            m.put("to", o.reply().addressedTo().map(SessionCodec::person).orElse(null));
            m.put("notice", o.reply().notice());
            m.put("awaitsAnswer", o.reply().awaitsAnswer());
            if (o.reply().background()) {
                m.put("background", true);
            }
            outbox.add(m);
        }
        d.put("outbox", outbox);
        if (!s.followUps().isEmpty()) {
            optional(d, "followUps", s.followUps().stream().map(f -> followUp(f, seal)).toList());
        }
        d.put("nextDue", nextDue.map(Date::from).orElse(null));
        d.put("run", s.run().map(r -> run(r, seal)).orElse(null));
        return d;
    }

    /** A field written only when it holds something: it must be one of {@link #OPTIONAL_FIELDS}. */
    private static void optional(Map<String, Object> d, String field, Object value) {
        if (!OPTIONAL_FIELDS.contains(field)) {
            throw new IllegalStateException("session field '" + field + "' is written only sometimes: add it to OPTIONAL_FIELDS");
        }
        d.put(field, value);
    }

    private static Map<String, Object> run(RunState r, UnaryOperator<String> seal) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("flow", r.flow().value());
        d.put("flowVersion", r.flowVersion());
        d.put("audience", r.audience().name().toLowerCase(java.util.Locale.ROOT));
        d.put("starter", person(r.starter()));
        d.put("partner", r.partner().map(SessionCodec::person).orElse(null));
        d.put("step", r.step() == null ? null : r.step().value());
        d.put("answers", answers(r.answers(), seal));
        if (!r.before().isEmpty()) {
            d.put("before", answers(r.before(), seal));
        }
        AskState ask = r.ask();
        d.put("partial", byRole(ask.partial(), seal));
        d.put("held", byRole(ask.held(), seal));
        d.put("turnNoticeGiven", ask.turnNoticeGiven());
        d.put("toldToOpenPrivateChat", roles(ask.toldToOpenPrivateChat()));
        d.put("askedAt", date(r.askedAt().orElse(null)));
        d.put("remindAt", date(ask.remindAt().orElse(null)));
        d.put("expireAt", date(r.expireAt().orElse(null)));
        Optional<PauseState> pause = r.pause();
        d.put("paused", pause.isPresent());
        d.put("pauseUntil", date(pause.flatMap(PauseState::until).orElse(null)));
        d.put("readyAsked", pause.map(PauseState::readyAsked).orElse(false));
        d.put("pauseNoticeGiven", pause.map(PauseState::noticeGiven).orElse(false));
        d.put("ready", roles(pause.map(PauseState::ready).orElse(java.util.Set.of())));
        d.put("pausedBy", pause.flatMap(PauseState::owner).map(UserId::value).orElse(null));
        if (pause.filter(PauseState::ownerAsked).isPresent()) {
            // Written only when set (added later): sessions stored before read, and write back, unchanged.
            d.put("pauseOwnerAsked", true);
        }
        return d;
    }

    private static List<Map<String, Object>> answers(Map<String, Answer> given, UnaryOperator<String> seal) {
        List<Map<String, Object>> answers = new ArrayList<>();
        given.forEach((key, a) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("key", key);
            m.put("by", a.by().key());
            m.put("name", a.byName());
            m.put("value", seal.apply(a.value()));
            answers.add(m);
        });
        return answers;
    }

    private static void readAnswers(Object list, Map<String, Answer> into, UnaryOperator<String> open) {
        for (Object o : list(list)) {
            Map<String, ?> a = map(o);
            into.put(string(a.get("key")), new Answer(role(a.get("by")), string(a.get("name")), open.apply(string(a.get("value")))));
        }
    }

    private static Map<String, Object> followUp(PendingFollowUp f, UnaryOperator<String> seal) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", f.id());
        m.put("flow", f.flow().value());
        m.put("due", date(f.due()));
        m.put("starter", person(f.starter()));
        m.put("scheduledBy", f.scheduledBy().value());
        m.put("before", answers(f.before(), seal));
        return m;
    }

    private static PendingFollowUp followUp(Map<String, ?> m, UnaryOperator<String> open) {
        Map<String, Answer> before = new LinkedHashMap<>();
        readAnswers(m.get("before"), before, open);
        return new PendingFollowUp((int) number(m.get("id")), new FlowId(string(m.get("flow"))), instant(m.get("due")),
                person(map(m.get("starter"))), new FlowId(string(m.get("scheduledBy"))), before);
    }

    private static Map<String, Object> person(Person p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", p.id().value());
        m.put("name", p.firstName());
        return m;
    }

    /** Roles in their own order (starter, partner), as their keys. */
    private static List<String> roles(java.util.Set<Role> roles) {
        return java.util.Arrays.stream(Role.values()).filter(roles::contains).map(Role::key).toList();
    }

    private static Map<String, Object> byRole(Map<Role, String> values, UnaryOperator<String> seal) {
        Map<String, Object> m = new LinkedHashMap<>();
        values.forEach((role, v) -> m.put(role.key(), seal.apply(v)));
        return m;
    }

    static SessionSnapshot fromDocument(Map<String, ?> d, UnaryOperator<String> open) {
        try {
            ChatId chat = new ChatId(number(d.get("_id")));
            List<Long> applied = new ArrayList<>();
            list(d.get("applied")).forEach(x -> applied.add(number(x)));
            List<Outgoing> outbox = new ArrayList<>();
            for (Object o : list(d.get("outbox"))) {
                Map<String, ?> m = map(o);
                List<Button> buttons = new ArrayList<>();
                list(m.get("buttons")).forEach(b -> buttons.add(new Button(string(map(b).get("label")), string(map(b).get("data")))));
                Object to = m.get("to");
                outbox.add(new Outgoing(chat, number(m.get("id")), new BotReply(new ChatId(number(m.get("chat"))),
                        open.apply(string(m.get("text"))), buttons,
                        to == null ? Optional.empty() : Optional.of(person(map(to))), Boolean.TRUE.equals(m.get("notice")),
                        Boolean.TRUE.equals(m.get("awaitsAnswer")), Boolean.TRUE.equals(m.get("background")))));
            }
            int forgetAsked = d.get("forgetAsked") == null ? 0 : (int) number(d.get("forgetAsked"));
            List<UserId> votes = new ArrayList<>();
            list(d.get("forgetVotes")).forEach(x -> votes.add(new UserId(number(x))));
            Optional<ForgetQuestion> forget = forgetAsked > 0 ? Optional.of(new ForgetQuestion(forgetAsked, java.util.Set.copyOf(votes)))
                    : Optional.empty();
            List<Person> pairing = new ArrayList<>();
            list(d.get("pairing")).forEach(x -> pairing.add(person(map(x))));
            List<PendingFollowUp> followUps = new ArrayList<>();
            list(d.get("followUps")).forEach(f -> followUps.add(followUp(map(f), open)));
            followUps.sort(java.util.Comparator.comparing(PendingFollowUp::due).thenComparing(PendingFollowUp::id));
            Object run = d.get("run");
            return new SessionSnapshot(chat, number(d.get("version")), applied,
                    d.get("appliedFloor") == null ? 0 : number(d.get("appliedFloor")), forget,
                    d.get("menu") == null ? 0 : (int) number(d.get("menu")), (int) number(d.get("seq")),
                    Optional.ofNullable((String) d.get("pendingReplace")).map(FlowId::new),
                    Optional.ofNullable(d.get("replaceAskedBy")).map(o -> new UserId(number(o))), number(d.get("lastOutgoingId")), pairing,
                    Boolean.TRUE.equals(d.get("inactive")), care(d.get("care")), outbox, followUps,
                    run == null ? Optional.empty() : Optional.of(run(map(run), open)));
        } catch (RuntimeException e) {
            throw new UnreadableSession("session " + d.get("_id") + " cannot be read: " + e.getMessage(), e);
        }
    }

    private static CareState care(Object o) {
        if (o == null) {
            return CareState.NONE;
        }
        Map<String, ?> c = map(o);
        return new CareState(list(c.get("pauses")).stream().map(DocumentValues::instant).toList(),
                list(c.get("flags")).stream().map(DocumentValues::instant).toList(),
                list(c.get("owedHelp")).stream().map(x -> new UserId(number(x))).toList(),
                Optional.ofNullable(instant(c.get("therapyHintAt"))), Boolean.TRUE.equals(c.get("quietLifted")),
                list(c.get("holders")).stream().map(x -> new UserId(number(x))).toList(), Boolean.TRUE.equals(c.get("heldOnce")));
    }

    /** User ids as the numbers a document holds, in their order. */
    private static List<Long> userIds(List<UserId> users) {
        return users.stream().map(UserId::value).collect(java.util.stream.Collectors.toCollection(ArrayList::new));
    }

    private static RunState run(Map<String, ?> d, UnaryOperator<String> open) {
        Map<String, ?> partner = d.get("partner") == null ? null : map(d.get("partner"));
        Map<String, Answer> answers = new LinkedHashMap<>();
        readAnswers(d.get("answers"), answers, open);
        Map<String, Answer> before = new LinkedHashMap<>();
        readAnswers(d.get("before"), before, open);
        EnumMap<Role, String> partial = new EnumMap<>(Role.class);
        map(d.get("partial")).forEach((k, v) -> partial.put(role(k), open.apply(string(v))));
        EnumMap<Role, String> held = new EnumMap<>(Role.class);
        map(d.get("held")).forEach((k, v) -> held.put(role(k), open.apply(string(v))));
        java.util.EnumSet<Role> told = java.util.EnumSet.noneOf(Role.class);
        list(d.get("toldToOpenPrivateChat")).forEach(x -> told.add(role(x)));
        AskState ask = new AskState(partial, held, Boolean.TRUE.equals(d.get("turnNoticeGiven")), told,
                Optional.ofNullable(instant(d.get("remindAt"))));
        Optional<PauseState> pause = Optional.empty();
        if (Boolean.TRUE.equals(d.get("paused"))) {
            java.util.EnumSet<Role> ready = java.util.EnumSet.noneOf(Role.class);
            list(d.get("ready")).forEach(x -> ready.add(role(x)));
            pause = Optional.of(new PauseState(Optional.ofNullable(instant(d.get("pauseUntil"))),
                    Optional.ofNullable(d.get("pausedBy")).map(o -> new UserId(number(o))), Boolean.TRUE.equals(d.get("readyAsked")),
                    Boolean.TRUE.equals(d.get("pauseNoticeGiven")), Boolean.TRUE.equals(d.get("pauseOwnerAsked")), ready));
        }
        return new RunState(new FlowId(string(d.get("flow"))), string(d.get("flowVersion")),
                Audience.valueOf(string(d.get("audience")).toUpperCase(java.util.Locale.ROOT)), person(map(d.get("starter"))),
                Optional.ofNullable(partner).map(SessionCodec::person), before, new StepId(string(d.get("step"))), answers, ask,
                Optional.ofNullable(instant(d.get("askedAt"))), Optional.ofNullable(instant(d.get("expireAt"))), pause);
    }

    private static Person person(Map<String, ?> m) {
        return new Person(new UserId(number(m.get("id"))), string(m.get("name")));
    }

    private static Role role(Object key) {
        return Role.valueOf(string(key).toUpperCase(java.util.Locale.ROOT));
    }
}
