/**
 * The real OTLP/HTTP exporter against a loopback HTTP server that decodes what arrives:
 * the stamped attributes survive serialisation with their types (bool stays bool, int stays int).
 */
import { context, propagation, SpanStatusCode, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AgentFailureSpanExporter, AgentFailureSpanProcessor } from '../../src/index.js';
import { otlpAttr as attr, startOtlpReceiver, type OtlpJsonSpan as OtlpSpan, type OtlpReceiver } from '../helpers/otlp-receiver.js';

let receiver: OtlpReceiver;
let url: string;

beforeAll(async () => {
  receiver = await startOtlpReceiver();
  url = receiver.tracesUrl;
});

afterAll(() => receiver.close());

beforeEach(() => receiver.reset());

afterEach(() => {
  // NodeSDK registers globals; each test starts from a clean API.
  trace.disable();
  context.disable();
  propagation.disable();
});

function emitFailedRun(tracer: { startSpan: (...a: any[]) => any }): void {
  const span = tracer.startSpan('agent run', { attributes: { 'gen_ai.operation.name': 'invoke_agent' } });
  span.addEvent('runtime_close', {
    close_reason: 'exit_nonzero',
    exit_code: 1,
    stderr_tail: 'Error: 429 Rate limit reached. Please try again in 1.5s.',
  });
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
  expect(attr(run, 'retry.resume_safe')).toEqual({ boolValue: true });
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
    expect(receiver.spans()).toHaveLength(2);
    expectTypedStamps(receiver.spans());
  });

  it('NodeTracerProvider with the processor wrapping the BatchSpanProcessor', async () => {
    const provider = new NodeTracerProvider({
      spanProcessors: [new AgentFailureSpanProcessor({ env: {}, next: new BatchSpanProcessor(new OTLPTraceExporter({ url })) })],
    });
    emitFailedRun(provider.getTracer('t'));
    await provider.forceFlush();
    await provider.shutdown();
    expectTypedStamps(receiver.spans());
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
    expectTypedStamps(receiver.spans());
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
    expectTypedStamps(receiver.spans());
  });
});
