package app.repairbot.safety;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import app.repairbot.safety.SafetyCorpus.Example;
import app.repairbot.safety.SafetyCorpus.Label;

/**
 * {@code safety-train [DIR] [OUT]}: splits the corpus in DIR (every {@code *.tsv} but the two it
 * writes) into {@code train.tsv} and {@code heldout.tsv} by a hash of each text, adds all of
 * {@code DIR/train-only/} to the training part, fits the
 * meaning layer on the training part only, chooses its threshold by cross-validation on the
 * training part only, and writes the model to OUT. The same corpus always gives the same model.
 */
public final class SafetyTraining {
    static final String TRAIN = "train.tsv";
    static final String HELD_OUT = "heldout.tsv";
    static final int HELD_OUT_PERCENT = 30;
    /**
     * A folder of the corpus whose texts are all trained on and none held out: batches made from
     * templates, whose texts share sentences, so that a held-out text never has a near-copy in
     * training that would make the held-out figures look better than the screen is.
     */
    static final String TRAIN_ONLY = "train-only";
    /**
     * The most benign texts the two layers together may flag in cross-validation: below the
     * target of 5 % on the held-out part, so that the choice leaves room for texts it never saw (at
     * 4 % the held-out part read 6.5 %).
     */
    static final double BENIGN_FLAG_BUDGET = 0.035;
    private static final int FOLDS = 5;
    private static final double L2 = 0.01;
    private static final int ITERATIONS = 400;

    private SafetyTraining() {
    }

    public static int run(Path dir, Path out, PrintStream print) {
        List<Example> all = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".tsv")).sorted().toList()) {
                String name = f.getFileName().toString();
                if (!name.equals(TRAIN) && !name.equals(HELD_OUT)) {
                    all.addAll(SafetyCorpus.read(f));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        List<Example> train = new ArrayList<>(all.stream().filter(e -> !SafetyCorpus.heldOut(e.text(), HELD_OUT_PERCENT)).toList());
        train.addAll(trainOnly(dir.resolve(TRAIN_ONLY)));
        List<Example> heldOut = all.stream().filter(e -> SafetyCorpus.heldOut(e.text(), HELD_OUT_PERCENT)).toList();
        String header = "# Written by 'java -jar repairbot.jar safety-train': edit the corpus files beside it, not this one.\n";
        SafetyCorpus.write(dir.resolve(TRAIN), train, header);
        SafetyCorpus.write(dir.resolve(HELD_OUT), heldOut, header + "# Held out: never train or tune on these.\n");
        print.printf("corpus: %d texts, %d to train on, %d held out%n", all.size(), train.size(), heldOut.size());

        Embedder embedder = Embedder.shared();
        Map<String, float[]> cache = new HashMap<>();
        PhraseScreen phrases = new PhraseScreen();
        List<float[]> xs = train.stream().map(e -> cache.computeIfAbsent(e.text(), embedder::embed)).toList();
        List<Label> ys = train.stream().map(Example::label).toList();

        // Out-of-fold: for each training text, the least benign part's p(benign) under a model that never saw it.
        double[] oof = new double[train.size()];
        for (int fold = 0; fold < FOLDS; fold++) {
            List<float[]> fx = new ArrayList<>();
            List<String> ft = new ArrayList<>();
            List<Label> fy = new ArrayList<>();
            for (int i = 0; i < train.size(); i++) {
                if (i % FOLDS != fold) {
                    fx.add(xs.get(i));
                    ft.add(train.get(i).text());
                    fy.add(ys.get(i));
                }
            }
            MeaningScreen screen = new MeaningScreen(cached(embedder, cache), MeaningModel.train(fx, ft, fy, L2, ITERATIONS, 0.5));
            for (int i = fold; i < train.size(); i += FOLDS) {
                oof[i] = screen.worst(train.get(i).text())[Label.BENIGN.ordinal()];
            }
        }
        boolean[] byPhrase = new boolean[train.size()];
        for (int i = 0; i < train.size(); i++) {
            byPhrase[i] = phrases.screen(train.get(i).text()).isPresent();
        }
        double threshold = threshold(ys, oof, byPhrase, print);

        MeaningModel model = MeaningModel.train(xs, train.stream().map(Example::text).toList(), ys, L2, ITERATIONS, threshold);
        String comment = "The safety screen's meaning layer: a softmax regression over all-MiniLM-L6-v2 (quantized) embeddings.\n"
                + "Trained by 'java -jar repairbot.jar safety-train' on " + train.size() + " texts of safety-corpus/train.tsv;\n"
                + "a text is flagged when p(benign) of its least benign part is below the threshold.";
        try {
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.writeString(out, model.format(comment), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + out, e);
        }
        print.printf("wrote %s (threshold %.3f)%n", out, threshold);
        return 0;
    }

    /**
     * The highest p(benign) threshold (the most flags) at which the two layers together flag at most
     * {@link #BENIGN_FLAG_BUDGET} of the benign training texts out of fold.
     */
    private static double threshold(List<Label> ys, double[] oof, boolean[] byPhrase, PrintStream print) {
        double best = 0;
        String line = "";
        for (double t = 0.001; t < 0.99; t *= 1.1) {
            int benign = 0;
            int flaggedBenign = 0;
            int concerns = 0;
            int caught = 0;
            for (int i = 0; i < ys.size(); i++) {
                boolean flagged = byPhrase[i] || oof[i] < t;
                if (ys.get(i) == Label.BENIGN) {
                    benign++;
                    flaggedBenign += flagged ? 1 : 0;
                } else {
                    concerns++;
                    caught += flagged ? 1 : 0;
                }
            }
            if ((double) flaggedBenign / benign <= BENIGN_FLAG_BUDGET) {
                best = t;
                line = String.format("cross-validated on the training part at threshold %.4f: concerns caught %.3f, benign flagged %.3f",
                        t, (double) caught / concerns, (double) flaggedBenign / benign);
            }
        }
        print.println(line);
        return best;
    }

    private static List<Example> trainOnly(Path folder) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        List<Example> examples = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".tsv")).sorted().toList()) {
                examples.addAll(SafetyCorpus.read(f));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder, e);
        }
        return examples;
    }

    private static Embedder cached(Embedder embedder, Map<String, float[]> cache) {
        return new Embedder() {
            @Override
            public float[] embed(String text) {
                return cache.computeIfAbsent(text, embedder::embed);
            }

            @Override
            public int dimension() {
                return embedder.dimension();
            }
        };
    }
}
