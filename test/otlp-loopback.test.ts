/**
 * The real OTLP/HTTP exporter against a loopback HTTP server that decodes what arrives:
 * the stamped attributes survive serialisation with their types (bool stays bool, int stays int).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { context, propagation, SpanStatusCode, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AgentFailureSpanExporter, AgentFailureSpanProcessor } from '../src/index.js';

interface OtlpAttribute {
  key: string;
  value: { stringValue?: string; boolValue?: boolean; intValue?: string | number; doubleValue?: number };
}
interface OtlpSpan {
  name: string;
  attributes?: OtlpAttribute[];
}

let server: Server;
let url: string;
let received: OtlpSpan[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      for (const rs of body.resourceSpans ?? []) for (const ss of rs.scopeSpans ?? []) received.push(...(ss.spans ?? []));
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/traces`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  received = [];
});

afterEach(() => {
  // NodeSDK registers globals; each test starts from a clean API.
  trace.disable();
  context.disable();
  propagation.disable();
});

function attr(span: OtlpSpan, key: string): OtlpAttribute['value'] | undefined {
  return span.attributes?.find((a) => a.key === key)?.value;
}

function emitFailedRun(tracer: { startSpan: (...a: any[]) => any }): void {
  const span = tracer.startSpan('agent run', { attributes: { 'gen_ai.operation.name': 'invoke_agent' } });
  span.addEvent('runtime_close', { close_reason: 'exit_nonzero', exit_code: 1, stderr_tail: 'Error: 429 Rate limit reached. Please try again in 1.5s.' });
  span.setStatus({ code: SpanStatusCode.ERROR, message: 'agent_error' });
  span.end();
  const plain = tracer.startSpan('db query');
  plain.end();
}

function expectTypedStamps(spans: OtlpSpan[]): void {
  const run = spans.find((s) => s.name === 'agent run')!;
  expect(attr(run, 'failure.reason')).toEqual({ stringValue: 'provider_rate_limit' });
  expect(attr(run, 'failure.close_reason')).toEqual({ stringValue: 'exit_nonzero' });
  expect(attr(run, 'retry.safe')).toEqual({ boolValue: true });
  expect(attr(run, 'session.resume_safe')).toEqual({ boolValue: true });
  expect(Number(attr(run, 'failure.retry_after_ms')?.intValue)).toBe(1500);
  expect(attr(run, 'failure.retry_after_ms')?.doubleValue).toBeUndefined();
  const plain = spans.find((s) => s.name === 'db query')!;
  expect(plain.attributes ?? []).toEqual([]);
}

describe('over real OTLP/HTTP to a loopback server', () => {
  it('NodeTracerProvider with the processor beside a BatchSpanProcessor', async () => {
    const provider = new NodeTracerProvider({
      spanProcessors: [new AgentFailureSpanProcessor({ env: {} }), new BatchSpanProcessor(new OTLPTraceExporter({ url }))],
    });
    emitFailedRun(provider.getTracer('t'));
    await provider.forceFlush();
    await provider.shutdown();
    expect(received).toHaveLength(2);
    expectTypedStamps(received);
  });

  it('NodeTracerProvider with the processor wrapping the BatchSpanProcessor', async () => {
    const provider = new NodeTracerProvider({
      spanProcessors: [new AgentFailureSpanProcessor({ env: {}, next: new BatchSpanProcessor(new OTLPTraceExporter({ url })) })],
    });
    emitFailedRun(provider.getTracer('t'));
    await provider.forceFlush();
    await provider.shutdown();
    expectTypedStamps(received);
  });

  it('NodeSDK with the exporter wrapper as traceExporter', async () => {
    const sdk = new NodeSDK({
      serviceName: 'agent-host',
      traceExporter: new AgentFailureSpanExporter(new OTLPTraceExporter({ url }), { env: {} }),
      instrumentations: [],
    });
    sdk.start();
    try {
      emitFailedRun(trace.getTracer('t'));
    } finally {
      await sdk.shutdown();
    }
    expectTypedStamps(received);
  });

  it('NodeSDK with the processor in spanProcessors', async () => {
    const sdk = new NodeSDK({
      serviceName: 'agent-host',
      spanProcessors: [new AgentFailureSpanProcessor({ env: {}, next: new BatchSpanProcessor(new OTLPTraceExporter({ url })) })],
      instrumentations: [],
    });
    sdk.start();
    try {
      emitFailedRun(trace.getTracer('t'));
    } finally {
      await sdk.shutdown();
    }
    expectTypedStamps(received);
  });
});
