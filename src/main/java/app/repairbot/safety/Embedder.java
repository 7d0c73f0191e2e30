package app.repairbot.safety;

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
            // Runs on the caller's thread: no pool of its own, and one screen's cost stays on the update it screens.
            this.model = new AllMiniLmL6V2QuantizedEmbeddingModel(Runnable::run);
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
