#!/usr/bin/env node
// Adds a top-up collector's texts to a batch whose parts fell short, after the product-line
// cap: each top-up text gets the id prefix t-, and goes when its page is known or was used today
// by any part of this or another batch (--avoid), when the batch holds its text already, or when
// its product line is at the cap. The batch as capped is kept as collected-main.json, so a rerun
// starts from it.
//   node scripts/blind/add-topup.mjs <blind folder>/batch-<name> [--cap 10] [--avoid <urls file or collected.json>]…
// Reads collected-topup.json; rewrites collected.json with a `topup` field saying what came in.
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pageProblem, pagesIn, productLine, textKey } from './pages.mjs';

const folder = process.argv[2];
const options = (flag) => process.argv.flatMap((a, i, all) => (all[i - 1] === flag ? [a] : []));
const cap = Number(options('--cap')[0] ?? 10);
if (!folder || !Number.isInteger(cap) || cap < 1) {
  console.error('usage: add-topup.mjs <batch folder> [--cap 10] [--avoid <urls file or collected.json>] …');
  process.exit(2);
}
const read = (file) => JSON.parse(readFileSync(path.join(folder, file), 'utf8'));
if (!existsSync(path.join(folder, 'collected-main.json')))
  copyFileSync(path.join(folder, 'collected.json'), path.join(folder, 'collected-main.json'));
const main = read('collected-main.json');
const topup = read('collected-topup.json');
const used = new Set([...pagesIn(path.join(path.dirname(folder), 'known-sources.txt')), ...options('--avoid').flatMap(pagesIn)]);
const texts = new Set(main.cases.map((c) => textKey(c.text)));
const lines = new Map();
for (const c of main.cases) lines.set(productLine(c), (lines.get(productLine(c)) ?? 0) + 1);
const added = [];
const dropped = [];
for (const c of topup.cases) {
  const why =
    pageProblem(c, used) ??
    (texts.has(textKey(c.text))
      ? 'text the batch holds'
      : (lines.get(productLine(c)) ?? 0) >= cap
        ? `product line ${productLine(c)} at the cap`
        : undefined);
  if (why) {
    dropped.push(`t-${c.id}: ${why}`);
    continue;
  }
  texts.add(textKey(c.text));
  lines.set(productLine(c), (lines.get(productLine(c)) ?? 0) + 1);
  added.push({ ...c, id: `t-${c.id}` });
}
const batch = {
  ...main,
  cases: [...main.cases, ...added],
  topup: `${added.length} texts added by a top-up collector after the product-line cap (${dropped.length} dropped${dropped.length ? `: ${dropped.join('; ')}` : ''})`,
};
const file = path.join(folder, 'collected.json');
writeFileSync(file, JSON.stringify(batch, null, 1) + '\n');
console.log(`${file}: ${main.cases.length} + ${added.length} top-up texts, ${dropped.length} dropped`);
for (const d of dropped) console.log(`  dropped ${d}`);
