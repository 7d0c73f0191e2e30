package app.repairbot.safety;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

import app.repairbot.coach.PhraseMatcher;
import app.repairbot.coach.WordLists;
import app.repairbot.engine.Safety;

/**
 * The safety screen from phrase lists under {@code safety/} (crisis, abuse, negations) and the
 * answers from text files there, with the help lines of the configured country. It errs towards
 * flagging: a false alarm costs a kind private message and a pause; a miss costs more.
 */
public final class LexiconSafety implements Safety {

    private final PhraseMatcher crisis;
    private final PhraseMatcher abuse;
    private final Set<String> negations;
    private final String crisisHelp;
    private final String abuseHelp;
    private final String laterHelp;
    private final String therapy;

    public LexiconSafety(SafetySettings settings) {
        this.crisis = WordLists.phrases("safety/crisis.txt");
        this.abuse = WordLists.phrases("safety/abuse.txt");
        this.negations = Set.copyOf(WordLists.lines("safety/negations.txt").stream().map(w -> w.replace("'", "")).toList());
        Properties lines = properties("safety/helplines.properties");
        String country = settings.country().strip().toUpperCase(Locale.ROOT);
        if (!country.isEmpty() && !lines.containsKey(country)) {
            throw new IllegalStateException("REPAIRBOT_SAFETY_COUNTRY is '" + settings.country() + "', but safety/helplines"
                    + ".properties has no help lines for it (it has: " + String.join(", ", new java.util.TreeSet<>(lines.stringPropertyNames()))
                    + "); add them there, or leave the setting empty for the international default");
        }
        // Read and put together once, at start: a missing text fails start-up, never the moment someone needs it.
        String helplines = lines.getProperty(country.isEmpty() ? "default" : country);
        this.crisisHelp = text("safety/crisis-reply.txt").replace("{helplines}", helplines);
        this.abuseHelp = text("safety/abuse-reply.txt").replace("{helplines}", helplines);
        this.laterHelp = text("safety/later-reply.txt").replace("{helplines}", helplines);
        this.therapy = settings.therapyText().isBlank() ? text("safety/therapy.txt") : settings.therapyText().strip();
    }

    public LexiconSafety() {
        this(new SafetySettings("", ""));
    }

    @Override
    public Optional<Concern> screen(String text) {
        if (found(abuse, text)) {
            return Optional.of(Concern.ABUSE);
        }
        return found(crisis, text) ? Optional.of(Concern.CRISIS) : Optional.empty();
    }

    private boolean found(PhraseMatcher phrases, String text) {
        for (PhraseMatcher.Match m : phrases.findAll(text)) {
            if (!negated(text, m.start())) {
                return true;
            }
        }
        return false;
    }

    /** "I would never hurt myself": one of the two words before the phrase denies it. */
    private boolean negated(String text, int at) {
        return PhraseMatcher.wordsBefore(text, at, 2).stream().anyMatch(negations::contains);
    }

    @Override
    public String help(Concern concern) {
        return concern == Concern.ABUSE ? abuseHelp : crisisHelp;
    }

    @Override
    public String helpLater() {
        return laterHelp;
    }

    @Override
    public String therapyReferral() {
        return therapy;
    }

    private static String text(String resource) {
        return String.join("\n", WordLists.raw(resource)).strip();
    }

    private static Properties properties(String resource) {
        try (InputStream in = LexiconSafety.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the jar");
            }
            Properties p = new Properties();
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }
}
