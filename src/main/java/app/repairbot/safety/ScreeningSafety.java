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
import java.util.TreeSet;

import app.repairbot.text.WordLists;
import app.repairbot.engine.Safety;

/**
 * The safety screen in two layers, and the answers it gives. A text is flagged when either layer
 * flags it: the phrase lists ({@link PhraseScreen}), fast and explainable, and the meaning of the
 * text ({@link MeaningScreen}), which catches what people write in words no list foresaw. Abuse
 * wins over crisis when both are found: its answer gives the crisis line too, after the abuse
 * one, and it also puts the couple's exercises on hold (the crisis answer gives no abuse line).
 * The answers are text files under {@code safety/}, with the help lines of the configured country
 * ({@code safety/helplines.properties}: an emergency, a crisis and an abuse line each). It errs towards flagging: a false alarm costs a kind private message and a pause; a
 * miss costs more.
 */
public final class ScreeningSafety implements Safety {
    private static final String HELPLINES = "safety/helplines.properties";

    private final List<Screen> layers;
    private final String crisisHelp;
    private final String abuseHelp;
    private final String crisisAgain;
    private final String abuseAgain;
    private final String harmHelp;
    private final String partnerHelp;
    private final String laterHelp;
    private final String therapy;
    private final String individualSupport;

    public ScreeningSafety(SafetySettings settings, List<Screen> layers) {
        this.layers = List.copyOf(layers);
        Properties lines = properties(HELPLINES);
        Set<String> countries = new TreeSet<>();
        lines.stringPropertyNames().forEach(k -> countries.add(k.substring(0, Math.max(0, k.indexOf('.')))));
        countries.remove("default");
        String country = settings.country().strip().toUpperCase(Locale.ROOT);
        if (!country.isEmpty() && !countries.contains(country)) {
            throw new IllegalStateException("REPAIRBOT_SAFETY_COUNTRY is '" + settings.country() + "', but " + HELPLINES
                    + " has no help lines for it (it has: " + String.join(", ", countries)
                    + "); add them there, or leave the setting empty for the international default");
        }
        // Read and put together once, at start: a missing text fails start-up, never the moment someone needs it.
        String key = country.isEmpty() ? "default" : country;
        String emergency = line(lines, key, "emergency");
        String crisisLines = emergency + "\n" + line(lines, key, "crisis");
        // After abuse or fear, the crisis line too, after the abuse one: someone harmed at home may also be in despair.
        String abuseLines = emergency + "\n" + line(lines, key, "abuse") + "\n" + line(lines, key, "crisis");
        this.crisisHelp = text("safety/crisis-reply.txt").replace("{helplines}", crisisLines);
        this.abuseHelp = text("safety/abuse-reply.txt").replace("{helplines}", abuseLines);
        this.crisisAgain = text("safety/crisis-again.txt").replace("{helplines}", crisisLines);
        this.abuseAgain = text("safety/abuse-again.txt").replace("{helplines}", abuseLines);
        this.harmHelp = text("safety/harm-reply.txt").replace("{helplines}", abuseLines);
        this.partnerHelp = text("safety/harm-partner.txt").replace("{helplines}", abuseLines);
        // Both kinds (the abuse answer's lines) where the kind is not known or both may matter: the help for someone who
        // opens the chat later, and the individual support a held couple is pointed to.
        this.laterHelp = text("safety/later-reply.txt").replace("{helplines}", abuseLines);
        this.individualSupport = text("safety/individual-support.txt").replace("{helplines}", abuseLines);
        this.therapy = settings.therapyText().isBlank() ? text("safety/therapy.txt") : settings.therapyText().strip();
    }

    /** Both layers: what the service and the conversation tests use. */
    public static ScreeningSafety full(SafetySettings settings) {
        return new ScreeningSafety(settings, List.of(new PhraseScreen(), MeaningScreen.fromJar()));
    }

    /** The phrase layer only, for tests of the engine that need no model. */
    public static ScreeningSafety phrasesOnly() {
        return new ScreeningSafety(new SafetySettings("", ""), List.of(new PhraseScreen()));
    }

    @Override
    public Optional<Concern> screen(String text) {
        return screen(text, false);
    }

    @Override
    public Optional<Concern> screenClosely(String text) {
        return screen(text, true);
    }

    private Optional<Concern> screen(String text, boolean closely) {
        if (text.isBlank()) {
            return Optional.empty();
        }
        Optional<Concern> found = Optional.empty();
        for (Screen layer : layers) {
            Optional<Concern> c = closely ? layer.screenClosely(text) : layer.screen(text);
            if (c.filter(Concern::holds).isPresent()) {
                return c;
            }
            if (found.isEmpty()) {
                found = c;
            }
        }
        return found;
    }

    @Override
    public String help(Concern concern) {
        return switch (concern) {
            case ABUSE -> abuseHelp;
            case HARM -> harmHelp;
            case CRISIS -> crisisHelp;
        };
    }

    @Override
    public String helpForThePartner() {
        return partnerHelp;
    }

    @Override
    public String helpAgain(Concern concern) {
        return switch (concern) {
            case ABUSE -> abuseAgain;
            case HARM -> harmHelp;
            case CRISIS -> crisisAgain;
        };
    }

    @Override
    public String helpLater() {
        return laterHelp;
    }

    @Override
    public String therapyReferral() {
        return therapy;
    }

    @Override
    public String individualSupport() {
        return individualSupport;
    }

    /** One of a country's three lines ({@code emergency}, {@code crisis}, {@code abuse}); missing, start-up fails naming it. */
    private static String line(Properties lines, String country, String kind) {
        String value = lines.getProperty(country + "." + kind);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(HELPLINES + " has no '" + country + "." + kind + "' line: each country needs "
                    + country + ".emergency, " + country + ".crisis and " + country + ".abuse");
        }
        return value.strip();
    }

    private static String text(String resource) {
        return String.join("\n", WordLists.raw(resource)).strip();
    }

    private static Properties properties(String resource) {
        try (InputStream in = ScreeningSafety.class.getClassLoader().getResourceAsStream(resource)) {
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
