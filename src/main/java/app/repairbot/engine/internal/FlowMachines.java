package app.repairbot.engine.internal;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.springframework.beans.factory.BeanNameAware;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.statemachine.StateContext;
import org.springframework.statemachine.StateMachine;
import org.springframework.statemachine.StateMachineEventResult;
import org.springframework.statemachine.config.StateMachineBuilder;
import org.springframework.statemachine.config.StateMachineFactory;
import org.springframework.statemachine.config.configurers.ChoiceTransitionConfigurer;
import org.springframework.statemachine.config.configurers.StateConfigurer;
import org.springframework.statemachine.guard.Guard;
import org.springframework.statemachine.support.DefaultStateMachineContext;

import app.repairbot.flow.Condition;
import app.repairbot.flow.Flow;
import app.repairbot.flow.FlowId;
import app.repairbot.flow.Step;
import reactor.core.publisher.Mono;

/**
 * One Spring Statemachine definition per flow, built once; machines are pooled and reset to a
 * session's stored step for each move, never built per update. States are step ids; the event
 * that moves a machine is the id of the step to go to; a {@code branch} step is a choice
 * state whose guards are the flow's conditions, so the machine itself picks the branch.
 */
public final class FlowMachines {
    /** The state before a flow's first step; not kebab-case, so no step can be called this. */
    public static final String BEFORE_START = "_start";
    private static final String VALUES = "values";

    private final Map<Key, Definition> definitions = new ConcurrentHashMap<>();

    private record Key(FlowId id, String version) {
    }

    private static final class Definition {
        final StateMachineFactory<String, String> factory;
        final ConcurrentLinkedQueue<StateMachine<String, String>> pool = new ConcurrentLinkedQueue<>();
        final AtomicInteger built = new AtomicInteger();

        Definition(StateMachineFactory<String, String> factory) {
            this.factory = factory;
        }
    }

    /**
     * Moves a flow from {@code from} (a step id, or {@link #BEFORE_START}) towards {@code to},
     * resolving branches on the way with {@code values}; returns the step reached (or {@link Step#END}).
     *
     * @throws IllegalStateException when the flow has no such move (an engine bug, never user input)
     */
    public String move(Flow flow, String from, String to, Function<String, String> values) {
        Definition def = definitions.computeIfAbsent(new Key(flow.id(), flow.version()), k -> new Definition(define(flow)));
        StateMachine<String, String> machine = def.pool.poll();
        if (machine == null) {
            machine = def.factory.getStateMachine();
            def.built.incrementAndGet();
            if (machine instanceof BeanNameAware named) {
                // With no bean name the annotation-handler lookup (which we do not use) is skipped on every event.
                named.setBeanName(null);
            }
            machine.startReactively().block();
        }
        try {
            String state = from;
            machine.getStateMachineAccessor().doWithAllRegions(access -> access.resetStateMachineReactively(
                    new DefaultStateMachineContext<>(state, null, null, null)).block());
            Message<String> event = MessageBuilder.withPayload(to).setHeader(VALUES, values).build();
            List<StateMachineEventResult<String, String>> results = machine.sendEventCollect(Mono.just(event)).block();
            boolean accepted = results != null && results.stream()
                    .anyMatch(r -> r.getResultType() == StateMachineEventResult.ResultType.ACCEPTED);
            if (!accepted) {
                throw new IllegalStateException("flow " + flow.id() + " cannot move from step '" + from + "' to '" + to + "'");
            }
            return machine.getState().getId();
        } finally {
            def.pool.offer(machine);
        }
    }

    private static StateMachineFactory<String, String> define(Flow flow) {
        try {
            StateMachineBuilder.Builder<String, String> b = StateMachineBuilder.builder();
            b.configureConfiguration().withConfiguration().autoStartup(false);
            StateConfigurer<String, String> states = b.configureStates().withStates().initial(BEFORE_START);
            Set<String> all = new HashSet<>(flow.steps().keySet());
            all.add(Step.END);
            for (String id : all) {
                if (flow.steps().get(id) instanceof Step.Branch) {
                    states.choice(id);
                } else {
                    states.state(id);
                }
            }
            var transitions = b.configureTransitions();
            transitions.withExternal().source(BEFORE_START).target(flow.start()).event(flow.start());
            for (Step s : flow.steps().values()) {
                if (s instanceof Step.Branch branch) {
                    ChoiceTransitionConfigurer<String, String> choice = transitions.withChoice().source(branch.id());
                    boolean first = true;
                    for (Step.Case c : branch.cases()) {
                        Guard<String, String> guard = guard(c.condition());
                        if (first) {
                            choice.first(c.next(), guard);
                            first = false;
                        } else {
                            choice.then(c.next(), guard);
                        }
                    }
                    choice.last(branch.otherwise());
                    continue;
                }
                for (String target : s.targets()) {
                    transitions.withExternal().source(s.id()).target(target).event(target);
                }
            }
            return b.createFactory();
        } catch (Exception e) {
            throw new IllegalStateException("cannot build the state machine of flow " + flow.id() + ": " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Guard<String, String> guard(Condition condition) {
        return (StateContext<String, String> ctx) -> {
            Object values = ctx.getMessageHeaders().get(VALUES);
            return values instanceof Function<?, ?> f && condition.test((Function<String, String>) f);
        };
    }

    /** How many machines are built for a flow (for tests and benchmarks: pooling must keep this small). */
    public int machinesBuilt(Flow flow) {
        Definition def = definitions.get(new Key(flow.id(), flow.version()));
        return def == null ? 0 : def.built.get();
    }
}
