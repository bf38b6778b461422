/**
 * The public API is typed with @opentelemetry/api types and small structural interfaces,
 * so it fits every SDK line without importing one. These assignments are checked by
 * `tsc` (npm test type-checks the tests); the runtime assertions keep the file honest.
 */
import * as sdk2 from '@opentelemetry/sdk-trace-base';
import * as sdk130 from 'sdk-trace-base-1.30';
import * as sdk20 from 'sdk-trace-base-2.0';
import * as sdk22 from 'sdk-trace-base-2.2';
import * as sdk3 from 'sdk-trace-3';
import { describe, expect, it } from 'vitest';
import { AgentFailureSpanExporter, AgentFailureSpanProcessor } from '../../src/index.js';

describe('types fit every SDK line', () => {
  it('sdk-trace-base 1.30', () => {
    const processor: sdk130.SpanProcessor = new AgentFailureSpanProcessor({ next: new sdk130.BatchSpanProcessor(new sdk130.InMemorySpanExporter()) });
    const exporter: sdk130.SpanExporter = new AgentFailureSpanExporter(new sdk130.InMemorySpanExporter());
    expect(typeof processor.onEnd).toBe('function');
    expect(typeof exporter.export).toBe('function');
  });

  it('sdk-trace-base 2.0 and 2.2', () => {
    const p20: sdk20.SpanProcessor = new AgentFailureSpanProcessor({ next: new sdk20.SimpleSpanProcessor(new sdk20.InMemorySpanExporter()) });
    const e20: sdk20.SpanExporter = new AgentFailureSpanExporter(new sdk20.InMemorySpanExporter());
    const p22: sdk22.SpanProcessor = new AgentFailureSpanProcessor({ next: new sdk22.SimpleSpanProcessor(new sdk22.InMemorySpanExporter()) });
    const e22: sdk22.SpanExporter = new AgentFailureSpanExporter(new sdk22.InMemorySpanExporter());
    expect([p20, e20, p22, e22].every((x) => x !== undefined)).toBe(true);
  });

  it('sdk-trace-base 2.x (newest), with onEnding', () => {
    const processor: sdk2.SpanProcessor = new AgentFailureSpanProcessor();
    const exporter: sdk2.SpanExporter = new AgentFailureSpanExporter(new sdk2.InMemorySpanExporter());
    expect(typeof processor.onEnding).toBe('function');
    expect(typeof exporter.shutdown).toBe('function');
  });

  it('sdk-trace 3.x', () => {
    const processor: sdk3.SpanProcessor = new AgentFailureSpanProcessor({
      next: new sdk3.BatchSpanProcessor({ exporter: new sdk3.InMemorySpanExporter() }),
    });
    const exporter: sdk3.SpanExporter = new AgentFailureSpanExporter(new sdk3.InMemorySpanExporter());
    expect(typeof processor.onEnding).toBe('function');
    expect(typeof exporter.export).toBe('function');
  });
});
