/**
 * learnedProbabilities reads token ids without building token strings: its probabilities
 * must be bit for bit those of the string tokens (learnedTokens) looked up in the model's
 * feature table, in the same order, on real texts and on arbitrary ones.
 */
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import MODEL from '../../rules/learned-model.json' with { type: 'json' };
import { learnedProbabilities, learnedTokens, type LearnedFacts } from '../../src/core/classify/learned-model.js';

const model = MODEL as unknown as { bias: number[]; weightScale: number; features: string; weights: string };

/** The model file's weights, read as its $comment describes them: feature -> [class, weight / scale, …]. */
const weightsOf = new Map<string, number[]>();
{
  const letters = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
  const names = model.features.split('\n');
  const groups = model.weights.split(';');
  expect(groups.pop()).toBe('');
  expect(groups.length).toBe(names.length);
  names.forEach((name, i) => {
    const sparse: number[] = [];
    for (const [, letter, value] of groups[i]!.matchAll(/([a-zA-Z])(-?[0-9]+)/g)) sparse.push(letters.indexOf(letter!), Number(value));
    expect(groups[i]).toBe(sparse.map((x, k) => (k % 2 === 0 ? letters[x] : String(x))).join(''));
    weightsOf.set(name, sparse);
  });
}

/** The scorer as the features are defined: every feature string, once, in token order. */
function reference(text: string, facts: LearnedFacts = {}): number[] {
  const s = model.bias.map(Number);
  const seen = new Set<string>();
  const add = (feature: string): void => {
    const w = weightsOf.get(feature);
    if (w === undefined || seen.has(feature)) return;
    seen.add(feature);
    for (let x = 0; x + 1 < w.length; x += 2) s[w[x]!]! += w[x + 1]! * model.weightScale;
  };
  const { tokens, wholes } = learnedTokens(text);
  tokens.forEach((t, i) => {
    add(t);
    if (i > 0) add(`${tokens[i - 1]} ${t}`);
  });
  for (const w of wholes) add(`=${w}`);
  if (facts.httpStatus !== undefined) add(`@http ${facts.httpStatus}`);
  if (facts.exitCode !== undefined) add(`@exit ${facts.exitCode}`);
  if (facts.signal !== undefined) add(`@signal ${facts.signal.toLowerCase()}`);
  const max = Math.max(...s);
  let z = 0;
  for (let k = 0; k < s.length; k++) z += s[k] = Math.exp(s[k]! - max);
  for (let k = 0; k < s.length; k++) s[k]! /= z;
  return s;
}

const fixtureTexts = (dir: URL): string[] =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .flatMap((f) => (JSON.parse(readFileSync(new URL(f, dir), 'utf8')) as { cases?: { text: string }[] }).cases ?? [])
    .map((c) => c.text);

describe('learned scorer by token ids', () => {
  it('matches the string features bit for bit on every fixture text', () => {
    const texts = [
      ...fixtureTexts(new URL('../fixtures/', import.meta.url)),
      ...fixtureTexts(new URL('../fixtures/blind/', import.meta.url)),
    ];
    expect(texts.length).toBeGreaterThan(1000);
    for (const text of texts) {
      expect(learnedProbabilities(text, { exitCode: 1, httpStatus: 429 })).toEqual(reference(text, { exitCode: 1, httpStatus: 429 }));
    }
  });

  it('matches on arbitrary texts: case, digits, underscores, accents, CJK, long words', () => {
    const piece = fc.oneof(
      fc.string({ maxLength: 20 }),
      fc.constantFrom(
        'RateLimitError',
        'HTTPError',
        'rate_limit',
        '429',
        '1234',
        '99',
        '600',
        'Überlastet',
        'İstanbul',
        '请求超时',
        'ÀB',
        '_x_',
      ),
      fc.string({ unit: 'binary', maxLength: 8 }),
      fc.constantFrom(' ', '\n', ': ', '.'),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 60 }), (pieces) => {
        const text = pieces.join('');
        expect(learnedProbabilities(text)).toEqual(reference(text));
      }),
      { numRuns: 500 },
    );
  });
});
