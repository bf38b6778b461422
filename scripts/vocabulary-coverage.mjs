#!/usr/bin/env node
// Prints the coverage table of rules/vocabulary/ as Markdown: per source list, the entries
// mapped to a phenomenon / the identifiers the authoritative list defines.
import { readdirSync, readFileSync } from 'node:fs';

const dir = new URL('../rules/vocabulary/', import.meta.url);
console.log('| vocabulary | identifiers listed | mapped to a phenomenon | first source |');
console.log('|---|---|---|---|');
for (const file of readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort()) {
  const v = JSON.parse(readFileSync(new URL(file, dir), 'utf8'));
  const mapped = v.entries.filter((e) => e.phenomenon !== 'unknown').length;
  console.log(`| \`${file}\` — ${v.title} | ${v.listed} | ${mapped} of ${v.entries.length} | ${v.sources[0]} |`);
}
