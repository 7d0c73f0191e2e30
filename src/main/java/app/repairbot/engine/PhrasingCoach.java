package app.repairbot.engine;

import java.util.List;
import java.util.Optional;

/**
 * Looks at an answer or a draft before it is passed on: absolutes, criticism, thoughts dressed as
 * feelings, judgement words, contempt, defensiveness, shouting. A finding is a soft flag, never
 * a diagnosis.
 */
public interface PhrasingCoach {

    Review review(String text);

    /**
     * What the coach saw: findings (the draft needs work), a gentler phrasing built from the
     * person's own words where it can, and tips about missing parts (observation, feeling, need,
     * request), which never hold an answer back. {@code coached} is false for text the coach
     * cannot read (another language): then it has nothing to say.
     */
    record Review(List<Finding> findings, Optional<String> suggestion, List<String> tips, boolean coached) {
        public Review {
            findings = List.copyOf(findings);
            tips = List.copyOf(tips);
        }

        public static Review clean() {
            return new Review(List.of(), Optional.empty(), List.of(), true);
        }

        public static Review notCoached() {
            return new Review(List.of(), Optional.empty(), List.of(), false);
        }

        public boolean needsWork() {
            return !findings.isEmpty();
        }
    }

    /** The words a finding is about, and why they may land hard, in one plain sentence. */
    record Finding(String quote, String why) {
    }
}
