#!/usr/bin/env node
// What the annotators of a batch read: each case's id, text and the facts given with it, and
// nothing else. A collector's `note`, `origin` and `source` stay out: a note that says what the
// page's author found ("the model returned HTTP 500") is evidence the classifier never sees, and
// annotators who read it label something other than the text.
//   node scripts/blind/annotator-view.mjs <blind folder>/batch-<name>
// writes <blind folder>/batch-<name>/to-label.json beside collected.json.
// The top-ups of several batches, for one pair of annotators (ids become <batch>:<id>):
//   node scripts/blind/annotator-view.mjs <batch folder> <batch folder> --only t- --out <file>
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const flag = (name) => process.argv.flatMap((a, i, all) => (all[i - 1] === name ? [a] : []))[0];
const only = flag('--only') ?? '';
const out = flag('--out');
const folders = process.argv.slice(2).filter((a, i, all) => !a.startsWith('--') && !['--only', '--out'].includes(all[i - 1]));
if (folders.length === 0 || (folders.length > 1 && !out)) {
  console.error('usage: annotator-view.mjs <batch folder> | <batch folder>… --out <file> [--only <id prefix>]');
  process.exit(2);
}
const FACTS = ['httpStatus', 'exitCode', 'signal', 'closeReason'];
const batches = [];
const cases = folders.flatMap((folder) => {
  const collected = JSON.parse(readFileSync(path.join(folder, 'collected.json'), 'utf8'));
  batches.push(collected.batch);
  return collected.cases
    .filter((c) => c.id.startsWith(only))
    .map((c) => {
      const view = { id: folders.length > 1 ? `${collected.batch}:${c.id}` : c.id, text: c.text };
      for (const k of FACTS) if (c[k] !== undefined) view[k] = c[k];
      return view;
    });
});
const file = out ?? path.join(folders[0], 'to-label.json');
writeFileSync(file, JSON.stringify({ batch: batches.join('+'), cases }, null, 2) + '\n');
console.log(`${file}: ${cases.length} cases (id, text and facts only)`);
