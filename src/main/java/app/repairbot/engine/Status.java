package app.repairbot.engine;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import app.repairbot.chat.Person;
import app.repairbot.flow.Audience;
import app.repairbot.flow.Flow;
import app.repairbot.flow.FlowCatalog;
import app.repairbot.session.Couple;
import app.repairbot.session.CoupleDirectory;
import app.repairbot.session.FlowRun;
import app.repairbot.session.Session;

/**
 * /status in plain words ({@link StatusReport} writes them): in a group, its running flow; in a
 * private chat, the practice running there and the conversation of each of the person's groups.
 * Times are in the asking person's own zone.
 */
final class Status {
    private final CoupleDirectory couples;
    private final OtherChats others;

    Status(CoupleDirectory couples, OtherChats others) {
        this.couples = couples;
        this.others = others;
    }

    void status(Turn t) {
        if (t.here() == Audience.PRIVATE) {
            List<String> parts = new ArrayList<>();
            of(t.session(), t.flows(), t.now(), t.from(), t.from()).ifPresent(parts::add);
            parts.addAll(ofGroups(t, t.from()));
            t.say(parts.isEmpty() ? Wording.NOTHING_RUNNING_PRIVATELY : String.join("\n\n", parts));
            return;
        }
        t.say(of(t.session(), t.flows(), t.now(), null, t.from()).orElse(Wording.nothingRunning(t.session().care().onHold())));
    }

    /** What /status in a private chat says about each of the person's groups where a conversation runs (or waits on a hold). */
    private List<String> ofGroups(Turn t, Person viewer) {
        List<String> lines = new ArrayList<>();
        for (Session group : others.groupsOf(viewer.id())) {
            if (group.care().onHold()) {
                lines.add(group.care().heldBy(viewer.id()) ? Wording.STATUS_GROUP_ON_YOUR_HOLD : Wording.STATUS_GROUP_ON_HOLD);
            } else {
                of(group, t.flows(), t.now(), viewer, viewer).ifPresent(lines::add);
            }
        }
        return lines;
    }

    /**
     * What /status says about a session's running flow, if one runs; {@code viewer}: who asks
     * privately, or null; {@code asker}: whose clock the times are told by.
     */
    private Optional<String> of(Session session, FlowCatalog flows, Instant now, Person viewer, Person asker) {
        Optional<FlowRun> run = session.run();
        Optional<Flow> flow = run.flatMap(r -> flows.find(r.flow())).filter(f -> f.version().equals(run.get().flowVersion())
                && f.find(run.get().step()).isPresent());
        if (flow.isEmpty()) {
            return Optional.empty();
        }
        // Times in the asking person's own zone (named when the two live by different clocks); for a practice,
        // the person's zone from their couple (UTC without one).
        Optional<Couple> couple = run.get().audience() == Audience.COUPLE ? couples.inGroup(session.chat())
                : couples.of(run.get().starter().id()).stream().findFirst();
        ZoneId zone = couple.map(c -> c.has(asker.id()) ? c.zoneOf(asker.id()) : c.zone()).orElse(ZoneOffset.UTC);
        boolean apart = couple.map(Couple::apart).orElse(false);
        return Optional.of(new StatusReport(run.get(), flow.get(), viewer, zone, now, apart).text());
    }
}
