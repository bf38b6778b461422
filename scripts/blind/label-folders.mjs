#!/usr/bin/env node
// Private folders for independent annotators, and their labels brought back into a batch.
//   node scripts/blind/label-folders.mjs make <to-label.json> [--count 2]
// makes one folder per annotator beside the batch folders (a random name, as `mktemp -d`), each
// holding only GUIDE.md (a copy of annotator-guide.md) and a copy of to-label.json, and prints
// their paths: each annotator is told its folder alone and writes labels.json there, so neither
// can find the other's file (batches fh and fi had 66 and 48 notes word for word the same).
//   node scripts/blind/label-folders.mjs collect <batch folder> --first <folder>[,<folder>] --second <folder>[,<folder>]
// writes annotator-1.json and annotator-2.json in the batch's case order from the folders of the
// first and of the second annotator (the batch's own folder, then a top-up's, whose ids may carry
// `<batch>:`), and prints the pair's agreement. A pair that agrees on every text is to be
// labelled again (scripts/blind/README.md, step 3).
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const [command, target] = process.argv.slice(2);
const flag = (name) => process.argv.flatMap((a, i, all) => (all[i - 1] === name ? [a] : []))[0];
const read = (file) => JSON.parse(readFileSync(file, 'utf8'));
const guide = new URL('annotator-guide.md', import.meta.url);

if (command === 'make' && target) {
  const count = Number(flag('--count') ?? 2);
  // Beside the batch folders: in the blind folder (a batch's to-label.json sits one level deeper).
  const at = path.dirname(path.resolve(target));
  const parent = path.basename(at).startsWith('batch-') ? path.dirname(at) : at;
  for (let k = 0; k < count; k++) {
    const folder = mkdtempSync(path.join(parent, 'lab-'));
    copyFileSync(guide, path.join(folder, 'GUIDE.md'));
    copyFileSync(target, path.join(folder, 'to-label.json'));
    console.log(folder);
  }
} else if (command === 'collect' && target && flag('--first') && flag('--second')) {
  const batch = read(path.join(target, 'collected.json'));
  const files = [];
  for (const [k, folders] of [flag('--first'), flag('--second')].entries()) {
    const byId = new Map();
    for (const folder of folders.split(',')) {
      for (const label of read(path.join(folder, 'labels.json')).labels) {
        const own = label.id.startsWith(`${batch.batch}:`) ? label.id.slice(batch.batch.length + 1) : label.id;
        if (!label.id.includes(':') || own !== label.id) byId.set(own, { ...label, id: own });
      }
    }
    const labels = batch.cases.map((c) => {
      const label = byId.get(c.id);
      if (!label) throw new Error(`annotator ${k + 1} has no label for ${c.id}`);
      return label;
    });
    files.push(labels);
    writeFileSync(path.join(target, `annotator-${k + 1}.json`), JSON.stringify({ annotator: String(k + 1), labels }, null, 1) + '\n');
  }
  const [a, b] = files;
  const agree = a.filter((l, i) => l.reason === b[i].reason).length;
  const sameNotes = a.filter((l, i) => l.note && l.note === b[i].note).length;
  console.log(
    `${batch.batch}: ${a.length} texts, the pair agrees on ${agree} (${((100 * agree) / a.length).toFixed(1)} %), ` +
      `${sameNotes} notes word for word the same${agree === a.length ? ' — a pair that agrees on every text labels again' : ''}`,
  );
} else {
  console.error(
    'usage: label-folders.mjs make <to-label.json> [--count 2]\n' +
      '       label-folders.mjs collect <batch folder> --first <folder>[,<folder>] --second <folder>[,<folder>]',
  );
  process.exit(2);
}
