/**
 * Property tests: arbitrary spans, events, statuses and AGENT_FAILURE_* configuration through
 * real tracer providers, and arbitrary evidence through the pure classifier. Whatever comes
 * in, the processor never throws, never loses or duplicates a span, and stamps only values
 * of the documented types.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { diag, DiagLogLevel, type Span, type Tracer } from '@opentelemetry/api';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CLASSIFIER_VERSION,
  CLOSE_REASONS,
  FAILURE_REASONS,
  classifyFailure,
  isFailureReason,
  type Env,
  type FailureEvidence,
} from '../../src/index.js';
import { MAX_RETRY_AFTER_MS } from '../../src/core/retry-after.js';
import { failureReasonInfo } from '../../src/core/taxonomy.js';
import { ENV_VARS, resolveConfig, type ResolvedConfig } from '../../src/otel/config.js';
import { SDK_LINES, setupPipeline, startChild, type ExportedSpan, type RegistrationStyle, type SdkLine } from '../helpers/test-helpers.js';

const REASONS = new Set<string>(FAILURE_REASONS.map((r) => r.reason));
const CATEGORIES = new Set(['provider', 'runtime', 'config', 'tool', 'user', 'unknown']);
const EVIDENCE_KINDS = new Set(['preset', 'structured', 'http_status', 'text', 'close_reason', 'none']);
const CLOSE = new Set<string>(CLOSE_REASONS);

const newest = SDK_LINES.find((l) => l.name === 'sdk-trace-base 2.x (newest)')!;
const v130 = SDK_LINES.find((l) => l.name === 'sdk-trace-base 1.30')!;
const TARGETS: { line: SdkLine; style: RegistrationStyle }[] = [
  { line: newest, style: 'beside' },
  { line: newest, style: 'wrapper' },
  { line: newest, style: 'exporter' },
  { line: v130, style: 'wrapper' },
];

// --- diagnostics: an internal error swallowed by the processor still fails the property ------
const diagErrors: string[] = [];
beforeAll(() => {
  diag.setLogger(
    {
      error: (...a: unknown[]) => diagErrors.push(a.map(String).join(' ')),
      warn: () => {},
      info: () => {},
      debug: () => {},
      verbose: () => {},
    },
    DiagLogLevel.ERROR,
  );
});
afterAll(() => diag.disable());

// --- rules files the env may point at ----------------------------------------------------------
let dir = '';
const RULE_FILES: Record<string, string> = {};
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'oaf-prop-'));
  RULE_FILES.valid = join(dir, 'valid.json');
  writeFileSync(
    RULE_FILES.valid,
    JSON.stringify({
      rules: [
        { id: 'gw', reason: 'provider_quota', match: { substring: 'budget exhausted' }, retrySafe: true },
        { id: 'proxy', reason: 'provider_network', match: { regex: 'proxy (?:reset|dropped)' } },
        { id: 'exit3', reason: 'tool_error', match: { exitCode: 3 }, resumeSafe: false },
        { id: 'bad', reason: 'not_a_reason', match: { substring: 'x' } },
      ],
    }),
  );
  RULE_FILES.garbage = join(dir, 'garbage.json');
  writeFileSync(RULE_FILES.garbage, '{"rules": [ {"id": ');
  RULE_FILES.missing = join(dir, 'does-not-exist.json');
  RULE_FILES.directory = dir;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// --- arbitraries -------------------------------------------------------------------------------

/** Any UTF-16 code unit, lone surrogates included. */
const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));
const SNIPPETS = [
  'API Error: 529 {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}',
  'API Error: 429 {"type":"error","error":{"type":"rate_limit_error","message":"rate limited"}} Please try again in 1m30s',
  'prompt is too long: 212345 tokens > 200000 maximum',
  'TypeError: terminated (cause: SocketError: other side closed, UND_ERR_SOCKET)',
  'Error: spawn claude ENOENT',
  'Request was aborted.',
  'claude timed out after 2h0m0s',
  'usage limit reached|1750000000',
  'retry-after: 99999999',
  'resets at 2099-01-01T00:00:00Z',
  'Authorization: Bearer abcdefghijklmnop sk-ant-api03-aaaaaaaaaaaaaaaa user@example.com',
  'https://api.example.com/v1?key=secret#frag',
  '/home/alice/project',
  '\u001b[31mred\u001b[0m \u001b]0;title\u0007',
  '\ud800',
  '\udfff',
  '\ud83d\ude00',
  'exit status 4030 took 15290ms v1.5.0',
  '{"jsonrpc":"2.0","error":{"code":-32700,"message":"Parse error"}}',
  'budget exhausted',
  'proxy reset',
  '\n',
  '',
  ' ',
];
const smallText = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: codeUnit, maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.constantFrom(...SNIPPETS),
);
/** Texts from empty to ~100 KB: joined snippets, or a chunk repeated to a large size. */
const text = fc.oneof(
  { weight: 6, arbitrary: fc.array(smallText, { maxLength: 6 }).map((parts) => parts.join(' ')) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.array(smallText, { minLength: 1, maxLength: 3 }), fc.integer({ min: 1, max: 100_000 }), fc.constantFrom(...SNIPPETS))
      .map(([parts, size, tail]) => {
        const chunk = parts.join(' ') || 'x';
        return chunk.repeat(Math.ceil(size / chunk.length)).slice(0, size) + tail;
      }),
  },
);
const number = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.constantFrom(NaN, Infinity, -Infinity, -0, 0, 1, 2, 126, 127, 137, 139, 400, 401, 429, 500, 529, 2 ** 53, -1),
);
const scalar = fc.oneof(text, number, fc.boolean(), fc.constant(undefined), fc.constant(null));
/** What instrumentation may pass as an attribute value, valid or not. */
const attrValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: scalar },
  { weight: 1, arbitrary: fc.array(fc.oneof(text, fc.constant(null), fc.constant(undefined)), { maxLength: 4 }) },
  { weight: 1, arbitrary: fc.array(number, { maxLength: 4 }) },
  { weight: 1, arbitrary: fc.array(scalar, { maxLength: 4 }) },
  { weight: 1, arbitrary: fc.constantFrom({}, { nested: 'x' }, [[1]], () => 1) },
);

const SPAN_KEYS = [
  'gen_ai.operation.name',
  'error.type',
  'error.message',
  'exception.type',
  'exception.message',
  'http.response.status_code',
  'process.exit.code',
  'gen_ai.response.finish_reasons',
  'failure.reason',
  'gen_ai.output.messages',
  'output',
  'retry.safe',
  'failure.detail',
  'failure.retry_after_ms',
  'failure.close_reason',
];
const CLOSE_KEYS = [
  'rpc_close_reason',
  'close_reason',
  'exit_code',
  'process.exit.code',
  'signal',
  'stderr_tail',
  'stdout_tail',
  'error.message',
  'message',
  'timed_out',
  'cancelled',
];
/** Values that mean something under the keys the processor reads, or anything at all. */
const keyedValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    'invoke_agent',
    'execute_tool',
    'exit_nonzero',
    'stream_error',
    'fatal_rpc_error',
    'cancel_requested',
    'timeout',
    'SIGKILL',
    'SIGTERM',
    'true',
    'false',
    'unknown',
    'execution_failed',
    'provider_auth',
    'budget_exceeded',
    '[]',
    '',
  ),
  attrValue,
);
const attributes = (keys: string[]): fc.Arbitrary<Record<string, unknown>> =>
  fc
    .array(
      fc.tuple(
        fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...keys) }, { weight: 1, arbitrary: fc.string({ maxLength: 12 }) }),
        keyedValue,
      ),
      { maxLength: 8 },
    )
    .map((entries) => Object.fromEntries(entries));

type EventSpec = { kind: 'event'; name: string; attributes: Record<string, unknown> | undefined } | { kind: 'exception'; value: unknown };
/** A runtime_close event shaped as hosts write it, with arbitrary values mixed in. */
const runtimeClose: fc.Arbitrary<EventSpec> = fc.record({
  kind: fc.constant('event' as const),
  name: fc.constant('runtime_close'),
  attributes: fc.record(
    {
      close_reason: fc.oneof(fc.constantFrom(...CLOSE_REASONS, 'Exit-Zero', 'rpc_error', 'killed'), keyedValue),
      rpc_close_reason: fc.oneof(fc.constantFrom('fatal_rpc_error', 'stream_error'), keyedValue),
      exit_code: fc.oneof(fc.constantFrom(0, 1, 2, 3, 126, 127, 137, '1', ' 137 '), keyedValue),
      signal: fc.oneof(fc.constantFrom('SIGKILL', 'SIGTERM', 'sigsegv', 'KILL'), keyedValue),
      stderr_tail: text,
      stdout_tail: text,
      message: text,
      timed_out: fc.constantFrom(true, false, 'true', 'no'),
      cancelled: fc.constantFrom(true, false, 'TRUE', 1),
    },
    { requiredKeys: [] },
  ),
});
const eventSpec: fc.Arbitrary<EventSpec> = fc.oneof(
  { weight: 3, arbitrary: runtimeClose },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('event' as const),
      name: fc.oneof(
        fc.constantFrom('runtime_close', 'exception', 'tool_call', 'tool_use', 'tool.call', 'gen_ai.tool.call', 'execute_tool'),
        fc.string({ maxLength: 12 }),
      ),
      attributes: fc.oneof(
        attributes(CLOSE_KEYS),
        attributes(['exception.type', 'exception.message', 'gen_ai.tool.name', 'agent_failure.tool.read_only']),
        fc.constant(undefined),
      ),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('exception' as const),
      // Prototype-less exception objects are left out: the SDK itself throws on them ("Failed to record an exception ${exception}").
      value: fc.oneof(
        text,
        fc.record({ name: scalar, message: scalar, code: scalar, stack: scalar }, { requiredKeys: [], noNullPrototype: true }),
      ),
    }),
  },
);

interface ToolSpec {
  name: string;
  readOnly: unknown;
  op: string;
}
const toolSpec: fc.Arbitrary<ToolSpec> = fc.record({
  name: fc.oneof(fc.constantFrom('Read', 'Bash', 'grep', 'Write'), fc.string({ maxLength: 8 })),
  readOnly: fc.constantFrom(true, false, 'true', 'TRUE ', 'maybe', 1, undefined),
  op: fc.constantFrom('execute_tool', 'execute_tool', 'execute_tool', 'chat'),
});

interface RunSpec {
  name: string;
  agent: boolean;
  startAttributes: Record<string, unknown>;
  later: [string, unknown][];
  events: EventSpec[];
  status: { code: number; message: unknown } | undefined;
  tools: ToolSpec[];
  siblings: { name: string; attributes: Record<string, unknown> }[];
}
const runSpec: fc.Arbitrary<RunSpec> = fc.record({
  name: fc.oneof(fc.constantFrom('invoke_agent claude', 'agent run', 'codex exec', 'GET /'), fc.string({ maxLength: 20 }), text),
  agent: fc.boolean(),
  startAttributes: attributes(SPAN_KEYS),
  later: fc.array(fc.tuple(fc.constantFrom(...SPAN_KEYS), keyedValue), { maxLength: 3 }),
  events: fc.array(eventSpec, { maxLength: 5 }),
  status: fc.option(fc.record({ code: fc.oneof(fc.constantFrom(0, 1, 2, 2, 2), fc.integer()), message: fc.oneof(text, attrValue) }), {
    nil: undefined,
  }),
  tools: fc.array(toolSpec, { maxLength: 3 }),
  siblings: fc.array(
    fc.record({
      name: fc.string({ maxLength: 10 }),
      attributes: attributes(['http.response.status_code', 'error.type', 'exception.message', 'gen_ai.operation.name']),
    }),
    { maxLength: 2 },
  ),
});

const envValue = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    'true',
    'TRUE',
    'false',
    'False',
    'yes',
    '0',
    '1',
    '-1',
    '240',
    '4096',
    '4097',
    '255',
    '256',
    '1048576',
    '1048577',
    '99999999999999999999',
    '1e3',
    ' 12 ',
    'NaN',
  ),
  fc.integer({ min: -10, max: 2_000_000 }).map(String),
  fc.string({ maxLength: 16 }),
);
const env: fc.Arbitrary<Env> = fc
  .record(
    {
      [ENV_VARS.enabled]: fc.oneof(fc.constantFrom('true', 'true', 'false'), envValue),
      [ENV_VARS.spanNamePatterns]: fc.oneof(fc.constantFrom('*', 'agent*', '*run*,codex exec', 'invoke_agent claude', ',,'), envValue),
      [ENV_VARS.detail]: fc.oneof({ weight: 3, arbitrary: fc.constant('true') }, { weight: 1, arbitrary: envValue }),
      [ENV_VARS.maxDetailLength]: fc.oneof(fc.constantFrom('0', '1', '2', '5', '40', '4096'), envValue),
      [ENV_VARS.maxTextLength]: envValue,
      [ENV_VARS.rulesFile]: fc.constantFrom('valid', 'garbage', 'missing', 'directory', ''),
      [ENV_VARS.setErrorType]: fc.oneof({ weight: 3, arbitrary: fc.constant('true') }, { weight: 1, arbitrary: envValue }),
      [ENV_VARS.outputAttribute]: fc.oneof(fc.constantFrom('output', 'gen_ai.output.messages'), envValue),
      [ENV_VARS.fallbackMaxLength]: envValue,
      [ENV_VARS.readOnlyTools]: fc.oneof(fc.constantFrom('Read,grep', 'Bash', ''), envValue),
      [ENV_VARS.maxTrackedTraces]: fc.oneof(fc.constantFrom('0', '1', '2', '10000'), envValue),
      [ENV_VARS.trackedTraceMaxAgeMs]: envValue,
    },
    { requiredKeys: [] },
  )
  .map((e) => {
    const out: Record<string, string> = { ...(e as Record<string, string>) };
    const rf = out[ENV_VARS.rulesFile];
    if (rf !== undefined) out[ENV_VARS.rulesFile] = rf === '' ? '' : (RULE_FILES[rf] as string);
    return out;
  });

// --- replay ------------------------------------------------------------------------------------

function replay(tracer: Tracer, runs: RunSpec[]): { ids: string[]; runs: Map<string, RunSpec> } {
  const ids: string[] = [];
  const byId = new Map<string, RunSpec>();
  const track = (s: Span): Span => {
    ids.push(s.spanContext().spanId);
    return s;
  };
  for (const r of runs) {
    const start = { ...r.startAttributes };
    if (r.agent) start['gen_ai.operation.name'] = 'invoke_agent';
    const run = track(tracer.startSpan(r.name, { attributes: start as any }));
    byId.set(run.spanContext().spanId, r);
    for (const t of r.tools) {
      const tool = track(
        startChild(tracer, `tool ${t.name}`, run, {
          'gen_ai.operation.name': t.op,
          'gen_ai.tool.name': t.name,
          ...(t.readOnly === undefined ? {} : { 'agent_failure.tool.read_only': t.readOnly as any }),
        }),
      );
      tool.end();
    }
    for (const [k, v] of r.later) run.setAttribute(k, v as any);
    for (const e of r.events) {
      if (e.kind === 'exception') run.recordException(e.value as any);
      else run.addEvent(e.name, e.attributes as any);
    }
    if (r.status) run.setStatus({ code: r.status.code, message: r.status.message as any });
    for (const s of r.siblings) track(tracer.startSpan(s.name, { attributes: s.attributes as any })).end();
    run.end();
  }
  return { ids, runs: byId };
}

function same(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => Object.is(x, b[i]));
  return Object.is(a, b);
}

/** Keys whose value on the processed span differs from the same span through a pipeline without the processor. */
function stampedKeys(processed: ExportedSpan, control: ExportedSpan): string[] {
  return Object.keys(processed.attributes).filter((k) => !same(processed.attributes[k], control.attributes[k]));
}

function boolish(v: unknown): boolean {
  return v === true || (typeof v === 'string' && v.trim().toLowerCase() === 'true');
}

/** How often each stamp was seen, so a run that exercises nothing fails loudly. */
const seen = new Map<string, number>();
const count = (key: string): void => {
  seen.set(key, (seen.get(key) ?? 0) + 1);
};

function checkStamps(processed: ExportedSpan, control: ExportedSpan, config: ResolvedConfig, where: string): string[] {
  const keys = stampedKeys(processed, control);
  const a = processed.attributes;
  for (const k of keys) {
    const v = a[k];
    const at = `${where}: ${k}=${JSON.stringify(v)}`;
    switch (k) {
      case 'failure.reason':
        expect(REASONS.has(v as string), at).toBe(true);
        break;
      case 'error.type':
        expect(REASONS.has(v as string), at).toBe(true);
        break;
      case 'failure.close_reason':
        expect(CLOSE.has(v as string), at).toBe(true);
        break;
      case 'failure.category':
        expect(CATEGORIES.has(v as string), at).toBe(true);
        break;
      case 'failure.evidence':
        expect(EVIDENCE_KINDS.has(v as string), at).toBe(true);
        break;
      case 'failure.rule':
        expect(typeof v === 'string' && v.length > 0, at).toBe(true);
        break;
      case 'failure.classifier.version':
        expect(v, at).toBe(CLASSIFIER_VERSION);
        break;
      case 'failure.detail':
        expect(config.detail, at).toBe(true);
        expect(typeof v, at).toBe('string');
        expect((v as string).length, at).toBeLessThanOrEqual(config.maxDetailLength);
        expect((v as string).length, at).toBeGreaterThan(0);
        // Exported text is well-formed UTF-16 with no control characters but tab/newline.
        expect(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/.test(v as string), at).toBe(false);
        expect((v as string & { isWellFormed(): boolean }).isWellFormed(), at).toBe(true);
        break;
      case 'retry.safe':
      case 'retry.resume_safe':
        expect(typeof v, at).toBe('boolean');
        break;
      case 'failure.retry_after_ms':
        expect(Number.isInteger(v) && (v as number) >= 0 && (v as number) <= MAX_RETRY_AFTER_MS, at).toBe(true);
        break;
      default:
        throw new Error(`${where}: unexpected key changed by the processor: ${k}=${JSON.stringify(v)}`);
    }
  }
  for (const k of keys) count(k);
  if (keys.length > 0) {
    // A stamped span always carries the full set of always-present stamps.
    for (const k of [
      'retry.safe',
      'retry.resume_safe',
      'failure.category',
      'failure.rule',
      'failure.evidence',
      'failure.classifier.version',
    ]) {
      expect(a[k], `${where}: ${k} missing on a stamped span`).not.toBeUndefined();
    }
  }
  return keys;
}

async function runThrough(line: SdkLine, style: RegistrationStyle, envVars: Env, runs: RunSpec[]) {
  const p = setupPipeline(line, style, { env: envVars });
  const controlExporter = line.makeExporter();
  const control = line.makeProvider([line.makeSimpleProcessor(controlExporter)]);
  const { ids, runs: runById } = replay(p.tracer, runs);
  replay(control.getTracer('control'), runs);
  const spans = await p.finished();
  await control.forceFlush();
  const controlSpans = controlExporter.getFinishedSpans();
  await p.provider.shutdown();
  await control.shutdown();
  return { ids, runById, spans, controlSpans };
}

const NUM_RUNS = 500;

describe('the processor on arbitrary spans and configuration, through real providers', () => {
  for (const { line, style } of TARGETS) {
    it(`${line.name}, ${style}: never throws, exports every span once, stamps only documented types`, async () => {
      await fc.assert(
        fc.asyncProperty(env, fc.array(runSpec, { minLength: 1, maxLength: 3 }), async (envVars, runs) => {
          diagErrors.length = 0;
          const config = resolveConfig({}, envVars, () => {});
          const { ids, runById, spans, controlSpans } = await runThrough(line, style, envVars, runs);

          // Exactly once: same count, same ids, no duplicates.
          expect(spans.length).toBe(ids.length);
          const exportedIds = spans.map((s) => s.spanContext().spanId);
          expect(new Set(exportedIds).size).toBe(exportedIds.length);
          expect([...exportedIds].sort()).toEqual([...ids].sort());
          expect(controlSpans.length).toBe(spans.length);

          for (let i = 0; i < spans.length; i++) {
            const s = spans[i]!;
            const c = controlSpans[i]!;
            expect(s.name).toBe(c.name);
            expect(s.status).toEqual(c.status);
            const where = `${line.name}/${style} span #${i} "${s.name.slice(0, 40)}"`;
            const keys = checkStamps(s, c, config, where);

            const isAgent =
              c.attributes['gen_ai.operation.name'] === 'invoke_agent' ||
              c.events.some((e) => e.name === 'runtime_close') ||
              config.spanNamePatterns.length > 0;
            if (!isAgent || !config.enabled) expect(keys, `${where}: non-agent span or processor disabled, yet changed`).toEqual([]);
            // retry.safe never survives a side-effecting child tool (when tool tracking is on).
            const spec = runById.get(s.spanContext().spanId);
            if (keys.length > 0 && spec !== undefined && config.maxTrackedTraces > 0) {
              const sideEffecting = spec.tools.some(
                (t) => t.op === 'execute_tool' && !(boolish(t.readOnly) || config.readOnlyTools.includes(t.name)),
              );
              if (sideEffecting) {
                count('side-effecting tool run');
                expect(s.attributes['retry.safe'], `${where}: retry.safe after a side-effecting tool`).toBe(false);
              }
            }
          }
          expect(
            diagErrors.filter((e) => e.includes('internal error')),
            'the processor swallowed an internal error',
          ).toEqual([]);
        }),
        { numRuns: NUM_RUNS },
      );
      if (process.env.PROP_STATS) console.log(line.name, style, Object.fromEntries(seen));
      // The generators must reach the interesting paths, not only pass-through.
      for (const k of ['failure.reason', 'failure.close_reason', 'failure.detail', 'retry.safe', 'error.type', 'side-effecting tool run']) {
        expect(seen.get(k) ?? 0, `stamp ${k} never exercised`).toBeGreaterThan(0);
      }
      seen.clear();
    }, 60_000);
  }
});

// --- the classifier on its own -----------------------------------------------------------------

const anything: fc.Arbitrary<unknown> = fc.oneof(
  scalar,
  attrValue,
  fc.constantFrom(true, false, [], ['stop'], ['content_filter'], 'SIGKILL', 'sigsegv', 'timeout'),
);
const evidence: fc.Arbitrary<FailureEvidence> = fc.record(
  {
    statusMessage: fc.oneof(text, anything),
    exceptionType: fc.oneof(text, anything),
    exceptionMessage: fc.oneof(text, anything),
    errorType: fc.oneof(text, anything),
    errorMessage: fc.oneof(text, anything),
    stderrTail: fc.oneof(text, anything),
    stdoutTail: fc.oneof(text, anything),
    texts: fc.oneof(fc.array(fc.oneof(text, anything), { maxLength: 20 }), anything),
    httpStatus: fc.oneof(number, anything),
    exitCode: fc.oneof(number, anything),
    signal: fc.oneof(fc.constantFrom('SIGKILL', 'SIGTERM', 'sigsegv', 'KILL', 'SIGINT', ''), anything),
    closeReason: fc.oneof(fc.constantFrom(...CLOSE_REASONS, 'cancelled', 'Exit-Zero', 'rpc_error', 'x'.repeat(50)), anything),
    timedOut: anything,
    cancelled: anything,
    toolsRan: anything,
    sideEffectingToolRan: anything,
    outputProduced: anything,
    outputEmpty: anything,
    finishReasons: fc.oneof(
      fc.array(fc.oneof(fc.constantFrom('content_filter', 'SAFETY', 'error_max_turns', 'stop'), anything), { maxLength: 4 }),
      anything,
    ),
    presetReason: fc.oneof(fc.constantFrom(...REASONS, 'execution_failed', ' Unknown ', 'budget_exceeded', ''), anything),
  },
  { requiredKeys: [] },
) as fc.Arbitrary<FailureEvidence>;

const classifierOptions = fc.option(
  fc.record(
    {
      maxTextLength: fc.oneof(fc.integer({ min: -5, max: 70_000 }), anything),
      maxDetailLength: fc.oneof(fc.integer({ min: -5, max: 600 }), anything),
      rules: fc.constantFrom(undefined, [
        { id: 'gw', reason: 'provider_overloaded', match: { substring: 'api error' }, retrySafe: true },
        { id: 's', reason: 'provider_rate_limit', match: { httpStatus: 429 } },
      ]),
      now: fc.constantFrom(
        undefined,
        () => 0,
        () => Date.now(),
        () => NaN,
      ),
    },
    { requiredKeys: [] },
  ),
  { nil: undefined },
);

describe('classifyFailure on arbitrary evidence', () => {
  it('is total, answers from the taxonomy, and never calls a run with side effects or output retry-safe', () => {
    fc.assert(
      fc.property(
        fc.oneof({ weight: 20, arbitrary: evidence }, { weight: 1, arbitrary: anything as fc.Arbitrary<FailureEvidence> }),
        classifierOptions,
        (ev, options) => {
          const v = classifyFailure(ev, options as any);
          // Total by construction, not by the last-resort catch.
          expect(v.rule).not.toBe('internal_error');
          expect(isFailureReason(v.reason)).toBe(true);
          expect(v.category).toBe(failureReasonInfo(v.reason).category);
          expect(typeof v.retrySafe).toBe('boolean');
          expect(typeof v.resumeSafe).toBe('boolean');
          expect(typeof v.rule).toBe('string');
          expect(EVIDENCE_KINDS.has(v.evidence)).toBe(true);
          if (v.closeReason !== undefined) expect(CLOSE.has(v.closeReason)).toBe(true);
          if (v.retryAfterMs !== undefined)
            expect(Number.isInteger(v.retryAfterMs) && v.retryAfterMs >= 0 && v.retryAfterMs <= MAX_RETRY_AFTER_MS).toBe(true);
          const maxDetail =
            typeof options?.maxDetailLength === 'number' && Number.isInteger(options.maxDetailLength) && options.maxDetailLength >= 0
              ? options.maxDetailLength
              : 240;
          expect(typeof v.detail).toBe('string');
          expect(v.detail.length).toBeLessThanOrEqual(maxDetail);
          const e = (ev !== null && typeof ev === 'object' ? ev : {}) as FailureEvidence;
          if (e.sideEffectingToolRan === true || e.outputProduced === true) expect(v.retrySafe).toBe(false);
          if (e.sideEffectingToolRan === undefined && e.toolsRan === true) expect(v.retrySafe).toBe(false);
          // Without user rules, retry.safe only for transient reasons.
          if (v.retrySafe && !Array.isArray(options?.rules)) expect(failureReasonInfo(v.reason).retrySafe).toBe(true);
        },
      ),
      { numRuns: 5000 },
    );
  }, 60_000);

  it('is total on hostile evidence objects (proxies, prototype-less objects, huge arrays)', () => {
    const hostile = [
      Object.create(null),
      new Proxy({}, { get: () => 'API Error: 529' }),
      Object.defineProperty({}, 'stderrTail', { get: () => 'x'.repeat(1_000_000), enumerable: true }),
      { texts: new Array(100_000).fill('overloaded') },
      { texts: { length: 5, 0: 'a' } },
      { finishReasons: 'content_filter' },
    ];
    for (const ev of hostile) {
      const v = classifyFailure(ev as FailureEvidence);
      expect(REASONS.has(v.reason)).toBe(true);
      expect(v.rule).not.toBe('internal_error');
    }
  });

  it('turns a throwing getter into an unknown verdict, reported once, never an exception', () => {
    const warnings: string[] = [];
    const ev = Object.defineProperty({}, 'stderrTail', {
      get: () => {
        throw new Error('getter exploded');
      },
      enumerable: true,
    });
    const v = classifyFailure(ev as FailureEvidence, { onWarning: (m) => warnings.push(m) });
    expect(v).toMatchObject({ reason: 'unknown', rule: 'internal_error', retrySafe: false });
    expect(warnings).toEqual(['internal classifier error; the run is labelled unknown: Error: getter exploded']);
  });

  it('reads options whose getters throw as the defaults, with one warning', () => {
    const options = Object.defineProperty({}, 'maxTextLength', {
      get: () => {
        throw new Error('nope');
      },
    });
    const v = classifyFailure({ stderrTail: 'API Error: 529 {"type":"overloaded_error"}' }, options);
    expect(v.reason).toBe('provider_overloaded');
  });
});
