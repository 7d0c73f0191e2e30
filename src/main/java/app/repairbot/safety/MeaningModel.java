package app.repairbot.safety;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import app.repairbot.safety.SafetyCorpus.Label;

/**
 * A softmax (multinomial logistic) regression over a text's sentence embedding and the words and
 * word pairs it contains (those that at least two training texts share): each feature is
 * standardised, then scored per label. A text is flagged when the probability that it is benign
 * falls below {@link #threshold}, and then as whichever concern scores higher. Trained by
 * {@link #train}; kept as a small text resource ({@code safety/meaning-model.txt}).
 */
final class MeaningModel {
    static final String RESOURCE = "safety/meaning-model.txt";
    private static final Label[] LABELS = Label.values();
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");
    /** A word or pair becomes a feature when this many training texts have it. */
    private static final int MIN_TEXTS_PER_TERM = 2;

    final float[] mean;
    final float[] scale;
    final float[][] weights;
    final float[] bias;
    final double threshold;
    /** The higher threshold (more flags) for reading closely after a recent disclosure; at least {@link #threshold}. */
    final double closeThreshold;
    /** Words and word pairs whose presence is a feature beside the embedding, in feature order. */
    final List<String> vocabulary;
    private final Map<String, Integer> index = new HashMap<>();

    MeaningModel(float[] mean, float[] scale, float[][] weights, float[] bias, double threshold, double closeThreshold,
                 List<String> vocabulary) {
        if (closeThreshold < threshold) {
            throw new IllegalArgumentException("the close threshold " + closeThreshold + " is below the threshold " + threshold);
        }
        this.mean = mean;
        this.scale = scale;
        this.weights = weights;
        this.bias = bias;
        this.threshold = threshold;
        this.closeThreshold = closeThreshold;
        this.vocabulary = List.copyOf(vocabulary);
        for (int i = 0; i < vocabulary.size(); i++) {
            index.put(vocabulary.get(i), i);
        }
    }

    /** The embedding's size: the features are the embedding, then one per vocabulary entry. */
    int dimension() {
        return mean.length - vocabulary.size();
    }

    /** A text's words and adjacent word pairs, lower case, apostrophes dropped: "dont_want". */
    static Set<String> terms(String text) {
        List<String> words = new ArrayList<>();
        Matcher m = WORD.matcher(text.toLowerCase(Locale.ROOT).replace("'", "").replace("\u2019", ""));
        while (m.find()) {
            words.add(m.group());
        }
        Set<String> terms = new HashSet<>(words);
        for (int i = 0; i + 1 < words.size(); i++) {
            terms.add(words.get(i) + "_" + words.get(i + 1));
        }
        return terms;
    }

    /** The features of a text with this embedding. */
    float[] features(float[] embedding, String text) {
        return features(embedding, text, index);
    }

    static float[] features(float[] embedding, String text, Map<String, Integer> index) {
        float[] x = Arrays.copyOf(embedding, embedding.length + index.size());
        for (String t : terms(text)) {
            Integer i = index.get(t);
            if (i != null) {
                x[embedding.length + i] = 1;
            }
        }
        return x;
    }

    /** The probability of each label (in {@link Label} order) for one text's features. */
    double[] probabilities(float[] x) {
        double[] z = new double[LABELS.length];
        for (int k = 0; k < LABELS.length; k++) {
            double s = bias[k];
            float[] w = weights[k];
            for (int d = 0; d < x.length; d++) {
                s += w[d] * ((x[d] - mean[d]) / scale[d]);
            }
            z[k] = s;
        }
        return softmax(z);
    }

    private static double[] softmax(double[] z) {
        double max = Arrays.stream(z).max().orElse(0);
        double sum = 0;
        double[] p = new double[z.length];
        for (int k = 0; k < z.length; k++) {
            p[k] = Math.exp(z[k] - max);
            sum += p[k];
        }
        for (int k = 0; k < z.length; k++) {
            p[k] /= sum;
        }
        return p;
    }


    /**
     * Fits the model by full-batch gradient descent with L2 regularisation, from zeros (so the
     * same data always gives the same weights). Labels are weighted so each counts equally.
     */
    static MeaningModel train(List<float[]> embeddings, List<String> texts, List<Label> ys, double l2, int iterations,
                              double threshold, double closeThreshold) {
        Map<String, Integer> seen = new HashMap<>();
        texts.forEach(t -> terms(t).forEach(term -> seen.merge(term, 1, Integer::sum)));
        List<String> vocabulary = seen.entrySet().stream().filter(e -> e.getValue() >= MIN_TEXTS_PER_TERM).map(Map.Entry::getKey)
                .sorted().toList();
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < vocabulary.size(); i++) {
            index.put(vocabulary.get(i), i);
        }
        List<float[]> xs = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            xs.add(features(embeddings.get(i), texts.get(i), index));
        }
        int n = xs.size();
        int dim = xs.get(0).length;
        float[] mean = new float[dim];
        float[] scale = new float[dim];
        for (float[] x : xs) {
            for (int d = 0; d < dim; d++) {
                mean[d] += x[d] / n;
            }
        }
        for (float[] x : xs) {
            for (int d = 0; d < dim; d++) {
                scale[d] += (x[d] - mean[d]) * (x[d] - mean[d]) / n;
            }
        }
        for (int d = 0; d < dim; d++) {
            scale[d] = (float) Math.max(1e-6, Math.sqrt(scale[d]));
        }
        double[][] z = new double[n][dim];
        for (int i = 0; i < n; i++) {
            for (int d = 0; d < dim; d++) {
                z[i][d] = (xs.get(i)[d] - mean[d]) / scale[d];
            }
        }
        int[] count = new int[LABELS.length];
        ys.forEach(y -> count[y.ordinal()]++);
        double[] sampleWeight = new double[n];
        for (int i = 0; i < n; i++) {
            sampleWeight[i] = (double) n / (LABELS.length * Math.max(1, count[ys.get(i).ordinal()]));
        }
        double[][] w = new double[LABELS.length][dim];
        double[] b = new double[LABELS.length];
        double rate = 0.5;
        for (int it = 0; it < iterations; it++) {
            double[][] gw = new double[LABELS.length][dim];
            double[] gb = new double[LABELS.length];
            for (int i = 0; i < n; i++) {
                double[] s = new double[LABELS.length];
                for (int k = 0; k < LABELS.length; k++) {
                    double v = b[k];
                    for (int d = 0; d < dim; d++) {
                        v += w[k][d] * z[i][d];
                    }
                    s[k] = v;
                }
                double[] p = softmax(s);
                for (int k = 0; k < LABELS.length; k++) {
                    double g = sampleWeight[i] * (p[k] - (ys.get(i).ordinal() == k ? 1 : 0)) / n;
                    gb[k] += g;
                    for (int d = 0; d < dim; d++) {
                        gw[k][d] += g * z[i][d];
                    }
                }
            }
            for (int k = 0; k < LABELS.length; k++) {
                b[k] -= rate * gb[k];
                for (int d = 0; d < dim; d++) {
                    w[k][d] -= rate * (gw[k][d] + l2 * w[k][d]);
                }
            }
        }
        float[][] wf = new float[LABELS.length][dim];
        float[] bf = new float[LABELS.length];
        for (int k = 0; k < LABELS.length; k++) {
            bf[k] = (float) b[k];
            for (int d = 0; d < dim; d++) {
                wf[k][d] = (float) w[k][d];
            }
        }
        return new MeaningModel(mean, scale, wf, bf, threshold, closeThreshold, vocabulary);
    }

    String format(String comment) {
        StringBuilder s = new StringBuilder();
        comment.lines().forEach(l -> s.append("# ").append(l).append('\n'));
        s.append("threshold ").append(threshold).append('\n');
        s.append("close-threshold ").append(closeThreshold).append('\n');
        s.append("vocabulary");
        vocabulary.forEach(v -> s.append(' ').append(v));
        s.append('\n');
        row(s, "mean", mean);
        row(s, "scale", scale);
        for (Label l : LABELS) {
            row(s, "weights." + l.word(), weights[l.ordinal()]);
        }
        row(s, "bias", bias);
        return s.toString();
    }

    private static void row(StringBuilder s, String name, float[] values) {
        s.append(name);
        for (float v : values) {
            s.append(' ').append(v);
        }
        s.append('\n');
    }

    static MeaningModel load(String resource) {
        InputStream in = MeaningModel.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException(resource + " is missing from the jar: train it with 'java -jar repairbot.jar safety-train'");
        }
        double threshold = Double.NaN;
        double closeThreshold = Double.NaN;
        List<String> vocabulary = null;
        float[] mean = null;
        float[] scale = null;
        float[] bias = null;
        float[][] weights = new float[LABELS.length][];
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] parts = line.strip().split(" ");
                String name = parts[0];
                if (name.equals("threshold")) {
                    threshold = Double.parseDouble(parts[1]);
                    continue;
                }
                if (name.equals("close-threshold")) {
                    closeThreshold = Double.parseDouble(parts[1]);
                    continue;
                }
                if (name.equals("vocabulary")) {
                    vocabulary = Arrays.asList(parts).subList(1, parts.length);
                    continue;
                }
                float[] values = new float[parts.length - 1];
                for (int i = 1; i < parts.length; i++) {
                    values[i - 1] = Float.parseFloat(parts[i]);
                }
                switch (name) {
                    case "mean" -> mean = values;
                    case "scale" -> scale = values;
                    case "bias" -> bias = values;
                    default -> {
                        if (!name.startsWith("weights.")) {
                            throw new IllegalStateException(resource + ": unknown row '" + name + "'");
                        }
                        weights[Label.valueOf(name.substring("weights.".length()).toUpperCase(Locale.ROOT)).ordinal()] = values;
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
        if (Double.isNaN(threshold) || Double.isNaN(closeThreshold) || vocabulary == null || mean == null || scale == null || bias == null || Arrays.stream(weights).anyMatch(w -> w == null)) {
            throw new IllegalStateException(resource + " is incomplete: train it again with 'java -jar repairbot.jar safety-train'");
        }
        return new MeaningModel(mean, scale, weights, bias, threshold, closeThreshold, vocabulary);
    }
}
