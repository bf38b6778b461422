// A multinomial logistic regression (softmax) over binary features, and a multinomial naive
// Bayes for comparison. Plain Node, deterministic (fixed order, no random shuffles).
import { features } from './features.mjs';

/** Training examples from the corpora: features and a soft target (two annotators: half each). */
export function example(c) {
  const ev = { texts: [c.text] };
  for (const k of ['httpStatus', 'exitCode', 'signal']) if (c[k] !== undefined) ev[k] = c[k];
  const labels = c.labels ?? [c.reason];
  const target = new Map();
  for (const l of labels) target.set(l, (target.get(l) ?? 0) + 1 / labels.length);
  return { feats: [...features(ev)], target, labels, ev, case: c };
}

function docFreq(examples) {
  const df = new Map();
  for (const e of examples) for (const f of e.feats) df.set(f, (df.get(f) ?? 0) + 1);
  return df;
}

/**
 * Softmax regression, AdaGrad, L2. Returns { classes, bias, weights: Map<feature, Float64Array> }.
 * opts: minDf, epochs, lr, l2, order (the multiplier that fixes each epoch's permutation).
 */
export function trainLogistic(examples, opts) {
  const { minDf = 2, epochs = 30, lr = 0.5, l2 = 1e-4, order: mult = 7919 } = opts;
  const classes = [...new Set(examples.flatMap((e) => [...e.target.keys()]))].sort();
  const K = classes.length;
  const ci = new Map(classes.map((c, i) => [c, i]));
  const df = docFreq(examples);
  const vocab = new Map();
  for (const [f, n] of [...df].sort((a, b) => (a[0] < b[0] ? -1 : 1))) if (n >= minDf) vocab.set(f, vocab.size);
  const V = vocab.size;
  const W = new Float64Array(V * K);
  const G = new Float64Array(V * K).fill(1e-8);
  const b = new Float64Array(K);
  const Gb = new Float64Array(K).fill(1e-8);
  const docs = examples.map((e) => ({
    ids: e.feats.map((f) => vocab.get(f)).filter((x) => x !== undefined),
    t: [...e.target].map(([l, w]) => [ci.get(l), w]),
  }));
  const p = new Float64Array(K);
  for (let ep = 0; ep < epochs; ep++) {
    // A fixed permutation per epoch (deterministic).
    const order = docs.map((_, i) => i).sort((x, y) => ((x * mult + ep * 104729) % docs.length) - ((y * mult + ep * 104729) % docs.length));
    for (const di of order) {
      const d = docs[di];
      let max = -Infinity;
      for (let k = 0; k < K; k++) {
        let s = b[k];
        for (const id of d.ids) s += W[id * K + k];
        p[k] = s;
        if (s > max) max = s;
      }
      let z = 0;
      for (let k = 0; k < K; k++) z += p[k] = Math.exp(p[k] - max);
      for (let k = 0; k < K; k++) p[k] /= z;
      for (const [k, w] of d.t) p[k] -= w; // gradient of cross-entropy: p - target
      for (let k = 0; k < K; k++) {
        const g = p[k];
        Gb[k] += g * g;
        b[k] -= (lr * g) / Math.sqrt(Gb[k]);
        for (const id of d.ids) {
          const at = id * K + k;
          const gg = g + l2 * W[at];
          G[at] += gg * gg;
          W[at] -= (lr * gg) / Math.sqrt(G[at]);
        }
      }
    }
  }
  const weights = new Map();
  for (const [f, id] of vocab) weights.set(f, W.subarray(id * K, id * K + K));
  return { classes, bias: b, weights };
}

/**
 * The mean of models trained on the same examples (same classes and features): one model whose
 * verdicts move less with the order the examples were seen in.
 */
export function averageModels(models) {
  const [first] = models;
  const bias = new Float64Array(first.bias.length);
  for (const m of models) m.bias.forEach((x, k) => (bias[k] += x / models.length));
  const weights = new Map();
  for (const [f, w] of first.weights) {
    const sum = new Float64Array(w.length);
    for (const m of models) m.weights.get(f).forEach((x, k) => (sum[k] += x / models.length));
    weights.set(f, sum);
  }
  return { classes: first.classes, bias, weights };
}

/** Multinomial naive Bayes over binary features (Laplace alpha). Same model shape as above. */
export function trainBayes(examples, opts) {
  const { minDf = 2, alpha = 0.3 } = opts;
  const classes = [...new Set(examples.flatMap((e) => [...e.target.keys()]))].sort();
  const K = classes.length;
  const ci = new Map(classes.map((c, i) => [c, i]));
  const df = docFreq(examples);
  const vocab = [...df].filter(([, n]) => n >= minDf).map(([f]) => f);
  const vi = new Map(vocab.map((f, i) => [f, i]));
  const count = new Float64Array(vocab.length * K);
  const total = new Float64Array(K);
  const prior = new Float64Array(K);
  for (const e of examples) {
    for (const [l, w] of e.target) {
      const k = ci.get(l);
      prior[k] += w;
      for (const f of e.feats) {
        const id = vi.get(f);
        if (id === undefined) continue;
        count[id * K + k] += w;
        total[k] += w;
      }
    }
  }
  const N = prior.reduce((a, x) => a + x, 0);
  const bias = new Float64Array(K);
  const weights = new Map();
  // log P(f|c) relative to an unseen feature, so absent features cost nothing: the bias
  // carries the unseen mass; only seen features are stored.
  for (let k = 0; k < K; k++) bias[k] = Math.log(prior[k] / N);
  for (const [f, id] of vi) {
    const w = new Float64Array(K);
    for (let k = 0; k < K; k++) w[k] = Math.log((count[id * K + k] + alpha) / (total[k] + alpha * vocab.length));
    weights.set(f, w);
  }
  return { classes, bias, weights };
}

/** Probabilities of each class for a feature list. */
export function predict(model, feats, temperature = 1) {
  const K = model.classes.length;
  const s = Float64Array.from(model.bias);
  for (const f of feats) {
    const w = model.weights.get(f);
    if (w) for (let k = 0; k < K; k++) s[k] += w[k];
  }
  let max = -Infinity;
  for (let k = 0; k < K; k++) if (s[k] > max) max = s[k];
  let z = 0;
  const p = new Float64Array(K);
  for (let k = 0; k < K; k++) z += p[k] = Math.exp((s[k] - max) / temperature);
  let best = 0;
  for (let k = 0; k < K; k++) {
    p[k] /= z;
    if (p[k] > p[best]) best = k;
  }
  return { reason: model.classes[best], confidence: p[best], p };
}

/**
 * Prunes to at most maxFeatures features (largest weight spread first), drops weights below
 * minWeight and rounds to `digits` decimals: the model as stored is the model evaluated.
 */
export function prune(model, { maxFeatures = 4000, minWeight = 0.05, digits = 2 }) {
  const q = 10 ** digits;
  const ranked = [...model.weights]
    .map(([f, w]) => {
      let hi = -Infinity;
      let lo = Infinity;
      for (const x of w) {
        if (x > hi) hi = x;
        if (x < lo) lo = x;
      }
      return [f, w, hi - lo];
    })
    .sort((a, b) => b[2] - a[2] || (a[0] < b[0] ? -1 : 1))
    .slice(0, maxFeatures);
  const weights = new Map();
  for (const [f, w] of ranked) {
    // A feature adds to every class alike: shifting its weights by one constant (their median)
    // changes no probability and leaves most of them near zero, so they prune away.
    const median = [...w].sort((a, b) => a - b)[w.length >> 1];
    const r = Float64Array.from(w, (x) => x - median).map((x) => (Math.abs(x) < minWeight ? 0 : Math.round(x * q) / q));
    if (r.some((x) => x !== 0)) weights.set(f, r);
  }
  return { classes: model.classes, bias: Float64Array.from(model.bias, (x) => Math.round(x * q) / q), weights };
}
