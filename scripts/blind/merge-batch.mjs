#!/usr/bin/env node
// Merges a blind collector's texts and two independent annotators' labels into a sealed fixture,
// test/fixtures/blind/batch-<name>.json (see README.md in this folder for the whole protocol).
//   node scripts/blind/merge-batch.mjs <batch folder> <name> --focus "<the collector's focus>" \
//     --gathered "<which classifier was frozen, or being built, while it was gathered>" \
//     [--undersized "<why it holds fewer than 150 texts>"]
// The batch folder holds collected.json, annotator-1.json and annotator-2.json. The fixture is
// written sealed: nothing trains on it (nor on the pages it quotes) until its first contact is
// scored; then remove "sealed" and say in the description which classifier met it.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const [folder, name] = process.argv.slice(2);
const option = (flag) => process.argv.flatMap((a, i, all) => (all[i - 1] === flag ? [a] : []))[0];
const focus = option('--focus');
const gathered = option('--gathered');
const undersized = option('--undersized');
if (!folder || !/^[a-z]+$/.test(name ?? '') || !focus || !gathered) {
  console.error('usage: merge-batch.mjs <batch folder> <name: lower-case letters> --focus "..." --gathered "..." [--undersized "..."]');
  process.exit(2);
}
const read = (file) => JSON.parse(readFileSync(path.join(folder, file), 'utf8'));
const collected = read('collected.json');
const labelsOf = (file) => new Map(read(file).labels.map((l) => [l.id, l]));
const [first, second] = [labelsOf('annotator-1.json'), labelsOf('annotator-2.json')];

let agree = 0;
const cases = collected.cases.map((c) => {
  const a = first.get(c.id);
  const b = second.get(c.id);
  if (!a || !b) throw new Error(`${c.id}: not labelled by both annotators`);
  if (!/^https:\/\//.test(c.source)) throw new Error(`${c.id}: source must be https:// (${c.source})`);
  if (a.reason === b.reason) agree++;
  const out = {
    id: c.id,
    text: c.text,
    labels: [a.reason, b.reason],
    confidence: [a.confidence, b.confidence],
    source: c.source,
    origin: c.origin,
  };
  if (c.family) out.family = c.family;
  for (const k of ['httpStatus', 'exitCode', 'signal']) if (c[k] !== undefined && c[k] !== '' && c[k] !== 0) out[k] = c[k];
  if (c.note) out.note = c.note;
  return out;
});
const fixture = {
  description:
    `Blind batch ${name}: real failure texts gathered on ${collected.collected} by a collector who never read the rules (focus: ${focus}), ` +
    `each labelled by two independent annotators who never read the rules or each other's labels (labels[0], labels[1]). ` +
    `Either label counts as correct. ${gathered}`,
  collected: collected.collected,
  sealed: true,
  ...(undersized ? { undersized } : {}),
  // What cap-product-lines.mjs dropped before labelling, when it ran.
  ...(collected.trimmed ? { trimmed: collected.trimmed } : {}),
  // A second collector's texts with the same brief, when the first ran out of look-ups.
  ...(collected.topup ? { topup: collected.topup } : {}),
  annotatorAgreement: `${agree}/${cases.length}`,
  cases,
};
const target = new URL(`../../test/fixtures/blind/batch-${name}.json`, import.meta.url);
writeFileSync(target, `${JSON.stringify(fixture, null, 2)}\n`);
console.log(
  `batch-${name}.json: ${cases.length} texts, annotators agree on ${agree} (${((100 * agree) / cases.length).toFixed(1)} %), sealed`,
);
