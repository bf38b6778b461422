/**
 * The structured vocabularies under rules/vocabulary/: identifiers that providers, SDKs,
 * protocols and operating systems define, each file from its authoritative list. Checked as
 * data: the shape every port reads, the closed phenomenon/locus vocabulary, no duplicates.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const DIR = new URL('../../rules/vocabulary/', import.meta.url);
const PHENOMENA = new Set(
  'auth quota rate overload server_fault network timeout not_found invalid_request context_too_large content_policy config not_installed unsupported_version spawn crash empty cancelled limit_reached malformed_protocol closed_channel stream unknown'.split(
    ' ',
  ),
);
const LOCI = new Set(['provider', 'gateway', 'agent', 'tool', 'host', 'channel', 'user', 'os']);

interface Entry {
  id: unknown;
  phenomenon: unknown;
  locus?: unknown;
  list?: unknown;
  provider?: unknown;
}
interface Vocabulary {
  title: unknown;
  sources: unknown;
  retrieved: unknown;
  field: unknown;
  matchAs: unknown;
  listed: unknown;
  entries: Entry[];
}

const files = readdirSync(DIR).filter((f) => f.endsWith('.json'));

describe('rules/vocabulary', () => {
  it('holds the provider, SDK, OS and protocol lists', () => {
    expect(files.length).toBeGreaterThanOrEqual(17);
  });

  for (const file of files) {
    it(`${file}: sourced, every entry mapped into the closed vocabulary, no duplicates`, () => {
      const v = JSON.parse(readFileSync(new URL(file, DIR), 'utf8')) as Vocabulary;
      expect(typeof v.title).toBe('string');
      expect(Array.isArray(v.sources) && (v.sources as unknown[]).length > 0).toBe(true);
      for (const s of v.sources as unknown[]) expect(s).toMatch(/^https:\/\//);
      expect(v.retrieved).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(typeof v.field).toBe('string');
      expect(['token', 'json_value', 'class_name', 'code']).toContain(v.matchAs);
      expect(Number.isInteger(v.listed)).toBe(true);
      expect(v.entries.length).toBeGreaterThanOrEqual(v.listed as number);
      const keys = new Set<string>();
      for (const e of v.entries) {
        expect(typeof e.id === 'string' || typeof e.id === 'number', JSON.stringify(e)).toBe(true);
        expect(PHENOMENA.has(e.phenomenon as string), `${String(e.id)}: ${String(e.phenomenon)}`).toBe(true);
        if (e.locus !== undefined) expect(LOCI.has(e.locus as string), `${String(e.id)}: ${String(e.locus)}`).toBe(true);
        const key = `${String(e.list ?? '')}|${String(e.provider ?? '')}|${String(e.id)}`;
        expect(keys.has(key), key).toBe(false);
        keys.add(key);
      }
    });
  }
});
