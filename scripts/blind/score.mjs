#!/usr/bin/env node
// Scores the blind batches (test/fixtures/blind/) with the built classifier, in aggregate only:
// a batch is sealed until its first-contact score is recorded, so no per-case miss is printed.
// A batch marked "sealed" is skipped unless named: node scripts/blind/score.mjs --unseal batch-d
// — do that once, for the first contact of the next classifier, and record the figures.
// --rules-only scores the rule ladder alone (learned: false, what the Collector runs).
// Usage: npm run build && node scripts/blind/score.mjs [--rules-only] [--unseal batch-x]
import { readdirSync, readFileSync } from 'node:fs';
import { classifyFailure, FAILURE_REASONS } from '../../dist/index.js';

const dir = new URL('../../test/fixtures/blind/', import.meta.url);
const retrySafe = new Map(FAILURE_REASONS.map((r) => [r.reason, r.retrySafe]));
const pct = (n, d) => (d === 0 ? '-' : `${((100 * n) / d).toFixed(1)} %`);

const options = process.argv.includes('--rules-only') ? { learned: false } : {};
const unsealed = new Set(process.argv.flatMap((a, i, all) => (all[i - 1] === '--unseal' ? [`${a.replace(/\.json$/, '')}.json`] : [])));
for (const file of readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort()) {
  const { cases, sealed } = JSON.parse(readFileSync(new URL(file, dir), 'utf8'));
  if (sealed === true && !unsealed.has(file)) {
    console.log(`${file}: sealed, not scored (${cases.length} texts)`);
    continue;
  }
  let correct = 0;
  let unknown = 0;
  let agree = 0;
  let nonRetryable = 0;
  let unsafeRetry = 0;
  for (const c of cases) {
    const ev = { texts: [c.text] };
    if (c.httpStatus !== undefined) ev.httpStatus = c.httpStatus;
    if (c.exitCode !== undefined) ev.exitCode = c.exitCode;
    if (c.signal !== undefined) ev.signal = c.signal;
    const v = classifyFailure(ev, options);
    if (c.labels.includes(v.reason)) correct++;
    if (v.reason === 'unknown') unknown++;
    if (c.labels[0] === c.labels[1]) agree++;
    if (c.labels.every((l) => retrySafe.get(l) === false)) {
      nonRetryable++;
      if (v.retrySafe) unsafeRetry++;
    }
  }
  console.log(
    `${file}: ${cases.length} texts, annotators agree ${pct(agree, cases.length)}; ` +
      `correct (either label) ${pct(correct, cases.length)}, unknown ${pct(unknown, cases.length)}, ` +
      `retry.safe=true on non-retryable ${unsafeRetry}/${nonRetryable} (${pct(unsafeRetry, nonRetryable)})`,
  );
}
