package app.repairbot.safety;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;

/**
 * Turns a text into a sentence embedding. The one in use is all-MiniLM-L6-v2 (quantized), run
 * in-process by ONNX Runtime through langchain4j: its weights and tokenizer are inside the jar,
 * and nothing is downloaded (DJL is told to stay offline before it loads).
 */
interface Embedder {
    float[] embed(String text);

    int dimension();

    /** The jar's model, loaded once per process (about two seconds) on first use. */
    static Embedder shared() {
        return Shared.INSTANCE;
    }

    final class Shared implements Embedder {
        static final Shared INSTANCE = new Shared();
        private final EmbeddingModel model;

        private Shared() {
            System.setProperty("ai.djl.offline", "true");
            nativeLibraryFolder();
            // Runs on the caller's thread: no pool of its own, and one screen's cost stays on the update it screens.
            this.model = new AllMiniLmL6V2QuantizedEmbeddingModel(Runnable::run);
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

        @Override
        public float[] embed(String text) {
            return model.embed(text).content().vector();
        }

        @Override
        public int dimension() {
            return 384;
        }
    }
}
