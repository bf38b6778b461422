/**
 * The processor as a citizen of someone else's pipeline: it never throws, never loses or
 * duplicates a span, passes flush/shutdown on, respects span limits, and stays bounded.
 */
import { diag, DiagLogLevel, SpanStatusCode, context } from '@opentelemetry/api';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { afterEach, describe, expect, it } from 'vitest';
import { AgentFailureSpanExporter, AgentFailureSpanProcessor } from '../../src/index.js';
import { ToolActivityTracker } from '../../src/otel/tool-tracker.js';
import { byName, SDK_LINES, setupPipeline } from '../helpers/test-helpers.js';

const AGENT = { 'gen_ai.operation.name': 'invoke_agent' };
const newest = SDK_LINES.find((l) => l.name === 'sdk-trace-base 2.x (newest)')!;

function captureDiag(): { warn: string[]; error: string[] } {
  const seen = { warn: [] as string[], error: [] as string[] };
  diag.setLogger(
    {
      warn: (...a: unknown[]) => seen.warn.push(a.join(' ')),
      error: (...a: unknown[]) => seen.error.push(a.join(' ')),
      info: () => {},
      debug: () => {},
      verbose: () => {},
    },
    DiagLogLevel.WARN,
  );
  return seen;
}

afterEach(() => diag.disable());

/** Records the order in which a processor sees spans, as core's tests do. */
class RecordingProcessor implements SpanProcessor {
  readonly calls: string[] = [];
  readonly ended: ReadableSpan[] = [];
  onStart(span: any): void {
    this.calls.push(`${span.name}:start`);
  }
  onEnding(span: any): void {
    this.calls.push(`${span.name}:ending`);
  }
  onEnd(span: ReadableSpan): void {
    this.calls.push(`${span.name}:end`);
    this.ended.push(span);
  }
  async forceFlush(): Promise<void> {
    this.calls.push('flush');
  }
  async shutdown(): Promise<void> {
    this.calls.push('shutdown');
  }
}

describe('wrapping a next processor', () => {
  it('forwards onStart, onEnding, onEnd, forceFlush and shutdown in order, exactly once', async () => {
    const next = new RecordingProcessor();
    const provider = new BasicTracerProvider({ spanProcessors: [new AgentFailureSpanProcessor({ env: {}, next })] });
    const span = provider.getTracer('t').startSpan('agent', { attributes: AGENT });
    span.setStatus({ code: SpanStatusCode.ERROR, message: 'socket hang up' });
    span.end();
    await provider.forceFlush();
    await provider.shutdown();
    expect(next.calls).toEqual(['agent:start', 'agent:ending', 'agent:end', 'flush', 'shutdown']);
  });

  it("hands on a view of the same class sharing the span's data, and leaves the SDK span untouched (old SDK)", async () => {
    const line = SDK_LINES.find((l) => l.name === 'sdk-trace-base 2.2')!;
    const next = new RecordingProcessor();
    const provider = line.makeProvider([new AgentFailureSpanProcessor({ env: {}, next })]);
    const span = provider.getTracer('t').startSpan('agent', { attributes: AGENT }) as any;
    span.setStatus({ code: SpanStatusCode.ERROR, message: 'socket hang up' });
    span.end();
    const view = next.ended[0] as any;
    expect(view).not.toBe(span);
    expect(Object.getPrototypeOf(view)).toBe(Object.getPrototypeOf(span));
    expect(Object.getPrototypeOf(span)).not.toBe(Object.prototype);
    expect(view.spanContext()).toBe(span.spanContext());
    expect(view.name).toBe(span.name);
    expect(view.status).toBe(span.status);
    expect(view.endTime).toBe(span.endTime);
    expect(view.duration).toEqual(span.duration);
    expect(view.ended).toBe(true);
    expect(view.resource).toBe(span.resource);
    expect(view.instrumentationScope).toBe(span.instrumentationScope);
    expect(view.events).toBe(span.events);
    expect(view.attributes['failure.reason']).toBe('provider_network');
    expect(span.attributes['failure.reason']).toBeUndefined();
    expect(span.attributes).toEqual(AGENT);
  });

  it('survives a next processor that throws everywhere, reporting once through diag', async () => {
    const seen = captureDiag();
    const boom = () => {
      throw new Error('next exploded');
    };
    const next = {
      onStart: boom,
      onEnding: boom,
      onEnd: boom,
      forceFlush: () => Promise.reject(new Error('flush failed')),
      shutdown: () => Promise.reject(new Error('shutdown failed')),
    };
    const processor = new AgentFailureSpanProcessor({ env: {}, next });
    const provider = new BasicTracerProvider({ spanProcessors: [processor] });
    for (let i = 0; i < 5; i++) {
      const s = provider.getTracer('t').startSpan('agent', { attributes: AGENT });
      s.setStatus({ code: SpanStatusCode.ERROR });
      s.end();
    }
    await expect(processor.forceFlush()).resolves.toBeUndefined();
    await expect(processor.shutdown()).resolves.toBeUndefined();
    expect(seen.error.filter((e) => e.includes('next exploded'))).toHaveLength(3);
    expect(seen.error.some((e) => e.includes('flush failed'))).toBe(true);
    expect(seen.error.some((e) => e.includes('shutdown failed'))).toBe(true);
  });
});

describe('malformed evidence never breaks export', () => {
  it.each([
    ['non-string close reason', { rpc_close_reason: 42, exit_code: 'abc', signal: true }],
    ['array values', { close_reason: ['stream_error'], stderr_tail: ['a', 'b'], exit_code: [1] }],
    ['huge stderr', { close_reason: 'exit_nonzero', stderr_tail: 'x'.repeat(2_000_000) }],
    ['nothing', {}],
  ])('%s', async (_name, attrs) => {
    for (const style of ['beside', 'wrapper', 'exporter'] as const) {
      const p = setupPipeline(newest, style);
      const span = p.tracer.startSpan('agent', { attributes: { ...AGENT, 'failure.reason': 17 as any, 'error.type': ['x'] as any } });
      span.addEvent('runtime_close', attrs as any);
      span.addEvent('exception', { 'exception.message': 12 as any });
      span.setStatus({ code: SpanStatusCode.ERROR, message: undefined as any });
      span.end();
      const spans = await p.finished();
      expect(spans, style).toHaveLength(1);
      const reason = spans[0]!.attributes['failure.reason'];
      expect(typeof reason === 'string' || reason === 17, style).toBe(true);
    }
  });

  it('passes a span whose attributes getter throws through unchanged, with one diag error', async () => {
    const seen = captureDiag();
    const next = new RecordingProcessor();
    const processor = new AgentFailureSpanProcessor({ env: {}, next });
    const weird = {
      name: 'weird',
      get attributes(): never {
        throw new Error('hostile getter');
      },
      events: [],
      status: { code: 2 },
      spanContext: () => ({ traceId: 't', spanId: 's' }),
    };
    processor.onEnding(weird);
    processor.onEnd(weird);
    processor.onEnd(weird);
    expect(next.ended).toEqual([weird, weird]);
    expect(seen.error.filter((e) => e.includes('hostile getter')).length).toBeGreaterThanOrEqual(1);
    expect(seen.error.filter((e) => e.includes('onEnd;')).length).toBe(1);
  });
});

describe('span limits', () => {
  it('says once through diag, with the span name, when the SDK drops stamped attributes', async () => {
    const seen = captureDiag();
    const p = setupPipeline(newest, 'beside', {}, { attributeCountLimit: 4 });
    for (let i = 0; i < 2; i++) {
      const span = p.tracer.startSpan('crowded run', { attributes: { ...AGENT, a: 1, b: 2 } });
      span.setStatus({ code: SpanStatusCode.ERROR, message: 'socket hang up' });
      span.end();
    }
    const spans = await p.finished();
    expect(spans).toHaveLength(2);
    expect(Object.keys(spans[0]!.attributes)).toHaveLength(4);
    const warnings = seen.warn.filter((w) => w.includes('attribute count limit'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('"crowded run"');
  });

  it('keeps stamps complete in the wrapper style, whatever the count limit', async () => {
    const p = setupPipeline(newest, 'wrapper', {}, { attributeCountLimit: 2 });
    const span = p.tracer.startSpan('crowded run', { attributes: { ...AGENT, a: 1, b: 2 } });
    span.setStatus({ code: SpanStatusCode.ERROR, message: 'socket hang up' });
    span.end();
    const out = byName(await p.finished(), 'crowded run');
    expect(out.attributes['failure.reason']).toBe('provider_network');
    expect(out.attributes['retry.safe']).toBe(true);
  });
});

describe('bounded tracking memory', () => {
  it('caps tracked traces, dropping the oldest first, and remembers the dropped ones as unknown', () => {
    const tracker = new ToolActivityTracker(3, 60_000, () => 0);
    for (let i = 0; i < 10; i++) tracker.record(`trace${i}`, 100, true);
    expect(tracker.size).toBe(3);
    // trace0's record was evicted: its activity is unknown, which counts as side-effecting.
    expect(tracker.endRun('trace0', 0, false)).toEqual({ toolsRan: true, sideEffecting: true });
    expect(tracker.endRun('trace9', 0, false)).toEqual({ toolsRan: true, sideEffecting: true });
    // A trace that never had a tool lost nothing, however many others were evicted.
    expect(tracker.endRun('other', 0, false)).toBeUndefined();
  });

  it('counts only tools that started after the run did', () => {
    const tracker = new ToolActivityTracker(10, 60_000, () => 0);
    tracker.record('t', 100, true);
    tracker.record('t', 200, false);
    expect(tracker.endRun('t', 50, false)).toEqual({ toolsRan: true, sideEffecting: true });
    expect(tracker.endRun('t', 150, false)).toEqual({ toolsRan: true, sideEffecting: false });
    expect(tracker.endRun('t', 250, false)).toBeUndefined();
  });

  it('drops entries older than the maximum age', () => {
    let now = 0;
    const tracker = new ToolActivityTracker(100, 1000, () => now);
    tracker.record('old', 0, true);
    now = 5000;
    tracker.record('new', 5000, false);
    expect(tracker.size).toBe(1);
    expect(tracker.endRun('old', 0, false)).toEqual({ toolsRan: true, sideEffecting: true });
  });

  it('holds at most maxTrackedTraces entries when tool spans of runs that never end keep coming', async () => {
    const exporter = new InMemorySpanExporter();
    const processor = new AgentFailureSpanProcessor({ env: {}, maxTrackedTraces: 100 });
    const provider = new BasicTracerProvider({ spanProcessors: [processor, new SimpleSpanProcessor(exporter)] });
    const tracer = provider.getTracer('t');
    for (let i = 0; i < 2000; i++) {
      const run = tracer.startSpan(`run${i}`, { attributes: AGENT });
      const ctx = (await import('@opentelemetry/api')).trace.setSpan(context.active(), run);
      tracer.startSpan('tool', { attributes: { 'gen_ai.operation.name': 'execute_tool' } }, ctx).end();
      // the run never ends
    }
    expect((processor as any)._stamper.tools.size).toBe(100);
    expect(exporter.getFinishedSpans()).toHaveLength(2000);
  });
});

describe('tool spans and evicted tracking', () => {
  for (const style of ['beside', 'wrapper', 'exporter'] as const) {
    it(`never stamps a tool span, even one with a runtime_close event (${style})`, async () => {
      const p = setupPipeline(newest, style);
      const run = p.tracer.startSpan('run', { attributes: AGENT });
      const tool = p.tracer.startSpan(
        'execute_tool Bash',
        { attributes: { 'gen_ai.operation.name': 'execute_tool' } },
        (await import('@opentelemetry/api')).trace.setSpan(context.active(), run),
      );
      tool.addEvent('runtime_close', { close_reason: 'exit_nonzero', exit_code: 1, stderr_tail: 'API Error: 529 overloaded_error' });
      tool.end();
      run.end();
      const spans = await p.finished();
      expect(byName(spans, 'execute_tool Bash').attributes['failure.reason']).toBeUndefined();
    });
  }

  it('counts tools anywhere under the run: under an LLM span, or a sub-agent', async () => {
    const { trace } = await import('@opentelemetry/api');
    const p = setupPipeline(newest, 'wrapper');
    const run = p.tracer.startSpan('run', { attributes: AGENT });
    const chat = p.tracer.startSpan('chat', { attributes: { 'gen_ai.operation.name': 'chat' } }, trace.setSpan(context.active(), run));
    p.tracer
      .startSpan('send_email', { attributes: { 'gen_ai.operation.name': 'execute_tool' } }, trace.setSpan(context.active(), chat))
      .end();
    chat.end();
    run.setStatus({ code: SpanStatusCode.ERROR, message: 'API Error: 429 rate_limit_error' });
    run.end();
    const parent = p.tracer.startSpan('parent', { attributes: AGENT });
    const sub = p.tracer.startSpan('sub-agent', { attributes: AGENT }, trace.setSpan(context.active(), parent));
    p.tracer.startSpan('bash', { attributes: { 'gen_ai.operation.name': 'execute_tool' } }, trace.setSpan(context.active(), sub)).end();
    sub.end();
    parent.setStatus({ code: SpanStatusCode.ERROR, message: 'API Error: 429 rate_limit_error' });
    parent.end();
    const spans = await p.finished();
    expect(byName(spans, 'run').attributes['retry.safe']).toBe(false);
    expect(byName(spans, 'parent').attributes['retry.safe']).toBe(false);
  });

  it('does not call a run retry-safe when its tool record may have been evicted', async () => {
    const { trace } = await import('@opentelemetry/api');
    const p = setupPipeline(newest, 'wrapper', { maxTrackedTraces: 1 });
    const a = p.tracer.startSpan('a', { attributes: AGENT });
    const b = p.tracer.startSpan('b', { attributes: AGENT });
    p.tracer.startSpan('tool', { attributes: { 'gen_ai.operation.name': 'execute_tool' } }, trace.setSpan(context.active(), a)).end();
    // b's tool evicts a's record (cap 1).
    p.tracer.startSpan('tool', { attributes: { 'gen_ai.operation.name': 'execute_tool' } }, trace.setSpan(context.active(), b)).end();
    for (const s of [a, b]) {
      s.setStatus({ code: SpanStatusCode.ERROR, message: 'API Error: 529 overloaded_error' });
      s.end();
    }
    await new Promise((r) => setTimeout(r, 5));
    const later = p.tracer.startSpan('later', { attributes: AGENT });
    later.setStatus({ code: SpanStatusCode.ERROR, message: 'API Error: 529 overloaded_error' });
    later.end();
    const spans = await p.finished();
    expect(byName(spans, 'a').attributes['retry.safe']).toBe(false);
    expect(byName(spans, 'b').attributes['retry.safe']).toBe(false);
    // A run that started after the last eviction lost nothing.
    expect(byName(spans, 'later').attributes['retry.safe']).toBe(true);
  });
});

describe('the exporter wrapper', () => {
  it('passes the export result through and survives a throwing exporter', async () => {
    const seen = captureDiag();
    const results: number[] = [];
    const throwing = {
      export: () => {
        throw new Error('exporter down');
      },
      shutdown: async () => {},
    };
    const wrapped = new AgentFailureSpanExporter(throwing, { env: {} });
    wrapped.export([], (r) => results.push(r.code));
    expect(results).toEqual([1]);
    expect(seen.error.some((e) => e.includes('exporter down'))).toBe(true);
  });

  it('does not stamp twice when an AgentFailureSpanProcessor already did', async () => {
    const inner = new InMemorySpanExporter();
    const provider = new BasicTracerProvider({
      spanProcessors: [
        new AgentFailureSpanProcessor({ env: {} }),
        new SimpleSpanProcessor(new AgentFailureSpanExporter(inner, { env: {} })),
      ],
    });
    const span = provider.getTracer('t').startSpan('agent', { attributes: { ...AGENT } });
    span.setStatus({ code: SpanStatusCode.ERROR, message: 'socket hang up' });
    span.end();
    await provider.forceFlush();
    const [out] = inner.getFinishedSpans();
    expect(Object.getPrototypeOf(out)).not.toBe(span);
    expect(out!.attributes['failure.reason']).toBe('provider_network');
  });
});
