package app.repairbot.engine;

import java.util.List;
import java.util.Optional;

/**
 * Looks at an answer before it is passed on: absolutes, blame-led "you" statements, labels,
 * contempt. A finding is a soft flag, never a diagnosis.
 */
public interface PhrasingCoach {

    Review review(String text);

    /** What the coach saw, and a gentler phrasing where it can build one. */
    record Review(List<Finding> findings, Optional<String> suggestion) {
        public Review {
            findings = List.copyOf(findings);
        }

        public static Review clean() {
            return new Review(List.of(), Optional.empty());
        }

        public boolean needsWork() {
            return !findings.isEmpty();
        }
    }

    /** The words a finding is about, and why they may land hard, in one plain sentence. */
    record Finding(String quote, String why) {
    }
}
