#!/usr/bin/env node
// Joins the files of collectors who gathered one batch side by side into the batch's
// collected.json, in the order given, and drops what a collector could not see from its own
// file: a page another part (or another batch gathered the same day, --avoid) already used, a
// text another part holds word for word, a fourth text from one page, a page in the known list.
// Each part's ids get its prefix (c1-, c2-), so the parts cannot collide.
//   node scripts/blind/merge-parts.mjs <blind folder>/batch-<name> <name> --focus "…" \
//     --part collected-1.json:c1 --part collected-2.json:c2 [--avoid <urls file or collected.json>]…
// Reads <blind folder>/known-sources.txt; writes collected.json and prints what it dropped.
// (Batches fj–fm: fm's parts used three pages fl's parts had used the same day.)
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pageOf, pageProblem, pagesIn, textKey } from './pages.mjs';

const [folder, name] = process.argv.slice(2);
const options = (flag) => process.argv.flatMap((a, i, all) => (all[i - 1] === flag ? [a] : []));
const [focus] = options('--focus');
const parts = options('--part').map((p) => p.split(':'));
if (!folder || !/^[a-z]+$/.test(name ?? '') || !focus || parts.length === 0 || parts.some((p) => p.length !== 2)) {
  console.error(
    'usage: merge-parts.mjs <batch folder> <name> --focus "…" --part <file>:<prefix> … [--avoid <urls file or collected.json>] …',
  );
  process.exit(2);
}
const read = (file) => JSON.parse(readFileSync(file, 'utf8'));
const used = new Set([...pagesIn(path.join(path.dirname(folder), 'known-sources.txt')), ...options('--avoid').flatMap(pagesIn)]);

const cases = [];
const dropped = [];
const texts = new Map();
const perPage = new Map();
let collectedOn;
for (const [file, prefix] of parts) {
  const part = read(path.join(folder, file));
  collectedOn ??= part.collected;
  for (const c of part.cases) {
    const id = `${prefix}-${c.id}`;
    const page = pageOf(c.source);
    const why =
      pageProblem(c, used) ??
      (texts.has(textKey(c.text))
        ? `same text as ${texts.get(textKey(c.text))}`
        : (perPage.get(page) ?? 0) >= 3
          ? 'fourth text of a page'
          : undefined);
    if (why) {
      dropped.push(`${id}: ${why}`);
      continue;
    }
    if (cases.some((k) => k.id === id)) throw new Error(`two cases with the id ${id}`);
    texts.set(textKey(c.text), id);
    perPage.set(page, (perPage.get(page) ?? 0) + 1);
    cases.push({ ...c, id });
  }
}
const file = path.join(folder, 'collected.json');
writeFileSync(file, JSON.stringify({ batch: name, collected: collectedOn, focus, cases }, null, 1) + '\n');
const families = {};
for (const c of cases) families[c.family ?? '?'] = (families[c.family ?? '?'] ?? 0) + 1;
console.log(`${file}: ${cases.length} cases ${JSON.stringify(families)}, ${dropped.length} dropped`);
for (const d of dropped) console.log(`  dropped ${d}`);
