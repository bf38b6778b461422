/**
 * The labelled corpus (test/fixtures) as agent-run spans, in the shapes hosts record them:
 * stderr on a `runtime_close` event, an exception event, a status message; recorded CLI runs
 * with their stdout and stderr tails. The same recipe drives the in-process processor and the
 * Collector, so their verdicts can be compared span by span.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { SpanStatusCode, type Attributes, type Tracer } from '@opentelemetry/api';
import { recordRuntimeClose } from '../../src/index.js';

export interface CorpusCase {
  id: string;
  text?: string;
  labels: string[];
  httpStatus?: number;
  exitCode?: number;
  signal?: string;
  stdoutTail?: string;
  stderrTail?: string;
  timedOut?: boolean;
}

const FIXTURES = new URL('../fixtures/', import.meta.url);

function read(url: URL): any {
  return JSON.parse(readFileSync(url, 'utf8'));
}

/** Every labelled text and recorded run; `labels` holds each accepted reason. */
export function loadCorpus(): CorpusCase[] {
  const out: CorpusCase[] = [];
  const add = (file: string, cases: any[]): void => {
    for (const c of cases) {
      const labels: string[] = Array.isArray(c.labels) ? c.labels : [c.reason ?? c.expected];
      out.push({ ...c, id: `${file}:${c.id}`, labels });
    }
  };
  for (const f of readdirSync(FIXTURES).filter((n) => n.endsWith('-texts.json'))) add(f, read(new URL(f, FIXTURES)).cases);
  const blind = new URL('blind/', FIXTURES);
  for (const f of readdirSync(blind).filter((n) => n.endsWith('.json'))) {
    const batch = read(new URL(f, blind));
    // A sealed batch waits for its first-contact score: nothing reads it before.
    if (batch.sealed !== true) add(f, batch.cases);
  }
  add('cli-runs.json', read(new URL('cli-runs.json', FIXTURES)).runs);
  return out;
}

/** Records one case as a failed agent-run span on `tracer`, in a shape chosen by its index. */
export function emitCase(tracer: Tracer, c: CorpusCase, index: number): void {
  const attributes: Attributes = { 'gen_ai.operation.name': 'invoke_agent', 'test.case_id': c.id };
  if (c.httpStatus !== undefined) attributes['http.response.status_code'] = c.httpStatus;
  const span = tracer.startSpan('invoke_agent corpus', { attributes });
  const facts = {
    ...(c.exitCode !== undefined && c.exitCode !== null ? { exitCode: c.exitCode } : {}),
    ...(typeof c.signal === 'string' && c.signal !== '' ? { signal: c.signal } : {}),
  };
  if (c.text === undefined) {
    // A recorded CLI run: what the host saw of the process.
    recordRuntimeClose(span, {
      closeReason: c.timedOut ? 'timeout' : 'exit_nonzero',
      ...facts,
      ...(c.stderrTail ? { stderrTail: c.stderrTail } : {}),
      ...(c.stdoutTail ? { stdoutTail: c.stdoutTail } : {}),
    });
    span.setStatus({ code: SpanStatusCode.ERROR, message: 'execution_failed' });
  } else if (index % 3 === 0) {
    recordRuntimeClose(span, { closeReason: 'exit_nonzero', exitCode: 1, ...facts, stderrTail: c.text });
    span.setStatus({ code: SpanStatusCode.ERROR, message: 'execution_failed' });
  } else if (index % 3 === 1) {
    span.recordException({ name: 'AgentError', message: c.text });
    if (Object.keys(facts).length > 0) recordRuntimeClose(span, { closeReason: 'exit_nonzero', ...facts });
    span.setStatus({ code: SpanStatusCode.ERROR, message: 'agent_error' });
  } else {
    if (Object.keys(facts).length > 0) recordRuntimeClose(span, { closeReason: 'stream_error', ...facts });
    span.setStatus({ code: SpanStatusCode.ERROR, message: c.text });
  }
  span.end();
}
