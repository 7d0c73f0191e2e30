package app.repairbot.engine;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

import app.repairbot.chat.Person;
import app.repairbot.chat.UserId;
import app.repairbot.engine.internal.FlowMachines;
import app.repairbot.flow.Audience;
import app.repairbot.flow.Flow;
import app.repairbot.flow.Role;
import app.repairbot.flow.Step;
import app.repairbot.flow.StepId;
import app.repairbot.session.CoupleDirectory;
import app.repairbot.session.FlowRun;
import app.repairbot.session.Session;

/**
 * Moves a run through its flow, and is the only part that drives the state machine
 * ({@link FlowMachines}): starting a flow, passing through say steps, branches and gotos to a
 * rest (an ask, a pause, a share, or the end), pausing, carrying on after a pause, and stopping.
 * What each resting step shows is its own part's: {@link Asking}, {@link Sharing}, {@link FollowUps}.
 */
final class Stepping {
    private static final int MAX_HOPS = 1000;

    private final FlowMachines machines;
    private final CoupleDirectory couples;
    private final Asking asking;
    private final Sharing sharing;
    private final FollowUps followUps;
    private final Therapy therapy;

    Stepping(FlowMachines machines, CoupleDirectory couples, Asking asking, Sharing sharing, FollowUps followUps, Therapy therapy) {
        this.machines = machines;
        this.couples = couples;
        this.asking = asking;
        this.sharing = sharing;
        this.followUps = followUps;
        this.therapy = therapy;
    }

    /** Starts {@code flow} here, with {@code starter} (and, for a couple's flow, their partner); every menu sent before goes stale. */
    void start(Turn t, Flow flow, Person starter) {
        Person partner = null;
        if (flow.audience() == Audience.COUPLE) {
            partner = couples.inGroup(t.chat()).orElseThrow().other(starter.id());
        }
        FlowRun run = new FlowRun(flow.id(), flow.version(), flow.audience(), starter, partner);
        t.session().start(run);
        t.session().closeMenu();
        t.counted(run, "started");
        advance(t, flow, FlowMachines.BEFORE_START, flow.start());
    }

    /** Starts a run made elsewhere (a follow-up, which reads what the run before it saved). */
    void begin(Turn t, Flow flow, FlowRun run) {
        t.session().start(run);
        t.counted(run, "started");
        advance(t, flow, FlowMachines.BEFORE_START, flow.start());
    }

    /** The question was answered: the run moves on from it to {@code next}. */
    void answered(Turn t, Flow flow, Step.Ask ask, String next) {
        advance(t, flow, ask.id(), next);
    }

    /** The share or pause step the run rests on is done: the run moves on to its next step. */
    void leave(Turn t, Flow flow) {
        FlowRun run = t.session().run().orElseThrow();
        Step step = flow.step(run.step());
        if (step instanceof Step.Share s) {
            advance(t, flow, s.id(), s.next());
        } else if (step instanceof Step.Pause p) {
            advance(t, flow, p.id(), p.next());
        } else {
            throw new IllegalStateException("flow " + flow.id() + " cannot leave step '" + run.step() + "' without an answer");
        }
    }

    /** Moves the run from one step towards another, through say steps, branches and gotos, to a rest. */
    private void advance(Turn t, Flow flow, String from, String to) {
        Session session = t.session();
        FlowRun run = session.run().orElseThrow();
        for (int hop = 0; hop < MAX_HOPS; hop++) {
            String state = machines.move(flow, from, to, run::value);
            run.enter(new StepId(state), t.now().plus(flow.expire()));
            if (state.equals(Step.END)) {
                t.counted(run, "finished");
                session.end();
                return;
            }
            Step step = flow.step(state);
            if (step instanceof Step.Say s) {
                t.say(Wording.render(run, s.text()));
                from = state;
                to = s.next();
            } else if (step instanceof Step.Ask ask) {
                asking.ask(t, run, ask, flow.steps().get(from));
                return;
            } else if (step instanceof Step.Pause p) {
                String text = Wording.render(run, p.text());
                if (!text.isBlank()) {
                    t.say(text);
                }
                pause(t, Optional.of(p.duration()), Optional.empty());
                if (run.audience() == Audience.COUPLE) {
                    therapy.tookAPause(t);
                }
                return;
            } else if (step instanceof Step.Share share) {
                session.nextSeq();
                if (sharing.offer(t, run, share)) {
                    return;
                }
                from = state;
                to = share.next();
            } else if (step instanceof Step.End end) {
                finish(t, flow, run, end);
                t.counted(run, "finished");
                session.end();
                return;
            } else if (step instanceof Step.Goto g) {
                flow = t.flows().find(g.flow()).orElseThrow(() -> new IllegalStateException("unknown flow " + g.flow()));
                FlowRun next = new FlowRun(flow.id(), flow.version(), flow.audience(), run.starter(), run.partner().orElse(null),
                        run.before());
                t.counted(run, "finished");
                session.start(next);
                t.counted(next, "started");
                run = next;
                from = FlowMachines.BEFORE_START;
                to = flow.start();
            } else {
                throw new IllegalStateException("flow " + flow.id() + " rests on branch '" + state + "'");
            }
        }
        throw new IllegalStateException("flow " + flow.id() + " went through " + MAX_HOPS + " steps without waiting");
    }

    /** The end step's words, with the recap if it asks for one, and the follow-up it schedules. */
    private void finish(Turn t, Flow flow, FlowRun run, Step.End end) {
        StringBuilder text = new StringBuilder(Wording.render(run, end.text()).strip());
        if (end.recap()) {
            java.util.List<String> lines = Recap.lines(flow, run);
            if (!lines.isEmpty()) {
                if (text.length() > 0) {
                    text.append("\n\n");
                }
                if (!Wording.introducesRecap(text.toString())) {
                    text.append(Wording.RECAP);
                }
                lines.forEach(l -> text.append(text.length() > 0 && text.charAt(text.length() - 1) != '\n' ? "\n• " : "• ").append(l));
            }
        }
        if (text.length() > 0) {
            t.say(text.toString());
        }
        end.followUp().ifPresent(f -> followUps.schedule(t, run, f));
    }

    /**
     * The running flow pauses now: for {@code length} (empty: with no end time, so no "Ready?" comes
     * by itself, and its owner's /resume or the flow's expiry ends it), owned by {@code owner} (empty:
     * both). The buttons posted before go stale, and the flow's expiry moves by the pause's length.
     */
    void pause(Turn t, Optional<Duration> length, Optional<UserId> owner) {
        FlowRun run = t.session().run().orElseThrow();
        t.counted(run, "paused");
        Duration d = length.orElse(Duration.ZERO);
        run.pause(length.map(t.now()::plus), owner, t.now().plus(t.flowOf(run).expire()).plus(d));
        t.session().nextSeq();
    }

    /**
     * The pause is over and the run carries on where it rested: a pause step moves on; a share is
     * offered again; a question is asked again of whoever it awaits, and whoever had a draft held
     * by the coach chooses again (nothing is lost).
     */
    void endPause(Turn t, Flow flow, FlowRun run) {
        run.resume(t.now().plus(flow.expire()));
        Step step = flow.step(run.step());
        if (step instanceof Step.Pause p) {
            advance(t, flow, p.id(), p.next());
        } else if (step instanceof Step.Share share) {
            t.say(Wording.WELCOME_BACK);
            t.session().nextSeq();
            if (!sharing.offer(t, run, share)) {
                advance(t, flow, share.id(), share.next());
            }
        } else if (step instanceof Step.Ask ask) {
            t.say(Wording.WELCOME_BACK);
            int seq = t.session().nextSeq();
            run.askAfresh();
            Set<Role> holding = EnumSet.noneOf(Role.class);
            run.awaited(ask).stream().filter(run.askState().held()::containsKey).forEach(holding::add);
            Set<Role> asked = EnumSet.noneOf(Role.class);
            run.awaited(ask).stream().filter(r -> !holding.contains(r)).forEach(asked::add);
            if (!asked.isEmpty()) {
                asking.askAgain(t, ask, asked);
            }
            for (Role r : holding) {
                asking.reply(t, run, ask, r, Wording.heldThroughPause(run.person(r).firstName()), Asking.coachChoice(seq));
            }
        }
    }

    /** The run ends before its end ({@code why}: stopped, expired), and every button posted for it goes stale. */
    void stop(Turn t, FlowRun run, String why) {
        t.counted(run, why);
        t.session().end();
        t.session().nextSeq();
    }

    /**
     * A run keeps the flow version it started with, or ends kindly: when its flow is gone, or its
     * file was edited since the run started (only the text it started with says what its steps
     * mean), it ends with an apology, rather than going on under changed rules or failing.
     */
    void endIfTheFlowChanged(Turn t) {
        Optional<FlowRun> run = t.session().run();
        if (run.isEmpty()) {
            return;
        }
        Optional<Flow> flow = t.flows().find(run.get().flow());
        if (flow.isPresent() && flow.get().version().equals(run.get().flowVersion()) && flow.get().find(run.get().step()).isPresent()) {
            return;
        }
        t.say(Wording.flowChanged(flow.map(Flow::title).orElse(run.get().flow().value())));
        stop(t, run.get(), "stopped");
    }
}
