/**
 * The API report: the exact runtime exports of each entry point of the built package. An
 * export added or removed by accident fails here; a deliberate change updates this list,
 * the README's API section and the CHANGELOG together.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { distFile } from '../helpers/dist-helpers.js';

const MAIN_EXPORTS = [
  'ATTR_FAILURE_CATEGORY',
  'ATTR_FAILURE_CLASSIFIER_VERSION',
  'ATTR_FAILURE_CLOSE_REASON',
  'ATTR_FAILURE_DETAIL',
  'ATTR_FAILURE_EVIDENCE',
  'ATTR_FAILURE_REASON',
  'ATTR_FAILURE_RETRY_AFTER_MS',
  'ATTR_FAILURE_RULE',
  'ATTR_RETRY_RESUME_SAFE',
  'ATTR_RETRY_SAFE',
  'ATTR_TOOL_READ_ONLY',
  'AgentFailureSpanExporter',
  'AgentFailureSpanProcessor',
  'CLASSIFIER_VERSION',
  'CLOSE_REASONS',
  'FAILURE_REASONS',
  'RUNTIME_CLOSE_EVENT',
  'classifyFailure',
  'createClassifier',
  'isFailureReason',
  'normalizeCloseReason',
  'recordRuntimeClose',
];

const NODE_EXPORTS = ['traceChildProcess'];

async function exportsOf(file: string): Promise<string[]> {
  return Object.keys(await import(pathToFileURL(distFile(file)).href)).sort();
}

describe('the public API', () => {
  it('the main entry exports exactly the documented names (at most 25)', async () => {
    expect(await exportsOf('index.js')).toEqual([...MAIN_EXPORTS].sort());
    expect(MAIN_EXPORTS.length).toBeLessThanOrEqual(25);
  });

  it('the CommonJS builds export the same names', () => {
    const require = createRequire(import.meta.url);
    expect(Object.keys(require(distFile('index.cjs')) as object).sort()).toEqual([...MAIN_EXPORTS].sort());
    expect(Object.keys(require(distFile('node.cjs')) as object).sort()).toEqual(NODE_EXPORTS);
  });

  it('the ./node entry exports only the child-process helper', async () => {
    expect(await exportsOf('node.js')).toEqual(NODE_EXPORTS);
  });

  it('src/index.ts names every export (no `export *`)', () => {
    const index = readFileSync(new URL('../../src/index.ts', import.meta.url), 'utf8');
    expect(index).not.toMatch(/export \*/);
  });

  it('exported data is frozen', async () => {
    const m = (await import(pathToFileURL(distFile('index.js')).href)) as Record<string, unknown>;
    const reasons = m.FAILURE_REASONS as object[];
    expect(Object.isFrozen(reasons)).toBe(true);
    expect(reasons.every((r) => Object.isFrozen(r))).toBe(true);
    expect(Object.isFrozen(m.CLOSE_REASONS)).toBe(true);
    expect(() => (reasons as unknown[]).push({})).toThrow(TypeError);
  });
});
