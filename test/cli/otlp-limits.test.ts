/**
 * Records that used to take a whole backfill down: one nested thousands of levels deep, a
 * line or a document over the size limit. One bad record is skipped and reported; a document
 * too large to read is an input error naming the limit.
 */
import { closeSync, ftruncateSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyOtlpFile } from '../../src/cli/classify-otlp-file.js';
import { stringifyRecord } from '../../src/cli/json-write.js';
import { MAX_RECORD_BYTES, OtlpInputError } from '../../src/cli/otlp-records.js';
import { cli, distFile } from '../helpers/dist-helpers.js';
import { fleetSpans, handRequest, handSpan, jsonLines, otlpRequests } from '../helpers/otlp-helpers.js';

let dir: string;
let fleet: string[];
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'otlp-limits-test-'));
  fleet = jsonLines(otlpRequests(await fleetSpans(5, 60), 20, true))
    .trimEnd()
    .split('\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, lines: string[]): string {
  const path = join(dir, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

/** A failed run whose span carries a field nested `depth` levels deep (built as text: JSON.stringify would overflow). */
function deepRunLine(depth: number): string {
  const run = handSpan({
    spanId: 'eeeeeeeeeeeeeeee',
    traceId: 'eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee',
    name: 'agent run',
    attributes: { 'gen_ai.operation.name': 'invoke_agent' },
    status: { code: 2, message: 'socket hang up' },
  });
  const text = JSON.stringify(handRequest([{ ...run, deep: 'DEEP' }]));
  return text.replace('"DEEP"', `${'{"x":'.repeat(depth)}1${'}'.repeat(depth)}`);
}

describe('one bad record does not take the whole backfill down', () => {
  it('stamps a record nested 5000 levels deep and writes every record', async () => {
    const lines = [...fleet];
    lines.splice(1, 0, deepRunLine(5000));
    const path = file('deep.jsonl', lines);
    const out = join(dir, 'deep.out.jsonl');
    const result = await classifyOtlpFile(path, { env: {}, output: out });
    expect(result.malformed).toBe(0);
    expect(result.agentRuns).toBe(61);
    const written = readFileSync(out, 'utf8').trimEnd().split('\n');
    expect(written).toHaveLength(lines.length);
    expect(written[1]).toContain('"failure.reason"');
    expect(written[1]).toContain(`${'{"x":'.repeat(5000)}1`);
  });

  it('skips a line over the size limit and reports it with its line', async () => {
    const lines = [...fleet];
    const long = JSON.stringify(handRequest([handSpan({ spanId: 'ffffffffffffffff', name: 'x'.repeat(200_000) })]));
    lines.splice(2, 0, long);
    const path = file('long-line.jsonl', lines);
    const out = join(dir, 'long-line.out.jsonl');
    const limit = Math.max(...fleet.map((l) => Buffer.byteLength(l))) + 10;
    expect(long.length).toBeGreaterThan(limit);
    const result = await classifyOtlpFile(path, { env: {}, output: out, maxRecordBytes: limit });
    expect(result.malformed).toBe(1);
    expect(result.errors).toMatchObject([{ line: 3 }]);
    expect(result.errors[0]?.message).toContain(`${limit} bytes`);
    expect(result.agentRuns).toBe(60);
    expect(readFileSync(out, 'utf8').trimEnd().split('\n')).toHaveLength(fleet.length);
  });

  it('refuses a single JSON document over the limit, naming the limit', async () => {
    const doc = JSON.stringify(JSON.parse(fleet[0] as string), null, 2);
    const path = join(dir, 'doc.json');
    writeFileSync(path, doc);
    expect((await classifyOtlpFile(path, { env: {} })).format).toBe('json');
    const err = await classifyOtlpFile(path, { env: {}, maxRecordBytes: 100 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OtlpInputError);
    expect((err as Error).message).toContain(path);
    expect((err as Error).message).toContain('100 bytes');
  });

  it('the CLI exits 1 on a document of several hundred MB, naming the limit, without reading it', async () => {
    distFile('cli.js');
    const path = join(dir, 'huge.json');
    const fd = openSync(path, 'w');
    writeSync(fd, '{\n  "resourceSpans": [\n');
    ftruncateSync(fd, MAX_RECORD_BYTES + 1024 * 1024);
    closeSync(fd);
    const r = await cli(['classify', path], { timeoutMs: 20_000 });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(path);
    expect(r.stderr).toContain('256 MiB');
    expect(r.stderr).not.toContain('internal error');
  });
});

describe('stringifyRecord', () => {
  it('writes what JSON.stringify writes, and also past the stack depth', () => {
    const values: unknown[] = [
      { a: 1, b: [1, 'two', null, true, { c: -0.5 }], d: {}, e: [], 'k"ey': 'v\u2028\n', f: undefined },
      [undefined, 1e21, Number.NaN],
      'text',
      42,
      null,
    ];
    for (const v of values) expect(stringifyRecord(v)).toBe(JSON.stringify(v));
    const depth = 100_000;
    const deep = JSON.parse(`${'[{"a":'.repeat(depth)}0${'}]'.repeat(depth)}`);
    expect(() => JSON.stringify(deep)).toThrow(RangeError);
    const text = stringifyRecord(deep);
    expect(text.length).toBe(depth * 8 + 1);
    expect(text.startsWith('[{"a":[{"a":')).toBe(true);
  });
});
