#!/usr/bin/env node
// A batch's product-line cap, applied before anyone labels it: origins that share their first word
// (kiro, kiro-cli, kiro-gateway) count as one product line, and each line keeps at most CAP texts,
// the first ones in collection order. Mechanical on purpose: it reads only the collector's
// `origin`, never a text, a label or a verdict. (Batch et was a third one product; first contact
// then measured that product more than the classifier.)
//   node scripts/blind/cap-product-lines.mjs <blind folder>/batch-<name> [CAP, default 15]
// Keeps the collector's file as collected-full.json and rewrites collected.json, with a `trimmed`
// field saying what was dropped; run annotator-view.mjs after it.
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { productLine } from './pages.mjs';

const folder = process.argv[2];
const cap = Number(process.argv[3] ?? 15);
if (!folder || !Number.isInteger(cap) || cap < 1) {
  console.error('usage: cap-product-lines.mjs <batch folder> [cap]');
  process.exit(2);
}
const file = path.join(folder, 'collected.json');
const full = path.join(folder, 'collected-full.json');
if (!existsSync(full)) copyFileSync(file, full);
const collected = JSON.parse(readFileSync(full, 'utf8'));
const seen = new Map();
const kept = [];
const dropped = [];
for (const c of collected.cases) {
  const line = productLine(c);
  seen.set(line, (seen.get(line) ?? 0) + 1);
  (seen.get(line) <= cap ? kept : dropped).push(c);
}
const lines = [...new Set(dropped.map(productLine))];
collected.cases = kept;
if (dropped.length > 0) {
  collected.trimmed =
    `Product-line cap applied before labelling: origins sharing their first word count as one product line, ` +
    `at most ${cap} texts each, kept in collection order; ${dropped.length} texts dropped (${lines.join(', ')})`;
}
writeFileSync(file, JSON.stringify(collected, null, 1) + '\n');
console.log(`${file}: ${kept.length} cases kept, ${dropped.length} dropped${lines.length ? ` (${lines.join(', ')})` : ''}`);
