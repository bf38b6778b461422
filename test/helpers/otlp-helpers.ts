/**
 * OTLP JSON test data made the honest way: runs emitted through a real SDK pipeline, then
 * serialised with the OpenTelemetry JS OTLP/HTTP JSON serializer (what OTLPTraceExporter
 * sends), optionally rewritten the way the Collector's file exporter writes int64 values.
 */
import { JsonTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { emitFleetRun, generateFleet } from '../../demo/fleet.js';
import { AgentFailureSpanProcessor } from '../../src/index.js';

/** Finished spans of a simulated fleet; stamped only when `stamp` is set. */
export async function fleetSpans(seed: number, size: number, stamp = false): Promise<ReadableSpan[]> {
  const memory = new InMemorySpanExporter();
  const processors: SpanProcessor[] = stamp
    ? [new AgentFailureSpanProcessor({ env: {}, next: new SimpleSpanProcessor(memory) })]
    : [new SimpleSpanProcessor(memory)];
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'fleet-under-test' }),
    spanProcessors: processors,
  });
  const tracer = provider.getTracer('fleet');
  const base = Date.UTC(2025, 5, 11, 9, 0, 0);
  for (const run of generateFleet(seed, size)) emitFleetRun(tracer, run, base);
  await provider.forceFlush();
  const spans = memory.getFinishedSpans();
  await provider.shutdown();
  return spans;
}

/** int64 values as strings, as the Collector's file exporter writes them. */
export function collectorStyle(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(collectorStyle);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = k === 'intValue' && typeof v === 'number' ? String(v) : collectorStyle(v);
    return out;
  }
  return value;
}

/** One ExportTraceServiceRequest per `batch` spans, as JSON objects. */
export function otlpRequests(spans: readonly ReadableSpan[], batch = 100, collector = true): unknown[] {
  const out: unknown[] = [];
  for (let i = 0; i < spans.length; i += batch) {
    const bytes = JsonTraceSerializer.serializeRequest(spans.slice(i, i + batch) as ReadableSpan[]);
    if (bytes === undefined) throw new Error('serializer returned nothing');
    const request: unknown = JSON.parse(Buffer.from(bytes).toString('utf8'));
    out.push(collector ? collectorStyle(request) : request);
  }
  return out;
}

/** JSON Lines text of the requests. */
export function jsonLines(requests: readonly unknown[]): string {
  return requests.map((r) => JSON.stringify(r)).join('\n') + '\n';
}

/** An OTLP JSON request holding the given spans, written by hand in Collector style. */
export function handRequest(spans: unknown[]): unknown {
  return {
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'hand-written' } }] },
        scopeSpans: [{ scope: { name: 'host' }, spans }],
      },
    ],
  };
}

/** A Collector-style OTLP span. */
export function handSpan(fields: {
  traceId?: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  attributes?: Record<string, unknown>;
  events?: { name: string; attributes?: Record<string, unknown> }[];
  status?: { code?: number | string; message?: string };
}): Record<string, unknown> {
  const kv = (attrs: Record<string, unknown> | undefined) =>
    Object.entries(attrs ?? {}).map(([key, v]) => ({
      key,
      value:
        typeof v === 'string'
          ? { stringValue: v }
          : typeof v === 'boolean'
            ? { boolValue: v }
            : Number.isInteger(v)
              ? { intValue: String(v) }
              : { doubleValue: v },
    }));
  return {
    traceId: fields.traceId ?? '5b8efff798038103d269b633813fc60c',
    spanId: fields.spanId,
    parentSpanId: fields.parentSpanId ?? '',
    name: fields.name,
    kind: 1,
    startTimeUnixNano: '1749632400000000000',
    endTimeUnixNano: '1749632460000000000',
    attributes: kv(fields.attributes),
    events: (fields.events ?? []).map((e) => ({ timeUnixNano: '1749632460000000000', name: e.name, attributes: kv(e.attributes) })),
    status: fields.status ?? {},
  };
}
