#!/usr/bin/env node
// What the annotators of a batch read: each case's id, text and the facts given with it, and
// nothing else. A collector's `note`, `origin` and `source` stay out: a note that says what the
// page's author found ("the model returned HTTP 500") is evidence the classifier never sees, and
// annotators who read it label something other than the text.
//   node scripts/blind/annotator-view.mjs <blind folder>/batch-<name>
// writes <blind folder>/batch-<name>/to-label.json beside collected.json.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const folder = process.argv[2];
if (!folder) {
  console.error('usage: annotator-view.mjs <batch folder>');
  process.exit(2);
}
const collected = JSON.parse(readFileSync(path.join(folder, 'collected.json'), 'utf8'));
const FACTS = ['httpStatus', 'exitCode', 'signal', 'closeReason'];
const cases = collected.cases.map((c) => {
  const view = { id: c.id, text: c.text };
  for (const k of FACTS) if (c[k] !== undefined) view[k] = c[k];
  return view;
});
writeFileSync(path.join(folder, 'to-label.json'), JSON.stringify({ batch: collected.batch, cases }, null, 2) + '\n');
console.log(`${path.join(folder, 'to-label.json')}: ${cases.length} cases (id, text and facts only)`);
