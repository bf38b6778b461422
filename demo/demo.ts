/**
 * `npm run demo`: a simulated fleet of agent runs through a real OpenTelemetry SDK pipeline
 * (BasicTracerProvider + AgentFailureSpanProcessor + InMemorySpanExporter), printed as
 * BEFORE (what a backend groups by today) and AFTER (failure.reason, failure.close_reason,
 * retry.safe). With OTEL_EXPORTER_OTLP_ENDPOINT or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT set,
 * the same stamped spans also go out over OTLP/HTTP.
 *
 * A development tool: it runs from the repository with the devDependencies installed.
 */
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
  type SpanExporter,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { FailureTally, renderTally } from '../src/cli/tally.js';
import {
  AgentFailureSpanProcessor,
  ATTR_FAILURE_CLOSE_REASON,
  ATTR_FAILURE_DETAIL,
  ATTR_FAILURE_REASON,
  ATTR_RETRY_SAFE,
} from '../src/index.js';
import { ATTR_GEN_AI_OPERATION_NAME, GEN_AI_OPERATION_EXECUTE_TOOL, GEN_AI_OPERATION_INVOKE_AGENT } from '../src/otel/attributes.js';
import { DEFAULT_FLEET_SEED, DEFAULT_FLEET_SIZE, emitFleetRun, generateFleet } from './fleet.js';

/** The service the spans belong to: OTEL_SERVICE_NAME, as every OpenTelemetry SDK reads it. */
const DEFAULT_SERVICE_NAME = 'agent-fleet-demo';
/** Printed lines fit this width when stdout is not a terminal. */
const DEFAULT_COLUMNS = 100;

/** Counts what the OTLP exporter managed to send. */
class CountingExporter implements SpanExporter {
  sent = 0;
  failed = 0;
  lastError: string | undefined;
  constructor(private readonly inner: SpanExporter) {}
  export(spans: ReadableSpan[], done: (result: { code: number; error?: Error }) => void): void {
    this.inner.export(spans, (result) => {
      if (result.code === 0) this.sent += spans.length;
      else {
        this.failed += spans.length;
        this.lastError = result.error?.message ?? 'export failed';
      }
      done(result);
    });
  }
  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }
  forceFlush(): Promise<void> {
    return this.inner.forceFlush?.() ?? Promise.resolve();
  }
}

function otlpEndpoint(env: NodeJS.ProcessEnv): string | undefined {
  const traces = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim();
  if (traces) return traces;
  const base = env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim();
  if (base) return `${base.replace(/\/+$/, '')}/v1/traces`;
  return undefined;
}

/** `text` cut into lines of at most `width` characters, each indented. */
function wrap(text: string, width: number, indent: string): string[] {
  const lines: string[] = [];
  for (let i = 0; i < text.length; i += width) lines.push(indent + text.slice(i, i + width));
  return lines;
}

function toolSummary(n: number, writing: boolean): string {
  return (n === 0 ? 'no tools' : `${n} tool${n > 1 ? 's' : ''} (${writing ? 'side effects' : 'read-only'})`).padEnd(24);
}

async function main(): Promise<void> {
  const env = process.env;
  const color = process.stdout.isTTY === true && env.NO_COLOR === undefined;
  const columns = process.stdout.isTTY ? process.stdout.columns : DEFAULT_COLUMNS;
  const serviceName = env.OTEL_SERVICE_NAME?.trim() || DEFAULT_SERVICE_NAME;
  const seed = DEFAULT_FLEET_SEED;
  const runs = generateFleet(seed, DEFAULT_FLEET_SIZE);

  const memory = new InMemorySpanExporter();
  const endpoint = otlpEndpoint(env);
  const otlp = endpoint !== undefined ? new CountingExporter(new OTLPTraceExporter()) : undefined;
  // Registered first and beside the exporting processors: sdk-trace-base 2.x calls
  // onEnding, so the stamps are on the span itself and reach every exporter.
  const processors: SpanProcessor[] = [new AgentFailureSpanProcessor(), new SimpleSpanProcessor(memory)];
  if (otlp !== undefined) processors.push(new BatchSpanProcessor(otlp, { maxExportBatchSize: 256 }));
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': serviceName }),
    spanProcessors: processors,
  });
  const tracer = provider.getTracer('agent-fleet-demo', '1.0.0');

  const base = Date.now() - 3 * 60 * 60 * 1000;
  for (const run of runs) emitFleetRun(tracer, run, base);
  await provider.forceFlush();

  const spans = memory.getFinishedSpans();
  const tally = new FailureTally();
  const examples = new Map<string, ReadableSpan>();
  let toolSpans = 0;
  const toolsPerRun = new Map<string, number>();
  const writingRuns = new Set<string>();
  for (const s of spans) {
    const op = s.attributes[ATTR_GEN_AI_OPERATION_NAME];
    if (op === GEN_AI_OPERATION_EXECUTE_TOOL) {
      toolSpans++;
      const parent = s.parentSpanContext?.spanId;
      if (parent !== undefined) {
        toolsPerRun.set(parent, (toolsPerRun.get(parent) ?? 0) + 1);
        if (s.attributes['agent_failure.tool.read_only'] !== true) writingRuns.add(parent);
      }
    }
    if (op !== GEN_AI_OPERATION_INVOKE_AGENT) continue;
    tally.addRun(s.attributes, s.status);
    const reason = s.attributes[ATTR_FAILURE_REASON];
    if (typeof reason === 'string' && s.attributes[ATTR_RETRY_SAFE] !== undefined && !examples.has(reason)) examples.set(reason, s);
  }

  const out: string[] = [];
  out.push(`Agent fleet demo: ${runs.length} simulated runs of claude-code, codex and gemini-cli`);
  out.push(`(seed ${seed}), ${toolSpans} tool spans, service.name=${serviceName}`);
  out.push('Pipeline: BasicTracerProvider -> AgentFailureSpanProcessor -> SimpleSpanProcessor(InMemory)');
  out.push('');
  out.push(...renderTally(tally, { color, columns }));
  out.push('');
  const beforeFailed = [...tally.before.entries()].filter(([k]) => k.startsWith('ERROR')).reduce((s, [, n]) => s + n, 0);
  const opaque = [...tally.before.keys()].filter((k) => k.startsWith('ERROR')).length;
  out.push(`BEFORE: ${beforeFailed} runs are status ERROR in ${opaque} opaque bucket(s);`);
  out.push(`        ${tally.failed - beforeFailed} more failed while looking successful.`);
  out.push(`AFTER:  ${tally.failed} failed runs in ${tally.reasons.size} failure.reason buckets;`);
  out.push(`        retry.safe: ${tally.retrySafe.true} safe to retry as they are, ${tally.retrySafe.false} not.`);
  out.push('');
  out.push('A few stamped runs (a side-effecting tool call makes retry.safe false; a failed');
  out.push('tool whose error the run repeats is who failed):');
  for (const reason of ['provider_rate_limit', 'provider_network', 'run_timeout', 'fatal_rpc_error', 'tool_error']) {
    const s = examples.get(reason);
    if (s === undefined) continue;
    const a = s.attributes;
    const id = s.spanContext().spanId;
    out.push(
      `  ${String(a['agent.run.id'])} ${String(a['gen_ai.agent.name']).padEnd(11)} ${toolSummary(toolsPerRun.get(id) ?? 0, writingRuns.has(id))}`,
    );
    out.push(
      `    failure.reason=${String(a[ATTR_FAILURE_REASON])} failure.close_reason=${String(a[ATTR_FAILURE_CLOSE_REASON] ?? '-')} ` +
        `retry.safe=${String(a[ATTR_RETRY_SAFE])}`,
    );
    if (typeof a[ATTR_FAILURE_DETAIL] === 'string') out.push(...wrap(`failure.detail="${a[ATTR_FAILURE_DETAIL]}"`, columns - 4, '    '));
  }

  await provider.shutdown();
  if (otlp !== undefined) {
    out.push('');
    if (otlp.failed === 0 && otlp.sent > 0) {
      out.push(`OTLP: exported ${otlp.sent} spans (service.name=${serviceName}) to ${endpoint};`, '      failure.* attributes included.');
    } else {
      out.push(
        `OTLP: export to ${endpoint} failed for ${otlp.failed} of ${otlp.sent + otlp.failed} spans: ${otlp.lastError ?? 'unknown error'}`,
      );
      process.exitCode = 1;
    }
  } else {
    out.push('');
    out.push('Set OTEL_EXPORTER_OTLP_ENDPOINT (e.g. http://localhost:4318) to also send these spans');
    out.push('to a collector or backend.');
  }
  process.stdout.write(`${out.join('\n')}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`demo failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exitCode = 1;
});
