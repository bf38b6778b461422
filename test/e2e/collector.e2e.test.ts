/**
 * The Collector mode end to end: `otel-agent-failure collector-config` output passes a real
 * Collector's `validate`, and the labelled corpus sent through that Collector (OTLP/HTTP in,
 * OTLP/HTTP JSON out to a loopback receiver) is stamped as the in-process processor stamps it.
 * The failure-count metric comes out of the same Collector.
 *
 * Started by scripts/e2e/run.sh (npm run test:e2e), which builds the pinned Collector
 * (collector/, cached) when E2E_INSTALL=1. Agreement figures and every disagreement are printed.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { BasicTracerProvider, BatchSpanProcessor, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentFailureSpanProcessor } from '../../src/index.js';
import { distFile, ROOT } from '../helpers/dist-helpers.js';
import { startOtlpReceiver, type OtlpReceiver } from '../helpers/otlp-receiver.js';
import { emitCase, loadCorpus } from './collector-corpus.js';

const COLLECTOR = join(ROOT, 'scripts/e2e/collector.sh');
const HTTP_PORT = process.env.COLLECTOR_OTLP_HTTP_PORT ?? '14318';
const GRPC_PORT = process.env.COLLECTOR_OTLP_GRPC_PORT ?? '14317';
const STAMPED = ['failure.reason', 'failure.close_reason', 'retry.safe'] as const;

let dir: string;
let receiver: OtlpReceiver;

function generate(...args: string[]): string {
  const r = spawnSync(process.execPath, [distFile('cli.js'), 'collector-config', ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout;
}

function collector(env: NodeJS.ProcessEnv, ...args: string[]): { status: number | null; output: string } {
  const r = spawnSync('bash', [COLLECTOR, ...args], {
    encoding: 'utf8',
    env: {
      ...process.env,
      COLLECTOR_OTLP_HTTP_PORT: HTTP_PORT,
      COLLECTOR_OTLP_GRPC_PORT: GRPC_PORT,
      COLLECTOR_START_TIMEOUT: '240',
      ...env,
    },
    timeout: 300_000,
  });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

/** An OTLP JSON attribute value as a plain value. */
function plain(value: Record<string, unknown> | undefined): unknown {
  if (value === undefined) return undefined;
  if ('stringValue' in value) return value.stringValue;
  if ('boolValue' in value) return value.boolValue;
  if ('intValue' in value) return Number(value.intValue);
  return JSON.stringify(value);
}

function backendEnv(): NodeJS.ProcessEnv {
  return {
    AGENT_FAILURE_OTLP_HTTP_ENDPOINT: `127.0.0.1:${HTTP_PORT}`,
    AGENT_FAILURE_OTLP_GRPC_ENDPOINT: `127.0.0.1:${GRPC_PORT}`,
    AGENT_FAILURE_BACKEND_ENDPOINT: receiver.endpoint,
    AGENT_FAILURE_METRICS_ENDPOINT: receiver.endpoint,
  };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'aaf-collector-'));
  receiver = await startOtlpReceiver();
});

afterAll(async () => {
  collector({}, 'stop');
  await receiver?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('collector-config output', () => {
  it('passes otelcol validate, as a complete pipeline and as a fragment merged into a configuration', () => {
    const pipeline = join(dir, 'pipeline.yaml');
    writeFileSync(pipeline, generate('--output', 'pipeline'));
    const valid = collector(backendEnv(), 'validate', pipeline);
    expect(valid.status, valid.output).toBe(0);

    const fragment = join(dir, 'fragment.yaml');
    writeFileSync(fragment, generate());
    const host = join(dir, 'host.yaml');
    writeFileSync(
      host,
      [
        'receivers: { otlp: { protocols: { http: { endpoint: "127.0.0.1:0" } } } }',
        'exporters: { debug: {} }',
        'service:',
        '  pipelines:',
        '    traces: { receivers: [otlp], processors: [transform/agent_failure], exporters: [debug, count/agent_failure] }',
        '    metrics: { receivers: [count/agent_failure], exporters: [debug] }',
        '',
      ].join('\n'),
    );
    const merged = collector({}, 'validate', fragment, host);
    expect(merged.status, merged.output).toBe(0);
  }, 480_000);
});

describe('the labelled corpus through a real Collector and through the processor', () => {
  const corpus = loadCorpus();
  const inProcess = new Map<string, Record<string, unknown>>();
  const viaCollector = new Map<string, Record<string, unknown>>();

  beforeAll(async () => {
    const pipeline = join(dir, 'run.yaml');
    writeFileSync(pipeline, generate('--output', 'pipeline'));
    // The test's receiver reads OTLP JSON; batches are flushed fast.
    const overlay = join(dir, 'overlay.yaml');
    writeFileSync(
      overlay,
      [
        'exporters:',
        '  otlp_http/traces: { encoding: json, compression: none }',
        '  otlp_http/metrics: { encoding: json, compression: none }',
        'processors:',
        '  batch: { timeout: 200ms }',
        '',
      ].join('\n'),
    );
    const started = collector(backendEnv(), 'start', pipeline, overlay);
    expect(started.status, started.output).toBe(0);

    const memory = new InMemorySpanExporter();
    const local = new BasicTracerProvider({
      spanProcessors: [new AgentFailureSpanProcessor({ env: {}, learnedFallback: false, next: new SimpleSpanProcessor(memory) })],
    });
    const remote = new BasicTracerProvider({
      spanProcessors: [
        new BatchSpanProcessor(new OTLPTraceExporter({ url: `http://127.0.0.1:${HTTP_PORT}/v1/traces`, timeoutMillis: 120_000 }), {
          maxExportBatchSize: 64,
          maxQueueSize: 8192,
          exportTimeoutMillis: 120_000,
        }),
      ],
    });
    // In slices, each flushed before the next: the Collector answers a request once its
    // spans went through the transform processor.
    for (let from = 0; from < corpus.length; from += 64) {
      corpus.slice(from, from + 64).forEach((c, i) => {
        emitCase(local.getTracer('parity'), c, from + i);
        emitCase(remote.getTracer('parity'), c, from + i);
      });
      await remote.forceFlush();
    }
    await local.forceFlush();
    for (const s of memory.getFinishedSpans()) {
      inProcess.set(String(s.attributes['test.case_id']), Object.fromEntries(STAMPED.map((k) => [k, s.attributes[k]])));
    }
    // The Collector exports asynchronously: wait until every span came back.
    for (let i = 0; i < 600 && receiver.spans().length < corpus.length; i++) await new Promise((r) => setTimeout(r, 200));
    for (const s of receiver.spans()) {
      const get = (k: string): unknown => plain(s.attributes?.find((a) => a.key === k)?.value);
      viaCollector.set(String(get('test.case_id')), Object.fromEntries(STAMPED.map((k) => [k, get(k)])));
    }
    await Promise.all([local.shutdown(), remote.shutdown()]);
  }, 900_000);

  it('stamps the same failure.reason on at least 97 % of the runs, the same close reason, and never retry.safe=true where the processor says false', () => {
    expect(viaCollector.size).toBe(corpus.length);
    let sameReason = 0;
    let sameClose = 0;
    let sameRetry = 0;
    let correctLocal = 0;
    let correctCollector = 0;
    const differences: string[] = [];
    const unsafe: string[] = [];
    for (const c of corpus) {
      const a = inProcess.get(c.id) ?? {};
      const b = viaCollector.get(c.id) ?? {};
      if (a['failure.reason'] === b['failure.reason']) sameReason++;
      else differences.push(`${c.id}: processor ${String(a['failure.reason'])}, collector ${String(b['failure.reason'])}`);
      if (a['failure.close_reason'] === b['failure.close_reason']) sameClose++;
      if (a['retry.safe'] === b['retry.safe']) sameRetry++;
      if (a['retry.safe'] === false && b['retry.safe'] === true) unsafe.push(`${c.id}: ${String(b['failure.reason'])}`);
      if (c.labels.includes(String(a['failure.reason']))) correctLocal++;
      if (c.labels.includes(String(b['failure.reason']))) correctCollector++;
    }
    const pct = (n: number): string => `${((100 * n) / corpus.length).toFixed(1)} %`;
    console.log(
      [
        `collector parity on ${corpus.length} labelled runs: failure.reason ${pct(sameReason)}, failure.close_reason ${pct(sameClose)}, retry.safe ${pct(sameRetry)}`,
        `against the labels: processor ${pct(correctLocal)}, collector ${pct(correctCollector)}`,
        `retry.safe=true where the processor says false: ${unsafe.length}`,
        ...differences.map((d) => `  differs: ${d}`),
        ...unsafe.map((d) => `  unsafe: ${d}`),
      ].join('\n'),
    );
    expect(sameReason / corpus.length).toBeGreaterThanOrEqual(0.97);
    expect(sameClose).toBe(corpus.length);
    expect(unsafe).toEqual([]);
  });

  it('counts the stamped failures as the metric agent.run.failures by failure.reason and retry.safe', async () => {
    const stamped = [...viaCollector.values()].filter((v) => v['failure.reason'] !== undefined).length;
    const total = (): { count: number; reasons: Set<string> } => {
      let count = 0;
      const reasons = new Set<string>();
      for (const r of receiver.requests.filter((q) => q.path === '/v1/metrics')) {
        for (const rm of r.body.resourceMetrics ?? []) {
          for (const sm of rm.scopeMetrics ?? []) {
            for (const m of sm.metrics ?? []) {
              if (m.name !== 'agent.run.failures') continue;
              for (const p of m.sum?.dataPoints ?? []) {
                count += Number(p.asInt ?? p.asDouble ?? 0);
                const reason = (p.attributes ?? []).find((a: any) => a.key === 'failure.reason')?.value?.stringValue;
                const retry = (p.attributes ?? []).find((a: any) => a.key === 'retry.safe')?.value;
                expect(retry, 'retry.safe is an attribute of every point').toBeDefined();
                if (reason) reasons.add(reason);
              }
            }
          }
        }
      }
      return { count, reasons };
    };
    for (let i = 0; i < 100 && total().count < stamped; i++) await new Promise((r) => setTimeout(r, 200));
    const { count, reasons } = total();
    expect(count).toBe(stamped);
    const expectedReasons = new Set([...viaCollector.values()].map((v) => String(v['failure.reason'])));
    expect([...reasons].sort()).toEqual([...expectedReasons].sort());
  });
});
