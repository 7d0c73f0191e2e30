package app.repairbot.safety;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import app.repairbot.engine.Safety.Concern;
import app.repairbot.safety.SafetyCorpus.Label;

/**
 * The safety screen's second layer: what a text means, not which words it uses. A sentence
 * embedding ({@link Embedder}) of the text (of each window of sentences, for a long one) goes through a small classifier ({@link MeaningModel}) trained on the labelled corpus in
 * {@code safety-corpus/}; the text is flagged when any part of it is.
 */
public final class MeaningScreen implements Screen {
    /** Longer texts are screened in windows of whole sentences of about this many characters. */
    static final int WINDOW = 400;
    private static final Pattern WORDS = Pattern.compile("[\\p{L}\\p{N}]+");
    private static final Pattern SENTENCE = Pattern.compile("[^.!?\\n]+(?:[.!?]+|\\n|$)");

    private final Embedder embedder;
    private final MeaningModel model;

    MeaningScreen(Embedder embedder, MeaningModel model) {
        if (embedder.dimension() != model.dimension()) {
            throw new IllegalStateException("the safety model was trained on " + model.dimension()
                    + "-dimensional embeddings, but the embedder makes " + embedder.dimension() + ": train it again");
        }
        this.embedder = embedder;
        this.model = model;
    }

    /** The embedding model that ships in the jar, with the classifier in {@code safety/meaning-model.txt}. */
    public static MeaningScreen fromJar() {
        return new MeaningScreen(Embedder.shared(), MeaningModel.load(MeaningModel.RESOURCE));
    }

    @Override
    public Optional<Concern> screen(String text) {
        return screen(text, model.threshold);
    }

    /** With the model's closer threshold, chosen for a higher false-alarm budget ({@link SafetyTraining}). */
    @Override
    public Optional<Concern> screenClosely(String text) {
        return screen(text, model.closeThreshold);
    }

    private Optional<Concern> screen(String text, double threshold) {
        if (WORDS.matcher(text).results().limit(2).count() < 2) {
            // One word carries too little meaning for an embedding ("forever", "done"): the phrase lists judge it alone.
            return Optional.empty();
        }
        double[] worst = worst(text);
        if (worst == null || worst[Label.BENIGN.ordinal()] >= threshold) {
            return Optional.empty();
        }
        return Optional.of(worst[Label.ABUSE.ordinal()] >= worst[Label.CRISIS.ordinal()] ? Concern.ABUSE : Concern.CRISIS);
    }

    /** The label probabilities of the text's least benign part, or null for an empty text. */
    double[] worst(String text) {
        double[] worst = null;
        for (String part : parts(text)) {
            double[] p = model.probabilities(model.features(embedder.embed(part), part));
            if (worst == null || p[Label.BENIGN.ordinal()] < worst[Label.BENIGN.ordinal()]) {
                worst = p;
            }
        }
        return worst;
    }

    /**
     * What is embedded: the whole text when it is no longer than a chat message usually is; a
     * longer one in windows of whole sentences, so that a plan told in one sentence of a long
     * message is not averaged away by the rest, and the time per text stays bounded per window.
     */
    static List<String> parts(String text) {
        String t = text.strip();
        if (t.isEmpty()) {
            return List.of();
        }
        if (t.length() <= WINDOW) {
            return List.of(t);
        }
        List<String> sentences = new ArrayList<>();
        Matcher m = SENTENCE.matcher(t);
        while (m.find()) {
            String s = m.group().strip();
            if (s.codePoints().filter(Character::isLetter).count() > 1) {
                sentences.add(s);
            }
        }
        if (t.length() <= WINDOW) {
            return List.of(t);
        }
        List<String> parts = new ArrayList<>();
        StringBuilder window = new StringBuilder();
        for (String s : sentences) {
            for (int i = 0; i < s.length(); i += WINDOW) {
                String piece = s.substring(i, Math.min(s.length(), i + WINDOW));
                if (window.length() > 0 && window.length() + piece.length() > WINDOW) {
                    parts.add(window.toString());
                    window.setLength(0);
                }
                window.append(window.length() > 0 ? " " : "").append(piece);
            }
        }
        if (window.length() > 0) {
            parts.add(window.toString());
        }
        return parts;
    }
}
