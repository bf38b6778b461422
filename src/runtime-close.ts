/**
 * Instrumentation helpers for hosts that run an agent CLI (Claude Code, Codex CLI, Gemini
 * CLI...) as a child process or talk to it over JSON-RPC/ACP: they record the
 * `runtime_close` event the processor reads (see `extractFailureFacts`), with bounded
 * stderr/stdout tails, and follow a Node `ChildProcess` to its end.
 *
 * Node-only (uses `Buffer`); no import of `node:` modules at load time, so importing the
 * package elsewhere stays harmless until these functions are called.
 */
import type { Attributes, TimeInput } from '@opentelemetry/api';
import {
  RUNTIME_CLOSE_ATTR_CANCELLED,
  RUNTIME_CLOSE_ATTR_EXIT_CODE,
  RUNTIME_CLOSE_ATTR_MESSAGE,
  RUNTIME_CLOSE_ATTR_RPC_CLOSE_REASON,
  RUNTIME_CLOSE_ATTR_SIGNAL,
  RUNTIME_CLOSE_ATTR_STDERR_TAIL,
  RUNTIME_CLOSE_ATTR_STDOUT_TAIL,
  RUNTIME_CLOSE_ATTR_TIMED_OUT,
  RUNTIME_CLOSE_EVENT,
} from './attributes.js';
import { normalizeCloseReason, type CloseReason } from './close-reason.js';
import { logger } from './diag.js';

/** Default bound of each recorded tail (and of `message`), in UTF-8 bytes. */
export const DEFAULT_MAX_TAIL_BYTES = 4096;
/** Largest bound accepted for `maxTailBytes`. */
const MAX_TAIL_BYTES_LIMIT = 1024 * 1024;
/** Default time to wait for 'close' (stdio drained) after 'exit'. */
const DEFAULT_CLOSE_GRACE_MS = 2000;

/** `SpanStatusCode.ERROR`, inlined so this module needs no runtime import of the API. */
const STATUS_ERROR = 2;

/** How the agent process or connection ended, as the host knows it. Every field is optional. */
export interface RuntimeCloseInfo {
  /** Normalised close reason (`exit_0`, `exit_nonzero`, `signal`, `timeout`, ...). */
  closeReason?: CloseReason;
  /** Process exit code. */
  exitCode?: number;
  /** Terminating signal name, e.g. `SIGKILL`. */
  signal?: string;
  /** The end of the process's stderr (bounded: the fatal error comes last). */
  stderrTail?: string;
  /** The end of the process's stdout (some CLIs print errors there). */
  stdoutTail?: string;
  /** A message from the host: the spawn error, the fatal RPC error. */
  message?: string;
  /** The host stopped the run on its own timeout. */
  timedOut?: boolean;
  /** The user (or the host on the user's behalf) cancelled the run. */
  cancelled?: boolean;
}

export interface RecordRuntimeCloseOptions {
  /** Bound of each tail and of `message`, in UTF-8 bytes. Default 4096. */
  maxTailBytes?: number;
  /** Time of the event. Default: now. */
  time?: TimeInput;
}

/** The part of a span `recordRuntimeClose` needs; every OpenTelemetry `Span` fits. */
export interface RuntimeCloseSpan {
  addEvent(name: string, attributes?: Attributes, startTime?: TimeInput): unknown;
}

/** The part of a span `traceChildProcess` needs; every OpenTelemetry `Span` fits. */
export interface TracedSpan extends RuntimeCloseSpan {
  setStatus(status: { code: number; message?: string }): unknown;
  end(): unknown;
}

function maxBytesOf(value: unknown): number {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? Math.min(value, MAX_TAIL_BYTES_LIMIT) : DEFAULT_MAX_TAIL_BYTES;
}

/** Skips UTF-8 continuation bytes at the start of a cut buffer (a character cut in half). */
function decodeTail(buf: Uint8Array): string {
  let start = 0;
  while (start < buf.length && start < 3 && ((buf[start] as number) & 0xc0) === 0x80) start++;
  return Buffer.from(buf.buffer, buf.byteOffset + start, buf.length - start).toString('utf8');
}

/** The last `maxBytes` UTF-8 bytes of `text`, never starting inside a character. */
export function tailBytes(text: string, maxBytes: number): string {
  // Every character takes at least one byte, so the last maxBytes characters hold the answer.
  const candidate = text.length > maxBytes ? text.slice(text.length - maxBytes) : text;
  const buf = Buffer.from(candidate, 'utf8');
  if (buf.length <= maxBytes) return candidate;
  return decodeTail(buf.subarray(buf.length - maxBytes));
}

/** The first `maxBytes` UTF-8 bytes of `text`, never ending inside a character. */
function headBytes(text: string, maxBytes: number): string {
  const candidate = text.length > maxBytes ? text.slice(0, maxBytes) : text;
  const buf = Buffer.from(candidate, 'utf8');
  if (buf.length <= maxBytes) return candidate;
  let end = maxBytes;
  // Back off to the start of the character the cut falls in.
  while (end > 0 && ((buf[end] as number) & 0xc0) === 0x80) end--;
  return buf.subarray(0, end).toString('utf8');
}

function nonEmpty(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}

/** The event attributes for `info`, undefined values omitted, texts bounded. */
export function runtimeCloseAttributes(info: RuntimeCloseInfo, options?: RecordRuntimeCloseOptions): Attributes {
  const max = maxBytesOf(options?.maxTailBytes);
  const attrs: Attributes = {};
  const i: RuntimeCloseInfo = info !== null && typeof info === 'object' ? info : {};
  const reason = normalizeCloseReason(i.closeReason);
  if (reason !== undefined) attrs[RUNTIME_CLOSE_ATTR_RPC_CLOSE_REASON] = reason;
  if (typeof i.exitCode === 'number' && Number.isInteger(i.exitCode)) attrs[RUNTIME_CLOSE_ATTR_EXIT_CODE] = i.exitCode;
  if (nonEmpty(i.signal)) attrs[RUNTIME_CLOSE_ATTR_SIGNAL] = headBytes(i.signal, 32);
  if (nonEmpty(i.stderrTail)) attrs[RUNTIME_CLOSE_ATTR_STDERR_TAIL] = tailBytes(i.stderrTail, max);
  if (nonEmpty(i.stdoutTail)) attrs[RUNTIME_CLOSE_ATTR_STDOUT_TAIL] = tailBytes(i.stdoutTail, max);
  if (nonEmpty(i.message)) attrs[RUNTIME_CLOSE_ATTR_MESSAGE] = headBytes(i.message, max);
  if (typeof i.timedOut === 'boolean') attrs[RUNTIME_CLOSE_ATTR_TIMED_OUT] = i.timedOut;
  if (typeof i.cancelled === 'boolean') attrs[RUNTIME_CLOSE_ATTR_CANCELLED] = i.cancelled;
  return attrs;
}

/**
 * Adds the `runtime_close` event to a span: how the agent process or connection ended.
 * Tails are bounded to `maxTailBytes` (default 4 KiB), keeping their end; undefined values
 * are omitted; the close reason is normalised. Never throws.
 *
 * @returns true when the event was added
 */
export function recordRuntimeClose(span: RuntimeCloseSpan, info: RuntimeCloseInfo, options?: RecordRuntimeCloseOptions): boolean {
  try {
    if (span === null || typeof span !== 'object' || typeof span.addEvent !== 'function') return false;
    const attributes = runtimeCloseAttributes(info, options);
    if (options?.time !== undefined) span.addEvent(RUNTIME_CLOSE_EVENT, attributes, options.time);
    else span.addEvent(RUNTIME_CLOSE_EVENT, attributes);
    return true;
  } catch (e) {
    logger.debug(`recordRuntimeClose failed: ${e instanceof Error ? e.message : String(e)}`);
    return false;
  }
}

// --- following a child process ----------------------------------------------------------

/** A fixed-size ring of the last `capacity` bytes written. */
export class TailBuffer {
  private _buf: Buffer | undefined;
  private _pos = 0;
  private _full = false;
  /** Bytes written in total (not only the ones kept). */
  total = 0;

  constructor(readonly capacity: number) {}

  write(chunk: unknown): void {
    let data: Buffer;
    if (typeof chunk === 'string') data = Buffer.from(chunk, 'utf8');
    else if (chunk instanceof Uint8Array) data = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    else return;
    if (data.length === 0 || this.capacity <= 0) return;
    this.total += data.length;
    this._buf ??= Buffer.alloc(this.capacity);
    const cap = this.capacity;
    if (data.length >= cap) {
      data.copy(this._buf, 0, data.length - cap);
      this._pos = 0;
      this._full = true;
      return;
    }
    const first = Math.min(data.length, cap - this._pos);
    data.copy(this._buf, this._pos, 0, first);
    if (first < data.length) {
      data.copy(this._buf, 0, first);
      this._pos = data.length - first;
      this._full = true;
    } else {
      this._pos += first;
      if (this._pos === cap) {
        this._pos = 0;
        this._full = true;
      }
    }
  }

  /** The kept bytes as text; a character cut at the start is dropped. */
  text(): string {
    if (this._buf === undefined) return '';
    if (!this._full) return this._buf.subarray(0, this._pos).toString('utf8');
    return decodeTail(Buffer.concat([this._buf.subarray(this._pos), this._buf.subarray(0, this._pos)]));
  }
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
  // Neutral wording: the status message is evidence too, it must not match a text rule.
  const parts: string[] = [];
  if (info.exitCode !== undefined) parts.push(`exit code ${info.exitCode}`);
  if (info.signal !== undefined) parts.push(info.signal);
  return `agent process closed: ${info.closeReason ?? 'unknown'}${parts.length > 0 ? ` (${parts.join(', ')})` : ''}`;
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
  const opts = options !== null && typeof options === 'object' ? options : {};
  const maxTail = maxBytesOf(opts.maxTailBytes);
  const graceMs = typeof opts.closeGraceMs === 'number' && opts.closeGraceMs >= 0 ? opts.closeGraceMs : DEFAULT_CLOSE_GRACE_MS;
  const endSpan = opts.endSpan !== false;

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

  const stdout = opts.captureStdout === false ? undefined : new TailBuffer(maxTail);
  const stderr = opts.captureStderr === false ? undefined : new TailBuffer(maxTail);
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
      else if (spawnError !== undefined) info.closeReason = undefined;
      else if (emptyOutput) info.closeReason = 'empty_output';
      else if (info.signal !== undefined) info.closeReason = 'signal';
      else if (info.exitCode === 0) info.closeReason = opts.emptyStdoutIsEmptyOutput === true && noStdout ? 'empty_output' : 'exit_0';
      else if (info.exitCode !== undefined) info.closeReason = 'exit_nonzero';
      else info.closeReason = 'unknown';
      if (info.closeReason === undefined) delete info.closeReason;
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
        span.setStatus({ code: STATUS_ERROR, message: spawnError ?? statusMessageFor(info) });
      }
    } catch (e) {
      logger.debug(`traceChildProcess: recording the close failed: ${errorMessage(e)}`);
    }
    try {
      if (endSpan && typeof span.end === 'function') span.end();
    } catch (e) {
      logger.debug(`traceChildProcess: span.end failed: ${errorMessage(e)}`);
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
    logger.debug(`traceChildProcess: attaching failed: ${errorMessage(e)}`);
  }
  return handle;
}
