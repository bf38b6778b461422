/**
 * `sanitizeDetail` skips the second redaction of an excerpt that `excerptAround` saw redaction
 * leave unchanged (see redact.ts). The detail must be the same as with every string redacted.
 * Redaction in general is not idempotent (a cut excerpt, or text next to a marker, may read
 * differently the second time): only the unchanged strings are skipped.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { excerptAround, forgetUnchangedByRedaction, sanitizeDetail } from '../../src/core/redact.js';
import { CORPUS } from '../helpers/secret-oracle.js';

const ERROR_TEXTS: string[] = [];
const collect = (x: unknown): void => {
  if (typeof x === 'string') ERROR_TEXTS.push(x);
  else if (x !== null && typeof x === 'object') for (const y of Object.values(x)) collect(y);
};
collect(JSON.parse(readFileSync(new URL('../fixtures/error-texts.json', import.meta.url), 'utf8')));

const piece = fc.oneof(
  fc.constantFrom(...CORPUS.map((c) => c.text)),
  fc.constantFrom(...CORPUS.map((c) => c.secret)),
  fc.constantFrom(...ERROR_TEXTS.slice(0, 2000)),
  fc.constantFrom(' ', '\n', '\t', ': ', '=', '@', '/', '://', '?', '&', '"', "'", '[REDACTED]', 'Bearer ', 'password=', '--token ', '~'),
  fc.string({
    unit: fc.constantFrom('a', 'Z', '9', '_', '-', '.', '+', '/', '=', ' ', '\n', '\u200b', '\u001b[31m', '\ud800'),
    maxLength: 60,
  }),
  fc.string({ maxLength: 20 }),
);

describe('the detail of an excerpt', () => {
  it('is the same whether or not the excerpt was remembered as unchanged by redaction', () => {
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 12 }),
        fc.nat(),
        fc.nat(40),
        fc.integer({ min: 0, max: 600 }),
        fc.integer({ min: 1, max: 400 }),
        (pieces, at, len, radius, maxLength) => {
          const text = pieces.join('');
          const start = text.length === 0 ? 0 : at % text.length;
          const excerpt = excerptAround(text, start, Math.min(text.length, start + len), radius);
          const remembered = sanitizeDetail(excerpt, maxLength);
          forgetUnchangedByRedaction();
          expect(remembered).toBe(sanitizeDetail(excerpt, maxLength));
        },
      ),
      { numRuns: 5000 },
    );
  });

  it('of an ordinary log line skips nothing it should not: a line redaction leaves alone stays as it is', () => {
    const line = 'npm ERR! code ERESOLVE while resolving the dependency tree';
    const excerpt = excerptAround(line, 8, 16, 240);
    expect(excerpt).toBe(line);
    expect(sanitizeDetail(excerpt, 240)).toBe(line);
  });
});
