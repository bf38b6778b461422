/**
 * End to end against real backends: agent-run spans go through the processor and the real
 * OTLP/HTTP exporter to a Jaeger v2 on loopback; then
 * the backends' own query APIs must find exactly the expected runs, with typed attributes.
 *
 * Started by scripts/e2e/run.sh (npm run test:e2e), which installs and starts the backends.
 */
import { randomUUID } from 'node:crypto';
import { SpanStatusCode, context, trace, type Context, type Span, type Tracer } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { AgentFailureSpanProcessor, recordRuntimeClose } from '../../src/index.js';

const JAEGER_OTLP = `http://127.0.0.1:${process.env.JAEGER_OTLP_HTTP_PORT ?? '4318'}/v1/traces`;
const JAEGER_QUERY = `http://127.0.0.1:${process.env.JAEGER_QUERY_PORT ?? '16686'}`;

const SERVICE = `agent-e2e-${randomUUID().slice(0, 8)}`;
const AGENT = { 'gen_ai.operation.name': 'invoke_agent' };

/** Trace ids of the runs we emit, by scenario. */
const ids: Record<string, string> = {};

function run(tracer: Tracer, key: string, body: (span: Span, ctx: Context) => void): void {
  const span = tracer.startSpan(`invoke_agent ${key}`, { attributes: AGENT });
  // No global context manager is registered here, so children get the context explicitly.
  body(span, trace.setSpan(context.active(), span));
  span.end();
  ids[key] = span.spanContext().traceId;
}

async function emitFleet(): Promise<void> {
  const processors = [
    new AgentFailureSpanProcessor({ env: {}, next: new BatchSpanProcessor(new OTLPTraceExporter({ url: JAEGER_OTLP })) }),
  ];
  const provider = new NodeTracerProvider({ resource: resourceFromAttributes({ 'service.name': SERVICE }), spanProcessors: processors });
  const tracer = provider.getTracer('e2e');

  for (const key of ['rate_limit_a', 'rate_limit_b']) {
    run(tracer, key, (s) => {
      recordRuntimeClose(s, {
        closeReason: 'exit_nonzero',
        exitCode: 1,
        stderrTail:
          'API Error: 429 {"type":"error","error":{"type":"rate_limit_error","message":"Number of request tokens has exceeded your per-minute rate limit"}} Please try again in 1.5s',
      });
      s.setStatus({ code: SpanStatusCode.ERROR, message: 'execution_failed' });
    });
  }
  run(tracer, 'stream_lost', (s) => {
    // Only the close reason says what happened (no error text): a transient stream loss, retry-safe.
    recordRuntimeClose(s, { closeReason: 'stream_error' });
    s.setStatus({ code: SpanStatusCode.ERROR, message: 'agent_error' });
  });
  run(tracer, 'context_overflow', (s) => {
    s.setStatus({ code: SpanStatusCode.ERROR, message: 'API Error: 400 prompt is too long: 212345 tokens > 200000 maximum' });
  });
  run(tracer, 'network_after_tool', (s, ctx) => {
    tracer
      .startSpan('execute_tool Bash', { attributes: { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'Bash' } }, ctx)
      .end();
    s.recordException(Object.assign(new Error('terminated'), { name: 'TypeError' }));
    s.setStatus({ code: SpanStatusCode.ERROR });
  });
  run(tracer, 'succeeded', () => {});
  const plain = tracer.startSpan('GET /health', { attributes: { 'http.response.status_code': 200, 'custom.flag': true } });
  plain.end();
  ids.plain = plain.spanContext().traceId;

  await provider.forceFlush();
  await provider.shutdown();
}

async function getJson(url: string): Promise<any> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url} → HTTP ${res.status}: ${await res.text()}`);
  return res.json();
}

/** Polls until `fn` returns a value that satisfies `done` (backends index asynchronously). */
async function eventually<T>(fn: () => Promise<T>, done: (v: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T = await fn();
  while (!done(last) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 300));
    last = await fn();
  }
  return last;
}

async function jaegerSearch(tags: Record<string, string>): Promise<string[]> {
  const q = new URLSearchParams({ service: SERVICE, tags: JSON.stringify(tags), limit: '100', lookback: '1h' });
  const body = await getJson(`${JAEGER_QUERY}/api/traces?${q}`);
  return (body.data as { traceID: string }[]).map((t) => t.traceID).sort();
}

const sorted = (...keys: string[]): string[] => keys.map((k) => ids[k]!).sort();

beforeAll(async () => {
  try {
    await getJson(`${JAEGER_QUERY}/api/services`);
  } catch (e) {
    throw new Error(
      `Jaeger is not reachable at ${JAEGER_QUERY} (${(e as Error).message}). Run the suite with "npm run test:e2e", which installs and starts it (scripts/e2e/jaeger.sh).`,
      { cause: e },
    );
  }
  await emitFleet();
  // Wait until every run is queryable.
  await eventually(
    async () =>
      (await getJson(`${JAEGER_QUERY}/api/traces?${new URLSearchParams({ service: SERVICE, limit: '100', lookback: '1h' })}`)).data.length,
    (n: number) => n >= 7,
  );
  // …and the tool span has joined its run's trace.
  await eventually(
    async () => (await getJson(`${JAEGER_QUERY}/api/traces/${ids.network_after_tool}`)).data[0].spans.length,
    (n: number) => n >= 2,
  );
}, 60_000);

describe(`Jaeger v2 (${JAEGER_QUERY})`, () => {
  it('finds exactly the rate-limited runs by failure.reason', async () => {
    expect(await jaegerSearch({ 'failure.reason': 'provider_rate_limit' })).toEqual(sorted('rate_limit_a', 'rate_limit_b'));
  });

  it('finds exactly the stream losses by failure.close_reason', async () => {
    expect(await jaegerSearch({ 'failure.close_reason': 'stream_error' })).toEqual(sorted('stream_lost'));
  });

  it('finds exactly the runs that are not retry-safe by retry.safe=false', async () => {
    expect(await jaegerSearch({ 'retry.safe': 'false' })).toEqual(sorted('context_overflow', 'network_after_tool'));
    expect(await jaegerSearch({ 'retry.safe': 'true' })).toEqual(sorted('rate_limit_a', 'rate_limit_b', 'stream_lost'));
  });

  it('combines tags: provider_network and not retry-safe', async () => {
    expect(await jaegerSearch({ 'failure.reason': 'provider_network', 'retry.safe': 'false' })).toEqual(sorted('network_after_tool'));
  });

  it('stores every stamped attribute with its type', async () => {
    const body = await getJson(`${JAEGER_QUERY}/api/traces/${ids.rate_limit_a}`);
    const span = body.data[0].spans.find((s: { operationName: string }) => s.operationName === 'invoke_agent rate_limit_a');
    const tags = Object.fromEntries(
      span.tags.map((t: { key: string; type: string; value: unknown }) => [t.key, { type: t.type, value: t.value }]),
    );
    expect(tags['failure.reason']).toEqual({ type: 'string', value: 'provider_rate_limit' });
    expect(tags['failure.close_reason']).toEqual({ type: 'string', value: 'exit_nonzero' });
    expect(tags['retry.safe']).toEqual({ type: 'bool', value: true });
    expect(tags['retry.resume_safe']).toEqual({ type: 'bool', value: true });
    expect(tags['failure.retry_after_ms']).toEqual({ type: 'int64', value: 1500 });
    expect(tags['failure.category']).toEqual({ type: 'string', value: 'provider' });
    expect(tags['failure.evidence']).toEqual({ type: 'string', value: 'text' });
    expect(tags['failure.rule'].type).toBe('string');
    expect(tags['failure.classifier.version'].type).toBe('string');
    expect(tags['failure.detail'].value).toContain('429');
    expect(tags['error.type']).toEqual({ type: 'string', value: 'provider_rate_limit' });
  });

  it('leaves spans that are not agent runs, and successful runs, unchanged', async () => {
    const plain = await getJson(`${JAEGER_QUERY}/api/traces/${ids.plain}`);
    const keys = plain.data[0].spans[0].tags.map((t: { key: string }) => t.key);
    expect(keys.filter((k: string) => k.startsWith('failure.') || k === 'retry.safe' || k === 'error.type')).toEqual([]);
    expect(keys).toContain('custom.flag');
    const ok = await getJson(`${JAEGER_QUERY}/api/traces/${ids.succeeded}`);
    expect(ok.data[0].spans[0].tags.some((t: { key: string }) => t.key.startsWith('failure.'))).toBe(false);
  });
});
