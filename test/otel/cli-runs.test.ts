/**
 * The processor against REAL agent-CLI failure runs (test/fixtures/cli-runs.json, recorded by
 * scripts/record-cli-runs/record.mjs): Claude Code, Codex CLI, Gemini CLI and opencode run
 * non-interactively with no credentials, a fake key and no internet, or a local fake provider
 * answering with documented error bodies and transport faults.
 *
 * Each run goes through a real pipeline exactly as a host would report it: a
 * BasicTracerProvider with the AgentFailureSpanProcessor wrapping a SimpleSpanProcessor and an
 * InMemorySpanExporter; a `runtime_close` event recorded with recordRuntimeClose; status ERROR
 * for a non-zero (or no) exit code; for an exit 0, status left UNSET and stdout put in the
 * configured output attribute. The exported `failure.reason` must equal the human label.
 */
import { readFileSync } from 'node:fs';
import { SpanStatusCode } from '@opentelemetry/api';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterAll, describe, expect, it } from 'vitest';
import {
  AgentFailureSpanProcessor,
  ATTR_FAILURE_CLOSE_REASON,
  ATTR_FAILURE_REASON,
  FAILURE_REASONS,
  recordRuntimeClose,
  RUNTIME_CLOSE_EVENT,
  type CloseReason,
} from '../../src/index.js';

interface CliRun {
  id: string;
  cli: string;
  cliVersion: string;
  node: string;
  scenario: string;
  command: string;
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  durationMs: number;
  stdoutTail: string;
  stderrTail: string;
  expected: string;
  note: string;
}

interface CliRunsFixture {
  description: string;
  recorded: string;
  runs: CliRun[];
}

const fixture = JSON.parse(readFileSync(new URL('../fixtures/cli-runs.json', import.meta.url), 'utf8')) as CliRunsFixture;
const runs = fixture.runs;

/** The output attribute the host writes the agent's answer to (configured, not the default). */
const OUTPUT_ATTRIBUTE = 'agent.output.text';

/**
 * Runs the CURRENT classifier gets wrong, marked `it.fails` until the rules are fixed
 * (then flip them back to `it` by removing the id here). Each is listed with what it says today.
 */
const KNOWN_MISSES: ReadonlySet<string> = new Set<string>([]);

function closeReasonOf(run: CliRun): CloseReason {
  if (run.timedOut) return 'timeout';
  if (run.signal) return 'signal';
  return run.exitCode === 0 ? 'exit_0' : 'exit_nonzero';
}

/** One run through a real SDK pipeline, reported as a host would; returns the exported span. */
async function exportRun(run: CliRun) {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    spanProcessors: [
      new AgentFailureSpanProcessor({ env: {}, outputAttribute: OUTPUT_ATTRIBUTE, next: new SimpleSpanProcessor(exporter) }),
    ],
  });
  try {
    const span = provider.getTracer('agent-host').startSpan(`invoke_agent ${run.cli}`, {
      attributes: { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': run.cli },
    });
    const closeReason = closeReasonOf(run);
    recordRuntimeClose(span, {
      closeReason,
      ...(run.exitCode !== null ? { exitCode: run.exitCode } : {}),
      ...(run.signal ? { signal: run.signal } : {}),
      stderrTail: run.stderrTail,
      stdoutTail: run.stdoutTail,
      timedOut: run.timedOut,
    });
    if (run.exitCode === 0 && !run.timedOut) {
      // Exit 0 after a provider error happens: status stays UNSET, the answer goes to the output attribute.
      span.setAttribute(OUTPUT_ATTRIBUTE, run.stdoutTail);
    } else {
      const code = run.exitCode !== null ? ` (exit code ${run.exitCode})` : run.signal ? ` (${run.signal})` : '';
      span.setStatus({ code: SpanStatusCode.ERROR, message: `agent process closed: ${closeReason}${code}` });
    }
    span.end();
    await provider.forceFlush();
    const exported = exporter.getFinishedSpans();
    expect(exported).toHaveLength(1);
    return exported[0]!;
  } finally {
    await provider.shutdown();
  }
}

describe('the recorded CLI runs fixture', () => {
  const reasons = new Set(FAILURE_REASONS.map((r) => r.reason as string));

  it('holds real runs of several CLIs, each complete and labelled with a taxonomy reason', () => {
    expect(runs.length).toBeGreaterThanOrEqual(20);
    expect(new Set(runs.map((r) => r.id)).size).toBe(runs.length);
    expect(new Set(runs.map((r) => r.cli)).size).toBeGreaterThanOrEqual(3);
    for (const r of runs) {
      expect(reasons.has(r.expected), `${r.id}: ${r.expected}`).toBe(true);
      expect(r.cliVersion, r.id).toMatch(/^\d+\.\d+\.\d+/);
      expect(typeof r.timedOut, r.id).toBe('boolean');
      expect(r.exitCode === null || Number.isInteger(r.exitCode), r.id).toBe(true);
      expect(Buffer.byteLength(r.stdoutTail), r.id).toBeLessThanOrEqual(4096);
      expect(Buffer.byteLength(r.stderrTail), r.id).toBeLessThanOrEqual(4096);
      // a run that ended by itself said something (a hung one may have said nothing at all)
      if (!r.timedOut) expect(r.stdoutTail.length + r.stderrTail.length, `${r.id} has some output`).toBeGreaterThan(0);
      // a host timeout is labelled as one
      if (r.timedOut) expect(r.expected, r.id).toBe('run_timeout');
    }
  });

  it('leaks no fake key and no home directory', () => {
    const text = JSON.stringify(fixture);
    expect(text).not.toMatch(/FAKEfakeFAKEfake/);
    expect(text).not.toMatch(/\/(root|home\/[^/"\s]+)\//);
  });
});

describe('real CLI runs through a real SDK pipeline', () => {
  const results: { id: string; expected: string; got: unknown }[] = [];

  afterAll(() => {
    if (results.length === 0) return;
    const hits = results.filter((r) => r.got === r.expected).length;
    const misses = results.filter((r) => r.got !== r.expected);
    const lines = [`cli-runs: ${hits}/${results.length} classified as labelled (${((100 * hits) / results.length).toFixed(1)} %)`];
    for (const m of misses) lines.push(`  miss ${m.id}: expected ${m.expected}, got ${String(m.got)}`);
    console.log(lines.join('\n'));
  });

  for (const run of runs) {
    const test = KNOWN_MISSES.has(run.id) ? it.fails : it;
    test(`${run.id} (exit ${run.exitCode}${run.timedOut ? ', timed out' : ''}) -> ${run.expected}`, async () => {
      const span = await exportRun(run);
      const got = span.attributes[ATTR_FAILURE_REASON];
      results.push({ id: run.id, expected: run.expected, got });
      expect(span.events.some((e) => e.name === RUNTIME_CLOSE_EVENT)).toBe(true);
      expect(span.attributes[ATTR_FAILURE_CLOSE_REASON]).toBe(closeReasonOf(run));
      expect(got, `stdout: ${run.stdoutTail.slice(-300)}\nstderr: ${run.stderrTail.slice(-300)}`).toBe(run.expected);
    });
  }
});
