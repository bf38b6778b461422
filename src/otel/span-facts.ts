/**
 * Reading the evidence of one agent run off its finished span: status, exception events,
 * error attributes, the HTTP status, the last `runtime_close` event, the output, and the
 * tool activity. The result is what the classifier reads; nothing is rewritten later.
 */
import type { AttributeValue } from '@opentelemetry/api';
import type { FailureEvidence } from '../core/evidence.js';
import { normalizeCloseReason } from '../core/close-reason.js';
import { isFallbackNotice, readOutput } from '../core/output-text.js';
import { asText } from '../core/text.js';
import {
  ATTR_ERROR_MESSAGE,
  ATTR_ERROR_TYPE,
  ATTR_EXCEPTION_MESSAGE,
  ATTR_EXCEPTION_TYPE,
  ATTR_FAILURE_REASON,
  ATTR_GEN_AI_RESPONSE_FINISH_REASONS,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_PROCESS_EXIT_CODE,
  EXCEPTION_EVENT,
  RUNTIME_CLOSE_ATTR_CANCELLED,
  RUNTIME_CLOSE_ATTR_CLOSE_REASON,
  RUNTIME_CLOSE_ATTR_EXIT_CODE,
  RUNTIME_CLOSE_ATTR_MESSAGE,
  RUNTIME_CLOSE_ATTR_RPC_CLOSE_REASON,
  RUNTIME_CLOSE_ATTR_SIGNAL,
  RUNTIME_CLOSE_ATTR_STDERR_TAIL,
  RUNTIME_CLOSE_ATTR_STDOUT_TAIL,
  RUNTIME_CLOSE_ATTR_TIMED_OUT,
  RUNTIME_CLOSE_EVENT,
  STATUS_CODE_ERROR,
} from './attributes.js';
import {
  attrsOf,
  bool,
  eventsOf,
  findLastEvent,
  int,
  MAX_EVENTS_SCANNED,
  str,
  type ReadableSpanLike,
  type SpanEventLike,
} from './span-shape.js';
import { mergeActivity, toolEventsActivity, type ToolActivity } from './tool-activity.js';

/** What the reader needs from the configuration. */
export interface RunFactOptions {
  outputAttribute: string;
  readOnlyTools: ReadonlySet<string>;
  fallbackMaxLength: number;
  /**
   * The classifier's bound per text (`maxTextLength`): a joined exception text longer than it
   * is built as its head only, which is all the classifier reads of it. Unset: built whole.
   */
  maxTextLength?: number;
}

/** What a run's span says: the classifier's evidence, and how the run ended. */
export interface RunFacts {
  evidence: FailureEvidence;
  /**
   * The span says the run failed. False for a run that looked successful but whose output is
   * empty or a known fallback notice: it is stamped only when that evidence classifies.
   */
  failed: boolean;
  /** A `runtime_close` event was present. */
  runtimeCloseSeen: boolean;
}

/** Longest piece of text taken from one value; the classifier bounds further (16 KiB by default). */
const MAX_PIECE = 64 * 1024;
/** Exception events read per span; the last ones carry the fatal error. */
const MAX_EXCEPTION_EVENTS = 3;
/** Finish reasons read per span. */
const MAX_FINISH_REASONS = 16;

function clip(text: string): string {
  return text.length > MAX_PIECE ? text.slice(text.length - MAX_PIECE) : text;
}

/**
 * `${type}: ${message}`, or its first `max` characters when longer (the classifier reads a
 * text's head, at most `max` characters): slicing a joined megabyte-sized text copied it whole
 * first (~2 ms per exception on a 1 MiB two-byte message). Built whole when the head would not
 * reach past the separator, so the text still reads as specific error text exactly as before.
 */
function joinException(type: string, message: string, max: number | undefined): string {
  const head = type.length + 2;
  if (max === undefined || max <= 64 || head + message.length <= max || head > max) return `${type}: ${message}`;
  return `${type}: ${message.slice(0, max - head)}`;
}

/**
 * Exception events, newest last, into the evidence; the span's own exception.* attributes
 * come first. Returns whether any exception was seen.
 */
function readExceptions(
  ev: FailureEvidence,
  events: readonly SpanEventLike[],
  exType: string | undefined,
  exMessage: string | undefined,
  texts: string[],
  max: number | undefined,
): boolean {
  let seen = 0;
  for (let i = events.length - 1, n = 0; i >= 0 && n < MAX_EVENTS_SCANNED && seen < MAX_EXCEPTION_EVENTS; i--, n++) {
    const e = events[i];
    if (e === null || typeof e !== 'object' || e.name !== EXCEPTION_EVENT) continue;
    seen++;
    const a = attrsOf(e);
    const type = str(a[ATTR_EXCEPTION_TYPE]);
    const message = str(a[ATTR_EXCEPTION_MESSAGE]);
    if (seen === 1 && exType === undefined && exMessage === undefined) {
      if (type) ev.exceptionType = type;
      if (message) ev.exceptionMessage = message;
    } else {
      // Bound before joining: concatenating megabyte strings and slicing the result later
      // would copy them whole.
      const text = type && message ? joinException(clip(type), clip(message), max) : (type ?? message);
      if (text) texts.push(text);
    }
  }
  if (exType) ev.exceptionType = exType;
  if (exMessage) ev.exceptionMessage = exMessage;
  return seen > 0 || exType !== undefined || exMessage !== undefined;
}

/**
 * The host's account of how the agent process ended (the last `runtime_close` event), into
 * the evidence. Returns whether the close was a failure.
 */
function readRuntimeClose(ev: FailureEvidence, close: SpanEventLike, texts: string[]): boolean {
  const c = attrsOf(close);
  const rawReason = str(c[RUNTIME_CLOSE_ATTR_RPC_CLOSE_REASON]) ?? str(c[RUNTIME_CLOSE_ATTR_CLOSE_REASON]);
  if (rawReason) ev.closeReason = rawReason;
  const exitCode = int(c[RUNTIME_CLOSE_ATTR_EXIT_CODE]) ?? int(c[ATTR_PROCESS_EXIT_CODE]);
  if (exitCode !== undefined) ev.exitCode = exitCode;
  const signal = str(c[RUNTIME_CLOSE_ATTR_SIGNAL]);
  if (signal) ev.signal = signal;
  const stderr = str(c[RUNTIME_CLOSE_ATTR_STDERR_TAIL]);
  if (stderr) ev.stderrTail = stderr;
  const stdout = str(c[RUNTIME_CLOSE_ATTR_STDOUT_TAIL]);
  if (stdout) ev.stdoutTail = stdout;
  const message = str(c[ATTR_ERROR_MESSAGE]) ?? str(c[RUNTIME_CLOSE_ATTR_MESSAGE]);
  if (message) texts.unshift(message);
  if (bool(c[RUNTIME_CLOSE_ATTR_TIMED_OUT]) === true) ev.timedOut = true;
  if (bool(c[RUNTIME_CLOSE_ATTR_CANCELLED]) === true) ev.cancelled = true;
  const normalized = normalizeCloseReason(rawReason);
  // A close reason this package does not know ("eof", "normal") on an exit 0 with no
  // signal and no host fact is a clean end, not a failure.
  const cleanReason = normalized === undefined || normalized === 'exit_0' || (normalized === 'unknown' && exitCode === 0);
  const clean =
    cleanReason && (exitCode === undefined || exitCode === 0) && signal === undefined && ev.timedOut !== true && ev.cancelled !== true;
  return !clean;
}

/**
 * A run that ended OK counts only with explicit evidence of a silent failure: output present
 * and provably empty, or a short known fallback notice as the whole output. Returns false
 * when the run really succeeded.
 */
function readSilentFailure(ev: FailureEvidence, outputValue: AttributeValue | undefined, fallbackMaxLength: number): boolean {
  if (outputValue === undefined) return false;
  const output = readOutput(outputValue);
  if (output.empty) {
    ev.outputEmpty = true;
    return true;
  }
  if (output.text !== undefined && isFallbackNotice(output.text, fallbackMaxLength)) {
    ev.texts = [output.text];
    return true;
  }
  return false;
}

/**
 * The facts of an agent-run span, or undefined when the run succeeded.
 * @param tracked tool activity seen on spans of its trace that ended before the run
 */
export function readRunFacts(span: ReadableSpanLike, options: RunFactOptions, tracked: ToolActivity | undefined): RunFacts | undefined {
  const attrs = attrsOf(span);
  const events = eventsOf(span);
  const status = span.status !== null && typeof span.status === 'object' ? span.status : { code: 0 };
  const ev: FailureEvidence = {};
  const texts: string[] = [];
  let failed = status.code === STATUS_CODE_ERROR;

  const statusMessage = str(status.message);
  if (statusMessage) ev.statusMessage = statusMessage;
  if (readExceptions(ev, events, str(attrs[ATTR_EXCEPTION_TYPE]), str(attrs[ATTR_EXCEPTION_MESSAGE]), texts, options.maxTextLength))
    failed = true;

  const errorType = str(attrs[ATTR_ERROR_TYPE]);
  if (errorType) {
    ev.errorType = errorType;
    failed = true;
  }
  const errorMessage = asText(attrs[ATTR_ERROR_MESSAGE]);
  if (errorMessage) ev.errorMessage = errorMessage;

  const httpStatus = int(attrs[ATTR_HTTP_RESPONSE_STATUS_CODE]);
  if (httpStatus !== undefined && httpStatus >= 400) {
    ev.httpStatus = httpStatus;
    failed = true;
  }
  const spanExitCode = int(attrs[ATTR_PROCESS_EXIT_CODE]);
  if (spanExitCode !== undefined) ev.exitCode = spanExitCode;

  const finish = attrs[ATTR_GEN_AI_RESPONSE_FINISH_REASONS];
  if (Array.isArray(finish)) {
    // Bounded before anything else touches the array: instrumentation may record millions.
    const reasons: string[] = [];
    for (let i = 0; i < finish.length && i < MAX_FINISH_REASONS; i++) {
      const f = finish[i];
      if (typeof f === 'string') reasons.push(f);
    }
    ev.finishReasons = reasons;
  } else if (typeof finish === 'string') {
    ev.finishReasons = [finish];
  }

  const preset = attrs[ATTR_FAILURE_REASON];
  if (typeof preset === 'string') {
    ev.presetReason = preset;
    failed = true;
  }

  const close = findLastEvent(events, RUNTIME_CLOSE_EVENT);
  if (close !== undefined && readRuntimeClose(ev, close, texts)) failed = true;
  if (texts.length > 0) ev.texts = texts;

  const outputValue = options.outputAttribute ? attrs[options.outputAttribute] : undefined;
  if (failed) {
    // Non-empty output on a failed run is user-visible work: a retry would repeat it.
    if (outputValue !== undefined) {
      if (readOutput(outputValue).empty) ev.outputEmpty = true;
      else ev.outputProduced = true;
    }
  } else if (!readSilentFailure(ev, outputValue, options.fallbackMaxLength)) {
    return undefined;
  }

  const activity = mergeActivity(tracked, toolEventsActivity(events, options.readOnlyTools));
  if (activity?.toolsRan) ev.toolsRan = true;
  if (activity !== undefined) ev.sideEffectingToolRan = activity.sideEffecting;
  if (activity?.failedToolError !== undefined) ev.failedToolError = activity.failedToolError;

  return { evidence: ev, failed, runtimeCloseSeen: close !== undefined };
}
