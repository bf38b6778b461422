#!/usr/bin/env node
// An experiment, not the shipped step: do character n-grams within words help the model read
// wordings it has not seen (an inflection, an unseen identifier sharing most of its letters with a
// seen one)? Leave-one-batch-out, model alone (no rules): the shipped features, and the same with
// every word's n-grams added ("<word>" split into NG-character pieces, prefixed "~").
//   npm run build && HELD=bq,br,bs,bt NG=4 node scripts/learned/char-grams.mjs
// On 2026-11-27 (sixth session; the corpus of loadCorpus, a-bt less the held batch), NG=4:
// 77.8 -> 76.7, 56.7 -> 56.7, 72.0 -> 69.8, 69.4 -> 67.8 % (mean 68.97 -> 67.72). Not shipped.
import { predict, prune, trainLogistic } from './model.mjs';
import { BATCHES, DEFAULT_CONFIG, loadCorpus, withExcerpts } from './evaluate.mjs';

const held = (process.env.HELD ?? 'bq,br,bs,bt').split(',');
const NG = Number(process.env.NG ?? 4);
const { fixtures, blind } = loadCorpus();

// The n-grams of the words among a feature set's unigrams (the tokenizer's lower-cased parts),
// so that a text and its rule excerpt get theirs the same way.
function withGrams(feats) {
  const out = new Set(feats);
  for (const f of feats) {
    if (f.includes(' ') || /^[=@#]/.test(f) || !/^[a-z]{3,}$/.test(f)) continue;
    const w = `<${f}>`;
    for (let i = 0; i + NG <= w.length; i++) out.add(`~${w.slice(i, i + NG)}`);
  }
  return [...out];
}

const best = (p) => p.reduce((b, x, i) => (x > p[b] ? i : b), 0);
let plain = 0;
let grams = 0;
const cells = [];
for (const b of held) {
  const training = withExcerpts([...fixtures, ...BATCHES.filter((x) => x !== b).flatMap((x) => blind[x])]);
  const m1 = prune(trainLogistic(training, DEFAULT_CONFIG), DEFAULT_CONFIG);
  const m2 = prune(
    trainLogistic(
      training.map((e) => ({ ...e, feats: withGrams(e.feats) })),
      DEFAULT_CONFIG,
    ),
    { ...DEFAULT_CONFIG, maxFeatures: 2 * DEFAULT_CONFIG.maxFeatures },
  );
  let r1 = 0;
  let r2 = 0;
  for (const e of blind[b]) {
    if (e.labels.includes(m1.classes[best(predict(m1, e.feats).p)])) r1++;
    if (e.labels.includes(m2.classes[best(predict(m2, withGrams(e.feats)).p)])) r2++;
  }
  const n = blind[b].length;
  plain += r1 / n;
  grams += r2 / n;
  cells.push(`${b}: ${((100 * r1) / n).toFixed(1)} -> ${((100 * r2) / n).toFixed(1)}`);
  console.error(cells.at(-1));
}
const mean = (x) => ((100 * x) / held.length).toFixed(2);
console.log(`NG=${NG}: tokens ${mean(plain)} -> with n-grams ${mean(grams)} (${cells.join('; ')})`);
