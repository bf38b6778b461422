/**
 * Following a Node `ChildProcess` (an agent CLI a host spawned) to its end and recording how
 * it ended on the run's span: the `runtime_close` event, the span status, the span's end.
 * Node-only; exported from `otel-agent-failure/node`.
 */
import { closeStatusMessage } from '../core/close-reason.js';
import { STATUS_CODE_ERROR } from '../otel/attributes.js';
import { describeError } from '../core/values.js';
import { logger } from '../otel/diag.js';
import { headBytes, recordRuntimeClose, type RuntimeCloseInfo, type RuntimeCloseSpan } from './runtime-close.js';
import { TailBuffer } from './tail-buffer.js';
import { resolveTraceOptions } from './trace-options.js';

/** The part of a span `traceChildProcess` needs; every OpenTelemetry `Span` fits. */
export interface TracedSpan extends RuntimeCloseSpan {
  setStatus(status: { code: number; message?: string }): unknown;
  end(): unknown;
}

/** The readable side of a child's stdio; Node's `Readable` fits. */
export interface ReadableLike {
  on(event: string, listener: (...args: any[]) => void): unknown;
  removeListener?(event: string, listener: (...args: any[]) => void): unknown;
}

/** The parts of a Node `ChildProcess` that are read; `ChildProcess` fits. */
export interface ChildProcessLike {
  readonly pid?: number | undefined;
  readonly exitCode?: number | null;
  readonly signalCode?: string | null;
  readonly spawnfile?: string;
  readonly stdout?: ReadableLike | null;
  readonly stderr?: ReadableLike | null;
  on(event: string, listener: (...args: any[]) => void): unknown;
  removeListener?(event: string, listener: (...args: any[]) => void): unknown;
}

export interface TraceChildProcessOptions {
  /** End the span once the close is recorded. Default true. */
  endSpan?: boolean;
  /** Bytes of stderr and of stdout kept (the last ones). Default 4096. */
  maxTailBytes?: number;
  /** Keep a tail of stdout. Default true. */
  captureStdout?: boolean;
  /** Keep a tail of stderr. Default true. */
  captureStderr?: boolean;
  /**
   * After 'exit', how long to wait for 'close' (stdio drained) before recording anyway:
   * a grandchild holding the pipes open must not keep the span open. Default 2000 ms.
   */
  closeGraceMs?: number;
  /** A clean exit (code 0) that wrote nothing to stdout counts as `empty_output`. Default false. */
  emptyStdoutIsEmptyOutput?: boolean;
}

/** What the host tells the tracer when it knows better than the exit code. */
export interface ChildProcessTrace {
  /** The host stopped the run on its timeout (call before killing): close reason `timeout`. */
  markTimedOut(): boolean;
  /** The user cancelled the run (call before killing): close reason `cancel_requested`. */
  markCancelled(): boolean;
  /** The run ended without output: close reason `empty_output`. */
  markEmptyOutput(): boolean;
  /** The JSON-RPC/ACP connection failed fatally: close reason `fatal_rpc_error`. */
  markFatalRpcError(message?: string): boolean;
  /** Resolves with what was recorded, once the process closed (never rejects). */
  readonly done: Promise<RuntimeCloseInfo>;
  /** True once the close was recorded; later marks are ignored. */
  readonly finished: boolean;
}

/** Codes Node gives spawn failures; the process never ran. */
function isSpawnFailure(child: ChildProcessLike, error: unknown): boolean {
  if (child.pid === undefined) return true;
  const syscall = (error as { syscall?: unknown } | null)?.syscall;
  return typeof syscall === 'string' && syscall.startsWith('spawn');
}

function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return typeof error === 'string' ? error : 'spawn failed';
}

function statusMessageFor(info: RuntimeCloseInfo): string {
  const details: string[] = [];
  if (info.exitCode !== undefined) details.push(`exit code ${info.exitCode}`);
  if (info.signal !== undefined) details.push(info.signal);
  return closeStatusMessage(info.closeReason, details);
}

/**
 * Follows the agent CLI a host spawned and records how it ended on `span`: the
 * `runtime_close` event (exit code, signal, bounded stderr/stdout tails), the span status
 * (ERROR with a short message on failure, untouched on a clean exit 0), then ends the span
 * (`endSpan`, default true).
 *
 * Call it right after `spawn()`. Listening to stdout/stderr puts them in flowing mode:
 * attach your own 'data'/readline consumers in the same tick. A spawn failure (e.g.
 * `spawn claude ENOENT`) is recorded with its message so it classifies as
 * `cli_not_installed`/`spawn_failed`. Never throws; memory is bounded by `maxTailBytes`.
 */
export function traceChildProcess(span: TracedSpan, child: ChildProcessLike, options: TraceChildProcessOptions = {}): ChildProcessTrace {
  const opts = resolveTraceOptions(options);
  const { maxTail, graceMs, endSpan } = opts;

  let resolveDone!: (info: RuntimeCloseInfo) => void;
  const done = new Promise<RuntimeCloseInfo>((resolve) => (resolveDone = resolve));

  let finished = false;
  let timedOut = false;
  let cancelled = false;
  let emptyOutput = false;
  let fatalRpc = false;
  let fatalRpcMessage: string | undefined;
  let spawnError: string | undefined;
  let exit: { code: number | null; signal: string | null } | undefined;
  let graceTimer: ReturnType<typeof setTimeout> | undefined;

  const stdout = opts.captureStdout ? new TailBuffer(maxTail) : undefined;
  const stderr = opts.captureStderr ? new TailBuffer(maxTail) : undefined;
  const onStdout = (chunk: unknown): void => stdout?.write(chunk);
  const onStderr = (chunk: unknown): void => stderr?.write(chunk);

  const detach = (): void => {
    try {
      child.stdout?.removeListener?.('data', onStdout);
      child.stderr?.removeListener?.('data', onStderr);
      child.removeListener?.('exit', onExit);
      child.removeListener?.('close', onClose);
      // 'error' stays attached: removing it would turn a late error into a crash.
    } catch {
      // ignore
    }
  };

  const finish = (): void => {
    if (finished) return;
    finished = true;
    if (graceTimer !== undefined) clearTimeout(graceTimer);
    const info: RuntimeCloseInfo = {};
    try {
      const code = exit?.code;
      const signal = exit?.signal;
      if (typeof code === 'number' && spawnError === undefined) info.exitCode = code;
      if (typeof signal === 'string' && signal.length > 0) info.signal = signal;
      const noStdout = stdout !== undefined && stdout.total === 0;
      if (cancelled) info.closeReason = 'cancel_requested';
      else if (timedOut) info.closeReason = 'timeout';
      else if (fatalRpc) info.closeReason = 'fatal_rpc_error';
      // The process never ran: no exit to speak of, but the host knows the run closed.
      else if (spawnError !== undefined) info.closeReason = 'unknown';
      else if (emptyOutput) info.closeReason = 'empty_output';
      else if (info.signal !== undefined) info.closeReason = 'signal';
      else if (info.exitCode === 0) info.closeReason = opts.emptyStdoutIsEmptyOutput && noStdout ? 'empty_output' : 'exit_0';
      else if (info.exitCode !== undefined) info.closeReason = 'exit_nonzero';
      else info.closeReason = 'unknown';
      const err = stderr?.text();
      if (err) info.stderrTail = err;
      const out = stdout?.text();
      if (out) info.stdoutTail = out;
      const message = spawnError ?? fatalRpcMessage;
      if (message) info.message = headBytes(message, maxTail);
      if (timedOut) info.timedOut = true;
      if (cancelled) info.cancelled = true;

      recordRuntimeClose(span, info, { maxTailBytes: maxTail });
      const failed = info.closeReason !== 'exit_0';
      if (failed && typeof span.setStatus === 'function') {
        span.setStatus({ code: STATUS_CODE_ERROR, message: spawnError ?? statusMessageFor(info) });
      }
    } catch (e) {
      logger.debug(`traceChildProcess: recording the close failed: ${describeError(e)}`);
    }
    try {
      if (endSpan && typeof span.end === 'function') span.end();
    } catch (e) {
      logger.debug(`traceChildProcess: span.end failed: ${describeError(e)}`);
    }
    detach();
    resolveDone(info);
  };

  function onExit(code: unknown, signal: unknown): void {
    if (finished) return;
    exit = { code: typeof code === 'number' ? code : null, signal: typeof signal === 'string' ? signal : null };
    // Wait for 'close' so the tails hold everything the process wrote; not forever.
    graceTimer ??= setTimeout(finish, graceMs);
  }

  function onClose(code: unknown, signal: unknown): void {
    if (finished) return;
    if (exit === undefined) exit = { code: typeof code === 'number' ? code : null, signal: typeof signal === 'string' ? signal : null };
    finish();
  }

  const onError = (error: unknown): void => {
    if (finished) return;
    try {
      if (isSpawnFailure(child, error)) {
        // Node emits 'close' (code -errno) after a spawn failure; record now, ignore that one.
        spawnError = errorMessage(error);
        finish();
        return;
      }
      // An AbortSignal passed to spawn(): the process is being killed; 'exit' follows.
      const name = (error as { name?: unknown } | null)?.name;
      if (name === 'AbortError') {
        const cause = (error as { cause?: { name?: unknown } } | null)?.cause;
        if (cause?.name === 'TimeoutError') timedOut = true;
        else cancelled = true;
      }
      // Other errors (a failed kill, a failed send) do not end the process.
    } catch {
      // ignore
    }
  };

  const mark = (apply: () => void): boolean => {
    if (finished) return false;
    apply();
    return true;
  };

  const handle: ChildProcessTrace = {
    markTimedOut: () => mark(() => (timedOut = true)),
    markCancelled: () => mark(() => (cancelled = true)),
    markEmptyOutput: () => mark(() => (emptyOutput = true)),
    markFatalRpcError: (message?: string) =>
      mark(() => {
        fatalRpc = true;
        if (typeof message === 'string' && message.length > 0) fatalRpcMessage = message;
      }),
    done,
    get finished() {
      return finished;
    },
  };

  try {
    if (child === null || typeof child !== 'object' || typeof child.on !== 'function') {
      spawnError = 'traceChildProcess: not a ChildProcess';
      finish();
      return handle;
    }
    child.on('error', onError);
    child.on('exit', onExit);
    child.on('close', onClose);
    if (stdout !== undefined && child.stdout && typeof child.stdout.on === 'function') child.stdout.on('data', onStdout);
    if (stderr !== undefined && child.stderr && typeof child.stderr.on === 'function') child.stderr.on('data', onStderr);
    // Already exited before we were attached: 'exit' will not come again.
    const exitCode = child.exitCode;
    const signalCode = child.signalCode;
    if ((typeof exitCode === 'number' || typeof signalCode === 'string') && exit === undefined) onExit(exitCode, signalCode);
  } catch (e) {
    logger.debug(`traceChildProcess: attaching failed: ${describeError(e)}`);
  }
  return handle;
}
