package app.repairbot.conversationtest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import app.repairbot.chat.BotReply;
import app.repairbot.chat.Button;
import app.repairbot.chat.ChatEvent;
import app.repairbot.chat.ChatId;
import app.repairbot.chat.ChatKind;
import app.repairbot.chat.Person;
import app.repairbot.chat.UserId;
import app.repairbot.coach.RuleBasedCoach;
import app.repairbot.engine.Engine;
import app.repairbot.engine.OutboxSender;
import app.repairbot.engine.PhrasingCoach;
import app.repairbot.engine.Safety;
import app.repairbot.flow.FlowCatalog;
import app.repairbot.flow.StepId;
import app.repairbot.safety.SafetySettings;
import app.repairbot.safety.ScreeningSafety;
import app.repairbot.schedule.InMemorySchedules;
import app.repairbot.schedule.ScheduleCommands;
import app.repairbot.schedule.Scheduler;
import app.repairbot.session.Couple;
import app.repairbot.session.InMemoryCouples;
import app.repairbot.session.InMemorySessionStore;
import app.repairbot.session.Outgoing;

/**
 * Runs one conversation test against the real engine, with an in-memory store and a test
 * clock. Each bot message is kept per chat; {@code bot:} steps match the unmatched ones in order.
 */
public final class ConversationTestRunner {
    static final ChatId GROUP = new ChatId(-1_000_000_001L);
    private static final long FIRST_USER = 1001;

    private final FlowCatalog flows;
    private final PhrasingCoach coach;
    private final Safety safety;

    public ConversationTestRunner(FlowCatalog flows) {
        this(flows, new RuleBasedCoach(), ScreeningSafety.full(new SafetySettings("", "")));
    }

    public ConversationTestRunner(FlowCatalog flows, PhrasingCoach coach, Safety safety) {
        this.flows = flows;
        this.coach = coach;
        this.safety = safety;
    }

    /** How a test ended: passed, or failed at a step with what was expected and seen. */
    public record Result(ConversationTest test, boolean passed, String failure) {
        public String line() {
            return (passed ? "PASS  " : "FAIL  ") + test.file().getFileName() + ": " + test.name()
                    + (passed ? "" : "\n" + failure.indent(6).stripTrailing());
        }
    }

    public Result run(ConversationTest test) {
        return new Run(test).execute();
    }

    private final class Run {
        private final ConversationTest test;
        private final TestClock clock;
        private final InMemorySessionStore store = new InMemorySessionStore();
        private final InMemorySchedules schedules = new InMemorySchedules();
        private final Scheduler scheduler;
        private final Engine engine;
        private final OutboxSender sender = new OutboxSender(store, this::record);
        private final Map<String, Person> people = new LinkedHashMap<>();
        private final Map<ChatId, List<Seen>> chats = new LinkedHashMap<>();
        private long updateId = 1;
        private long posted;

        Run(ConversationTest test) {
            this.test = test;
            this.clock = new TestClock(test.now());
            InMemoryCouples couples = new InMemoryCouples();
            long id = FIRST_USER;
            for (String name : test.couple()) {
                people.put(name, new Person(new UserId(id++), name));
            }
            List<Person> two = new ArrayList<>(people.values());
            // timezone: both partners' zone, as each one's own; timezones: one each.
            couples.pair(new Couple(GROUP, two.get(0), two.get(1), test.zone(),
                    test.zones().getOrDefault(two.get(0).firstName(), test.zone()),
                    test.zones().getOrDefault(two.get(1).firstName(), test.zone())));
            this.engine = new Engine(flows, couples, store, coach, safety, clock,
                    List.of(new ScheduleCommands(schedules, couples)));
            this.scheduler = new Scheduler(schedules, engine, this::deliver, clock);
            // Both partners have opened their private chat with the bot; the greeting is set-up, not part of the test.
            for (Person p : people.values()) {
                List<Outgoing> hello = engine.handle(new ChatEvent(updateId++, ChatId.privateOf(p.id()), ChatKind.PRIVATE, p,
                        clock.instant(), ChatEvent.ofText("/start")));
                hello.forEach(o -> store.markSent(o.session(), List.of(o.id())));
            }
            chats.put(GROUP, new ArrayList<>());
            people.values().forEach(p -> chats.put(ChatId.privateOf(p.id()), new ArrayList<>()));
        }

        Result execute() {
            List<ConversationTest.TestStep> steps = test.steps();
            for (int i = 0; i < steps.size(); i++) {
                ConversationTest.TestStep step = steps.get(i);
                String failure;
                try {
                    failure = step(step);
                } catch (RuntimeException e) {
                    failure = "the engine failed: " + e.getMessage() + (e.getCause() == null ? "" : " (" + e.getCause() + ")");
                }
                if (failure != null) {
                    return new Result(test, false, "step " + (i + 1) + " (line " + step.line() + "): " + failure);
                }
            }
            return new Result(test, true, null);
        }

        /** Null when the step passed, else why it failed. */
        private String step(ConversationTest.TestStep step) {
            if (step instanceof ConversationTest.Writes w) {
                Person p = people.get(w.who());
                ChatId chat = w.privately() ? ChatId.privateOf(p.id()) : GROUP;
                deliver(engine.handle(new ChatEvent(updateId++, chat, w.privately() ? ChatKind.PRIVATE : ChatKind.GROUP,
                        p, clock.instant(), ChatEvent.ofText(w.text()))));
                return null;
            }
            if (step instanceof ConversationTest.Taps t) {
                return tap(t);
            }
            if (step instanceof ConversationTest.Expects x) {
                return expect(x);
            }
            if (step instanceof ConversationTest.Waits w) {
                advanceTo(clock.instant().plus(w.duration()));
                return null;
            }
            if (step instanceof ConversationTest.AtStep a) {
                String actual = engine.stepOf(GROUP).map(StepId::value).orElse("none");
                return actual.equals(a.step()) ? null
                        : "expected the group's flow at step '" + a.step() + "', but it is at '" + actual + "'" + lately(List.of(GROUP));
            }
            ConversationTest.Silence s = (ConversationTest.Silence) step;
            List<ChatId> where = s.where().equals("all") ? List.copyOf(chats.keySet())
                    : s.where().equals("group") ? List.of(GROUP) : List.of(ChatId.privateOf(people.get(s.where()).id()));
            for (ChatId chat : where) {
                List<Seen> left = unmatched(chat);
                if (!left.isEmpty()) {
                    return "expected silence in " + describe(chat) + ", but the bot said:\n" + show(left);
                }
            }
            return null;
        }

        private String tap(ConversationTest.Taps t) {
            Person p = people.get(t.who());
            Seen newest = null;
            Button button = null;
            for (ChatId chat : List.of(GROUP, ChatId.privateOf(p.id()))) {
                for (Seen seen : chats.get(chat)) {
                    for (Button b : seen.reply.buttons()) {
                        if (b.label().strip().equalsIgnoreCase(t.label().strip()) && (newest == null || seen.order > newest.order)) {
                            newest = seen;
                            button = b;
                        }
                    }
                }
            }
            if (newest == null) {
                return "no bot message in " + t.who() + "'s chats has a button labelled '" + t.label() + "'"
                        + lately(List.of(GROUP, ChatId.privateOf(p.id())));
            }
            ChatId chat = newest.reply.chat();
            deliver(engine.handle(new ChatEvent(updateId++, chat, chat.equals(GROUP) ? ChatKind.GROUP : ChatKind.PRIVATE,
                    p, clock.instant(), new ChatEvent.Tap(button.data()))));
            return null;
        }

        private String expect(ConversationTest.Expects x) {
            ChatId chat = x.who() == null ? GROUP : ChatId.privateOf(people.get(x.who()).id());
            List<Seen> all = chats.get(chat);
            for (int i = 0; i < all.size(); i++) {
                Seen seen = all.get(i);
                if (!seen.matched && x.matcher().matches(seen.reply.textWithButtons())) {
                    for (int j = 0; j <= i; j++) {
                        all.get(j).matched = true;
                    }
                    return null;
                }
            }
            List<Seen> left = unmatched(chat);
            return "expected a bot message in " + describe(chat) + " matching " + x.matcher() + ", but "
                    + (left.isEmpty() ? "there was none left unmatched" + lately(List.of(chat)) : "the unmatched ones were:\n" + show(left));
        }

        /** Moves the clock to {@code target}, firing each due time on the way, in order. */
        /** Moves the clock to {@code target}, stopping at every due timer and scheduled prompt on the way. */
        private void advanceTo(Instant target) {
            for (int guard = 0; guard < 100_000; guard++) {
                Optional<Instant> due = java.util.stream.Stream.of(store.earliestDue(), schedules.earliest())
                        .flatMap(Optional::stream).min(java.util.Comparator.naturalOrder()).filter(d -> !d.isAfter(target));
                if (due.isEmpty()) {
                    break;
                }
                if (due.get().isAfter(clock.instant())) {
                    clock.set(due.get());
                }
                deliver(engine.tick());
                scheduler.tick();
            }
            clock.set(target);
            deliver(engine.tick());
            scheduler.tick();
        }

        /** Sends what the engine queued, through the outbox, as a channel would. */
        private void deliver(List<Outgoing> queued) {
            sender.sendQueued(queued);
        }

        private void record(BotReply r) {
            chats.computeIfAbsent(r.chat(), c -> new ArrayList<>()).add(new Seen(r, posted++));
        }

        private List<Seen> unmatched(ChatId chat) {
            return chats.getOrDefault(chat, List.of()).stream().filter(s -> !s.matched).toList();
        }

        private String describe(ChatId chat) {
            if (chat.equals(GROUP)) {
                return "the group";
            }
            return people.values().stream().filter(p -> ChatId.privateOf(p.id()).equals(chat))
                    .map(p -> p.firstName() + "'s private chat").findFirst().orElse("chat " + chat);
        }

        /** The bot's last few messages in these chats, matched or not: what a failure that names no message was up against. */
        private String lately(List<ChatId> where) {
            StringBuilder b = new StringBuilder();
            for (ChatId chat : where) {
                List<Seen> all = chats.getOrDefault(chat, List.of());
                List<Seen> last = all.subList(Math.max(0, all.size() - LATELY), all.size());
                b.append("\nthe bot's last messages in ").append(describe(chat)).append(last.isEmpty() ? ": none" : ":\n" + show(last));
            }
            return b.toString();
        }

        private String show(List<Seen> seen) {
            StringBuilder b = new StringBuilder();
            for (Seen s : seen) {
                b.append("  | ").append(s.reply.textWithButtons().replace("\n", "\n  | ")).append('\n');
            }
            return b.toString().stripTrailing();
        }
    }

    /** How many of the bot's latest messages a failure shows when it names none. */
    private static final int LATELY = 6;

    private static final class Seen {
        final BotReply reply;
        final long order;
        boolean matched;

        Seen(BotReply reply, long order) {
            this.reply = reply;
            this.order = order;
        }
    }
}
