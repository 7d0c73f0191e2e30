package app.repairbot.engine;

import java.util.List;
import java.util.Optional;

import app.repairbot.flow.CoachPurpose;

/**
 * Looks at an answer or a draft before it is passed on: absolutes, criticism, thoughts dressed as
 * feelings, judgement words, contempt, defensiveness, shouting. A finding is a soft flag, never
 * a diagnosis. What it looks for depends on what the step is for ({@link CoachPurpose}): a story
 * told plainly is not a statement of impact, a boundary needs no "When…", an appreciation is read
 * for sarcasm. A suggestion never repeats the words a finding quotes.
 */
public interface PhrasingCoach {

    /** A statement of impact: what {@code coach: true} alone asks for. */
    default Review review(String text) {
        return review(text, CoachPurpose.IMPACT);
    }

    Review review(String text, CoachPurpose purpose);

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
