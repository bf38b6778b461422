/**
 * The classifier against real error texts collected from public issue trackers and provider
 * docs (see test/fixtures/README.md). The thresholds are the acceptance criteria.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { classifyFailure, FAILURE_REASONS, type FailureEvidence } from '../../src/index.js';

interface FixtureCase {
  id: string;
  text: string;
  reason: string;
  httpStatus?: number;
  exitCode?: number;
  signal?: string;
  source: string;
}

function load(name: string): FixtureCase[] {
  return (JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8')) as { cases: FixtureCase[] }).cases;
}

function evidenceOf(c: FixtureCase): FailureEvidence {
  const ev: FailureEvidence = { texts: [c.text] };
  if (c.httpStatus !== undefined) ev.httpStatus = c.httpStatus;
  if (c.exitCode !== undefined) ev.exitCode = c.exitCode;
  if (c.signal !== undefined) ev.signal = c.signal;
  return ev;
}

function score(cases: FixtureCase[]): { exact: number; unknown: number; wronglyUnknown: number; misses: string[] } {
  let exact = 0;
  let unknown = 0;
  let wronglyUnknown = 0;
  const misses: string[] = [];
  for (const c of cases) {
    const v = classifyFailure(evidenceOf(c));
    if (v.reason === c.reason) exact++;
    else misses.push(`${c.id}: want ${c.reason}, got ${v.reason} (${v.rule})`);
    if (v.reason === 'unknown') unknown++;
    if (v.reason === 'unknown' && c.reason !== 'unknown') wronglyUnknown++;
  }
  return { exact, unknown, wronglyUnknown, misses };
}

describe('labeled real error texts', () => {
  const cases = load('error-texts.json');
  const reasons = new Set(FAILURE_REASONS.map((r) => r.reason));

  it('holds at least 150 cases, each with a taxonomy label and a public source', () => {
    expect(cases.length).toBeGreaterThanOrEqual(150);
    for (const c of cases) {
      expect(reasons.has(c.reason as never), c.id).toBe(true);
      expect(c.source, c.id).toMatch(/^https:\/\//);
    }
    expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
  });

  it('classifies at least 95 % exactly and leaves at most 3 % in unknown', () => {
    const { exact, unknown, misses } = score(cases);
    const exactRate = exact / cases.length;
    const unknownRate = unknown / cases.length;
    console.log(`fixtures: ${cases.length} cases, exact ${(exactRate * 100).toFixed(1)} %, unknown ${(unknownRate * 100).toFixed(1)} %`);
    if (misses.length > 0) console.log(misses.join('\n'));
    expect(exactRate).toBeGreaterThanOrEqual(0.95);
    expect(unknownRate).toBeLessThanOrEqual(0.03);
  });
});

// Sets collected after the rules were written, by people who had not seen them. Each was
// scored blind first (holdout: 66.7 % exact, holdout2: 54.9 %, holdout3: 54.1 %, holdout4: 58.2 %,
// holdout5: 75.9 %, after the earlier rounds had moved the rules toward phenomena); the rules were then widened
// for the phenomena the misses exposed, and the sets now guard them against regressions.
// The blind scores are the honest estimate for texts nobody here has seen.
for (const [file, blind] of [
  ['holdout-error-texts.json', 66.7],
  ['holdout2-error-texts.json', 54.9],
  ['holdout3-error-texts.json', 54.1],
  ['holdout4-error-texts.json', 58.2],
  ['holdout5-error-texts.json', 75.9],
] as const) {
  describe(`${file} (blind score ${blind} %)`, () => {
    const cases = load(file);

    it('does not repeat a text of the main set', () => {
      const main = new Set(load('error-texts.json').map((c) => c.text));
      expect(cases.filter((c) => main.has(c.text))).toEqual([]);
    });

    it('classifies at least 90 % exactly and wrongly leaves at most 3 % in unknown', () => {
      const { exact, unknown, wronglyUnknown, misses } = score(cases);
      console.log(
        `${file}: ${cases.length} cases, exact ${((exact / cases.length) * 100).toFixed(1)} %, unknown ${((unknown / cases.length) * 100).toFixed(1)} %`,
      );
      if (misses.length > 0) console.log(misses.join('\n'));
      expect(exact / cases.length).toBeGreaterThanOrEqual(0.9);
      expect(wronglyUnknown / cases.length).toBeLessThanOrEqual(0.03);
    });
  });
}

// Error messages in other languages, as products' localisation files word them (each string
// with the English of its key and its file). The multilingual cue words were chosen from them
// and the learned step trains on them, so this is a regression guard, not a generalization
// figure: with rule data 2.34.0 the ladder named 4.5 % of them; the cues alone now name about a
// fifth, most of the rest is the model's reading.
describe('translated-error-texts.json (error messages in other languages)', () => {
  const cases = load('translated-error-texts.json') as (FixtureCase & { lang: string })[];
  const reasons = new Set(FAILURE_REASONS.map((r) => r.reason));

  it('holds at least 4 000 strings, each with a taxonomy label, a language and a public source, none twice', () => {
    expect(cases.length).toBeGreaterThanOrEqual(4000);
    for (const c of cases) {
      expect(reasons.has(c.reason as never), c.id).toBe(true);
      expect(c.lang, c.id).toMatch(/^[a-z]{2,3}(-[A-Za-z]{2,4})*$/);
      expect(c.source, c.id).toMatch(/^https:\/\//);
    }
    expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
    expect(new Set(cases.map((c) => c.text)).size).toBe(cases.length);
  });

  it('classifies at least 90 % exactly and leaves at most 5 % in unknown', () => {
    const { exact, unknown } = score(cases);
    console.log(
      `translated: ${cases.length} cases, exact ${((exact / cases.length) * 100).toFixed(1)} %, unknown ${((unknown / cases.length) * 100).toFixed(1)} %`,
    );
    expect(exact / cases.length).toBeGreaterThanOrEqual(0.9);
    expect(unknown / cases.length).toBeLessThanOrEqual(0.05);
  });

  it('the rules alone (cue words included) name at least 15 % of them, and rarely wrongly', () => {
    let exact = 0;
    let wrong = 0;
    for (const c of cases) {
      const v = classifyFailure(evidenceOf(c), { learned: false });
      if (v.reason === c.reason) exact++;
      else if (v.reason !== 'unknown') wrong++;
    }
    expect(exact / cases.length).toBeGreaterThanOrEqual(0.15);
    expect(wrong).toBeLessThan(exact / 4);
  });
});

/** Every text of a blind batch: two taxonomy labels, a public source, unique ids. */
function expectBlindCases(cases: readonly { id: string; text: string; labels: string[]; source: string }[]): void {
  const reasons = new Set<string>(FAILURE_REASONS.map((r) => r.reason));
  for (const c of cases) {
    expect(c.labels, c.id).toHaveLength(2);
    for (const l of c.labels) expect(reasons.has(l), `${c.id}: ${l}`).toBe(true);
    expect(c.source, c.id).toMatch(/^https:\/\//);
    expect(c.text.length, c.id).toBeGreaterThan(0);
  }
  expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
}

describe('blind batches (scored in aggregate only, by scripts/blind/score.mjs; the sealed ones not at all)', () => {
  const names = readdirSync(new URL('../fixtures/blind/', import.meta.url)).filter((n) => /^batch-[a-z]+\.json$/.test(n));
  it('finds every batch', () => expect(names.length).toBeGreaterThanOrEqual(38));
  for (const name of names) {
    it(`${name}: at least 150 texts (100 when it says why it is smaller), each with two taxonomy labels and a public source`, () => {
      const doc = JSON.parse(readFileSync(new URL(`../fixtures/blind/${name}`, import.meta.url), 'utf8')) as { undersized?: string };
      const cases = load(`blind/${name}`) as unknown as { id: string; text: string; labels: string[]; source: string }[];
      // A batch under issue 11's 150 texts counts toward no first-contact target; it says why.
      const undersized = typeof doc.undersized === 'string' && doc.undersized.length > 0;
      expect(cases.length).toBeGreaterThanOrEqual(undersized ? 100 : 150);
      expectBlindCases(cases);
    });
  }
});

describe('small blind batches (under 100 texts: scored once, counted toward nothing, not trained on)', () => {
  const names = readdirSync(new URL('../fixtures/blind/', import.meta.url)).filter((n) => /^small-[a-z]+\.json$/.test(n));
  for (const name of names) {
    it(`${name}: says why it is small and was measured, each text with two taxonomy labels and a public source`, () => {
      const doc = JSON.parse(readFileSync(new URL(`../fixtures/blind/${name}`, import.meta.url), 'utf8')) as {
        undersized?: string;
        sealed?: boolean;
      };
      expect(doc.undersized).toMatch(/\S/);
      expect(doc.sealed).toBeUndefined();
      const cases = load(`blind/${name}`) as unknown as { id: string; text: string; labels: string[]; source: string }[];
      expect(cases.length).toBeGreaterThan(0);
      expectBlindCases(cases);
    });
  }
});
