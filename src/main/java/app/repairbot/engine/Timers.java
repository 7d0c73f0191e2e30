package app.repairbot.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import app.repairbot.chat.BotReply;
import app.repairbot.chat.Button;
import app.repairbot.chat.Person;
import app.repairbot.flow.Audience;
import app.repairbot.flow.Flow;
import app.repairbot.session.Couple;
import app.repairbot.session.CoupleDirectory;
import app.repairbot.session.FlowRun;
import app.repairbot.session.PauseState;
import app.repairbot.session.PendingFollowUp;
import app.repairbot.session.Session;

/**
 * What comes due without anyone writing, fired oldest first: a flow's expiry, the end of a pause
 * ("Ready?"), a question's reminder, and (while no flow runs) a follow-up's start. Timers are data
 * in the session; this only reads the clock it is given.
 */
final class Timers {
    private static final int MAX_FIRED = 1000;
    /** How long a follow-up waits, when it cannot start now, before it tries again. */
    private static final Duration FOLLOW_UP_RETRY = Duration.ofHours(1);

    private final Stepping stepping;
    private final Asking asking;
    private final CoupleDirectory couples;

    Timers(Stepping stepping, Asking asking, CoupleDirectory couples) {
        this.stepping = stepping;
        this.asking = asking;
        this.couples = couples;
    }

    /** Fires every due timer of the session, oldest first. */
    void fireDue(Turn t) {
        Session session = t.session();
        Instant now = t.now();
        stepping.endIfTheFlowChanged(t);
        for (int i = 0; i < MAX_FIRED; i++) {
            Optional<FlowRun> maybe = session.run();
            if (maybe.isEmpty()) {
                if (session.followUps().isEmpty() || session.followUps().get(0).due().isAfter(now)) {
                    return;
                }
                startFollowUp(t, session.followUps().get(0));
                continue;
            }
            Optional<Instant> due = maybe.flatMap(FlowRun::nextDue).filter(d -> !d.isAfter(now));
            if (due.isEmpty()) {
                return;
            }
            FlowRun run = maybe.get();
            Flow flow = t.flowOf(run);
            if (due.get().equals(run.expireAt())) {
                t.say(flow.onExpire().map(template -> Wording.render(run, template)).orElse(Wording.DEFAULT_EXPIRE));
                stepping.stop(t, run, "expired");
            } else if (run.pause().flatMap(PauseState::until).filter(due.get()::equals).isPresent() && session.care().onHold()) {
                // On a safety hold nobody is invited to carry on: the pause waits for the hold to be lifted.
                run.holdPause();
            } else if (run.pause().flatMap(PauseState::until).filter(due.get()::equals).isPresent()) {
                run.askReady();
                int seq = session.nextSeq();
                t.post(BotReply.withButtons(t.chat(), Wording.READY_PROMPT, List.of(new Button(Wording.READY, ButtonData.ready(seq)))));
            } else {
                run.reminded();
                asking.remind(t, flow, run);
            }
        }
    }

    /**
     * Starts a due follow-up (no flow runs here: one that runs makes it wait). A hold, a couple that
     * is gone, or a flow no longer loaded drops it; a recent safety flag or a chat the bot cannot
     * write to makes it wait an hour.
     */
    private void startFollowUp(Turn t, PendingFollowUp f) {
        Session session = t.session();
        Optional<Flow> flow = t.flows().find(f.flow());
        Optional<Couple> couple = couples.inGroup(t.chat());
        boolean group = flow.isPresent() && flow.get().audience() == Audience.COUPLE;
        if (flow.isEmpty() || session.care().onHold() || group && (couple.isEmpty() || !couple.get().has(f.starter().id()))) {
            session.removeFollowUp(f.id());
            return;
        }
        if (session.inactive() || session.isQuiet(t.now())) {
            session.removeFollowUp(f.id());
            session.addFollowUp(f.postponedTo(t.now().plus(FOLLOW_UP_RETRY)));
            return;
        }
        session.removeFollowUp(f.id());
        Person starter = group ? couple.get().person(f.starter().id()).orElseThrow() : f.starter();
        Person partner = group ? couple.get().other(starter.id()) : null;
        stepping.begin(t, flow.get(), new FlowRun(flow.get().id(), flow.get().version(), flow.get().audience(), starter, partner,
                f.before()));
    }
}
