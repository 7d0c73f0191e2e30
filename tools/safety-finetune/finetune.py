"""Fine-tunes all-MiniLM-L6-v2 (the quantized copy langchain4j ships) to tell crisis and abuse disclosures from
ordinary couples' talk, and writes the encoder back in the same quantized ONNX form.

Input: token ids of the training part (label<TAB>ids<TAB>text, from Tokens.java). The training part is split
again by a hash of each text into five folds of about 20 %. With a fold (0 to 4) as the fifth argument, the
encoder is fine-tuned on the other four ("A") and never sees that fold ("B"): safety-train scores each fold with
the encoder that never saw it, and chooses its threshold on those scores. With "all", the encoder is fine-tuned
on the whole training part: that is the one the bot ships."""
import sys, random, time, torch, torch.nn as nn, numpy as np, bert

LABELS = {'benign': 0, 'crisis': 1, 'abuse': 2}
MAX_LEN, BATCH, EPOCHS, LR, SEED = 128, 32, int(sys.argv[4]) if len(sys.argv) > 4 else 4, 4e-5, 7

def fnv(text):
    h = 0x811c9dc5
    for b in text.encode('utf-8'):
        h = ((h ^ b) * 0x01000193) & 0xffffffff
    return h

def fold(text):  # same as SafetyCorpus.fold in Java (FOLDS = 5: 100 // 5 = 20)
    return fnv('calibration:' + text) % 100 // 20

def rows(path):
    out = []
    for line in open(path, encoding='utf-8'):
        label, ids, text = line.rstrip('\n').split('\t', 2)
        ids = [int(x) for x in ids.split()]
        if len(ids) > MAX_LEN: ids = ids[:MAX_LEN - 1] + [102]
        out.append((LABELS[label], ids, text))
    return out

def batches(data, shuffle):
    order = sorted(range(len(data)), key=lambda i: len(data[i][1]))
    bs = [order[i:i + BATCH] for i in range(0, len(order), BATCH)]
    if shuffle: random.shuffle(bs)
    for b in bs:
        l = max(len(data[i][1]) for i in b)
        ids = torch.zeros(len(b), l, dtype=torch.long); mask = torch.zeros(len(b), l, dtype=torch.long)
        for j, i in enumerate(b):
            ids[j, :len(data[i][1])] = torch.tensor(data[i][1]); mask[j, :len(data[i][1])] = 1
        yield ids, mask, torch.tensor([data[i][0] for i in b]), b

class Classifier(nn.Module):
    def __init__(self, enc):
        super().__init__()
        self.enc, self.head = enc, nn.Linear(bert.H, 3)
    def forward(self, ids, mask):
        return self.head(self.enc.embed(ids, mask) * 20.0)

def benign_probability(model, data):
    model.eval(); p = np.zeros(len(data))
    with torch.no_grad():
        for ids, mask, y, b in batches(data, False):
            p[b] = model(ids, mask).softmax(-1)[:, 0].numpy()
    model.train(); return p

def report(name, model, data, budget=0.035):
    p = benign_probability(model, data)
    y = np.array([d[0] for d in data])
    t = np.quantile(p[y == 0], budget)  # flag the lowest p(benign): at most `budget` of benign texts
    for c, n in ((1, 'crisis'), (2, 'abuse')):
        print(f'  {name} {n} recall at {budget:.1%} benign flagged: {np.mean(p[y == c] < t):.3f}')
    sys.stdout.flush()

def train(model, data, params, epochs, lr):
    opt = torch.optim.AdamW(params, lr=lr, weight_decay=0.01)
    steps = epochs * ((len(data) + BATCH - 1) // BATCH); step = 0
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min(1.0, (s + 1) / (0.1 * steps)) * max(0.0, 1 - s / steps))
    for e in range(epochs):
        t0, total = time.time(), 0.0
        for ids, mask, y, _ in batches(data, True):
            loss = nn.functional.cross_entropy(model(ids, mask), y)
            opt.zero_grad(); loss.backward(); opt.step(); sched.step(); total += float(loss)
        print(f'epoch {e + 1}: loss {total:.1f}, {time.time() - t0:.0f} s'); sys.stdout.flush()

def fit_head(model, data):
    with torch.no_grad():
        xs, ys = [], []
        for ids, mask, y, _ in batches(data, False):
            xs.append(model.enc.embed(ids, mask) * 20.0); ys.append(y)
    x, y = torch.cat(xs), torch.cat(ys)
    opt = torch.optim.LBFGS(model.head.parameters(), max_iter=200)
    def closure():
        opt.zero_grad(); loss = nn.functional.cross_entropy(model.head(x), y) + 1e-4 * model.head.weight.pow(2).sum(); loss.backward(); return loss
    opt.step(closure)

if __name__ == '__main__':
    base, ids_file, out = sys.argv[1:4]
    kept = sys.argv[5] if len(sys.argv) > 5 else 'all'
    torch.set_num_threads(2); torch.manual_seed(SEED); random.seed(SEED)
    data = rows(ids_file)
    a = [d for d in data if kept == 'all' or fold(d[2]) != int(kept)]
    b = [d for d in data if kept != 'all' and fold(d[2]) == int(kept)]
    print(f'{len(a)} texts to fine-tune on, {len(b)} kept back (fold {kept})')
    enc = bert.load(base)
    for p in list(enc.word.parameters()) + list(enc.pos.parameters()) + list(enc.typ.parameters()):
        p.requires_grad = False
    model = Classifier(enc)
    fit_head(model, a)  # the head alone first, on the frozen encoder: the figure to beat on B
    if b: report('frozen encoder, B', model, b)
    train(model, a, [p for p in model.parameters() if p.requires_grad], EPOCHS, LR)
    if b: report('fine-tuned, B', model, b)
    bert.save(enc, base, out)
    print('wrote', out)
