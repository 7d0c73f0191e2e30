package app.repairbot.safety;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Labelled texts for the safety screen, one a line: {@code label<TAB>text}, where label is
 * {@code crisis}, {@code abuse} or {@code benign}. Blank lines and lines starting with '#' are
 * skipped; anything else that is not of that form is an error naming its line.
 */
public final class SafetyCorpus {
    /** What a text is: the concern it discloses, or none. */
    public enum Label {
        BENIGN, CRISIS, ABUSE;

        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public record Example(Label label, String text) {
    }

    /** The share of the corpus held out, never trained or tuned on. */
    static final int HELD_OUT_PERCENT = 30;
    /** The folds the training part is split into for fine-tuning and choosing the threshold ({@link #fold}). */
    public static final int FOLDS = 5;

    private SafetyCorpus() {
    }

    public static List<Example> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        List<Example> examples = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int tab = line.indexOf('\t');
            Label label = tab < 0 ? null : label(line.substring(0, tab).strip());
            if (label == null) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": expected 'crisis', 'abuse' or 'benign', a tab, "
                        + "then the text; found '" + (line.length() > 40 ? line.substring(0, 40) + "…" : line) + "'");
            }
            examples.add(new Example(label, line.substring(tab + 1)));
        }
        return examples;
    }

    private static Label label(String word) {
        for (Label l : Label.values()) {
            if (l.word().equals(word)) {
                return l;
            }
        }
        return null;
    }

    /**
     * Whether an example belongs to the held-out part that safety-train writes to heldout.tsv:
     * decided by a hash of its text alone, so the split is the same on every machine and adding
     * examples never moves an existing one.
     */
    public static boolean heldOut(String text) {
        return Integer.remainderUnsigned(fnv1a(text), 100) < HELD_OUT_PERCENT;
    }

    /**
     * Which of the training part's {@link #FOLDS} folds a text is in (about a fifth each): the
     * encoder that scores a fold for safety-train's threshold was fine-tuned on the other four, so
     * the threshold is chosen on texts their encoder never saw. A second hash of the text, the same
     * in {@code tools/safety-finetune/finetune.py}.
     */
    public static int fold(String text) {
        return Integer.remainderUnsigned(fnv1a("calibration:" + text), 100) / (100 / FOLDS);
    }

    private static int fnv1a(String text) {
        int h = 0x811c9dc5;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xff)) * 0x01000193;
        }
        return h;
    }

    public static void write(Path file, List<Example> examples, String header) {
        StringBuilder b = new StringBuilder(header);
        for (Example e : examples) {
            b.append(e.label().word()).append('\t').append(e.text()).append('\n');
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, b, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
