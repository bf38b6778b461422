#!/usr/bin/env node
// First contact split by how sure the two annotators were of a text: both labelled it the same
// with high confidence, the same with medium (neither low), the same with at least one low, or
// differently. Each batch is read by the build of the classifier that met it.
//   node scripts/blind/by-confidence.mjs --group <build of 735f6d9>/dist/index.js:ew,ex \
//     --group <build of 97815a7>/dist/index.js:ey,ez
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const groups = process.argv.flatMap((a, i, all) => (all[i - 1] === '--group' ? [a] : []));
if (groups.length === 0) {
  console.error('usage: by-confidence.mjs --group <dist/index.js>:<batch,batch> [--group ...]');
  process.exit(2);
}

const KINDS = ['agreed, both high', 'agreed, medium', 'agreed, one or both low', 'disagreed'];
const kindOf = (c) => {
  if (c.labels[0] !== c.labels[1]) return KINDS[3];
  const conf = c.confidence ?? [];
  if (conf.includes('low')) return KINDS[2];
  return conf.length === 2 && conf.every((x) => x === 'high') ? KINDS[0] : KINDS[1];
};
const pct = (ok, n) => (n === 0 ? '-' : `${((100 * ok) / n).toFixed(1)} %`);

const total = Object.fromEntries(KINDS.map((k) => [k, { n: 0, ok: 0 }]));
console.log(`| batch | ${KINDS.map((k) => `${k}: texts, first contact`).join(' | ')} |`);
console.log(`|---|${KINDS.map(() => '---').join('|')}|`);
for (const group of groups) {
  const at = group.lastIndexOf(':');
  const lib = await import(pathToFileURL(path.resolve(group.slice(0, at))).href);
  for (const batch of group.slice(at + 1).split(',')) {
    const file = new URL(`../../test/fixtures/blind/batch-${batch}.json`, import.meta.url);
    const row = Object.fromEntries(KINDS.map((k) => [k, { n: 0, ok: 0 }]));
    for (const c of JSON.parse(readFileSync(file, 'utf8')).cases) {
      const ev = { texts: [c.text] };
      for (const k of ['httpStatus', 'exitCode', 'signal']) if (c[k] !== undefined) ev[k] = c[k];
      const right = c.labels.includes(lib.classifyFailure(ev).reason);
      for (const cell of [row[kindOf(c)], total[kindOf(c)]]) {
        cell.n++;
        if (right) cell.ok++;
      }
    }
    console.log(`| ${batch} | ${KINDS.map((k) => `${row[k].n}, ${pct(row[k].ok, row[k].n)}`).join(' | ')} |`);
  }
}
console.log(`| all | ${KINDS.map((k) => `${total[k].n}, ${pct(total[k].ok, total[k].n)}`).join(' | ')} |`);
