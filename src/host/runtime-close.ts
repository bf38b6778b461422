/**
 * The `runtime_close` event: a host's account of how the agent process or connection
 * ended (close reason, exit code, signal, bounded stderr/stdout tails), which the processor
 * reads. Portable: text is bounded in UTF-8 bytes with TextEncoder, no Node API.
 */
import type { Attributes, TimeInput } from '@opentelemetry/api';
import {
  ATTR_PROCESS_EXIT_CODE,
  RUNTIME_CLOSE_ATTR_CANCELLED,
  RUNTIME_CLOSE_ATTR_EXIT_CODE,
  RUNTIME_CLOSE_ATTR_MESSAGE,
  RUNTIME_CLOSE_ATTR_RPC_CLOSE_REASON,
  RUNTIME_CLOSE_ATTR_SIGNAL,
  RUNTIME_CLOSE_ATTR_STDERR_TAIL,
  RUNTIME_CLOSE_ATTR_STDOUT_TAIL,
  RUNTIME_CLOSE_ATTR_TIMED_OUT,
  RUNTIME_CLOSE_EVENT,
} from '../otel/attributes.js';
import { normalizeCloseReason, type CloseReason } from '../core/close-reason.js';
import { describeError } from '../core/values.js';
import { logger } from '../otel/diag.js';

/** Default bound of each recorded tail (and of `message`), in UTF-8 bytes. */
export const DEFAULT_MAX_TAIL_BYTES = 4096;
/** Largest bound accepted for `maxTailBytes`. */
const MAX_TAIL_BYTES_LIMIT = 1024 * 1024;

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

/** The bound a caller asked for, within limits. */
export function maxBytesOf(value: unknown): number {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? Math.min(value, MAX_TAIL_BYTES_LIMIT) : DEFAULT_MAX_TAIL_BYTES;
}

interface Utf8 {
  encoder: InstanceType<typeof TextEncoder>;
  decoder: InstanceType<typeof TextDecoder>;
}

let utf8: Utf8 | undefined;

function codec(): Utf8 {
  return (utf8 ??= { encoder: new TextEncoder(), decoder: new TextDecoder() });
}

/** Decodes a UTF-8 tail, skipping continuation bytes at its start (a character cut in half). */
export function decodeTail(buf: Uint8Array): string {
  let start = 0;
  while (start < buf.length && start < 3 && ((buf[start] as number) & 0xc0) === 0x80) start++;
  return codec().decoder.decode(buf.subarray(start));
}

/** The last `maxBytes` UTF-8 bytes of `text`, never starting inside a character. */
export function tailBytes(text: string, maxBytes: number): string {
  // Every character takes at least one byte, so the last maxBytes characters hold the answer.
  const candidate = text.length > maxBytes ? text.slice(text.length - maxBytes) : text;
  const buf = codec().encoder.encode(candidate);
  if (buf.length <= maxBytes) return candidate;
  return decodeTail(buf.subarray(buf.length - maxBytes));
}

/** The first `maxBytes` UTF-8 bytes of `text`, never ending inside a character. */
export function headBytes(text: string, maxBytes: number): string {
  const candidate = text.length > maxBytes ? text.slice(0, maxBytes) : text;
  const buf = codec().encoder.encode(candidate);
  if (buf.length <= maxBytes) return candidate;
  let end = maxBytes;
  // Back off to the start of the character the cut falls in.
  while (end > 0 && ((buf[end] as number) & 0xc0) === 0x80) end--;
  return codec().decoder.decode(buf.subarray(0, end));
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
  if (typeof i.exitCode === 'number' && Number.isInteger(i.exitCode)) {
    attrs[RUNTIME_CLOSE_ATTR_EXIT_CODE] = i.exitCode;
    // The semantic-convention name beside ours, for backends that know it.
    attrs[ATTR_PROCESS_EXIT_CODE] = i.exitCode;
  }
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
    logger.debug(`recordRuntimeClose failed: ${describeError(e)}`);
    return false;
  }
}
