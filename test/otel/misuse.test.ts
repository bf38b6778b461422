/**
 * Misuse that must be harmless: the processor registered twice, options whose getters throw,
 * attribute arrays of millions of elements. Real providers and exporters.
 */
import { SpanStatusCode } from '@opentelemetry/api';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { AgentFailureSpanExporter, AgentFailureSpanProcessor } from '../../src/index.js';
import { readRunFacts } from '../../src/otel/span-facts.js';
import type { ReadableSpanLike } from '../../src/otel/span-shape.js';

const AGENT = { 'gen_ai.operation.name': 'invoke_agent' };
const CLAUDE_529 = 'API Error: 529 {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}';

function throwingOptions(): object {
  return Object.defineProperty({}, 'detail', {
    get: () => {
      throw new Error('options exploded');
    },
    enumerable: true,
  });
}

/** One failed agent run (a Claude 529 in the status message) through `spanProcessors`; what `exporter` received. */
async function exportOneFailedRun(exporter: InMemorySpanExporter, spanProcessors: SpanProcessor[]): Promise<Record<string, unknown>> {
  const provider = new BasicTracerProvider({ spanProcessors });
  const span = provider.getTracer('t').startSpan('agent', { attributes: AGENT });
  span.setStatus({ code: SpanStatusCode.ERROR, message: CLAUDE_529 });
  span.end();
  await provider.forceFlush();
  const [out] = exporter.getFinishedSpans();
  await provider.shutdown();
  return out!.attributes;
}

describe('misuse that should be harmless', () => {
  it('registered twice (beside the exporter and as a wrapper), the run is stamped once, by the first', async () => {
    const exporter = new InMemorySpanExporter();
    const attrs = await exportOneFailedRun(exporter, [
      new AgentFailureSpanProcessor({ env: {} }),
      new AgentFailureSpanProcessor({ env: {}, next: new SimpleSpanProcessor(exporter) }),
    ]);
    expect(attrs['failure.reason']).toBe('provider_overloaded');
    expect(attrs['failure.evidence']).toBe('text');
    expect(attrs['failure.rule']).not.toBe('preset');
  });

  it('a processor and an exporter built from options whose getters throw still stamp with the defaults', async () => {
    const exporter = new InMemorySpanExporter();
    const attrs = await exportOneFailedRun(exporter, [
      new AgentFailureSpanProcessor(throwingOptions() as never),
      new SimpleSpanProcessor(new AgentFailureSpanExporter(exporter, throwingOptions() as never)),
    ]);
    expect(attrs['failure.reason']).toBe('provider_overloaded');
  });

  it('reads at most a bounded prefix of gen_ai.response.finish_reasons, however long it is', () => {
    let reads = 0;
    const huge = new Proxy(new Array(10_000_000).fill('stop'), {
      get(target, key, receiver) {
        if (typeof key === 'string' && /^[0-9]+$/.test(key)) reads++;
        return Reflect.get(target, key, receiver);
      },
    });
    huge[0] = 'content_filter';
    reads = 0;
    const span = {
      name: 'agent',
      attributes: { ...AGENT, 'gen_ai.response.finish_reasons': huge as unknown as string[] },
      events: [],
      status: { code: SpanStatusCode.ERROR },
      spanContext: () => ({ traceId: 't', spanId: 's' }),
    } satisfies ReadableSpanLike;
    const facts = readRunFacts(span, { outputAttribute: '', readOnlyTools: new Set(), fallbackMaxLength: 400 }, undefined);
    expect(facts?.evidence.finishReasons?.[0]).toBe('content_filter');
    expect(reads).toBeLessThanOrEqual(16);
  });
});
