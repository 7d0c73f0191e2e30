package app.repairbot.flow;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** One step of a flow. {@code next} values are step ids, or {@link #END} for a silent end. */
public sealed interface Step {
    /** The {@code next} value that ends a flow silently. */
    String END = "end";

    String id();

    /** Every step id (or {@link #END}) this step can go to. */
    List<String> targets();

    /** True when the flow rests on this step, waiting for people. */
    default boolean waits() {
        return this instanceof Ask || this instanceof Pause || this instanceof Share;
    }

    record Say(String id, Template text, String next) implements Step {
        public List<String> targets() {
            return List.of(next);
        }
    }

    /**
     * {@code coachPrivately}: {@code coach: private}, the answer is written and coached in the
     * person's private chat and only the accepted words reach the group (so {@code sealed} and
     * {@code coach} are true too). {@code label}: how the answer is introduced in a recap.
     * {@code coachFor}: what the coach checks the answer for ({@code coach_for:}; impact unless the
     * flow says otherwise, and only meaningful when {@code coach} is true).
     */
    record Ask(String id, Who who, Template text, String save, Optional<String> next, List<Option> options,
               boolean strict, boolean sealed, Optional<Duration> timeout, Optional<Template> remind, boolean coach,
               int minLength, boolean coachPrivately, Optional<Template> label, CoachPurpose coachFor) implements Step {
        public Ask {
            options = List.copyOf(options);
            coachFor = coachFor == null ? CoachPurpose.IMPACT : coachFor;
        }

        /** The label of the button whose value this is (a tapped answer), else the value as typed. */
        public String shown(String value) {
            return options.stream().filter(o -> o.value().equals(value)).map(Option::label).findFirst().orElse(value);
        }

        public List<String> targets() {
            List<String> t = new ArrayList<>();
            next.ifPresent(t::add);
            for (Option o : options) {
                o.next().filter(n -> !t.contains(n)).ifPresent(t::add);
            }
            return t;
        }

        /** The option whose label equals the typed text, ignoring case and surrounding space. */
        public Optional<Option> optionLabelled(String typed) {
            String wanted = typed.strip();
            return options.stream().filter(o -> o.label().strip().equalsIgnoreCase(wanted)).findFirst();
        }

        /** Where an answer goes: the option's own next, else the step's. */
        public String nextAfter(Optional<Option> chosen) {
            return chosen.flatMap(Option::next).or(() -> next).orElseThrow();
        }
    }

    /** A button of an ask. */
    record Option(String label, String value, Optional<String> next) {
    }

    record Branch(String id, List<Case> cases, String otherwise) implements Step {
        public Branch {
            cases = List.copyOf(cases);
        }

        public List<String> targets() {
            List<String> t = new ArrayList<>();
            for (Case c : cases) {
                if (!t.contains(c.next())) {
                    t.add(c.next());
                }
            }
            if (!t.contains(otherwise)) {
                t.add(otherwise);
            }
            return t;
        }
    }

    record Case(Condition condition, String next) {
    }

    record Pause(String id, Duration duration, Template text, String next) implements Step {
        public List<String> targets() {
            return List.of(next);
        }
    }

    /**
     * In a private flow: shows the saved answer {@code variable} as it would read in the person's
     * group, and posts it there, attributed, only when they tap "Share with the group". With no
     * couple, sharing is not offered and the flow moves on.
     */
    record Share(String id, String variable, Template text, String next) implements Step {
        public List<String> targets() {
            return List.of(next);
        }
    }

    record Goto(String id, FlowId flow) implements Step {
        public List<String> targets() {
            return List.of();
        }
    }

    /** {@code followUp}: a flow scheduled to start in the same chat some time after a run ends here. */
    record End(String id, Template text, boolean recap, java.util.Optional<FollowUp> followUp) implements Step {
        public End(String id, Template text, boolean recap) {
            this(id, text, recap, java.util.Optional.empty());
        }

        public List<String> targets() {
            return List.of();
        }
    }

    /**
     * {@code follow_up: {after, at, flow}}: start {@code flow} {@code after} the run ended, at the
     * first {@code at} of the starter's local time after that when given. {@code line} and
     * {@code column} locate it in its file, for problems found across flows.
     */
    record FollowUp(java.time.Duration after, java.util.Optional<java.time.LocalTime> at, FlowId flow, int line, int column) {
    }
}
