/**
 * The rule table stays consistent: ids are unique, every rule names its source, and a
 * rule's cheap keyword prefilter never hides a text its regex would match (checked on
 * every real text in the fixture sets).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FAILURE_REASONS, type FailureReason } from '../../src/index.js';
import { outcomeFor } from '../../src/core/classify/outcome.js';
import { BUILTIN_RULES } from '../../src/core/rules/builtin-rules.js';
import { RULES } from '../../src/core/rules/rule-data.js';
import { searchStart } from '../../src/core/classify/rule-engine.js';
import { stripAnsi } from '../../src/core/text.js';

const fixtureDir = new URL('../fixtures/', import.meta.url);
/** The labelled texts of the fixture files in `dir` whose names end with `suffix`, as the rules read them. */
const textsIn = (dir: URL, suffix: string): string[] =>
  readdirSync(dir)
    .filter((f) => f.endsWith(suffix))
    .flatMap((f) =>
      (JSON.parse(readFileSync(new URL(f, dir), 'utf8')) as { cases: { text: string }[] }).cases.map((c) =>
        stripAnsi(c.text).toLowerCase(),
      ),
    );
const texts = textsIn(fixtureDir, 'error-texts.json');

describe('the built-in rule table', () => {
  it('has unique ids, a phenomenon the outcome table maps to a taxonomy reason, a why and a source for every rule', () => {
    const reasons = new Set(FAILURE_REASONS.map((r) => r.reason));
    expect(new Set(BUILTIN_RULES.map((r) => r.id)).size).toBe(BUILTIN_RULES.length);
    for (const rule of BUILTIN_RULES) {
      expect(reasons.has(outcomeFor(rule.phenomenon, rule.locus) as FailureReason), rule.id).toBe(true);
      expect(rule.why.length, rule.id).toBeGreaterThan(20);
      expect(rule.source, rule.id).toMatch(/^https:\/\//);
      expect(rule.any.length, rule.id).toBeGreaterThan(0);
      for (const k of rule.any) expect(k, rule.id).toBe(k.toLowerCase());
      expect(rule.re?.flags.includes('g') ?? false, `${rule.id} must not be global (lastIndex state)`).toBe(false);
    }
  });

  it('never lets the keyword prefilter hide a real text the regex matches', () => {
    expect(texts.length).toBeGreaterThan(700);
    const hidden: string[] = [];
    for (const rule of BUILTIN_RULES) {
      if (!rule.re) continue;
      for (const text of texts) {
        const m = rule.re.exec(text);
        if (m && !rule.any.some((k) => text.includes(k))) hidden.push(`${rule.id}: "${m[0]}"`);
      }
    }
    expect(hidden).toEqual([]);
  });

  it('never lets a locus keyword prefilter hide a real text its pattern matches (blind batches included)', () => {
    const all = texts.concat(textsIn(new URL('blind/', fixtureDir), '.json'));
    expect(all.length).toBeGreaterThan(20000);
    const hidden: string[] = [];
    for (const locus of RULES.loci) {
      const re = new RegExp(locus.re);
      for (const text of all) {
        const m = re.exec(text);
        if (m && !locus.any.some((k) => text.includes(k))) hidden.push(`${locus.locus}: "${m[0]}"`);
      }
    }
    expect(hidden).toEqual([]);
  });

  it('finds the same first match when the search starts near the earliest keyword', () => {
    const differ: string[] = [];
    for (const rule of BUILTIN_RULES) {
      if (!rule.re) continue;
      const from = new RegExp(rule.re.source, `${rule.re.flags}g`);
      for (const text of texts) {
        const positions = rule.any.map((k) => text.indexOf(k)).filter((i) => i !== -1);
        if (positions.length === 0) continue;
        const full = rule.re.exec(text);
        from.lastIndex = searchStart(text, Math.min(...positions));
        const windowed = from.exec(text);
        if (full?.index !== windowed?.index || full?.[0] !== windowed?.[0]) differ.push(`${rule.id}: "${full?.[0]}" vs "${windowed?.[0]}"`);
      }
    }
    expect(differ).toEqual([]);
  });

  it('starts a search on the line before the earliest keyword', () => {
    const text = 'line one\nline two\nline three has the keyword';
    expect(searchStart(text, text.indexOf('keyword'))).toBe(text.indexOf('line two'));
    expect(searchStart(text, 3)).toBe(0);
    expect(searchStart('keyword', 0)).toBe(0);
  });
});
