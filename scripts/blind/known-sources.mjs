#!/usr/bin/env node
// Prints every source page the labelled fixtures quote (URL without #fragment, one per line,
// sorted): the list a blind collector must avoid, so that a new batch holds only pages nothing
// here was built from.   node scripts/blind/known-sources.mjs > <blind folder>/known-sources.txt
import { readdirSync, readFileSync } from 'node:fs';

const root = new URL('../../test/fixtures/', import.meta.url);
const sources = new Set();
const walk = (dir) => {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) walk(new URL(`${entry.name}/`, dir));
    else if (entry.name.endsWith('.json')) {
      const data = JSON.parse(readFileSync(new URL(entry.name, dir), 'utf8'));
      for (const c of Array.isArray(data.cases) ? data.cases : []) {
        if (typeof c.source === 'string' && /^https?:\/\//.test(c.source)) sources.add(c.source.replace(/#.*$/, ''));
      }
    }
  }
};
walk(root);
process.stdout.write(`${[...sources].sort().join('\n')}\n`);
