#!/usr/bin/env node
// A batch's phenomenon cap, applied after both annotators labelled it and before any classifier
// reads it: a reason both annotators gave to more than 20 % of the texts loses its last such texts
// in collection order, down to 20 %, but never below 150 texts in the batch (the size a batch
// needs to count toward a first-contact target). Reads labels only, never a verdict. (Batch es
// came out 38 % invalid requests; its first contact measured that more than the classifier.)
//   node scripts/blind/cap-phenomena.mjs <blind folder>/batch-<name>
// Rewrites collected.json (after cap-product-lines.mjs, which keeps the collector's file), adding
// to its `trimmed` field what was dropped; then run merge-batch.mjs.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const SHARE = 0.2;
const MIN_TEXTS = 150;
const folder = process.argv[2];
if (!folder) {
  console.error('usage: cap-phenomena.mjs <batch folder>');
  process.exit(2);
}
const read = (file) => JSON.parse(readFileSync(path.join(folder, file), 'utf8'));
const collected = read('collected.json');
const labelOf = (file) => new Map(read(file).labels.map((l) => [l.id, l.reason]));
const [first, second] = [labelOf('annotator-1.json'), labelOf('annotator-2.json')];
const agreed = (c) => (first.get(c.id) === second.get(c.id) ? first.get(c.id) : undefined);

const n = collected.cases.length;
const cap = Math.floor(SHARE * n);
const counts = new Map();
for (const c of collected.cases) {
  const reason = agreed(c);
  if (reason !== undefined) counts.set(reason, (counts.get(reason) ?? 0) + 1);
}
const dropped = new Set();
const notes = [];
for (const [reason, count] of counts) {
  const drop = Math.min(count - cap, n - dropped.size - MIN_TEXTS);
  if (drop <= 0) continue;
  const texts = collected.cases.filter((c) => agreed(c) === reason);
  for (const c of texts.slice(texts.length - drop)) dropped.add(c.id);
  notes.push(`${reason}, ${count} of ${n}: ${drop} dropped`);
}
if (notes.length > 0) {
  collected.cases = collected.cases.filter((c) => !dropped.has(c.id));
  const note =
    `phenomenon cap applied after labelling and before scoring: a reason both annotators gave to more than 20 % of the texts ` +
    `loses its last texts in collection order, down to 20 % or until ${MIN_TEXTS} texts remain (${notes.join('; ')})`;
  collected.trimmed = collected.trimmed ? `${collected.trimmed}; ${note}` : note;
  writeFileSync(path.join(folder, 'collected.json'), JSON.stringify(collected, null, 1) + '\n');
}
console.log(
  `${path.join(folder, 'collected.json')}: ${collected.cases.length} cases kept, ${dropped.size} dropped${notes.length ? ` (${notes.join('; ')})` : ''}`,
);
