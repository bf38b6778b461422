/**
 * Reading OTLP JSON traces: value decoding, Collector-style and SDK-style files made from
 * real SDK spans, two-pass tool tracking, malformed records, and the stamped output.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyOtlpFile } from '../../src/cli/classify-otlp-file.js';
import {
  adaptOtlpSpan,
  decodeAnyValue,
  decodeAttributes,
  decodeStatusCode,
  encodeAnyValue,
  setOtlpAttributes,
  type OtlpSpan,
} from '../../src/cli/otlp-codec.js';
import { OtlpInputError } from '../../src/cli/otlp-records.js';
import { FailureTally } from '../../src/cli/tally.js';
import { collectorStyle, fleetSpans, handRequest, handSpan, jsonLines, otlpRequests } from '../helpers/otlp-helpers.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'otlp-json-test-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** Counts of a tally, comparable across runs. */
function counts(t: FailureTally) {
  return t.toJSON();
}

/** What the processor stamps on the same fleet, counted the same way. */
async function processorCounts(seed: number, size: number) {
  const tally = new FailureTally();
  for (const s of await fleetSpans(seed, size, true)) {
    if (s.attributes['gen_ai.operation.name'] === 'invoke_agent') tally.addRun(s.attributes, s.status);
  }
  return counts(tally);
}

describe('OTLP values', () => {
  it('decodes every AnyValue form, int64 as a string or a number', () => {
    expect(decodeAnyValue({ stringValue: 'a' })).toBe('a');
    expect(decodeAnyValue({ boolValue: false })).toBe(false);
    expect(decodeAnyValue({ intValue: '137' })).toBe(137);
    expect(decodeAnyValue({ intValue: 137 })).toBe(137);
    expect(decodeAnyValue({ intValue: '9223372036854775807' })).toBe('9223372036854775807');
    expect(decodeAnyValue({ doubleValue: 1.5 })).toBe(1.5);
    expect(decodeAnyValue({ arrayValue: { values: [{ stringValue: 'stop' }, { stringValue: 'length' }] } })).toEqual(['stop', 'length']);
    expect(decodeAnyValue({ kvlistValue: { values: [{ key: 'k', value: { intValue: '1' } }] } })).toBe('{"k":1}');
    expect(decodeAnyValue({})).toBeUndefined();
    expect(decodeAnyValue('nope')).toBeUndefined();
    expect(decodeAttributes([{ key: 'a', value: { stringValue: 'x' } }, { nokey: 1 }, null, { key: 'b' }])).toEqual({ a: 'x' });
  });

  it('encodes stamps as the Collector writes them', () => {
    expect(encodeAnyValue('provider_rate_limit')).toEqual({ stringValue: 'provider_rate_limit' });
    expect(encodeAnyValue(true)).toEqual({ boolValue: true });
    expect(encodeAnyValue(30000)).toEqual({ intValue: '30000' });
    expect(encodeAnyValue(0.5)).toEqual({ doubleValue: 0.5 });
    expect(encodeAnyValue(['a'])).toEqual({ arrayValue: { values: [{ stringValue: 'a' }] } });
  });

  it('reads status codes as numbers and as enum names', () => {
    expect(decodeStatusCode(2)).toBe(2);
    expect(decodeStatusCode('STATUS_CODE_ERROR')).toBe(2);
    expect(decodeStatusCode('STATUS_CODE_OK')).toBe(1);
    expect(decodeStatusCode('STATUS_CODE_UNSET')).toBe(0);
    expect(decodeStatusCode(undefined)).toBe(0);
  });

  it('adapts a span and replaces existing attributes when stamping', () => {
    const span = handSpan({
      spanId: '00f067aa0ba902b7',
      parentSpanId: '',
      name: 'run',
      attributes: { 'failure.reason': 'execution_failed' },
      events: [{ name: 'runtime_close', attributes: { exit_code: 1 } }],
      status: { code: 'STATUS_CODE_ERROR', message: 'agent_error' },
    }) as OtlpSpan;
    const view = adaptOtlpSpan(span);
    expect(view.status).toEqual({ code: 2, message: 'agent_error' });
    expect(view.parentSpanId).toBeUndefined();
    expect(view.events[0]?.attributes).toEqual({ exit_code: 1 });
    expect(view.spanContext()).toEqual({ traceId: '5b8efff798038103d269b633813fc60c', spanId: '00f067aa0ba902b7' });
    setOtlpAttributes(span, { 'failure.reason': 'exit_nonzero', 'retry.safe': false });
    expect(span.attributes).toEqual([
      { key: 'failure.reason', value: { stringValue: 'exit_nonzero' } },
      { key: 'retry.safe', value: { boolValue: false } },
    ]);
  });
});

/** An `execute_tool` span under a run, as a host writes one (failed when given a status). */
const toolSpan = (spanId: string, parentSpanId: string, tool: string, status?: { code: number; message: string }) =>
  handSpan({
    spanId,
    parentSpanId,
    name: `execute_tool ${tool}`,
    attributes: { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': tool },
    ...(status ? { status } : {}),
  });

describe('classifyOtlpFile', () => {
  it('gives the same counts as the processor on the same fleet (Collector-style JSON Lines)', async () => {
    const path = file('fleet.jsonl', jsonLines(otlpRequests(await fleetSpans(7, 300), 64, true)));
    const result = await classifyOtlpFile(path, { env: {} });
    expect(result.format).toBe('jsonl');
    expect(result.malformed).toBe(0);
    expect(result.agentRuns).toBe(300);
    expect(counts(result.tally)).toEqual(await processorCounts(7, 300));
    expect(result.tally.reasons.get('provider_rate_limit')).toBeGreaterThan(0);
  });

  it('reads SDK-style JSON (int64 as numbers) and a single pretty-printed document', async () => {
    const requests = otlpRequests(await fleetSpans(11, 120), 1000, false);
    expect(requests).toHaveLength(1);
    const path = file('one.json', JSON.stringify(requests[0], null, 2));
    const result = await classifyOtlpFile(path, { env: {} });
    expect(result.format).toBe('json');
    expect(counts(result.tally)).toEqual(await processorCounts(11, 120));
  });

  it('counts a side-effecting tool written after its run (the one pass gives way to two)', async () => {
    const runSpan = handSpan({
      spanId: 'aaaaaaaaaaaaaaaa',
      name: 'invoke_agent claude-code',
      attributes: { 'gen_ai.operation.name': 'invoke_agent' },
      events: [
        {
          name: 'runtime_close',
          attributes: { rpc_close_reason: 'stream_error', stderr_tail: 'TypeError: terminated: other side closed' },
        },
      ],
      status: { code: 2, message: 'execution_failed' },
    });
    const tool = toolSpan('bbbbbbbbbbbbbbbb', 'aaaaaaaaaaaaaaaa', 'Bash');
    const path = file('tool-after.jsonl', jsonLines([handRequest([runSpan]), handRequest([tool])]));
    const out = join(dir, 'tool-after.out.jsonl');
    const result = await classifyOtlpFile(path, { env: {}, output: out });
    expect(result.toolSpans).toBe(1);
    expect(result.tally.reasons.get('provider_network')).toBe(1);
    expect(result.tally.retrySafe).toEqual({ true: 0, false: 1 });
    const stamped = JSON.parse(readFileSync(out, 'utf8').split('\n')[0] as string);
    const attrs = stamped.resourceSpans[0].scopeSpans[0].spans[0].attributes as { key: string; value: unknown }[];
    expect(attrs.find((a) => a.key === 'retry.safe')?.value).toEqual({ boolValue: false });
    expect(attrs.find((a) => a.key === 'failure.close_reason')?.value).toEqual({ stringValue: 'stream_error' });

    // The same without an output, and as one JSON document (an array of requests) whose run the
    // first pass had already stamped in memory: stamped once, from the second reading.
    const counted = await classifyOtlpFile(path, { env: {} });
    expect(counted.tally.retrySafe).toEqual({ true: 0, false: 1 });
    const asArray = file('tool-after.json', JSON.stringify([handRequest([runSpan]), handRequest([tool])], null, 2));
    const arrayOut = join(dir, 'tool-after.out.json');
    const fromArray = await classifyOtlpFile(asArray, { env: {}, output: arrayOut });
    expect(fromArray.format).toBe('json');
    expect(fromArray.tally.retrySafe).toEqual({ true: 0, false: 1 });
    const doc = JSON.parse(readFileSync(arrayOut, 'utf8'));
    const runAttrs = doc[0].resourceSpans[0].scopeSpans[0].spans[0].attributes as { key: string; value: unknown }[];
    expect(runAttrs.filter((a) => a.key === 'retry.safe')).toEqual([{ key: 'retry.safe', value: { boolValue: false } }]);
  });

  it('reads a failed tool span whose error the run repeats as the tool failing', async () => {
    const runSpan = handSpan({
      spanId: '1111111111111111',
      name: 'invoke_agent claude-code',
      attributes: { 'gen_ai.operation.name': 'invoke_agent' },
      status: { code: 2, message: 'Error: Request failed with status code 401' },
    });
    const tool = toolSpan('2222222222222222', '1111111111111111', 'jira_search', {
      code: 2,
      message: 'Request failed with status code 401',
    });
    const alone = await classifyOtlpFile(file('run-alone.jsonl', jsonLines([handRequest([runSpan])])), { env: {} });
    expect(alone.tally.reasons.get('provider_auth')).toBe(1);
    const withTool = await classifyOtlpFile(file('failed-tool.jsonl', jsonLines([handRequest([runSpan]), handRequest([tool])])), {
      env: {},
    });
    expect(withTool.tally.reasons.get('tool_error')).toBe(1);
    expect(withTool.tally.reasons.get('provider_auth')).toBeUndefined();
  });

  it('stamps retry_after_ms as an int64 string and keeps other records as they were', async () => {
    const run = handSpan({
      spanId: 'cccccccccccccccc',
      name: 'codex exec',
      attributes: { 'gen_ai.operation.name': 'invoke_agent', 'process.exit.code': 1 },
      status: {
        code: 'STATUS_CODE_ERROR',
        message:
          '429 Rate limit reached for gpt-4o in organization org-XXXXXXXXXXXXXXXXXXXXXXXX on tokens per min (TPM): Limit 30000, Used 29937, Requested 385. Please try again in 644ms.',
      },
    });
    const plain = handSpan({ spanId: 'dddddddddddddddd', name: 'GET /health', status: { code: 2, message: '429 Too Many Requests' } });
    const path = file('retry-after.jsonl', jsonLines([handRequest([run, plain])]));
    const out = join(dir, 'retry-after.out.jsonl');
    await classifyOtlpFile(path, { env: {}, output: out });
    const spans = JSON.parse(readFileSync(out, 'utf8')).resourceSpans[0].scopeSpans[0].spans;
    const attrs = Object.fromEntries((spans[0].attributes as { key: string; value: unknown }[]).map((a) => [a.key, a.value]));
    expect(attrs['failure.reason']).toEqual({ stringValue: 'provider_rate_limit' });
    expect(attrs['failure.retry_after_ms']).toEqual({ intValue: '644' });
    expect(attrs['retry.safe']).toEqual({ boolValue: true });
    expect(attrs['process.exit.code']).toEqual({ intValue: '1' });
    expect(spans[1]).toEqual(collectorStyle(plain));
  });

  it('writes a record that gets no stamp back byte for byte, multi-byte text, odd spacing and all', async () => {
    const failed = handSpan({
      spanId: 'eeeeeeeeeeeeeeee',
      name: 'invoke_agent claude-code',
      attributes: { 'gen_ai.operation.name': 'invoke_agent' },
      status: { code: 2, message: 'API Error: 529 {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}' },
    });
    const ok = handSpan({ spanId: 'ffffffffffffffff', name: '翻訳 ✓ — “résumé” 🚀', attributes: { note: '错误 \\u00e9 ü' } });
    // Spacing JSON.stringify would not write, and an escape it would write as the character.
    const untouched = JSON.stringify(handRequest([ok]), null, 1)
      .replace(/\n/g, ' ')
      .replace('\\\\u00e9', '\\u00e9');
    const stamped = JSON.stringify(handRequest([failed]));
    // A byte order mark and CRLF line ends: the lines lose them, as they always did.
    const path = file('bytes.jsonl', `\ufeff${untouched}\r\n${stamped}\r\n${untouched}\n`);
    const out = join(dir, 'bytes.out.jsonl');
    const result = await classifyOtlpFile(path, { env: {}, output: out });
    expect(result.failedRuns).toBe(1);
    const lines = readFileSync(out, 'utf8').split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toBe(untouched);
    expect(lines[2]).toBe(untouched);
    expect(lines[3]).toBe('');
    expect(lines[1]).toContain('"failure.reason","value":{"stringValue":"provider_overloaded"}');
  });

  it('reports malformed lines with file and line number and processes the rest', async () => {
    const lines = jsonLines(otlpRequests(await fleetSpans(3, 80), 20, true))
      .trimEnd()
      .split('\n');
    lines.splice(2, 0, '{"resourceSpans": [', '{"resourceLogs":[]}', '[1, 2]');
    const path = file('malformed.jsonl', `${lines.join('\n')}\n`);
    const result = await classifyOtlpFile(path, { env: {} });
    expect(result.malformed).toBe(3);
    expect(result.errors.map((e) => e.line)).toEqual([3, 4, 5]);
    expect(result.errors[0]?.message).toMatch(/^invalid JSON/);
    expect(result.errors[1]?.message).toContain('metrics or logs');
    expect(result.errors[0]?.file).toBe(path);
    expect(result.agentRuns).toBe(80);
    expect(counts(result.tally)).toEqual(await processorCounts(3, 80));
  });

  it('refuses unreadable input and an output over the input', async () => {
    await expect(classifyOtlpFile(join(dir, 'missing.jsonl'))).rejects.toThrow(/missing\.jsonl: no such file/);
    await expect(classifyOtlpFile(dir)).rejects.toThrow(OtlpInputError);
    const path = file('self.jsonl', jsonLines([handRequest([])]));
    await expect(classifyOtlpFile(path, { output: path })).rejects.toThrow(/refusing to write the output over the input/);
    await expect(classifyOtlpFile(path, { output: join(dir, 'no', 'such', 'dir.jsonl') })).rejects.toThrow(/cannot write/);
  });
});
