#!/usr/bin/env node
// Leave-one-batch-out of the learned step as shipped (SPEC.md "Learned step"), on the batches
// that were first contact for some rule data: each held-out batch is classified by the rule
// data it first met (a build of that commit) and the model is trained on every other batch.
//   npm run build && node scripts/learned/first-contact.mjs \
//     --rules r,s,t=../old/dist/index.js --rules u,v,w=../older/dist/index.js [--held r,s,t,u,v,w]
// A batch without --rules is read by this checkout's rules (in-sample if they were widened from
// it). Prints per batch: % correct (either label) for the rules, the model alone, rules + the
// model where the rules say unknown or weak, + the excerpt override; and, for the rules'
// retry-safe verdicts, how the second reading splits them (non-retryable kept / retryable lost).
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { BATCHES, DEFAULT_CONFIG, loadCorpus, train, weakRule } from './evaluate.mjs';
import { features } from './features.mjs';
import { predict } from './model.mjs';
import { FAILURE_REASONS } from '../../dist/index.js';

const arg = (name) => process.argv.flatMap((a, i, all) => (all[i - 1] === name ? [a] : []));
const held = (arg('--held')[0] ?? 'r,s,t,u,v,w').split(',');
const rulesOf = new Map();
for (const spec of arg('--rules')) {
  const [batches, file] = spec.split('=');
  const lib = await import(pathToFileURL(path.resolve(file)).href);
  // The rule ladder alone, whatever that build's default for the learned step.
  for (const b of batches.split(',')) rulesOf.set(b, (ev) => lib.classifyFailure(ev, { learned: false }));
}
const retrySafe = new Map(FAILURE_REASONS.map((r) => [r.reason, r.retrySafe]));
const { tau, overrideBelow, transientAtLeast } = DEFAULT_CONFIG;
const corpus = loadCorpus();
const P = (model, ev) => ({ ...predict(model, [...features(ev)]), classes: model.classes });
const probOf = (m, reason) => (m.classes.includes(reason) ? m.p[m.classes.indexOf(reason)] : 0);
const transient = (m) => m.classes.reduce((a, c, k) => a + (retrySafe.get(c) ? m.p[k] : 0), 0);
const pct = (x, n) => ((100 * x) / n).toFixed(1);

console.log('| batch | n | rules | model | rules + fallback | + excerpt override | unknown (rules / shipped) |');
console.log('|---|---|---|---|---|---|---|');
const sum = { rules: 0, model: 0, fallback: 0, shipped: 0 };
const safe = { unsafeBefore: 0, unsafeAfter: 0, keptSafe: 0, lostSafe: 0, nonRetryable: 0 };
for (const b of held) {
  const model = train([...corpus.fixtures, ...BATCHES.filter((x) => x !== b).flatMap((x) => corpus.blind[x])], DEFAULT_CONFIG);
  const classify = rulesOf.get(b);
  const n = corpus.blind[b].length;
  const c = { rules: 0, model: 0, fallback: 0, shipped: 0, unkRules: 0, unkShipped: 0 };
  for (const e of corpus.blind[b]) {
    const r = classify ? classify(e.ev) : e.rules;
    const m = P(model, e.ev);
    let fallback = r;
    const floor = r.rule === 'none' ? DEFAULT_CONFIG.nameAtLeast : tau;
    if ((r.rule === 'none' || weakRule(r.rule)) && m.reason !== 'unknown' && m.confidence >= floor) fallback = { reason: m.reason };
    let shipped = fallback;
    let x;
    if (shipped === r && r.evidence === 'text' && r.detail && !r.rule.startsWith('cue.')) {
      x = P(model, { texts: [r.detail] });
      const overrules = (y) =>
        y.reason !== 'unknown' &&
        y.reason !== 'exit_nonzero' &&
        y.reason !== r.reason &&
        y.confidence >= tau &&
        probOf(y, r.reason) < overrideBelow;
      // As src/core/classify/learned.ts: on a short text only, the excerpt and the whole text.
      if (e.case.text.length <= 600) {
        if (overrules(x)) shipped = { reason: x.reason };
        else if (!r.rule.startsWith('id.') && overrules(m)) shipped = { reason: m.reason };
      }
    }
    for (const [k, v] of [
      ['rules', r],
      ['model', m],
      ['fallback', fallback],
      ['shipped', shipped],
    ])
      if (e.labels.includes(v.reason)) c[k]++;
    if (r.reason === 'unknown') c.unkRules++;
    if (shipped.reason === 'unknown') c.unkShipped++;
    const nonRetryable = e.labels.every((l) => retrySafe.get(l) === false);
    if (nonRetryable) safe.nonRetryable++;
    if (shipped === r && r.retrySafe) {
      // As src/core/classify/learned.ts: on a short text (600 characters) the mean of the whole text's and the
      // excerpt's share, on a longer one either (every blind text here is short but a few).
      const whole = transient(m);
      const excerpt = r.detail !== undefined && r.detail !== '' ? transient(x ?? P(model, { texts: [r.detail] })) : whole;
      const confirmed =
        e.case.text.length <= 600
          ? (whole + excerpt) / 2 >= transientAtLeast
          : Math.max(whole, excerpt) >= DEFAULT_CONFIG.transientAtLeastLong;
      if (nonRetryable) {
        safe.unsafeBefore++;
        if (confirmed) safe.unsafeAfter++;
      } else if (confirmed) safe.keptSafe++;
      else safe.lostSafe++;
    }
  }
  for (const k of Object.keys(sum)) sum[k] += (100 * c[k]) / n / held.length;
  console.log(
    `| ${b} | ${n} | ${pct(c.rules, n)} | ${pct(c.model, n)} | ${pct(c.fallback, n)} | ${pct(c.shipped, n)} | ${pct(c.unkRules, n)} / ${pct(c.unkShipped, n)} |`,
  );
}
console.log(`| mean | | ${sum.rules.toFixed(1)} | ${sum.model.toFixed(1)} | ${sum.fallback.toFixed(1)} | ${sum.shipped.toFixed(1)} | |`);
console.log(
  `\nretry.safe=true on non-retryable failures: ${safe.unsafeBefore} -> ${safe.unsafeAfter} of ${safe.nonRetryable} with the second reading; ` +
    `the rules' right retry-safe verdicts kept ${safe.keptSafe} of ${safe.keptSafe + safe.lostSafe}.`,
);
