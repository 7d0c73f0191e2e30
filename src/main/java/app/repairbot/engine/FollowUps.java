package app.repairbot.engine;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import app.repairbot.chat.BotReply;
import app.repairbot.chat.Button;
import app.repairbot.chat.Person;
import app.repairbot.flow.Flow;
import app.repairbot.flow.FlowId;
import app.repairbot.flow.Step;
import app.repairbot.session.Couple;
import app.repairbot.session.CoupleDirectory;
import app.repairbot.session.FlowRun;
import app.repairbot.session.PendingFollowUp;
import app.repairbot.session.Session;

/**
 * Follow-ups a flow schedules when it ends ({@code follow_up}), waiting in the session as data:
 * scheduling one, listing them (/schedule) with a button that cancels each, and the cancel. They
 * start when due through {@link Timers}.
 */
final class FollowUps {
    /** How far apart two follow-ups of one flow come at least. */
    private static final Duration APART = Duration.ofHours(12);

    private final CoupleDirectory couples;

    FollowUps(CoupleDirectory couples) {
        this.couples = couples;
    }

    /**
     * A run ended through a step with {@code follow_up}: the flow is kept to start here {@code after}
     * from now (with {@code at}: at the first such time of the starter's day after that), with this
     * run's answers to read as {@code before.*}. Not on hold: a hold drops follow-ups.
     */
    void schedule(Turn t, FlowRun run, Step.FollowUp f) {
        Session session = t.session();
        if (session.care().onHold()) {
            return;
        }
        Instant due = t.now().plus(f.after());
        if (f.at().isPresent()) {
            ZonedDateTime local = due.atZone(zoneOf(t, run.starter()));
            ZonedDateTime at = ZonedDateTime.of(local.toLocalDate(), f.at().get(), local.getZone());
            due = (at.isBefore(local) ? at.plusDays(1) : at).toInstant();
        }
        // Two of the same flow a few hours apart (two conversations ended close together) come on different days.
        while (tooClose(session, f.flow(), due)) {
            due = due.plus(Duration.ofDays(1));
        }
        session.addFollowUp(new PendingFollowUp(session.nextFollowUpId(), f.flow(), due, run.starter(), run.flow(), run.answers()));
    }

    private static boolean tooClose(Session session, FlowId flow, Instant due) {
        return session.followUps().stream().anyMatch(p -> p.flow().equals(flow)
                && Duration.between(p.due(), due).abs().compareTo(APART) < 0);
    }

    /** A person's own time zone: from their couple (in a private chat, their first couple's), else UTC. */
    private ZoneId zoneOf(Turn t, Person p) {
        Optional<Couple> couple = couples.inGroup(t.chat()).filter(c -> c.has(p.id()));
        if (couple.isEmpty()) {
            couple = couples.of(p.id()).stream().findFirst();
        }
        return couple.map(c -> c.zoneOf(p.id())).orElse(ZoneId.of("UTC"));
    }

    /** The pending follow-ups, as /schedule lists them (in {@code from}'s own time), each with a button that cancels it. */
    void list(Turn t, Person from) {
        List<PendingFollowUp> pending = t.session().followUps();
        if (pending.isEmpty() || t.session().care().onHold()) {
            return;
        }
        ZoneId zone = zoneOf(t, from);
        StringBuilder b = new StringBuilder(Wording.FOLLOW_UPS);
        List<Button> cancel = new ArrayList<>();
        for (PendingFollowUp f : pending) {
            String title = title(t, f.flow());
            b.append("\n• ").append(Wording.followUpLine(title, title(t, f.scheduledBy()), f.due().atZone(zone)));
            cancel.add(new Button(Wording.cancelFollowUp(title, title(t, f.scheduledBy())), ButtonData.cancelFollowUp(f.id())));
        }
        t.post(BotReply.withButtons(t.chat(), b.toString(), cancel));
    }

    /** A tap on a follow-up's cancel button: it goes, and the group hears who cancelled it. */
    void cancel(Turn t, Person from, int id) {
        Optional<PendingFollowUp> f = t.session().followUps().stream().filter(x -> x.id() == id).findFirst();
        if (f.isEmpty()) {
            t.notice(Wording.FOLLOW_UP_GONE);
            return;
        }
        t.session().removeFollowUp(f.get().id());
        Optional<Person> other = couples.inGroup(t.chat()).filter(c -> c.has(from.id())).map(c -> c.other(from.id()));
        t.say(Wording.followUpCancelled(from.firstName(), title(t, f.get().flow()), title(t, f.get().scheduledBy()),
                other.map(Person::firstName)));
    }

    private static String title(Turn t, FlowId flow) {
        return t.flows().find(flow).map(Flow::title).orElse(flow.value());
    }
}
