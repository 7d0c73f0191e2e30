import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import app.repairbot.safety.SafetyCorpus;
import app.repairbot.safety.SafetyCorpus.Example;
import app.repairbot.safety.SafetyTraining;

/**
 * Writes the token ids of the corpus's training part (the corpus safety-train reads, without the
 * held-out texts, exactly as safety-train splits it) for finetune.py:
 * {@code label<TAB>ids<TAB>text} a line. The ids come from the same tokenizer the bot runs, so
 * Python never tokenizes on its own.
 *
 * <p>Run: {@code java -cp CLASSPATH Tokens.java DIR TOKENIZER OUT}
 */
public class Tokens {
    public static void main(String[] args) throws Exception {
        System.setProperty("ai.djl.offline", "true");
        Path dir = Path.of(args[0]);
        int written = 0;
        try (HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.newInstance(Path.of(args[1]));
             BufferedWriter out = Files.newBufferedWriter(Path.of(args[2]))) {
            for (Example e : SafetyTraining.corpus(dir)) {
                if (SafetyCorpus.heldOut(e.text())) {
                    continue;
                }
                Encoding encoding = tokenizer.encode(e.text());
                StringBuilder line = new StringBuilder(e.label().word()).append('\t');
                long[] ids = encoding.getIds();
                for (int i = 0; i < ids.length; i++) {
                    line.append(i == 0 ? "" : " ").append(ids[i]);
                }
                out.write(line.append('\t').append(e.text()).append('\n').toString());
                written++;
            }
        }
        System.out.println(written + " training texts written to " + args[2]);
    }
}
