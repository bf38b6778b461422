import { SpanStatusCode, diag, DiagLogLevel } from '@opentelemetry/api';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ATTR_FAILURE_CLASSIFIER_VERSION,
  ATTR_FAILURE_CLOSE_REASON,
  ATTR_FAILURE_REASON,
  ATTR_RETRY_SAFE,
  ATTR_RETRY_RESUME_SAFE,
  CLASSIFIER_VERSION,
} from '../../src/index.js';
import { ATTR_ERROR_TYPE } from '../../src/otel/attributes.js';
import { MESSAGES } from '../../src/otel/diag.js';
import { byName, SDK_LINES, setupPipeline, startChild, type RegistrationStyle } from '../helpers/test-helpers.js';

const STAMPING_STYLES: RegistrationStyle[] = ['wrapper', 'exporter'];

afterEach(() => diag.disable());

for (const line of SDK_LINES) {
  const styles: RegistrationStyle[] = line.callsOnEnding ? ['beside', ...STAMPING_STYLES] : STAMPING_STYLES;
  for (const style of styles) {
    describe(`${line.name}, registered ${style}`, () => {
      it('stamps a rate-limited run that exited non-zero with the provider reason and typed values', async () => {
        const p = setupPipeline(line, style);
        const span = p.tracer.startSpan('claude-code run', { attributes: { 'gen_ai.operation.name': 'invoke_agent' } });
        span.addEvent('runtime_close', {
          rpc_close_reason: 'exit_nonzero',
          exit_code: 1,
          stderr_tail: 'API Error: 429 {"type":"error","error":{"type":"rate_limit_error","message":"rate limited"}}',
        });
        span.setStatus({ code: SpanStatusCode.ERROR, message: 'execution_failed' });
        span.end();
        const out = byName(await p.finished(), 'claude-code run');
        expect(out.attributes[ATTR_FAILURE_REASON]).toBe('provider_rate_limit');
        expect(out.attributes[ATTR_FAILURE_CLOSE_REASON]).toBe('exit_nonzero');
        expect(out.attributes[ATTR_RETRY_SAFE]).toBe(true);
        expect(out.attributes[ATTR_RETRY_RESUME_SAFE]).toBe(true);
        expect(out.attributes[ATTR_FAILURE_CLASSIFIER_VERSION]).toBe(CLASSIFIER_VERSION);
        expect(out.attributes[ATTR_ERROR_TYPE]).toBe('provider_rate_limit');
        expect(out.status.code).toBe(SpanStatusCode.ERROR);
      });

      it('promotes a bare stream_error close to failure.reason stream_error', async () => {
        const p = setupPipeline(line, style);
        const span = p.tracer.startSpan('agent', { attributes: { 'gen_ai.operation.name': 'invoke_agent' } });
        span.addEvent('runtime_close', { close_reason: 'stream_error' });
        span.setStatus({ code: SpanStatusCode.ERROR });
        span.end();
        const out = byName(await p.finished(), 'agent');
        expect(out.attributes[ATTR_FAILURE_REASON]).toBe('stream_error');
        expect(out.attributes[ATTR_FAILURE_CLOSE_REASON]).toBe('stream_error');
      });

      it('leaves ordinary spans and successful runs without failure attributes', async () => {
        const p = setupPipeline(line, style);
        const plain = p.tracer.startSpan('GET /health');
        plain.setStatus({ code: SpanStatusCode.ERROR, message: '429 too many requests' });
        plain.end();
        const ok = p.tracer.startSpan('agent ok', { attributes: { 'gen_ai.operation.name': 'invoke_agent' } });
        ok.addEvent('runtime_close', { close_reason: 'exit_0', exit_code: 0 });
        ok.end();
        const spans = await p.finished();
        expect(spans).toHaveLength(2);
        expect(byName(spans, 'GET /health').attributes).toEqual({});
        expect(Object.keys(byName(spans, 'agent ok').attributes)).toEqual(['gen_ai.operation.name']);
      });

      it('keeps a specific failure.reason set by the instrumentation and refines a generic one', async () => {
        const p = setupPipeline(line, style);
        const kept = p.tracer.startSpan('kept', {
          attributes: { 'gen_ai.operation.name': 'invoke_agent', 'failure.reason': 'budget_exceeded' },
        });
        kept.setStatus({ code: SpanStatusCode.ERROR, message: 'overloaded_error' });
        kept.end();
        const refined = p.tracer.startSpan('refined', {
          attributes: { 'gen_ai.operation.name': 'invoke_agent', 'failure.reason': 'execution_failed' },
        });
        refined.setStatus({ code: SpanStatusCode.ERROR, message: 'API Error: 529 {"type":"overloaded_error"}' });
        refined.end();
        const spans = await p.finished();
        expect(byName(spans, 'kept').attributes[ATTR_FAILURE_REASON]).toBe('budget_exceeded');
        expect(byName(spans, 'kept').attributes[ATTR_RETRY_SAFE]).toBe(false);
        expect(byName(spans, 'refined').attributes[ATTR_FAILURE_REASON]).toBe('provider_overloaded');
      });

      it('never marks a run retry-safe after a side-effecting child tool ran', async () => {
        const p = setupPipeline(line, style);
        const run = p.tracer.startSpan('agent', { attributes: { 'gen_ai.operation.name': 'invoke_agent' } });
        const tool = startChild(p.tracer, 'execute_tool Bash', run, {
          'gen_ai.operation.name': 'execute_tool',
          'gen_ai.tool.name': 'Bash',
        });
        tool.end();
        run.addEvent('runtime_close', { close_reason: 'stream_error' });
        run.setStatus({ code: SpanStatusCode.ERROR, message: 'TypeError: terminated; cause: SocketError: other side closed' });
        run.end();
        const out = byName(await p.finished(), 'agent');
        expect(out.attributes[ATTR_FAILURE_REASON]).toBe('provider_network');
        expect(out.attributes[ATTR_RETRY_SAFE]).toBe(false);
      });

      it('keeps a run retry-safe when only read-only tools ran', async () => {
        const p = setupPipeline(line, style);
        const run = p.tracer.startSpan('agent', { attributes: { 'gen_ai.operation.name': 'invoke_agent' } });
        const tool = startChild(p.tracer, 'execute_tool Read', run, {
          'gen_ai.operation.name': 'execute_tool',
          'agent_failure.tool.read_only': true,
        });
        tool.end();
        run.setStatus({ code: SpanStatusCode.ERROR, message: 'socket hang up' });
        run.end();
        expect(byName(await p.finished(), 'agent').attributes[ATTR_RETRY_SAFE]).toBe(true);
      });
    });
  }
}

for (const line of SDK_LINES.filter((l) => !l.callsOnEnding)) {
  it(`${line.name}: registered beside the exporter, warns once that nothing can be stamped`, async () => {
    const warnings: string[] = [];
    diag.setLogger(
      { warn: (...args: unknown[]) => warnings.push(args.join(' ')), error: () => {}, info: () => {}, debug: () => {}, verbose: () => {} },
      DiagLogLevel.WARN,
    );
    const p = setupPipeline(line, 'beside');
    for (let i = 0; i < 3; i++) {
      const span = p.tracer.startSpan(`agent ${i}`, { attributes: { 'gen_ai.operation.name': 'invoke_agent' } });
      span.setStatus({ code: SpanStatusCode.ERROR, message: 'socket hang up' });
      span.end();
    }
    const spans = await p.finished();
    expect(spans).toHaveLength(3);
    expect(spans.every((s) => s.attributes[ATTR_FAILURE_REASON] === undefined)).toBe(true);
    expect(warnings.filter((w) => w.includes(MESSAGES.NO_ON_ENDING))).toHaveLength(1);
    // The one warning says how to fix it.
    expect(warnings.find((w) => w.includes(MESSAGES.NO_ON_ENDING))).toContain(
      'new AgentFailureSpanProcessor({ next: new BatchSpanProcessor(exporter) })',
    );
  });
}
