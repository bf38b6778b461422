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

  it('scan finds each keyword where indexOf does (the automaton against the plain search)', () => {
    const piece = fc.oneof(
      fc.constantFrom(...keywords),
      fc.constantFrom(...keywords).map((k) => k.slice(0, Math.max(1, k.length - 1))),
      fc.string({ maxLength: 20 }),
      fc.constantFrom(' ', '\n', 'error', '错误'),
    );
    const unique = [...new Set(keywords)].filter((k) => k.length > 0);
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 60 }), (pieces) => {
        const text = pieces.join('');
        const first = scanner.scan(text);
        for (const k of unique) expect(first[scanner.id(k)]).toBe(text.indexOf(k));
      }),
      { numRuns: 300 },
    );
  });

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

describe('keyword scanner, read from the end', () => {
  const keywords = BUILTIN_RULES.flatMap((r) => [...r.any, ...(r.none ?? [])]);
  const scanner = buildKeywordScanner(keywords);

  /** `last` and `tokens` as one walk over the whole text defines them. */
  function referenceLast(text: string, wholeToken: boolean): { start: number; end: number } | undefined {
    const all = scanner.tokens(text, wholeToken);
    let best: { start: number; end: number } | undefined;
    for (const t of all) if (best === undefined || t.start > best.start || (t.start === best.start && t.end > best.end)) best = t;
    return best;
  }

  it('last and lastTokens agree with the whole walk on long texts, keywords near and far from the end', () => {
    const piece = fc.oneof(
      fc.constantFrom(...keywords),
      fc.string({ maxLength: 12 }),
      fc.integer({ min: 1, max: 6000 }).map((n) => '.'.repeat(n)),
      fc.constantFrom(' ', '\n', 'x', '_'),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), fc.boolean(), fc.integer({ min: 1, max: 10 }), (pieces, wholeToken, count) => {
        const text = pieces.join('');
        const last = scanner.last(text, wholeToken);
        const expected = referenceLast(text, wholeToken);
        expect(last && { start: last.start, end: last.end }).toEqual(expected);
        expect(scanner.lastTokens(text, wholeToken, count)).toEqual(scanner.tokens(text, wholeToken).slice(-count));
      }),
      { numRuns: 300 },
    );
  });
});

describe('keyword scanner, a keyword across the window edge', () => {
  const keywords = BUILTIN_RULES.flatMap((r) => [...r.any, ...(r.none ?? [])]);
  const scanner = buildKeywordScanner(keywords);
  const word = /[a-z0-9_]/i;

  it('lastTokens keeps a long keyword that starts before the last window and holds a shorter one', () => {
    // A keyword holding another as a whole token strictly inside it: a scan that starts
    // inside the long one sees only the short one, which ends first.
    const pair = keywords
      .flatMap((long) =>
        keywords
          .filter((short) => short !== long)
          .map((short) => ({ long, short, at: long.indexOf(short, 1) }))
          .filter(
            ({ long, short, at }) =>
              at > 0 && at + short.length < long.length && !word.test(long[at - 1]!) && !word.test(long[at + short.length]!),
          ),
      )
      .find(Boolean);
    expect(pair).toBeDefined();
    const { long } = pair!;
    // The long keyword starts one character before the last 4096-character window.
    const text = `${'.'.repeat(5000)}${long}${'.'.repeat(4096 - long.length + 1)}`;
    const all = scanner.tokens(text, true);
    expect(all.some((t) => t.start === 5000)).toBe(true);
    for (let count = 1; count <= all.length + 1; count++) expect(scanner.lastTokens(text, true, count)).toEqual(all.slice(-count));
  });

  it('last and lastTokens find the only keyword when it straddles the edge of a window', () => {
    // A wider window reads only what the narrower one did not: a keyword that starts before
    // the edge and ends after it must still be seen, at every window size and offset.
    const keyword = keywords.find((k) => k.length >= 6 && /^[a-z]+$/.test(k))!;
    for (const window of [4096, 4 * 4096]) {
      for (let into = 1; into < keyword.length; into++) {
        const text = `${'.'.repeat(3 * window)}${keyword}${'.'.repeat(window - into)}`;
        const start = 3 * window;
        expect(scanner.last(text, true)).toEqual({ keyword, start, end: start + keyword.length });
        expect(scanner.lastTokens(text, true, 3)).toEqual([{ start, end: start + keyword.length }]);
      }
    }
  });
});

describe('keyword scanner, construction', () => {
  // The automaton is built from sibling lists and copied rows (cheaper on the first
  // classification): every occurrence must still be reported, at each end the longer keyword
  // first, as a naive search reports them.
  it('forEach reports every occurrence of random keywords over a small alphabet, in end order, longer first', () => {
    const word = fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'é'), minLength: 1, maxLength: 6 });
    fc.assert(
      fc.property(
        fc.array(word, { minLength: 1, maxLength: 30 }),
        fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'é', 'x'), maxLength: 80 }),
        (keywords, text) => {
          const scanner = buildKeywordScanner(keywords);
          const seen: [number, number][] = [];
          scanner.forEach(text, (id, start) => seen.push([id, start]));
          const expected: [number, number][] = [];
          const distinct = [...new Set(keywords)];
          for (let end = 1; end <= text.length; end++) {
            distinct
              .filter((k) => end >= k.length && text.startsWith(k, end - k.length))
              .sort((a, b) => b.length - a.length)
              .forEach((k) => expected.push([scanner.id(k), end - k.length]));
          }
          expect(seen).toEqual(expected);
        },
      ),
      { numRuns: 500 },
    );
  });
});
