package app.repairbot.safety;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetyTrainingTests {
    @Test
    void withoutTheFoldEncodersItWritesNothingAndSaysWhatToRun(@TempDir Path tmp) throws Exception {
        Path corpus = Files.createDirectories(tmp.resolve("corpus"));
        Files.writeString(corpus.resolve("crisis.tsv"), "crisis\ti have pills saved up\nbenign\twe argued about the dishes again\n");
        Path folds = Files.createDirectories(tmp.resolve("finetune"));
        for (int fold = 0; fold < 4; fold++) {
            Files.writeString(folds.resolve("encoder-fold-" + fold + ".onnx"), "");
        }
        Path out = tmp.resolve("meaning-model.txt");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        int code = SafetyTraining.run(corpus, out, folds, new PrintStream(printed, true, StandardCharsets.UTF_8));

        assertThat(code).isEqualTo(1);
        assertThat(printed.toString(StandardCharsets.UTF_8))
                .contains("encoder-fold-4.onnx is missing, so nothing was written")
                .contains("tools/safety-finetune/run.sh");
        assertThat(out).doesNotExist();
        assertThat(corpus.resolve(SafetyTraining.TRAIN)).doesNotExist();
        assertThat(corpus.resolve(SafetyTraining.HELD_OUT)).doesNotExist();
    }
}
