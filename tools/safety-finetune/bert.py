"""all-MiniLM-L6-v2 in plain torch, with its weights read from the quantized ONNX file langchain4j ships,
and written back into a copy of that file after fine-tuning (same graph, same quantization scheme)."""
import math, onnx, numpy as np, torch, torch.nn as nn
from onnx import numpy_helper as nh

H, HEADS, LAYERS = 384, 12, 6

def read(path):
    m = onnx.load(path)
    init = {t.name: nh.to_array(t) for t in m.graph.initializer}
    cons = {}
    for n in m.graph.node:
        for i in n.input: cons.setdefault(i, []).append(n)
    weight_of = {}  # bias name -> quantized weight name
    for n in m.graph.node:
        if n.op_type != 'MatMulInteger': continue
        frontier, bias = [n], None
        for _ in range(10):
            nxt = []
            for x in frontier:
                for o in x.output:
                    for c in cons.get(o, []):
                        if c.op_type == 'Add':
                            bias = bias or next((i for i in c.input if i in init and i.endswith('bias')), None)
                        nxt.append(c)
            frontier = nxt
            if bias: break
        weight_of[bias] = n.input[1]
    return m, init, weight_of

def deq_matmul(init, q):  # per column symmetric int8 -> torch Linear weight [out, in]
    w = init[q].astype(np.float32) * init[q.replace('_quantized', '_scale')][None, :]
    return torch.tensor(w.T.copy())

def deq_emb(init, name):
    q = init[name + '_quantized'].astype(np.float32)
    return torch.tensor((q - float(init[name + '_zero_point'])) * float(init[name + '_scale']))

class Layer(nn.Module):
    def __init__(self):
        super().__init__()
        self.q, self.k, self.v, self.o = (nn.Linear(H, H) for _ in range(4))
        self.ln1, self.ln2 = nn.LayerNorm(H, eps=1e-12), nn.LayerNorm(H, eps=1e-12)
        self.i, self.out = nn.Linear(H, 4 * H), nn.Linear(4 * H, H)
    def forward(self, x, add_mask):
        b, l, _ = x.shape
        split = lambda t: t.view(b, l, HEADS, H // HEADS).transpose(1, 2)
        s = split(self.q(x)) @ split(self.k(x)).transpose(-1, -2) / math.sqrt(H // HEADS) + add_mask
        ctx = (s.softmax(-1) @ split(self.v(x))).transpose(1, 2).reshape(b, l, H)
        x = self.ln1(x + self.o(ctx))
        return self.ln2(x + self.out(nn.functional.gelu(self.i(x))))

class Bert(nn.Module):
    def __init__(self):
        super().__init__()
        self.word, self.pos, self.typ = nn.Embedding(30522, H), nn.Embedding(512, H), nn.Embedding(2, H)
        self.ln = nn.LayerNorm(H, eps=1e-12)
        self.layers = nn.ModuleList(Layer() for _ in range(LAYERS))
    def forward(self, ids, mask):
        l = ids.shape[1]
        x = self.ln(self.word(ids) + self.pos.weight[:l][None] + self.typ.weight[0][None, None])
        add = (1.0 - mask[:, None, None, :].float()) * torch.finfo(torch.float32).min
        for layer in self.layers: x = layer(x, add)
        return x
    def embed(self, ids, mask):  # mean over real tokens, then unit length, as langchain4j does
        x = self(ids, mask)
        m = mask[..., None].float()
        return nn.functional.normalize((x * m).sum(1) / m.sum(1), dim=-1)

def names(i):
    p = f'encoder.layer.{i}.'
    return {'q': p + 'attention.self.query', 'k': p + 'attention.self.key', 'v': p + 'attention.self.value',
            'o': p + 'attention.output.dense', 'i': p + 'intermediate.dense', 'out': p + 'output.dense',
            'ln1': p + 'attention.output.LayerNorm', 'ln2': p + 'output.LayerNorm'}

def load(path):
    m, init, weight_of = read(path)
    bert = Bert()
    with torch.no_grad():
        bert.word.weight.copy_(deq_emb(init, 'embeddings.word_embeddings.weight'))
        bert.pos.weight.copy_(deq_emb(init, 'embeddings.position_embeddings.weight'))
        bert.typ.weight.copy_(deq_emb(init, 'embeddings.token_type_embeddings.weight'))
        bert.ln.weight.copy_(torch.tensor(init['embeddings.LayerNorm.weight'])); bert.ln.bias.copy_(torch.tensor(init['embeddings.LayerNorm.bias']))
        for i, layer in enumerate(bert.layers):
            for attr, n in names(i).items():
                mod = getattr(layer, attr)
                if attr.startswith('ln'):
                    mod.weight.copy_(torch.tensor(init[n + '.weight']))
                else:
                    mod.weight.copy_(deq_matmul(init, weight_of[n + '.bias']))
                mod.bias.copy_(torch.tensor(init[n + '.bias']))
    return bert

def save(bert, base, path):
    """Writes the encoder layers back into a copy of the base file: weights per column as symmetric int8,
    as in the base; biases and layer norms as float. The embeddings are not trained, so they stay as they are."""
    m, init, weight_of = read(base)
    new = {}
    for i, layer in enumerate(bert.layers):
        for attr, n in names(i).items():
            mod = getattr(layer, attr)
            if attr.startswith('ln'):
                new[n + '.weight'] = mod.weight.detach().numpy().astype(np.float32)
            else:
                q = weight_of[n + '.bias']
                w = mod.weight.detach().numpy().T.astype(np.float32)  # [in, out]
                scale = np.maximum(np.abs(w).max(0), 1e-8) / 127.0
                new[q] = np.clip(np.round(w / scale[None, :]), -127, 127).astype(np.int8)
                new[q.replace('_quantized', '_scale')] = scale.astype(np.float32)
            new[n + '.bias'] = mod.bias.detach().numpy().astype(np.float32)
    new['embeddings.LayerNorm.weight'] = bert.ln.weight.detach().numpy().astype(np.float32)
    new['embeddings.LayerNorm.bias'] = bert.ln.bias.detach().numpy().astype(np.float32)
    for t in m.graph.initializer:
        if t.name in new:
            assert tuple(t.dims) == new[t.name].shape, t.name
            t.CopyFrom(nh.from_array(new[t.name], t.name))
    onnx.save(m, path)
