/**
 * The built package, loaded by its name through package.json "exports" (self-reference),
 * from ESM (`import` → dist/index.js) and from CommonJS (`require` → dist/index.cjs), with the
 * Node helpers under the `./node` subpath only.
 */
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { distFile, runNode } from '../helpers/dist-helpers.js';

const CHECK = `
  const out = {
    classifyFailure: typeof m.classifyFailure,
    AgentFailureSpanProcessor: typeof m.AgentFailureSpanProcessor,
    AgentFailureSpanExporter: typeof m.AgentFailureSpanExporter,
    recordRuntimeClose: typeof m.recordRuntimeClose,
    traceChildProcess: typeof n.traceChildProcess,
    traceChildProcessInMain: typeof m.traceChildProcess,
    reason: m.classifyFailure({ stderrTail: 'API Error: 529 {"type":"error","error":{"type":"overloaded_error"}}', exitCode: 1 }).reason,
    processor: typeof new m.AgentFailureSpanProcessor({ env: {} }).onEnd,
  };
  process.stdout.write(JSON.stringify(out));
`;

const EXPECTED = {
  classifyFailure: 'function',
  AgentFailureSpanProcessor: 'function',
  AgentFailureSpanExporter: 'function',
  recordRuntimeClose: 'function',
  traceChildProcess: 'function',
  traceChildProcessInMain: 'undefined',
  reason: 'provider_overloaded',
  processor: 'function',
};

describe('dual package', () => {
  it('works when imported from ESM by package name', async () => {
    distFile('index.js');
    const esmUrl = pathToFileURL(distFile('index.js')).href;
    const r = await runNode([
      '--input-type=module',
      '-e',
      `import * as m from 'otel-agent-failure';\nimport * as n from 'otel-agent-failure/node';\nif (import.meta.resolve('otel-agent-failure') !== ${JSON.stringify(esmUrl)}) throw new Error('resolved ' + import.meta.resolve('otel-agent-failure'));\n${CHECK}\nconst { classifyFailure } = await import('otel-agent-failure'); if (classifyFailure !== m.classifyFailure) throw new Error('two copies');`,
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(EXPECTED);
  });

  it('works when required from CommonJS by package name', async () => {
    distFile('index.cjs');
    const r = await runNode([
      '--input-type=commonjs',
      '-e',
      `const m = require('otel-agent-failure');\nconst n = require('otel-agent-failure/node');\nif (require.resolve('otel-agent-failure') !== ${JSON.stringify(distFile('index.cjs'))}) throw new Error('resolved ' + require.resolve('otel-agent-failure'));\n${CHECK}`,
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(EXPECTED);
  });
});
