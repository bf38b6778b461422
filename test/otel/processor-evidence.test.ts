/**
 * Each evidence source the processor reads, through a real provider and exporter.
 * Run against the newest SDK (onEnding) and the wrapper style (view merged in onEnd).
 */
import { SpanStatusCode } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { byName, SDK_LINES, setupPipeline, startChild, type RegistrationStyle } from '../helpers/test-helpers.js';

const newest = SDK_LINES.find((l) => l.name === 'sdk-trace-base 2.x (newest)')!;
const AGENT = { 'gen_ai.operation.name': 'invoke_agent' };

for (const style of ['beside', 'wrapper'] as RegistrationStyle[]) {
  describe(`evidence sources (${style})`, () => {
    const pipeline = (options = {}) => setupPipeline(newest, style, options);

    it('reads exception events written by span.recordException', async () => {
      const p = pipeline();
      const span = p.tracer.startSpan('agent', { attributes: AGENT });
      const err = new Error('Connection error.');
      err.name = 'APIConnectionError';
      span.recordException(err);
      span.end();
      const out = byName(await p.finished(), 'agent');
      expect(out.attributes['failure.reason']).toBe('provider_network');
      expect(out.attributes['failure.evidence']).toBe('text');
    });

    it('reads error.type and error.message attributes', async () => {
      const p = pipeline();
      const span = p.tracer.startSpan('agent', {
        attributes: { ...AGENT, 'error.type': 'AnthropicError', 'error.message': 'prompt is too long: 250000 tokens > 200000 maximum' },
      });
      span.end();
      const out = byName(await p.finished(), 'agent');
      expect(out.attributes['failure.reason']).toBe('context_overflow');
      expect(out.attributes['retry.resume_safe']).toBe(false);
      expect(out.attributes['error.type']).toBe('AnthropicError');
    });

    it('reads http.response.status_code (int or numeric string)', async () => {
      const p = pipeline();
      const a = p.tracer.startSpan('a', { attributes: { ...AGENT, 'http.response.status_code': 529 } });
      a.setStatus({ code: SpanStatusCode.ERROR });
      a.end();
      const b = p.tracer.startSpan('b', { attributes: { ...AGENT, 'http.response.status_code': '401' } });
      b.setStatus({ code: SpanStatusCode.ERROR });
      b.end();
      const spans = await p.finished();
      expect(byName(spans, 'a').attributes['failure.reason']).toBe('provider_overloaded');
      expect(byName(spans, 'a').attributes['failure.evidence']).toBe('http_status');
      expect(byName(spans, 'b').attributes['failure.reason']).toBe('provider_auth');
    });

    it('withholds retry.safe from a decisive HTTP 500 whose error text the model reads as a rejected request', async () => {
      const p = pipeline();
      const relayed = p.tracer.startSpan('relayed', {
        attributes: {
          ...AGENT,
          'http.response.status_code': 500,
          'error.message': "Incompatible tool choice param submitted - {'type': 'none'}",
        },
      });
      relayed.setStatus({ code: SpanStatusCode.ERROR });
      relayed.end();
      const plain = p.tracer.startSpan('plain', { attributes: { ...AGENT, 'http.response.status_code': 503 } });
      plain.setStatus({ code: SpanStatusCode.ERROR });
      plain.end();
      const spans = await p.finished();
      expect(byName(spans, 'relayed').attributes).toMatchObject({
        'failure.reason': 'provider_server_error',
        'failure.evidence': 'http_status',
        'retry.safe': false,
      });
      // A status with no text beside it is not read again.
      expect(byName(spans, 'plain').attributes).toMatchObject({ 'failure.evidence': 'http_status', 'retry.safe': true });
    });

    it('reads process.exit.code and gen_ai.response.finish_reasons', async () => {
      const p = pipeline();
      const a = p.tracer.startSpan('a', { attributes: { ...AGENT, 'process.exit.code': 127 } });
      a.setStatus({ code: SpanStatusCode.ERROR });
      a.end();
      const b = p.tracer.startSpan('b', { attributes: { ...AGENT, 'gen_ai.response.finish_reasons': ['content_filter'] } });
      b.setStatus({ code: SpanStatusCode.ERROR });
      b.end();
      const spans = await p.finished();
      expect(byName(spans, 'a').attributes['failure.reason']).toBe('cli_not_installed');
      expect(byName(spans, 'b').attributes['failure.reason']).toBe('content_filtered');
    });

    it('reads every runtime_close field: reason, exit code, signal, stderr, message, host facts', async () => {
      const p = pipeline();
      const a = p.tracer.startSpan('a');
      a.addEvent('runtime_close', { close_reason: 'signal', signal: 'SIGKILL', stderr_tail: 'API Error: 429' });
      a.end();
      const b = p.tracer.startSpan('b');
      b.addEvent('runtime_close', { close_reason: 'exit_nonzero', 'process.exit.code': 1, message: 'spawn codex ENOENT' });
      b.end();
      const c = p.tracer.startSpan('c');
      c.addEvent('runtime_close', { close_reason: 'exit_0', exit_code: 0, timed_out: true });
      c.end();
      const d = p.tracer.startSpan('d');
      d.addEvent('runtime_close', {
        rpc_close_reason: 'fatal_rpc_error',
        signal: 'SIGTERM',
        'error.message': 'peer closed the connection',
      });
      d.end();
      const spans = await p.finished();
      expect(byName(spans, 'a').attributes).toMatchObject({
        'failure.reason': 'process_crash',
        'failure.close_reason': 'signal',
        'failure.evidence': 'structured',
      });
      expect(byName(spans, 'b').attributes).toMatchObject({
        'failure.reason': 'cli_not_installed',
        'failure.close_reason': 'exit_nonzero',
      });
      expect(byName(spans, 'c').attributes).toMatchObject({
        'failure.reason': 'run_timeout',
        'retry.safe': false,
        'retry.resume_safe': false,
      });
      // The message explains nothing a rule knows: the close reason decides, but not as retry-safe.
      expect(byName(spans, 'd').attributes).toMatchObject({ 'failure.reason': 'fatal_rpc_error', 'retry.safe': false });
    });

    it('uses the last runtime_close event when there are several', async () => {
      const p = pipeline();
      const span = p.tracer.startSpan('agent');
      span.addEvent('runtime_close', { close_reason: 'stream_error' });
      span.addEvent('runtime_close', { close_reason: 'cancelled' });
      span.end();
      expect(byName(await p.finished(), 'agent').attributes).toMatchObject({
        'failure.reason': 'cancelled',
        'failure.close_reason': 'cancel_requested',
      });
    });

    it('recognises agent runs by configured span-name patterns', async () => {
      const p = pipeline({ spanNamePatterns: ['claude *', /^codex\./] });
      for (const name of ['claude run', 'codex.exec', 'http call']) {
        const s = p.tracer.startSpan(name);
        s.setStatus({ code: SpanStatusCode.ERROR, message: 'socket hang up' });
        s.end();
      }
      const spans = await p.finished();
      expect(byName(spans, 'claude run').attributes['failure.reason']).toBe('provider_network');
      expect(byName(spans, 'codex.exec').attributes['failure.reason']).toBe('provider_network');
      expect(byName(spans, 'http call').attributes['failure.reason']).toBeUndefined();
    });

    it('stamps empty_output on a successful run whose output attribute is present and empty', async () => {
      const p = pipeline();
      const a = p.tracer.startSpan('a', { attributes: { ...AGENT, 'gen_ai.output.messages': '' } });
      a.end();
      const b = p.tracer.startSpan('b', { attributes: { ...AGENT, 'gen_ai.output.messages': '[{"role":"assistant","parts":[]}]' } });
      b.end();
      const c = p.tracer.startSpan('c');
      c.addEvent('runtime_close', { close_reason: 'empty_output', exit_code: 0 });
      c.end();
      const spans = await p.finished();
      for (const name of ['a', 'b', 'c']) {
        expect(byName(spans, name).attributes['failure.reason'], name).toBe('empty_output');
        expect(byName(spans, name).status.code, name).not.toBe(SpanStatusCode.ERROR);
      }
    });

    it('does not call output without text parts empty, nor an unknown close reason on exit 0 a failure', async () => {
      const p = pipeline();
      const a = p.tracer.startSpan('a', {
        attributes: {
          ...AGENT,
          'gen_ai.output.messages': '[{"role":"assistant","parts":[{"type":"uri","uri":"https://example.com/cat.png"}]}]',
        },
      });
      a.end();
      const b = p.tracer.startSpan('b', { attributes: AGENT });
      b.addEvent('runtime_close', { close_reason: 'eof', exit_code: 0 });
      b.end();
      const c = p.tracer.startSpan('c', {
        attributes: {
          ...AGENT,
          'gen_ai.output.messages': 'Error: the test timed out because the mock never answers; I added a 5 s timeout.',
        },
      });
      c.end();
      const spans = await p.finished();
      for (const name of ['a', 'b', 'c']) expect(byName(spans, name).attributes['failure.reason'], name).toBeUndefined();
    });

    it('stamps the matching reason on a short fallback notice but not on a long answer quoting it', async () => {
      const p = pipeline({ outputAttribute: 'agent.output' });
      const a = p.tracer.startSpan('a', {
        attributes: { ...AGENT, 'agent.output': "I've reached the iteration limit before finishing the task." },
      });
      a.end();
      const b = p.tracer.startSpan('b', {
        attributes: { ...AGENT, 'agent.output': 'Prompt is too long. The conversation cannot be compacted any further.' },
      });
      b.end();
      const long = `Here is the fix. Note: when the agent says "I reached the iteration limit" it stops. ${'Details follow. '.repeat(60)}`;
      const c = p.tracer.startSpan('c', { attributes: { ...AGENT, 'agent.output': long } });
      c.end();
      const d = p.tracer.startSpan('d', { attributes: { ...AGENT, 'agent.output': 'Done: all 12 tests pass.' } });
      d.end();
      const spans = await p.finished();
      expect(byName(spans, 'a').attributes['failure.reason']).toBe('iteration_limit');
      expect(byName(spans, 'b').attributes['failure.reason']).toBe('context_overflow');
      expect(byName(spans, 'c').attributes['failure.reason']).toBeUndefined();
      expect(byName(spans, 'd').attributes['failure.reason']).toBeUndefined();
    });

    it('counts tool events on the run span toward retry safety', async () => {
      const p = pipeline({ readOnlyTools: ['Grep'] });
      const a = p.tracer.startSpan('a', { attributes: AGENT });
      a.addEvent('gen_ai.tool.call', { 'gen_ai.tool.name': 'Grep' });
      a.setStatus({ code: SpanStatusCode.ERROR, message: 'overloaded_error' });
      a.end();
      const b = p.tracer.startSpan('b', { attributes: AGENT });
      b.addEvent('tool_call', { 'gen_ai.tool.name': 'Write' });
      b.setStatus({ code: SpanStatusCode.ERROR, message: 'overloaded_error' });
      b.end();
      const spans = await p.finished();
      expect(byName(spans, 'a').attributes['retry.safe']).toBe(true);
      expect(byName(spans, 'b').attributes['retry.safe']).toBe(false);
    });

    it('stamps retry_after_ms as an int and detail without secrets', async () => {
      const p = pipeline();
      const span = p.tracer.startSpan('agent', { attributes: AGENT });
      span.setStatus({
        code: SpanStatusCode.ERROR,
        message: 'Rate limit reached for key sk-proj-AbCdEf0123456789AbCdEf0123 (alice@example.com). Please try again in 2s.',
      });
      span.end();
      const out = byName(await p.finished(), 'agent');
      expect(out.attributes['failure.retry_after_ms']).toBe(2000);
      expect(Number.isInteger(out.attributes['failure.retry_after_ms'])).toBe(true);
      expect(out.attributes['failure.detail']).toContain('Rate limit reached');
      expect(out.attributes['failure.detail']).not.toContain('sk-proj');
      expect(out.attributes['failure.detail']).not.toContain('alice@example.com');
    });

    it('omits failure.detail and error.type when switched off', async () => {
      const p = pipeline({ detail: false, setErrorType: false });
      const span = p.tracer.startSpan('agent', { attributes: AGENT });
      span.setStatus({ code: SpanStatusCode.ERROR, message: 'socket hang up' });
      span.end();
      const out = byName(await p.finished(), 'agent');
      expect(out.attributes['failure.reason']).toBe('provider_network');
      expect(out.attributes['failure.detail']).toBeUndefined();
      expect(out.attributes['error.type']).toBeUndefined();
    });

    it('does nothing when disabled', async () => {
      const p = pipeline({ enabled: false });
      const span = p.tracer.startSpan('agent', { attributes: AGENT });
      span.setStatus({ code: SpanStatusCode.ERROR, message: 'socket hang up' });
      span.end();
      expect(byName(await p.finished(), 'agent').attributes).toEqual(AGENT);
    });

    describe('a failed tool whose error the run repeats is the locus', () => {
      const TOOL = { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'jira_search' };
      const JIRA_401 = 'Request failed with status code 401';
      const failedTool = (p: ReturnType<typeof pipeline>, run: Parameters<typeof startChild>[2], message = JIRA_401) => {
        const tool = startChild(p.tracer, 'tool', run, TOOL);
        tool.setStatus({ code: SpanStatusCode.ERROR, message });
        tool.end();
      };
      const failRun = (run: Parameters<typeof startChild>[2]) => {
        run.setStatus({ code: SpanStatusCode.ERROR, message: `Error: ${JIRA_401}` });
        run.end();
      };

      it('without a tool span the text alone reads as the provider refusing the key', async () => {
        const p = pipeline();
        failRun(p.tracer.startSpan('agent', { attributes: AGENT }));
        expect(byName(await p.finished(), 'agent').attributes['failure.reason']).toBe('provider_auth');
      });

      it('with the failed tool span (status message) the run is tool_error', async () => {
        const p = pipeline();
        const run = p.tracer.startSpan('agent', { attributes: AGENT });
        failedTool(p, run);
        failRun(run);
        const out = byName(await p.finished(), 'agent');
        expect(out.attributes['failure.reason']).toBe('tool_error');
        expect(out.attributes['failure.rule']).toBe('fact.failed_tool');
        expect(out.attributes['failure.detail']).toBe(JIRA_401);
      });

      it('reads the tool error from an exception event too', async () => {
        const p = pipeline();
        const run = p.tracer.startSpan('agent', { attributes: AGENT });
        const tool = startChild(p.tracer, 'tool', run, TOOL);
        tool.recordException(new Error(JIRA_401));
        tool.end();
        failRun(run);
        expect(byName(await p.finished(), 'agent').attributes['failure.reason']).toBe('tool_error');
      });

      it('a different tool error, or a tool run after the failed one, leaves the text to decide', async () => {
        const p = pipeline();
        const other = p.tracer.startSpan('other', { attributes: AGENT });
        failedTool(p, other, 'Issue PROJ-1 does not exist or you do not have permission to see it.');
        failRun(other);
        // The agent went past the failed tool: another tool ran after it (in a later millisecond).
        const past = p.tracer.startSpan('past', { attributes: AGENT });
        failedTool(p, past);
        await new Promise((r) => setTimeout(r, 3));
        startChild(p.tracer, 'tool', past, TOOL).end();
        failRun(past);
        const spans = await p.finished();
        expect(byName(spans, 'other').attributes['failure.reason']).toBe('provider_auth');
        expect(byName(spans, 'past').attributes['failure.reason']).toBe('provider_auth');
      });
    });

    it('tracks tool spans nested under a run only until the run ends', async () => {
      const p = pipeline();
      const run1 = p.tracer.startSpan('run1', { attributes: AGENT });
      startChild(p.tracer, 'tool', run1, { 'gen_ai.operation.name': 'execute_tool' }).end();
      run1.setStatus({ code: SpanStatusCode.ERROR, message: 'socket hang up' });
      run1.end();
      // A second run in the same trace, started later, is not affected by the first run's tool
      // (span start times have millisecond precision: start it in a later millisecond).
      await new Promise((r) => setTimeout(r, 3));
      const run2 = startChild(p.tracer, 'run2', run1, AGENT);
      run2.setStatus({ code: SpanStatusCode.ERROR, message: 'socket hang up' });
      run2.end();
      const spans = await p.finished();
      expect(byName(spans, 'run1').attributes['retry.safe']).toBe(false);
      expect(byName(spans, 'run2').attributes['retry.safe']).toBe(true);
    });
  });
}
