package app.repairbot.coach;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import app.repairbot.engine.PhrasingCoach;

/**
 * A first rule set: absolutes ("always", "never", "every time") and blame-led openings
 * ("you always…", "what's wrong with you"). Soft flags only; it never judges a person.
 */
public final class RuleBasedCoach implements PhrasingCoach {
    private static final String ABSOLUTE_WHY = "absolutes can make the other person defend the exception "
            + "instead of hearing how you feel.";
    private static final String BLAME_WHY = "starting with \"you\" plus a judgement tends to land as an attack; "
            + "starting with what you feel invites listening.";
    private static final Pattern AFTER_YOU = Pattern.compile(
            "\\byou\\s+(?:always|never|constantly)\\s+([^.!?\\n]{3,80})", Pattern.CASE_INSENSITIVE);

    private final List<Pattern> absolutes;
    private final List<Pattern> blame;

    public RuleBasedCoach() {
        this.absolutes = phrases("coach/absolutes.txt");
        this.blame = phrases("coach/blame-openers.txt");
    }

    @Override
    public Review review(String text) {
        List<Finding> findings = new ArrayList<>();
        List<int[]> covered = new ArrayList<>();
        for (Pattern p : blame) {
            Matcher m = p.matcher(text);
            if (m.find()) {
                findings.add(new Finding(m.group(), BLAME_WHY));
                covered.add(new int[] {m.start(), m.end()});
                break;
            }
        }
        for (Pattern p : absolutes) {
            Matcher m = p.matcher(text);
            while (m.find()) {
                int s = m.start();
                if (covered.stream().noneMatch(c -> s >= c[0] && s < c[1])) {
                    findings.add(new Finding(m.group(), ABSOLUTE_WHY));
                    covered.add(new int[] {m.start(), m.end()});
                    break;
                }
            }
        }
        if (findings.isEmpty()) {
            return Review.clean();
        }
        return new Review(findings, Optional.of(suggestion(text)));
    }

    /** "When …, I feel …. I need …. Would you be willing to …?", built from their words where it can. */
    static String suggestion(String text) {
        Matcher m = AFTER_YOU.matcher(text);
        String when = m.find() ? "When you " + m.group(1).strip() : "When [what happened]";
        return when + ", I feel [your feeling]. I need [what would help]. Would you be willing to [a small request]?";
    }

    private static List<Pattern> phrases(String resource) {
        InputStream in = RuleBasedCoach.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("the coach's word list " + resource + " is missing from the jar");
        }
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            return r.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#"))
                    .sorted(Comparator.comparing(String::length).reversed())
                    .map(w -> Pattern.compile("\\b" + Pattern.quote(w).replace(" ", "\\E\\s+\\Q") + "\\b",
                            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }
}
