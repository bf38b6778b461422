/**
 * Builds real tracer providers with an in-memory exporter, for every SDK line under test.
 * Each line is installed through an npm alias (see package.json).
 */
import { context, trace, type Attributes, type Span, type Tracer } from '@opentelemetry/api';
import * as sdk2 from '@opentelemetry/sdk-trace-base';
import * as sdk130 from 'sdk-trace-base-1.30';
import * as sdk20 from 'sdk-trace-base-2.0';
import * as sdk22 from 'sdk-trace-base-2.2';
import * as sdk3 from '../sdk3/sdk-trace-3.js';
import { AgentFailureSpanExporter, AgentFailureSpanProcessor, type AgentFailureSpanProcessorOptions } from '../../src/index.js';

export interface SdkLine {
  name: string;
  /** Whether spans call onEnding on their processors. */
  callsOnEnding: boolean;
  makeExporter(): InMemoryExporterLike;
  makeSimpleProcessor(exporter: unknown): any;
  makeProvider(processors: any[], spanLimits?: { attributeCountLimit?: number }): ProviderLike;
}

export interface InMemoryExporterLike {
  getFinishedSpans(): ExportedSpan[];
  reset(): void;
}

export interface ExportedSpan {
  name: string;
  attributes: Attributes;
  events: { name: string; attributes?: Attributes }[];
  status: { code: number; message?: string };
  spanContext(): { traceId: string; spanId: string };
  resource: unknown;
}

export interface ProviderLike {
  getTracer(name: string): Tracer;
  forceFlush(): Promise<void>;
  shutdown(): Promise<void>;
}

export const SDK_LINES: SdkLine[] = [
  {
    name: 'sdk-trace-base 1.30',
    callsOnEnding: false,
    makeExporter: () => new sdk130.InMemorySpanExporter() as any,
    makeSimpleProcessor: (e) => new sdk130.SimpleSpanProcessor(e as any),
    makeProvider: (processors, spanLimits) => {
      const p = new sdk130.BasicTracerProvider(spanLimits ? { spanLimits } : {});
      for (const sp of processors) p.addSpanProcessor(sp);
      return p as any;
    },
  },
  {
    name: 'sdk-trace-base 2.0',
    callsOnEnding: false,
    makeExporter: () => new sdk20.InMemorySpanExporter() as any,
    makeSimpleProcessor: (e) => new sdk20.SimpleSpanProcessor(e as any),
    makeProvider: (spanProcessors, spanLimits) =>
      new sdk20.BasicTracerProvider({ spanProcessors, ...(spanLimits ? { spanLimits } : {}) }) as any,
  },
  {
    name: 'sdk-trace-base 2.2',
    callsOnEnding: false,
    makeExporter: () => new sdk22.InMemorySpanExporter() as any,
    makeSimpleProcessor: (e) => new sdk22.SimpleSpanProcessor(e as any),
    makeProvider: (spanProcessors, spanLimits) =>
      new sdk22.BasicTracerProvider({ spanProcessors, ...(spanLimits ? { spanLimits } : {}) }) as any,
  },
  {
    name: 'sdk-trace-base 2.x (newest)',
    callsOnEnding: true,
    makeExporter: () => new sdk2.InMemorySpanExporter() as any,
    makeSimpleProcessor: (e) => new sdk2.SimpleSpanProcessor(e as any),
    makeProvider: (spanProcessors, spanLimits) =>
      new sdk2.BasicTracerProvider({ spanProcessors, ...(spanLimits ? { spanLimits } : {}) }) as any,
  },
  {
    name: 'sdk-trace 3.x',
    callsOnEnding: true,
    makeExporter: () => new sdk3.InMemorySpanExporter() as any,
    makeSimpleProcessor: (e) => new sdk3.SimpleSpanProcessor({ exporter: e as any }),
    makeProvider: (spanProcessors, spanLimits) =>
      new sdk3.TracerProvider({ spanProcessors, ...(spanLimits ? { spanLimits } : {}) } as any) as any,
  },
];

/** How the processor is registered. */
export type RegistrationStyle = 'beside' | 'wrapper' | 'exporter';

export interface TestPipeline {
  tracer: Tracer;
  exporter: InMemoryExporterLike;
  provider: ProviderLike;
  /** Flushes and returns what reached the exporter. */
  finished(): Promise<ExportedSpan[]>;
}

/** A real provider for one SDK line with the processor registered in one style. */
export function setupPipeline(
  line: SdkLine,
  style: RegistrationStyle,
  options: AgentFailureSpanProcessorOptions = {},
  spanLimits?: { attributeCountLimit?: number },
): TestPipeline {
  const exporter = line.makeExporter();
  let processors: any[];
  if (style === 'beside') {
    processors = [new AgentFailureSpanProcessor({ env: {}, ...options }), line.makeSimpleProcessor(exporter)];
  } else if (style === 'wrapper') {
    processors = [new AgentFailureSpanProcessor({ env: {}, ...options, next: line.makeSimpleProcessor(exporter) })];
  } else {
    processors = [line.makeSimpleProcessor(new AgentFailureSpanExporter(exporter as any, { env: {}, ...options }))];
  }
  const provider = line.makeProvider(processors, spanLimits);
  const tracer = provider.getTracer('test');
  return {
    tracer,
    exporter,
    provider,
    async finished() {
      await provider.forceFlush();
      return exporter.getFinishedSpans();
    },
  };
}

/** Starts a span as a child of `parent` through the API. */
export function startChild(tracer: Tracer, name: string, parent: Span, attributes?: Attributes): Span {
  return tracer.startSpan(name, attributes ? { attributes } : {}, trace.setSpan(context.active(), parent));
}

/** The exported span with this name; fails loudly when it is missing or duplicated. */
export function byName(spans: ExportedSpan[], name: string): ExportedSpan {
  const found = spans.filter((s) => s.name === name);
  if (found.length !== 1) throw new Error(`expected exactly one exported span "${name}", found ${found.length}`);
  return found[0] as ExportedSpan;
}
