#!/usr/bin/env node
// How far could a better arbiter between the rules and the model go? Replays first contact in
// time order: each batch is read by the rules of the classifier that met it (a build of that
// commit) and by a model trained only on what that classifier's model knew (the fixtures and the
// batches up to a cutoff). Prints per batch: the classifier as it met the batch, the rules, the
// model alone, the two combined as evaluate.mjs approximates the classifier (mode e), and an
// oracle that takes whichever of the two is right (the ceiling of any rule to choose between
// them), and, for the model, a recency-weighted training set (RECENT=n DUP=k: the last n batches
// before the cutoff k times). LEARNED_CONFIG='{"bag":1}' (or '{"orders":[6151]}') replays a
// single training order instead of the mean of three. Last, first contact of the classifier as it
// met each batch, split by the probability the model gives its verdict: how often a verdict the
// model backs is right, and on how many texts.
//   npm run build && node scripts/learned/ceiling.mjs \
//     --group <build of 297d15f>/dist/index.js:cg:ch,ci,cj --group <build of a1298b8>/dist/index.js:cj:ck,cl
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { BATCHES, combine, DEFAULT_CONFIG, firstContactGroups, loadCorpus, train } from './evaluate.mjs';
import { features } from './features.mjs';
import { predict } from './model.mjs';

const groups = firstContactGroups();
if (groups.length === 0) {
  console.error('usage: ceiling.mjs --group <dist/index.js>:<last batch the model knew>:<batch,batch> [--group ...]');
  process.exit(2);
}
const RECENT = Number(process.env.RECENT ?? 0);
const DUP = Number(process.env.DUP ?? 1);
const corpus = loadCorpus();
const pct = (x, n) => ((100 * x) / n).toFixed(1);
const sum = { met: 0, rules: 0, model: 0, combined: 0, oracle: 0 };
// Bands of the model's probability of the verdict the classifier gave (each text in the first it reaches).
const BACKING = [0.9, 0.8, 0.5, 0];
const byBacking = {};
let batches = 0;
console.log('| batch | n | met by | rules | model | rules and model combined | oracle (rules or model) |');
console.log('|---|---|---|---|---|---|---|');
for (const { file, cutoff, held } of groups) {
  const lib = await import(pathToFileURL(path.resolve(file)).href);
  const upto = BATCHES.slice(0, BATCHES.indexOf(cutoff) + 1);
  const recent = RECENT > 0 ? upto.slice(-RECENT) : [];
  const extra = Array.from({ length: Math.max(0, DUP - 1) }, () => recent.flatMap((b) => corpus.blind[b])).flat();
  const model = train([...corpus.fixtures, ...upto.flatMap((b) => corpus.blind[b]), ...extra], DEFAULT_CONFIG);
  for (const b of held) {
    const c = { met: 0, rules: 0, model: 0, combined: 0, oracle: 0 };
    for (const e of corpus.blind[b]) {
      const right = (reason) => e.labels.includes(reason);
      const ruleVerdict = lib.classifyFailure(e.ev, { learned: false });
      const prediction = { ...predict(model, [...features(e.ev)]), classes: model.classes };
      const rules = right(ruleVerdict.reason);
      const learned = right(prediction.reason);
      // evaluate.mjs's approximation of how the classifier combines the two (mode e).
      c.combined += right(combine(ruleVerdict, prediction, 'e', DEFAULT_CONFIG.weakTau).reason) ? 1 : 0;
      const met = lib.classifyFailure(e.ev).reason;
      const metRight = right(met) ? 1 : 0;
      c.met += metRight;
      const backed = met === 'unknown' ? 'unknown' : (BACKING.find((t) => prediction.p[model.classes.indexOf(met)] >= t) ?? 0);
      byBacking[backed] ??= { n: 0, right: 0 };
      byBacking[backed].n++;
      byBacking[backed].right += metRight;
      c.rules += rules ? 1 : 0;
      c.model += learned ? 1 : 0;
      c.oracle += rules || learned ? 1 : 0;
    }
    const n = corpus.blind[b].length;
    for (const k of Object.keys(sum)) sum[k] += (100 * c[k]) / n;
    batches++;
    console.log(
      `| ${b} | ${n} | ${pct(c.met, n)} | ${pct(c.rules, n)} | ${pct(c.model, n)} | ${pct(c.combined, n)} | ${pct(c.oracle, n)} |`,
    );
  }
}
const mean = (k) => (sum[k] / batches).toFixed(1);
console.log(`| mean | | ${mean('met')} | ${mean('rules')} | ${mean('model')} | ${mean('combined')} | ${mean('oracle')} |`);
const texts = Object.values(byBacking).reduce((a, b) => a + b.n, 0);
console.log("\n| the model's probability of the verdict | texts | share | first contact |");
console.log('|---|---|---|---|');
for (const band of [...BACKING, 'unknown']) {
  const b = byBacking[band];
  if (!b) continue;
  const above = BACKING[BACKING.indexOf(band) - 1];
  const label = band === 'unknown' ? 'verdict `unknown`' : band === 0 ? 'below 0.5' : above ? `${band}–${above}` : `${band} or more`;
  console.log(`| ${label} | ${b.n} | ${pct(b.n, texts)} % | ${pct(b.right, b.n)} % |`);
}
