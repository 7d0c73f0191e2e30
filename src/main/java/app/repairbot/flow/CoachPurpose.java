package app.repairbot.flow;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What a coached ask is for ({@code coach_for:}), so the phrasing coach checks what that step
 * needs: the full gentle start-up for a statement of impact (the default, and what
 * {@code coach: true} alone means), only contempt and character attacks for a story told plainly,
 * no nagging about missing parts for a boundary (but ultimatums are flagged), sarcasm and
 * backhanded praise for an appreciation, and a plain ask for a request.
 */
public enum CoachPurpose {
    IMPACT, STORY, BOUNDARY, APPRECIATION, REQUEST;

    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The purpose a flow writes, exactly (lower case). */
    public static Optional<CoachPurpose> of(String yamlName) {
        return Arrays.stream(values()).filter(p -> p.yamlName().equals(yamlName)).findFirst();
    }

    /** Every value a flow may write, in alphabetical order (for messages). */
    public static List<String> yamlNames() {
        return Arrays.stream(values()).map(CoachPurpose::yamlName).sorted().toList();
    }
}
