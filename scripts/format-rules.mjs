#!/usr/bin/env node
// Rewrites rules/rules.json in its canonical layout: one key per line, arrays and small
// objects inline, so the rule table reads as a table and diffs stay small.
import { readFileSync, writeFileSync } from 'node:fs';

const file = new URL('../rules/rules.json', import.meta.url);
const data = JSON.parse(readFileSync(file, 'utf8'));

function inline(value) {
  if (Array.isArray(value)) return `[${value.map((v) => JSON.stringify(v)).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    return `{ ${Object.entries(value)
      .map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`)
      .join(', ')} }`;
  }
  return JSON.stringify(value);
}

function format(value, indent) {
  const pad = ' '.repeat(indent);
  if (Array.isArray(value)) {
    if (value.every((v) => typeof v !== 'object' || v === null)) return inline(value);
    return `[\n${value.map((v) => `${pad}  ${format(v, indent + 2)}`).join(',\n')}\n${pad}]`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    const small = JSON.stringify(value).length <= 100 && entries.every(([, v]) => typeof v !== 'object' || v === null);
    if (small) return inline(value);
    return `{\n${entries.map(([k, v]) => `${pad}  ${JSON.stringify(k)}: ${format(v, indent + 2)}`).join(',\n')}\n${pad}}`;
  }
  return JSON.stringify(value);
}

const text = `${format(data, 0)}\n`;
// The layout must never change the data.
if (JSON.stringify(JSON.parse(text)) !== JSON.stringify(data)) throw new Error('format-rules: the layout changed the data');
writeFileSync(file, text);
