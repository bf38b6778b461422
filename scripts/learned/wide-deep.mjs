#!/usr/bin/env node
// An experiment, not the shipped step: does a small nonlinear reader beside the linear model help
// on unseen batches? Leave-one-batch-out, model alone (no rules): the shipped softmax regression
// ("lr"), a wide-and-deep reader ("deep": the text's features summed as learned embeddings, one
// ReLU hidden layer, softmax), and the two mixed (geometric mean of their probabilities, MIX).
//   npm run build && HELD=bh,bi,bj,bk,bl,bm,bn H=32 VCAP=12000 node scripts/learned/wide-deep.mjs
// H: hidden units; VCAP: the deep reader's vocabulary, the most frequent features (its size is
// VCAP x H weights, beside the linear model's); EPOCHS, LR (AdaGrad), MIX as named. This script on
// 2026-11-27 (fifth session; the corpus of loadCorpus, a-bp less the held batch), H=32 VCAP=12000,
// lr -> mix: ba-bg 71.45 -> 74.37, as-az 70.75 -> 71.89, bh-bn 73.59 -> 73.84; a first draft of it
// (its own corpus loading) gave +0.4 / +1.7 / +1.2 on the same sets. Not shipped: one to three
// points that move by as much between two runs, for a second reader in the engine, a larger model
// file and thresholds to re-measure.
import { predict, prune, trainLogistic } from './model.mjs';
import { BATCHES, DEFAULT_CONFIG, loadCorpus, withExcerpts } from './evaluate.mjs';

const held = (process.env.HELD ?? 'ba,bb,bc,bd,be,bf,bg').split(',');
const H = Number(process.env.H ?? 32);
const VCAP = Number(process.env.VCAP ?? 12000);
const EPOCHS = Number(process.env.EPOCHS ?? 12);
const LR = Number(process.env.LR ?? 0.05);
const MIX = Number(process.env.MIX ?? 0.5);
const { fixtures, blind } = loadCorpus();

let seed = 12345;
const random = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 4294967296;

function trainDeep(examples) {
  const classes = [...new Set(examples.flatMap((e) => [...e.target.keys()]))].sort();
  const K = classes.length;
  const ci = new Map(classes.map((c, i) => [c, i]));
  const df = new Map();
  for (const e of examples) for (const f of e.feats) df.set(f, (df.get(f) ?? 0) + 1);
  const vocab = new Map();
  for (const [f] of [...df]
    .filter(([, n]) => n >= 2)
    .sort((a, b) => b[1] - a[1])
    .slice(0, VCAP))
    vocab.set(f, vocab.size);
  const V = vocab.size;
  const E = new Float32Array(V * H).map(() => (random() - 0.5) * 0.1);
  const GE = new Float32Array(V * H).fill(1e-8);
  const b1 = new Float32Array(H);
  const Gb1 = new Float32Array(H).fill(1e-8);
  const W2 = new Float32Array(H * K).map(() => (random() - 0.5) * 0.1);
  const GW2 = new Float32Array(H * K).fill(1e-8);
  const b2 = new Float32Array(K);
  const Gb2 = new Float32Array(K).fill(1e-8);
  const h = new Float32Array(H);
  const gh = new Float32Array(H);
  const forward = (ids, out) => {
    const scale = 1 / Math.sqrt(ids.length);
    for (let j = 0; j < H; j++) {
      let s = b1[j];
      for (const id of ids) s += E[id * H + j] * scale;
      h[j] = s > 0 ? s : 0;
    }
    let max = -Infinity;
    for (let k = 0; k < K; k++) {
      let s = b2[k];
      for (let j = 0; j < H; j++) s += h[j] * W2[j * K + k];
      out[k] = s;
      if (s > max) max = s;
    }
    let z = 0;
    for (let k = 0; k < K; k++) z += out[k] = Math.exp(out[k] - max);
    for (let k = 0; k < K; k++) out[k] /= z;
    return scale;
  };
  const docs = examples
    .map((e) => ({
      ids: e.feats.map((f) => vocab.get(f)).filter((x) => x !== undefined),
      t: [...e.target].map(([l, w]) => [ci.get(l), w]),
    }))
    .filter((d) => d.ids.length > 0);
  const p = new Float64Array(K);
  for (let epoch = 0; epoch < EPOCHS; epoch++) {
    const order = docs.map((_, i) => i);
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    for (const di of order) {
      const d = docs[di];
      const scale = forward(d.ids, p);
      for (const [k, w] of d.t) p[k] -= w; // cross-entropy gradient: p - target
      gh.fill(0);
      for (let k = 0; k < K; k++) {
        const g = p[k];
        Gb2[k] += g * g;
        b2[k] -= (LR * g) / Math.sqrt(Gb2[k]);
        for (let j = 0; j < H; j++) {
          if (h[j] === 0) continue;
          gh[j] += g * W2[j * K + k];
          const gw = g * h[j];
          GW2[j * K + k] += gw * gw;
          W2[j * K + k] -= (LR * gw) / Math.sqrt(GW2[j * K + k]);
        }
      }
      for (let j = 0; j < H; j++) {
        if (h[j] === 0) continue;
        const g = gh[j];
        Gb1[j] += g * g;
        b1[j] -= (LR * g) / Math.sqrt(Gb1[j]);
        for (const id of d.ids) {
          const at = id * H + j;
          const ge = g * scale + 1e-5 * E[at];
          GE[at] += ge * ge;
          E[at] -= (LR * ge) / Math.sqrt(GE[at]);
        }
      }
    }
  }
  return {
    classes,
    predict(feats) {
      const ids = feats.map((f) => vocab.get(f)).filter((x) => x !== undefined);
      const out = new Float64Array(K);
      if (ids.length === 0) return out.fill(1 / K);
      forward(ids, out);
      return out;
    },
  };
}

const best = (p) => p.reduce((b, x, i) => (x > p[b] ? i : b), 0);
const sums = { lr: 0, deep: 0, mix: 0 };
const cells = [];
for (const b of held) {
  const training = withExcerpts([...fixtures, ...BATCHES.filter((x) => x !== b).flatMap((x) => blind[x])]);
  const lr = prune(trainLogistic(training, DEFAULT_CONFIG), DEFAULT_CONFIG);
  const deep = trainDeep(training);
  const right = { lr: 0, deep: 0, mix: 0 };
  for (const e of blind[b]) {
    const p1 = predict(lr, e.feats).p;
    const p2 = deep.predict(e.feats);
    const mixed = lr.classes.map((c, k) =>
      Math.exp((1 - MIX) * Math.log(p1[k] + 1e-9) + MIX * Math.log(p2[deep.classes.indexOf(c)] + 1e-9)),
    );
    if (e.labels.includes(lr.classes[best(p1)])) right.lr++;
    if (e.labels.includes(deep.classes[best(p2)])) right.deep++;
    if (e.labels.includes(lr.classes[best(mixed)])) right.mix++;
  }
  const n = blind[b].length;
  for (const k of Object.keys(sums)) sums[k] += right[k] / n;
  cells.push(`${b}: ${((100 * right.lr) / n).toFixed(1)} / ${((100 * right.deep) / n).toFixed(1)} / ${((100 * right.mix) / n).toFixed(1)}`);
  console.error(cells.at(-1));
}
const mean = (k) => ((100 * sums[k]) / held.length).toFixed(2);
console.log(
  `H=${H} VCAP=${VCAP} EPOCHS=${EPOCHS} LR=${LR} MIX=${MIX}: lr ${mean('lr')}, deep ${mean('deep')}, mix ${mean('mix')} (lr / deep / mix: ${cells.join('; ')})`,
);
