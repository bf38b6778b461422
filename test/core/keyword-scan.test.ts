/**
 * The keyword scanner's `firsts` walks a long text as two interleaved halves: it must find
 * the same keywords at the same earliest starts as one walk in text order (`forEach`),
 * including keywords that straddle the middle.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BUILTIN_RULES } from '../../src/core/rules/builtin-rules.js';
import { buildKeywordScanner, type KeywordScanner } from '../../src/core/rules/keyword-scan.js';

/** Keyword id -> earliest start, from one walk in text order. */
function reference(scanner: KeywordScanner, text: string): Map<number, number> {
  const first = new Map<number, number>();
  scanner.forEach(text, (id, start) => {
    if (!first.has(id)) first.set(id, start);
  });
  return first;
}

function firsts(scanner: KeywordScanner, text: string): Map<number, number> {
  const pairs = scanner.firsts(text);
  const found = new Map<number, number>();
  for (let k = 0; k < pairs.length; k += 2) {
    expect(found.has(pairs[k]!)).toBe(false);
    found.set(pairs[k]!, pairs[k + 1]!);
  }
  return found;
}

describe('keyword scanner', () => {
  const keywords = BUILTIN_RULES.flatMap((r) => [...r.any, ...(r.none ?? [])]);
  const scanner = buildKeywordScanner(keywords);

  it('firsts agrees with one walk in text order on texts of keywords and filler, short and long', () => {
    const piece = fc.oneof(fc.constantFrom(...keywords), fc.string({ maxLength: 40 }), fc.constantFrom(' ', '\n', 'x', 'error'));
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 120 }), (pieces) => {
        const text = pieces.join('');
        expect(firsts(scanner, text)).toEqual(reference(scanner, text));
      }),
      { numRuns: 400 },
    );
  });

  it('finds a keyword that straddles the middle of a long text, and its earlier occurrence', () => {
    const keyword = keywords.reduce((a, b) => (b.length > a.length ? b : a));
    const id = scanner.id(keyword);
    for (let shift = 0; shift <= keyword.length; shift++) {
      const pad = '.'.repeat(300);
      const text = `${pad}${keyword}${pad}`.slice(shift);
      expect(firsts(scanner, text).get(id)).toBe(300 - shift);
      const twice = `${'.'.repeat(20)}${keyword}${text}`;
      expect(firsts(scanner, twice).get(id)).toBe(20);
    }
  });
});
