/**
 * Load and fault injection: thousands of concurrent agent runs across async boundaries through
 * a real provider with a BatchSpanProcessor, a next processor and exporters that fail, and
 * shutdown with spans in flight. Nothing is lost or duplicated that the pipeline did not drop
 * by design, every run is stamped for its own scenario, and no rejection goes unhandled.
 */
import { context, diag, DiagLogLevel, propagation, SpanStatusCode, trace, type Span, type Tracer } from '@opentelemetry/api';
import {
  BatchSpanProcessor,
  InMemorySpanExporter,
  type ReadableSpan,
  type SpanExporter,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  AgentFailureSpanExporter,
  AgentFailureSpanProcessor,
  FAILURE_REASONS,
  type AgentFailureSpanProcessorOptions,
} from '../../src/index.js';

const RUNS = 5000;
const REASONS = new Set<string>(FAILURE_REASONS.map((r) => r.reason));

// --- process-level watchdogs -------------------------------------------------------------------
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => {
  unhandled.push(reason);
};
const diagErrors: string[] = [];

beforeAll(() => {
  process.on('unhandledRejection', onUnhandled);
  process.on('uncaughtException', onUnhandled);
  // AsyncLocalStorage context manager, so context.with survives awaits and timers.
  new NodeTracerProvider().register({ propagator: null });
});
afterAll(() => {
  process.off('unhandledRejection', onUnhandled);
  process.off('uncaughtException', onUnhandled);
  trace.disable();
  context.disable();
  propagation.disable();
});
beforeEach(() => {
  unhandled.length = 0;
  diagErrors.length = 0;
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
afterEach(async () => {
  // Let late rejections surface before judging.
  await new Promise((r) => setTimeout(r, 20));
  diag.disable();
  expect(unhandled, 'unhandled rejections / uncaught exceptions').toEqual([]);
});

// --- scenarios ---------------------------------------------------------------------------------

interface ToolStep {
  name: string;
  readOnly?: boolean;
}
interface Scenario {
  id: string;
  tools: ToolStep[];
  finish(run: Span): void;
  /** Expected stamps; undefined = the run succeeded and must carry none. */
  expect?: { reason: string; retrySafe: boolean; closeReason?: string; resumeSafe?: boolean };
}

const close = (run: Span, attrs: Record<string, string | number | boolean>): void => {
  run.addEvent('runtime_close', attrs);
};

const SCENARIOS: Scenario[] = [
  {
    id: 'rate_limit',
    tools: [],
    finish: (run) => {
      close(run, {
        close_reason: 'exit_nonzero',
        exit_code: 1,
        stderr_tail:
          'API Error: 429 {"type":"error","error":{"type":"rate_limit_error","message":"Number of requests has exceeded your rate limit"}}',
      });
      run.setStatus({ code: SpanStatusCode.ERROR, message: 'execution_failed' });
    },
    expect: { reason: 'provider_rate_limit', retrySafe: true, closeReason: 'exit_nonzero' },
  },
  {
    id: 'overloaded_read_only_tool',
    tools: [{ name: 'Read', readOnly: true }],
    finish: (run) => {
      close(run, {
        close_reason: 'exit_nonzero',
        exit_code: 1,
        stderr_tail: 'API Error: 529 {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}',
      });
      run.setStatus({ code: SpanStatusCode.ERROR });
    },
    expect: { reason: 'provider_overloaded', retrySafe: true, closeReason: 'exit_nonzero' },
  },
  {
    id: 'overloaded_side_effect_tool',
    tools: [{ name: 'Read', readOnly: true }, { name: 'Bash' }],
    finish: (run) => {
      close(run, {
        close_reason: 'exit_nonzero',
        exit_code: 1,
        stderr_tail: 'API Error: 529 {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}',
      });
      run.setStatus({ code: SpanStatusCode.ERROR });
    },
    expect: { reason: 'provider_overloaded', retrySafe: false, closeReason: 'exit_nonzero' },
  },
  {
    id: 'network',
    tools: [],
    finish: (run) => {
      close(run, {
        close_reason: 'stream_error',
        stderr_tail: 'TypeError: terminated (cause: SocketError: other side closed, code UND_ERR_SOCKET)',
      });
      run.setStatus({ code: SpanStatusCode.ERROR });
    },
    expect: { reason: 'provider_network', retrySafe: true, closeReason: 'stream_error' },
  },
  {
    id: 'crash',
    tools: [{ name: 'Edit' }],
    finish: (run) => {
      close(run, { close_reason: 'signal', signal: 'SIGKILL', stderr_tail: 'writing partial line' });
      run.setStatus({ code: SpanStatusCode.ERROR });
    },
    expect: { reason: 'process_crash', retrySafe: false, closeReason: 'signal' },
  },
  {
    id: 'host_timeout',
    tools: [],
    finish: (run) => {
      close(run, { close_reason: 'signal', signal: 'SIGKILL', timed_out: true });
      run.setStatus({ code: SpanStatusCode.ERROR });
    },
    expect: { reason: 'run_timeout', retrySafe: false, closeReason: 'signal', resumeSafe: false },
  },
  {
    id: 'context_overflow',
    tools: [],
    finish: (run) => {
      run.recordException(new Error('prompt is too long: 212345 tokens > 200000 maximum'));
      run.setStatus({ code: SpanStatusCode.ERROR, message: 'agent_error' });
    },
    expect: { reason: 'context_overflow', retrySafe: false, resumeSafe: false },
  },
  {
    id: 'empty_output',
    tools: [],
    finish: (run) => {
      run.setAttribute('gen_ai.output.messages', '');
      close(run, { close_reason: 'exit_0', exit_code: 0 });
    },
    expect: { reason: 'empty_output', retrySafe: false, closeReason: 'exit_0' },
  },
  {
    id: 'success',
    tools: [{ name: 'Bash' }],
    finish: (run) => {
      run.setAttribute('gen_ai.output.messages', 'Done: 3 files changed.');
      close(run, { close_reason: 'exit_0', exit_code: 0 });
    },
  },
];

// --- async plumbing ----------------------------------------------------------------------------

/** Crosses a different kind of async boundary depending on `k`. */
function boundary(k: number): Promise<void> {
  switch (k % 4) {
    case 0:
      return new Promise((r) => setTimeout(r, k % 3));
    case 1:
      return new Promise((r) => setImmediate(r));
    case 2:
      return Promise.resolve()
        .then(() => undefined)
        .then(() => new Promise<void>((r) => queueMicrotask(r)));
    default:
      return new Promise((r) => process.nextTick(r));
  }
}

interface RunOptions {
  /** When false the run never ends (its tool spans still do). */
  end?: boolean;
  /** Marks spans for fault injection. */
  fault?: string;
  /** Sampled inside the run to watch the tracked-run map. */
  probe?: () => void;
}

/** One agent run: start, async work with child tools under context.with, then end. */
async function agentRun(tracer: Tracer, i: number, sc: Scenario, opts: RunOptions = {}): Promise<void> {
  const run = tracer.startSpan(`invoke_agent ${sc.id}`, {
    attributes: {
      'gen_ai.operation.name': 'invoke_agent',
      'run.index': i,
      'run.scenario': sc.id,
      ...(opts.fault ? { fault: opts.fault } : {}),
    },
  });
  await context.with(trace.setSpan(context.active(), run), async () => {
    await boundary(i);
    for (let t = 0; t < sc.tools.length; t++) {
      const step = sc.tools[t]!;
      // Parent comes from the active context, across the awaits above.
      const tool = tracer.startSpan(`execute_tool ${step.name}`, {
        attributes: {
          'gen_ai.operation.name': 'execute_tool',
          'gen_ai.tool.name': step.name,
          'run.index': i,
          ...(step.readOnly ? { 'agent_failure.tool.read_only': true } : {}),
        },
      });
      await boundary(i + t + 1);
      opts.probe?.();
      tool.end();
    }
    await Promise.all([boundary(i + 7), boundary(i + 2)]);
  });
  if (opts.end === false) return;
  sc.finish(run);
  run.end();
}

function scenarioOf(i: number): Scenario {
  return SCENARIOS[i % SCENARIOS.length]!;
}

function expectedSpanCount(n: number, include: (i: number) => boolean = () => true): number {
  let c = 0;
  for (let i = 0; i < n; i++) if (include(i)) c += 1 + scenarioOf(i).tools.length;
  return c;
}

function checkRun(span: ReadableSpan): void {
  const i = span.attributes['run.index'] as number;
  const sc = scenarioOf(i);
  const a = span.attributes;
  const where = `run ${i} (${sc.id})`;
  expect(a['run.scenario'], where).toBe(sc.id);
  if (sc.expect === undefined) {
    expect(a['failure.reason'], where).toBeUndefined();
    expect(a['retry.safe'], where).toBeUndefined();
    return;
  }
  expect(a['failure.reason'], where).toBe(sc.expect.reason);
  expect(a['retry.safe'], where).toBe(sc.expect.retrySafe);
  if (sc.expect.closeReason !== undefined) expect(a['failure.close_reason'], where).toBe(sc.expect.closeReason);
  if (sc.expect.resumeSafe !== undefined) expect(a['retry.resume_safe'], where).toBe(sc.expect.resumeSafe);
  expect(REASONS.has(a['error.type'] as string), where).toBe(true);
}

/** Checks ids are unique and tool spans hang under their own run. Returns spans by id. */
function indexSpans(spans: ReadableSpan[]): Map<string, ReadableSpan> {
  const byId = new Map<string, ReadableSpan>();
  for (const s of spans) {
    const id = s.spanContext().spanId;
    expect(byId.has(id), `span ${id} (${s.name}) exported twice`).toBe(false);
    byId.set(id, s);
  }
  const runIdByIndex = new Map<number, string>();
  for (const s of spans)
    if (s.attributes['gen_ai.operation.name'] === 'invoke_agent')
      runIdByIndex.set(s.attributes['run.index'] as number, s.spanContext().spanId);
  for (const s of spans) {
    if (s.attributes['gen_ai.operation.name'] !== 'execute_tool') continue;
    const parent = s.parentSpanContext?.spanId;
    const runId = runIdByIndex.get(s.attributes['run.index'] as number);
    if (runId !== undefined) expect(parent, `tool of run ${s.attributes['run.index']} lost its parent across awaits`).toBe(runId);
  }
  return byId;
}

function bsp(exporter: SpanExporter): BatchSpanProcessor {
  // The queue holds every span of the burst: drops by a full queue are the SDK's policy, not ours.
  return new BatchSpanProcessor(exporter, {
    maxQueueSize: 65_536,
    maxExportBatchSize: 512,
    scheduledDelayMillis: 5,
    exportTimeoutMillis: 2_000,
  });
}

type Style = 'wrapper' | 'beside' | 'exporter';

function pipeline(style: Style, exporter: SpanExporter, options: AgentFailureSpanProcessorOptions = {}) {
  let processor: AgentFailureSpanProcessor | undefined;
  let spanProcessors: SpanProcessor[];
  if (style === 'wrapper') {
    processor = new AgentFailureSpanProcessor({ env: {}, ...options, next: bsp(exporter) });
    spanProcessors = [processor as unknown as SpanProcessor];
  } else if (style === 'beside') {
    processor = new AgentFailureSpanProcessor({ env: {}, ...options });
    spanProcessors = [processor as unknown as SpanProcessor, bsp(exporter)];
  } else {
    spanProcessors = [bsp(new AgentFailureSpanExporter(exporter, { env: {}, ...options }))];
  }
  const provider = new NodeTracerProvider({ spanProcessors });
  return { provider, processor, tracer: provider.getTracer('load') };
}

const trackedSize = (p: AgentFailureSpanProcessor | undefined): number => (p as any)?._stamper.tools.size ?? 0;

// --- tests -------------------------------------------------------------------------------------

describe(`${RUNS} concurrent agent runs across async boundaries`, () => {
  for (const style of ['wrapper', 'beside', 'exporter'] as Style[]) {
    it(`${style}: no span lost or duplicated, every run stamped for its own scenario`, async () => {
      const exporter = new InMemorySpanExporter();
      const { provider, processor, tracer } = pipeline(style, exporter);
      let maxTracked = 0;
      const probe = (): void => {
        maxTracked = Math.max(maxTracked, trackedSize(processor));
      };
      await Promise.all(Array.from({ length: RUNS }, (_, i) => agentRun(tracer, i, scenarioOf(i), { probe })));
      await provider.forceFlush();
      const spans = exporter.getFinishedSpans();
      expect(spans.length).toBe(expectedSpanCount(RUNS));
      indexSpans(spans);
      const runs = spans.filter((s) => s.attributes['gen_ai.operation.name'] === 'invoke_agent');
      expect(new Set(runs.map((s) => s.attributes['run.index'])).size).toBe(RUNS);
      for (const r of runs) checkRun(r);
      // Every run ended, so nothing stays tracked; the map never held more than the runs in flight.
      expect(trackedSize(processor)).toBe(0);
      expect(maxTracked).toBeLessThanOrEqual(RUNS);
      expect(diagErrors).toEqual([]);
      await expect(provider.shutdown()).resolves.toBeUndefined();
    }, 60_000);
  }
});

describe('faults around the processor', () => {
  it('a next processor that throws on some spans: every other span is exported, stamped, nothing escapes', async () => {
    const exporter = new InMemorySpanExporter();
    const inner = bsp(exporter);
    let thrown = 0;
    const faulty: SpanProcessor = {
      onStart(span: any, ctx) {
        if (span.attributes?.fault === 'start') {
          thrown++;
          throw new Error('next.onStart exploded');
        }
        inner.onStart(span, ctx);
      },
      onEnding(span: any) {
        if (span.attributes?.fault === 'ending') {
          thrown++;
          throw new Error('next.onEnding exploded');
        }
      },
      onEnd(span) {
        if (span.attributes.fault === 'end') {
          thrown++;
          throw new Error('next.onEnd exploded');
        }
        inner.onEnd(span);
      },
      forceFlush: () => inner.forceFlush(),
      shutdown: () => inner.shutdown(),
    };
    const processor = new AgentFailureSpanProcessor({ env: {}, next: faulty });
    const provider = new NodeTracerProvider({ spanProcessors: [processor as unknown as SpanProcessor] });
    const tracer = provider.getTracer('faults');
    const faultOf = (i: number): string | undefined =>
      i % 11 === 0 ? 'end' : i % 11 === 1 ? 'start' : i % 11 === 2 ? 'ending' : undefined;
    const n = 2000;
    await Promise.all(Array.from({ length: n }, (_, i) => agentRun(tracer, i, scenarioOf(i), { fault: faultOf(i) })));
    await expect(provider.forceFlush()).resolves.toBeUndefined();
    const spans = exporter.getFinishedSpans();
    // Only the runs whose next.onEnd threw are missing (their tool spans carry no fault mark).
    const lost = (i: number): boolean => faultOf(i) === 'end';
    expect(spans.length).toBe(expectedSpanCount(n) - Array.from({ length: n }, (_, i) => i).filter(lost).length);
    indexSpans(spans);
    const runs = spans.filter((s) => s.attributes['gen_ai.operation.name'] === 'invoke_agent');
    expect(runs.length).toBe(n - Array.from({ length: n }, (_, i) => i).filter(lost).length);
    for (const r of runs) {
      expect(lost(r.attributes['run.index'] as number)).toBe(false);
      checkRun(r);
    }
    expect(thrown).toBeGreaterThan(0);
    // Reported through diag, once per kind of failure, never thrown.
    expect(diagErrors.filter((e) => e.includes('exploded')).length).toBe(3);
    await expect(provider.shutdown()).resolves.toBeUndefined();
  }, 60_000);

  for (const style of ['wrapper', 'beside', 'exporter'] as Style[]) {
    it(`${style}: an exporter that fails or throws on some batches loses only those batches`, async () => {
      const inner = new InMemorySpanExporter();
      const outcome = new Map<string, string>();
      let batch = 0;
      const flaky: SpanExporter = {
        export(spans, done) {
          const k = batch++;
          const mode = k % 4 === 1 ? 'failed' : k % 4 === 3 ? 'threw' : 'ok';
          for (const s of spans) {
            const id = s.spanContext().spanId;
            expect(outcome.has(id), `span ${id} handed to the exporter twice`).toBe(false);
            outcome.set(id, mode);
          }
          if (mode === 'failed') {
            setImmediate(() => done({ code: 1, error: new Error('collector said 503') }));
            return;
          }
          if (mode === 'threw') throw new Error('exporter crashed');
          inner.export(spans, done);
        },
        shutdown: () => inner.shutdown(),
        forceFlush: () => inner.forceFlush(),
      };
      const { provider, tracer } = pipeline(style, flaky);
      const n = 3000;
      await Promise.all(Array.from({ length: n }, (_, i) => agentRun(tracer, i, scenarioOf(i))));
      // A failed batch may make the provider's flush report it (beside / exporter styles);
      // the wrapper style swallows it and resolves. Either way it settles and nothing escapes.
      const flushed = await provider.forceFlush().then(
        () => 'resolved',
        () => 'rejected',
      );
      if (style === 'wrapper') expect(flushed).toBe('resolved');

      expect(batch).toBeGreaterThan(3);
      expect(outcome.size).toBe(expectedSpanCount(n));
      const delivered = inner.getFinishedSpans();
      const okIds = [...outcome].filter(([, m]) => m === 'ok').map(([id]) => id);
      expect(delivered.map((s) => s.spanContext().spanId).sort()).toEqual(okIds.sort());
      expect([...outcome.values()].filter((m) => m !== 'ok').length).toBeGreaterThan(0);
      indexSpans(delivered);
      for (const s of delivered) if (s.attributes['gen_ai.operation.name'] === 'invoke_agent') checkRun(s);
      const settled = await provider.shutdown().then(
        () => 'resolved',
        () => 'rejected',
      );
      if (style === 'wrapper') expect(settled).toBe('resolved');
    }, 60_000);
  }

  it('shutdown with spans in flight: nothing throws, flush and shutdown resolve, no duplicates', async () => {
    for (const style of ['wrapper', 'beside', 'exporter'] as Style[]) {
      const exporter = new InMemorySpanExporter();
      const { provider, processor, tracer } = pipeline(style, exporter, { maxTrackedTraces: 300 });
      const n = 2000;
      const runs = Array.from({ length: n }, (_, i) => agentRun(tracer, i, scenarioOf(i)));
      // Shut down while most runs still wait on timers; they end afterwards and are dropped by the SDK.
      await new Promise((r) => setImmediate(r));
      const shutdown = provider.shutdown();
      const results = await Promise.allSettled(runs);
      expect(
        results.filter((r) => r.status === 'rejected'),
        style,
      ).toEqual([]);
      await expect(shutdown, style).resolves.toBeUndefined();
      await expect(provider.forceFlush(), style).resolves.toBeUndefined();
      const spans = exporter.getFinishedSpans();
      expect(spans.length, style).toBeLessThan(expectedSpanCount(n));
      indexSpans(spans);
      for (const s of spans) if (s.attributes['gen_ai.operation.name'] === 'invoke_agent') checkRun(s);
      expect(trackedSize(processor), style).toBeLessThanOrEqual(300);
      // Ending a span after shutdown is harmless too.
      const late = tracer.startSpan('late', { attributes: { 'gen_ai.operation.name': 'invoke_agent' } });
      late.setStatus({ code: SpanStatusCode.ERROR, message: 'socket hang up' });
      expect(() => late.end()).not.toThrow();
    }
    expect(diagErrors.filter((e) => e.includes('internal error'))).toEqual([]);
  }, 60_000);

  it('the tracked-run map stays within maxTrackedTraces under thousands of concurrent runs that never end', async () => {
    const cap = 200;
    for (const style of ['wrapper', 'beside'] as Style[]) {
      const exporter = new InMemorySpanExporter();
      const { provider, processor, tracer } = pipeline(style, exporter, { maxTrackedTraces: cap });
      let maxTracked = 0;
      const probe = (): void => {
        maxTracked = Math.max(maxTracked, trackedSize(processor));
      };
      // Two runs in three never end; every run has at least one tool (scenario with tools only).
      const withTools = SCENARIOS.filter((s) => s.tools.length > 0);
      await Promise.all(
        Array.from({ length: RUNS }, (_, i) => agentRun(tracer, i, withTools[i % withTools.length]!, { end: i % 3 === 0, probe })),
      );
      await provider.forceFlush();
      maxTracked = Math.max(maxTracked, trackedSize(processor));
      // Thousands of runs left tools behind; the map filled up to the cap and no further.
      expect(trackedSize(processor), style).toBe(cap);
      expect(maxTracked, style).toBeLessThanOrEqual(cap);
      // Every ended span was exported once: tools of every run, plus the runs that ended.
      const spans = exporter.getFinishedSpans();
      indexSpans(spans);
      const ended = Array.from({ length: RUNS }, (_, i) => i).filter((i) => i % 3 === 0).length;
      const tools = Array.from({ length: RUNS }, (_, i) => withTools[i % withTools.length]!.tools.length).reduce((a, b) => a + b, 0);
      expect(spans.length, style).toBe(ended + tools);
      for (const s of spans) {
        if (s.attributes['gen_ai.operation.name'] !== 'invoke_agent') continue;
        expect(REASONS.has(s.attributes['failure.reason'] as string) || s.attributes['failure.reason'] === undefined).toBe(true);
      }
      await provider.shutdown();
      expect(trackedSize(processor), `${style}: shutdown clears tracking`).toBe(0);
    }
  }, 60_000);
});
