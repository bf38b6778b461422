#!/usr/bin/env node
// Could a learned arbiter between the rules and the model close the gap to the oracle that
// ceiling.mjs measures? Replays first contact as ceiling.mjs does (each batch read by the rules of
// the classifier that met it, and by a model trained only on what that classifier's model knew),
// then, leaving one batch out at a time, fits two arbiters on the other batches' readings and
// scores them on the held-out one:
//   thresholds  the shipped step's shape (name a reason where the rules found none, replace a weak
//               step, overrule a specific rule) with its thresholds chosen on the other batches;
//   logistic    a logistic regression over what both readings say (the kind of rule, both reasons,
//               the model's confidence and its probability of the rule's reason, the excerpt's
//               reading), trained on the texts where exactly one of the two was right.
// Prints per batch: the classifier as it met the batch, the rules, the model, the two arbiters,
// and the oracle.
//   npm run build && node scripts/learned/arbiter.mjs --group <build of 1185161>/dist/index.js:dw:dx,dy ...
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { BATCHES, DEFAULT_CONFIG, firstContactGroups, loadCorpus, train, weakRule } from './evaluate.mjs';
import { features } from './features.mjs';
import { predict } from './model.mjs';

const groups = firstContactGroups();
if (groups.length < 2) {
  console.error('usage: arbiter.mjs --group <dist/index.js>:<last batch the model knew>:<batch,batch> --group ... (two batches or more)');
  process.exit(2);
}

// 1. The readings, as at first contact.
const corpus = loadCorpus();
const readings = [];
for (const { file, cutoff, held } of groups) {
  const lib = await import(pathToFileURL(path.resolve(file)).href);
  const upto = BATCHES.slice(0, BATCHES.indexOf(cutoff) + 1);
  const model = train([...corpus.fixtures, ...upto.flatMap((b) => corpus.blind[b])], DEFAULT_CONFIG);
  for (const b of held) {
    for (const e of corpus.blind[b]) {
      const rule = lib.classifyFailure(e.ev, { learned: false });
      const m = predict(model, [...features(e.ev)]);
      const x = rule.detail ? predict(model, [...features({ texts: [rule.detail] })]) : undefined;
      const probOf = (p) => (model.classes.includes(rule.reason) ? p[model.classes.indexOf(rule.reason)] : 0);
      const kind =
        rule.rule === 'none'
          ? 'none'
          : weakRule(rule.rule)
            ? 'weak'
            : rule.rule.startsWith('id.')
              ? 'id'
              : rule.evidence !== 'text'
                ? 'facts'
                : 'text';
      const r = {
        batch: b,
        labels: e.labels,
        short: e.case.text.length <= 600,
        kind,
        rule: rule.reason,
        met: lib.classifyFailure(e.ev).reason,
        model: m.reason,
        confidence: m.confidence,
        ruleProb: probOf(m.p),
        excerpt: x && { reason: x.reason, confidence: x.confidence, ruleProb: probOf(x.p) },
      };
      const bin = (v) => Math.floor(v * 5);
      r.features = [`kind=${kind}`, `model=${r.model}`, `rule=${r.rule}`, `short=${r.short}`, `kind=${kind} conf=${bin(r.confidence)}`];
      r.features.push(`ruleProb=${bin(r.ruleProb)}`, `kind=${kind} ruleProb=${bin(r.ruleProb)}`);
      if (x)
        r.features.push(
          `excerptAgrees=${x.reason === r.model}`,
          `excerptConf=${bin(x.confidence)}`,
          `excerptRuleProb=${bin(r.excerpt.ruleProb)}`,
        );
      readings.push(r);
    }
  }
}
const right = (r, reason) => r.labels.includes(reason);
// Where no arbiter has a choice: both readings agree, the model says unknown, or structured facts decided.
const fixed = (r) => r.model === r.rule || r.model === 'unknown' || r.kind === 'facts' || (r.model === 'exit_nonzero' && r.kind !== 'none');

// 2. The shipped step's shape, thresholds chosen on the training batches.
function byThresholds(r, t) {
  if (fixed(r)) return r.rule;
  if (r.kind === 'none') return r.confidence >= t.name ? r.model : r.rule;
  if (r.kind === 'weak') return r.confidence >= t.weak ? r.model : r.rule;
  if (!r.short && !t.long) return r.rule;
  if (r.confidence >= t.over && r.ruleProb < t.below) return r.model;
  const x = r.excerpt;
  if (
    t.excerpt &&
    r.kind === 'text' &&
    x &&
    x.reason !== 'unknown' &&
    x.reason !== 'exit_nonzero' &&
    x.reason !== r.rule &&
    x.confidence >= t.over &&
    x.ruleProb < t.below
  )
    return x.reason;
  return r.rule;
}
const GRID = [];
for (const name of [0.2, 0.3, 0.4, 0.5, 0.6])
  for (const weak of [0.5, 0.6, 0.7, 0.8])
    for (const over of [0.6, 0.7, 0.8, 0.9])
      for (const below of [0.05, 0.1, 0.2, 0.3])
        for (const long of [false, true]) for (const excerpt of [false, true]) GRID.push({ name, weak, over, below, long, excerpt });
function fitThresholds(rs) {
  let best;
  let bestRight = -1;
  for (const t of GRID) {
    const n = rs.reduce((s, r) => s + (right(r, byThresholds(r, t)) ? 1 : 0), 0);
    if (n > bestRight) [best, bestRight] = [t, n];
  }
  return (r) => byThresholds(r, best);
}

// 3. A logistic arbiter: P(the model is right | exactly one of the two is).
function fitLogistic(rs, l2 = 0.1, epochs = 50, rate = 0.05) {
  const w = new Map();
  let bias = 0;
  const score = (r) => r.features.reduce((s, f) => s + (w.get(f) ?? 0), bias);
  const taught = rs.filter((r) => !fixed(r) && right(r, r.rule) !== right(r, r.model));
  for (let e = 0; e < epochs; e++) {
    for (const r of taught) {
      const g = 1 / (1 + Math.exp(-score(r))) - (right(r, r.model) ? 1 : 0);
      bias -= rate * g;
      for (const f of r.features) w.set(f, (w.get(f) ?? 0) - rate * (g + l2 * (w.get(f) ?? 0)));
    }
  }
  return (r) => (fixed(r) ? r.rule : score(r) > 0 ? r.model : r.rule);
}

// 4. Leave one batch out.
const pct = (x, n) => ((100 * x) / n).toFixed(1);
const columns = ['met', 'rules', 'model', 'thresholds', 'logistic', 'oracle'];
const total = Object.fromEntries(columns.map((c) => [c, 0]));
console.log(`| batch | n | ${columns.join(' | ')} |`);
console.log(`|---|---|${columns.map(() => '---|').join('')}`);
const held = [...new Set(readings.map((r) => r.batch))];
for (const b of held) {
  const rest = readings.filter((r) => r.batch !== b);
  const test = readings.filter((r) => r.batch === b);
  const thresholds = fitThresholds(rest);
  const logistic = fitLogistic(rest);
  const count = Object.fromEntries(columns.map((c) => [c, 0]));
  for (const r of test) {
    count.met += right(r, r.met);
    count.rules += right(r, r.rule);
    count.model += right(r, r.model);
    count.thresholds += right(r, thresholds(r));
    count.logistic += right(r, logistic(r));
    count.oracle += right(r, r.rule) || right(r, r.model);
  }
  for (const c of columns) total[c] += count[c];
  console.log(`| ${b} | ${test.length} | ${columns.map((c) => pct(count[c], test.length)).join(' | ')} |`);
}
console.log(`| all | ${readings.length} | ${columns.map((c) => pct(total[c], readings.length)).join(' | ')} |`);
