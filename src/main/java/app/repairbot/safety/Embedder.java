package app.repairbot.safety;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;

/**
 * Turns a text into a sentence embedding. The one in use is all-MiniLM-L6-v2 (quantized, as
 * langchain4j ships it), fine-tuned for this screen by {@code tools/safety-finetune}: the same graph
 * and tokenizer, with new weights. It runs in-process by ONNX Runtime through langchain4j; its
 * weights and tokenizer are resources of the jar, and nothing is downloaded (DJL is told to stay
 * offline before it loads).
 */
interface Embedder {
    float[] embed(String text);

    int dimension();

    /** The jar's model, loaded once per process (about two seconds) on first use. */
    static Embedder shared() {
        return Shared.INSTANCE;
    }

    /**
     * An encoder read from files, for safety-train's folds (tools/safety-finetune writes one per fold):
     * the jar's tokenizer, the given weights.
     */
    static Embedder fromFile(Path model) {
        try (InputStream weights = Files.newInputStream(model)) {
            return Encoder.of(weights);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the encoder " + model, e);
        }
    }

    /** all-MiniLM-L6-v2's graph with the given weights and the jar's tokenizer, mean-pooled: 384 numbers a text. */
    record Encoder(EmbeddingModel model) implements Embedder {
        static final String TOKENIZER = "safety/encoder-tokenizer.json";

        static Encoder of(InputStream weights) throws IOException {
            System.setProperty("ai.djl.offline", "true");
            nativeLibraryFolder();
            try (InputStream tokenizer = resource(TOKENIZER)) {
                return new Encoder(new JarModel(new OnnxBertBiEncoder(weights, tokenizer, PoolingMode.MEAN)));
            }
        }

        /**
         * The tokenizer's native library is unpacked from its jar into DJL's cache folder, by default
         * under the home folder. Where that cannot be written (a container's system user), a new
         * private temporary folder is used instead (never a fixed name under /tmp, which another
         * local user could have prepared). {@code DJL_CACHE_DIR} chooses it explicitly.
         */
        private static void nativeLibraryFolder() {
            if (System.getProperty("DJL_CACHE_DIR") != null || System.getenv("DJL_CACHE_DIR") != null) {
                return;
            }
            Path home = Path.of(System.getProperty("user.home", "."));
            if (Files.isWritable(home)) {
                return;
            }
            try {
                System.setProperty("DJL_CACHE_DIR", Files.createTempDirectory("repairbot-djl").toString());
            } catch (IOException e) {
                throw new UncheckedIOException("no folder to unpack the tokenizer's native library into: set DJL_CACHE_DIR", e);
            }
        }

        static InputStream resource(String name) {
            InputStream in = Embedder.class.getClassLoader().getResourceAsStream(name);
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the jar: see tools/safety-finetune/README.md");
            }
            return in;
        }

        @Override
        public float[] embed(String text) {
            return model.embed(text).content().vector();
        }

        @Override
        public int dimension() {
            return 384;
        }
    }

    /** The jar's own encoder, made on first use. */
    final class Shared {
        static final String MODEL = "safety/encoder.onnx";
        static final Encoder INSTANCE = load();

        private Shared() {
        }

        private static Encoder load() {
            try (InputStream model = Encoder.resource(MODEL)) {
                return Encoder.of(model);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the safety screen's encoder from the jar", e);
            }
        }
    }

    /** langchain4j's in-process BERT encoder over a model read from the jar, on the caller's thread. */
    final class JarModel extends AbstractInProcessEmbeddingModel {
        private final OnnxBertBiEncoder encoder;

        JarModel(OnnxBertBiEncoder encoder) {
            // Runs on the caller's thread: no pool of its own, and one screen's cost stays on the update it screens.
            super(Runnable::run);
            this.encoder = encoder;
        }

        @Override
        protected OnnxBertBiEncoder model() {
            return encoder;
        }

        @Override
        protected Integer knownDimension() {
            return 384;
        }
    }
}
