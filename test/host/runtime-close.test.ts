/**
 * recordRuntimeClose and traceChildProcess against real child processes (this Node binary
 * running small inline scripts) and a real SDK pipeline: BasicTracerProvider +
 * AgentFailureSpanProcessor + InMemorySpanExporter. Assertions are on exported spans.
 */
import { spawn, type SpawnOptions } from 'node:child_process';
import { SpanStatusCode } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import {
  ATTR_FAILURE_CLOSE_REASON,
  ATTR_FAILURE_REASON,
  ATTR_RETRY_SAFE,
  recordRuntimeClose,
  RUNTIME_CLOSE_EVENT,
} from '../../src/index.js';
import { DEFAULT_MAX_TAIL_BYTES } from '../../src/host/runtime-close.js';
import { traceChildProcess, type TraceChildProcessOptions } from '../../src/node.js';
import { SDK_LINES, setupPipeline, type ExportedSpan, type RegistrationStyle, type SdkLine } from '../helpers/test-helpers.js';

const NEWEST = SDK_LINES.find((l) => l.name.startsWith('sdk-trace-base 2.x')) as SdkLine;

// Real error texts (test/fixtures/error-texts.json).
const CLAUDE_529 =
  'API Error: 529 {"type":"error","error":{"type":"overloaded_error","message":"Overloaded.\\nhttps://docs.claude.com/en/api/errors"},"request_id":"req_011CZTEFvft13DajMTp9pp64"}';
const CODEX_429 = 'exceeded retry limit, last status: 429 Too Many Requests, request id: 9c84b52ce87fbe62-SJC';

function nodeScript(script: string, options: SpawnOptions = {}) {
  return spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'pipe'], ...options });
}

function closeEvents(span: ExportedSpan) {
  return span.events.filter((e) => e.name === RUNTIME_CLOSE_EVENT);
}

/** Spawns through `start`, traces it, waits for the close and returns the exported run span. */
async function traced(
  start: () => ReturnType<typeof spawn>,
  options: TraceChildProcessOptions = {},
  host?: (handle: ReturnType<typeof traceChildProcess>, child: ReturnType<typeof spawn>) => void,
  style: RegistrationStyle = 'wrapper',
) {
  const p = setupPipeline(NEWEST, style);
  const span = p.tracer.startSpan('invoke_agent test-cli', { attributes: { 'gen_ai.operation.name': 'invoke_agent' } });
  const child = start();
  const handle = traceChildProcess(span, child, options);
  host?.(handle, child);
  const info = await handle.done;
  const spans = await p.finished();
  const run = spans.find((s) => s.name === 'invoke_agent test-cli');
  return { info, run, spans, handle, span, pipeline: p };
}

describe('traceChildProcess with real child processes', () => {
  for (const style of ['wrapper', 'beside', 'exporter'] as RegistrationStyle[]) {
    it(`${style}: a clean exit 0 records exit_0 and stamps nothing`, async () => {
      const { info, run } = await traced(() => nodeScript('process.stdout.write("all done\\n")'), {}, undefined, style);
      expect(info).toMatchObject({ closeReason: 'exit_0', exitCode: 0, stdoutTail: 'all done\n' });
      expect(run).toBeDefined();
      const attrs = run!.attributes;
      expect(attrs[ATTR_FAILURE_REASON]).toBeUndefined();
      expect(attrs[ATTR_RETRY_SAFE]).toBeUndefined();
      expect(run!.status.code).toBe(SpanStatusCode.UNSET);
      const [event] = closeEvents(run!);
      expect(event?.attributes).toEqual({ rpc_close_reason: 'exit_0', exit_code: 0, 'process.exit.code': 0, stdout_tail: 'all done\n' });
    });
  }

  it('a non-zero exit with a provider error on stderr gets the provider reason and close reason exit_nonzero', async () => {
    const script = `process.stderr.write(${JSON.stringify(CLAUDE_529 + '\n')}); process.exitCode = 1;`;
    const { info, run } = await traced(() => nodeScript(script));
    expect(info.closeReason).toBe('exit_nonzero');
    expect(info.exitCode).toBe(1);
    expect(run!.attributes[ATTR_FAILURE_REASON]).toBe('provider_overloaded');
    expect(run!.attributes[ATTR_FAILURE_CLOSE_REASON]).toBe('exit_nonzero');
    expect(run!.attributes[ATTR_RETRY_SAFE]).toBe(true);
    expect(run!.status.code).toBe(SpanStatusCode.ERROR);
    expect(run!.status.message).toBe('agent process closed: exit_nonzero (exit code 1)');
    expect(closeEvents(run!)[0]?.attributes?.stderr_tail).toContain('overloaded_error');
  });

  it('a non-zero exit without a provider message stays exit_nonzero', async () => {
    const { run } = await traced(() =>
      nodeScript('process.stderr.write("Error: Claude Code process exited with code 1\\n"); process.exit(1)'),
    );
    expect(run!.attributes[ATTR_FAILURE_REASON]).toBe('exit_nonzero');
    expect(run!.attributes[ATTR_FAILURE_CLOSE_REASON]).toBe('exit_nonzero');
    expect(run!.attributes[ATTR_RETRY_SAFE]).toBe(false);
  });

  it('an error printed on stdout only is found in stdout_tail', async () => {
    const script = `console.log(${JSON.stringify(CODEX_429)}); process.exitCode = 1;`;
    const { info, run } = await traced(() => nodeScript(script));
    expect(info.stderrTail).toBeUndefined();
    expect(info.stdoutTail).toContain('429 Too Many Requests');
    expect(run!.attributes[ATTR_FAILURE_REASON]).toBe('provider_rate_limit');
  });

  it('a process killed by SIGKILL is a process_crash with close reason signal', async () => {
    const { info, run } = await traced(() => nodeScript('process.stderr.write("working\\n"); process.kill(process.pid, "SIGKILL")'));
    expect(info.signal).toBe('SIGKILL');
    expect(info.exitCode).toBeUndefined();
    expect(run!.attributes[ATTR_FAILURE_REASON]).toBe('process_crash');
    expect(run!.attributes[ATTR_FAILURE_CLOSE_REASON]).toBe('signal');
    expect(closeEvents(run!)[0]?.attributes?.signal).toBe('SIGKILL');
  });

  it('a host timeout (markTimedOut, then SIGKILL) is run_timeout whatever the signal says', async () => {
    const { info, run } = await traced(
      () => nodeScript('process.stdout.write("thinking..."); setInterval(() => {}, 1000)'),
      {},
      (handle, child) => {
        child.stdout!.once('data', () => {
          expect(handle.markTimedOut()).toBe(true);
          child.kill('SIGKILL');
        });
      },
    );
    expect(info).toMatchObject({ closeReason: 'timeout', timedOut: true, signal: 'SIGKILL' });
    expect(run!.attributes[ATTR_FAILURE_REASON]).toBe('run_timeout');
    expect(run!.attributes[ATTR_FAILURE_CLOSE_REASON]).toBe('timeout');
    expect(run!.attributes[ATTR_RETRY_SAFE]).toBe(false);
    expect(closeEvents(run!)[0]?.attributes?.timed_out).toBe(true);
  });

  it('an AbortSignal.timeout passed to spawn counts as a host timeout', async () => {
    const { info, run } = await traced(() => nodeScript('setInterval(() => {}, 1000)', { signal: AbortSignal.timeout(300) }));
    expect(info.timedOut).toBe(true);
    expect(run!.attributes[ATTR_FAILURE_REASON]).toBe('run_timeout');
  });

  it('a cancel (markCancelled, then SIGTERM) is cancelled with close reason cancel_requested', async () => {
    const { info, run } = await traced(
      () => nodeScript('process.stdout.write("ready"); setInterval(() => {}, 1000)'),
      {},
      (handle, child) => {
        child.stdout!.once('data', () => {
          handle.markCancelled();
          child.kill('SIGTERM');
        });
      },
    );
    expect(info).toMatchObject({ closeReason: 'cancel_requested', cancelled: true, signal: 'SIGTERM' });
    expect(run!.attributes[ATTR_FAILURE_REASON]).toBe('cancelled');
    expect(run!.attributes[ATTR_FAILURE_CLOSE_REASON]).toBe('cancel_requested');
  });

  it('a missing executable is cli_not_installed, recorded once although close follows the error', async () => {
    const { info, run, handle } = await traced(() =>
      spawn('otel-agent-failure-no-such-agent-cli', ['-p', 'hello'], { stdio: ['ignore', 'pipe', 'pipe'] }),
    );
    expect(info.message).toBe('spawn otel-agent-failure-no-such-agent-cli ENOENT');
    expect(info.exitCode).toBeUndefined();
    expect(handle.finished).toBe(true);
    // Let Node emit its 'close' (code -2) after the 'error'.
    await new Promise((r) => setTimeout(r, 50));
    expect(closeEvents(run!)).toHaveLength(1);
    expect(run!.attributes[ATTR_FAILURE_REASON]).toBe('cli_not_installed');
    // The process never ran, but the close is recorded with a reason, so failure.close_reason is stamped.
    expect(info.closeReason).toBe('unknown');
    expect(run!.attributes[ATTR_FAILURE_CLOSE_REASON]).toBe('unknown');
    expect(run!.status).toEqual({ code: SpanStatusCode.ERROR, message: 'spawn otel-agent-failure-no-such-agent-cli ENOENT' });
  });

  it('an options object whose getters throw gets the defaults: the run is still followed and recorded', async () => {
    const hostile = Object.defineProperty({}, 'maxTailBytes', {
      get: () => {
        throw new Error('options exploded');
      },
      enumerable: true,
    }) as TraceChildProcessOptions;
    const { info, run } = await traced(() => nodeScript('process.stderr.write("boom\\n"); process.exit(3)'), hostile);
    expect(info).toMatchObject({ closeReason: 'exit_nonzero', exitCode: 3, stderrTail: 'boom\n' });
    expect(run!.attributes[ATTR_FAILURE_CLOSE_REASON]).toBe('exit_nonzero');
  });

  it('markFatalRpcError wins over the exit code and signal that follow', async () => {
    const { info, run } = await traced(
      () => nodeScript('process.stdout.write("{\\"jsonrpc\\":\\"2.0\\"}\\n"); setInterval(() => {}, 1000)'),
      {},
      (handle, child) => {
        child.stdout!.once('data', () => {
          handle.markFatalRpcError('ACP session ended: the agent closed its stdio');
          child.kill('SIGTERM');
        });
      },
    );
    expect(info.closeReason).toBe('fatal_rpc_error');
    expect(info.message).toBe('ACP session ended: the agent closed its stdio');
    expect(run!.attributes[ATTR_FAILURE_REASON]).toBe('fatal_rpc_error');
    expect(run!.attributes[ATTR_FAILURE_CLOSE_REASON]).toBe('fatal_rpc_error');
  });

  it('markEmptyOutput turns a clean exit into empty_output', async () => {
    const { run } = await traced(
      () => nodeScript('setTimeout(() => {}, 100)'),
      {},
      (handle) => handle.markEmptyOutput(),
    );
    expect(run!.attributes[ATTR_FAILURE_REASON]).toBe('empty_output');
    expect(run!.attributes[ATTR_FAILURE_CLOSE_REASON]).toBe('empty_output');
    expect(run!.status.code).toBe(SpanStatusCode.ERROR);
  });

  it('emptyStdoutIsEmptyOutput: exit 0 with nothing on stdout is empty_output', async () => {
    const { info, run } = await traced(() => nodeScript('process.stderr.write("warming up\\n")'), { emptyStdoutIsEmptyOutput: true });
    expect(info.closeReason).toBe('empty_output');
    expect(run!.attributes[ATTR_FAILURE_REASON]).toBe('empty_output');
  });

  it('keeps only the end of a large stderr, bounded in bytes, and still finds the error', async () => {
    // 200 KB of multi-byte noise, then the fatal line.
    const script = `process.stderr.write("é€".repeat(40000) + "\\n"); process.stderr.write(${JSON.stringify(CLAUDE_529 + '\n')}); process.exitCode = 1;`;
    const { info, run } = await traced(() => nodeScript(script));
    const tail = info.stderrTail as string;
    expect(Buffer.byteLength(tail, 'utf8')).toBeLessThanOrEqual(DEFAULT_MAX_TAIL_BYTES);
    expect(Buffer.byteLength(tail, 'utf8')).toBeGreaterThan(DEFAULT_MAX_TAIL_BYTES - 4);
    expect(tail.endsWith('"request_id":"req_011CZTEFvft13DajMTp9pp64"}\n')).toBe(true);
    expect(tail).not.toContain('\ufffd');
    expect(run!.attributes[ATTR_FAILURE_REASON]).toBe('provider_overloaded');
  });

  it('maxTailBytes and endSpan: false are honoured', async () => {
    const p = setupPipeline(NEWEST, 'wrapper');
    const span = p.tracer.startSpan('run', { attributes: { 'gen_ai.operation.name': 'invoke_agent' } });
    const handle = traceChildProcess(span, nodeScript('process.stderr.write("x".repeat(1000) + "END"); process.exit(3)'), {
      maxTailBytes: 64,
      endSpan: false,
    });
    const info = await handle.done;
    expect(info.stderrTail).toHaveLength(64);
    expect(info.stderrTail?.endsWith('END')).toBe(true);
    expect(await p.finished()).toHaveLength(0);
    expect(handle.markTimedOut()).toBe(false);
    span.end();
    const [run] = await p.finished();
    expect(run?.attributes[ATTR_FAILURE_REASON]).toBe('exit_nonzero');
  });

  it('a process that already exited when traced is still recorded', async () => {
    const p = setupPipeline(NEWEST, 'wrapper');
    const child = nodeScript('process.exit(2)', { stdio: 'ignore' });
    await new Promise((r) => child.once('exit', r));
    const span = p.tracer.startSpan('late', { attributes: { 'gen_ai.operation.name': 'invoke_agent' } });
    const info = await traceChildProcess(span, child, { closeGraceMs: 20 }).done;
    expect(info).toMatchObject({ closeReason: 'exit_nonzero', exitCode: 2 });
    const [run] = await p.finished();
    expect(run?.attributes[ATTR_FAILURE_CLOSE_REASON]).toBe('exit_nonzero');
  });

  it('never throws on things that are not a ChildProcess or a Span', async () => {
    const p = setupPipeline(NEWEST, 'wrapper');
    const span = p.tracer.startSpan('odd');
    expect(() => traceChildProcess(span, null as any)).not.toThrow();
    const broken = {
      addEvent: () => {
        throw new Error('boom');
      },
      setStatus: () => {
        throw new Error('boom');
      },
      end: () => {
        throw new Error('boom');
      },
    };
    const handle = traceChildProcess(broken, nodeScript('process.exit(1)'));
    await expect(handle.done).resolves.toMatchObject({ closeReason: 'exit_nonzero' });
  });
});

describe('recordRuntimeClose', () => {
  it('adds the event in the shape the processor reads, omitting undefined values', async () => {
    const p = setupPipeline(NEWEST, 'wrapper');
    const span = p.tracer.startSpan('acp run', { attributes: { 'gen_ai.operation.name': 'invoke_agent' } });
    expect(recordRuntimeClose(span, { closeReason: 'fatal_rpc_error', exitCode: undefined, message: 'ACP session ended' })).toBe(true);
    span.end();
    const [run] = await p.finished();
    expect(closeEvents(run!)[0]?.attributes).toEqual({ rpc_close_reason: 'fatal_rpc_error', message: 'ACP session ended' });
    expect(run!.attributes[ATTR_FAILURE_REASON]).toBe('fatal_rpc_error');
  });

  it('normalises the close reason and bounds tails from the end, messages from the start', async () => {
    const p = setupPipeline(NEWEST, 'wrapper');
    const span = p.tracer.startSpan('run', { attributes: { 'gen_ai.operation.name': 'invoke_agent' } });
    const stderr = `${'ü'.repeat(5000)}\nTypeError: terminated: other side closed`;
    recordRuntimeClose(
      span,
      { closeReason: 'Stream-Error' as any, stderrTail: stderr, message: 'm'.repeat(10_000), timedOut: false, cancelled: false },
      { maxTailBytes: 1000 },
    );
    span.end();
    const [run] = await p.finished();
    const a = closeEvents(run!)[0]?.attributes ?? {};
    expect(a.rpc_close_reason).toBe('stream_error');
    expect(Buffer.byteLength(a.stderr_tail as string)).toBeLessThanOrEqual(1000);
    expect((a.stderr_tail as string).endsWith('other side closed')).toBe(true);
    expect((a.stderr_tail as string).startsWith('ü')).toBe(true);
    expect(a.message).toBe('m'.repeat(1000));
    expect(a.timed_out).toBe(false);
    expect(run!.attributes[ATTR_FAILURE_REASON]).toBe('provider_network');
    expect(run!.attributes[ATTR_FAILURE_CLOSE_REASON]).toBe('stream_error');
  });

  it('never throws', () => {
    expect(recordRuntimeClose(null as any, {})).toBe(false);
    expect(
      recordRuntimeClose(
        {
          addEvent: () => {
            throw new Error('ended');
          },
        },
        { exitCode: 1 },
      ),
    ).toBe(false);
    expect(recordRuntimeClose({ addEvent: () => undefined }, null as any)).toBe(true);
  });
});
