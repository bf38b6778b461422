/**
 * Reading failure evidence off a finished span. Works on a structural view of a span so it
 * fits every SDK line (1.x `ReadableSpan`, 2.x, `@opentelemetry/sdk-trace` 3.x) and spans
 * decoded from OTLP JSON by the CLI. Every value is checked: instrumentation may put
 * anything in an attribute.
 */
import type { Attributes, AttributeValue } from '@opentelemetry/api';
import {
  ATTR_ERROR_MESSAGE,
  ATTR_ERROR_TYPE,
  ATTR_EXCEPTION_MESSAGE,
  ATTR_EXCEPTION_TYPE,
  ATTR_FAILURE_REASON,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_RESPONSE_FINISH_REASONS,
  ATTR_GEN_AI_TOOL_NAME,
  ATTR_GEN_AI_TOOL_READ_ONLY,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_PROCESS_EXIT_CODE,
  EXCEPTION_EVENT,
  GEN_AI_OPERATION_EXECUTE_TOOL,
  GEN_AI_OPERATION_INVOKE_AGENT,
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
  TOOL_EVENT_NAMES,
} from './attributes.js';
import type { FailureEvidence } from './classifier.js';
import { normalizeCloseReason } from './close-reason.js';
import { asText } from './text.js';

/** The parts of a span event we read. */
export interface SpanEventLike {
  readonly name: string;
  readonly attributes?: Attributes;
}

/** The parts of a finished span we read; `ReadableSpan` of every SDK line fits. */
export interface ReadableSpanLike {
  readonly name: string;
  readonly attributes: Attributes;
  readonly events: readonly SpanEventLike[];
  readonly status: { readonly code: number; readonly message?: string };
  spanContext(): { traceId: string; spanId: string };
  /** SDK 2.x and later. */
  readonly parentSpanContext?: { spanId: string } | undefined;
  /** SDK 1.x. */
  readonly parentSpanId?: string | undefined;
  /** Start time as `[seconds, nanoseconds]` since the epoch, when known. */
  readonly startTime?: readonly [number, number] | undefined;
}

/** Longest piece of text taken from one value; the classifier bounds further (16 KiB by default). */
const MAX_PIECE = 64 * 1024;

function clip(text: string): string {
  return text.length > MAX_PIECE ? text.slice(text.length - MAX_PIECE) : text;
}

/** `SpanStatusCode.ERROR`, inlined so this module needs no runtime import. */
const STATUS_ERROR = 2;
/** Exception events read per span; the last ones carry the fatal error. */
const MAX_EXCEPTION_EVENTS = 3;
/** Events scanned per span for tool calls and exceptions. */
const MAX_EVENTS_SCANNED = 1024;

/** Finds the last event of a name without allocating. */
export function findLastEvent(events: readonly SpanEventLike[] | undefined, name: string): SpanEventLike | undefined {
  if (!Array.isArray(events)) return undefined;
  for (let i = events.length - 1, n = 0; i >= 0 && n < MAX_EVENTS_SCANNED; i--, n++) {
    const e = events[i];
    if (e !== null && typeof e === 'object' && e.name === name) return e;
  }
  return undefined;
}

/** What a span is to this package: an agent run, a tool execution, or anything else. */
export type SpanRole = 'run' | 'tool' | 'other';

/**
 * Tool executions (`gen_ai.operation.name = execute_tool`) are never runs, whatever their
 * events or name; runs are `invoke_agent` spans, spans with a `runtime_close` event, and
 * spans whose name matches. Reads the operation name once; allocates nothing.
 */
export function spanRole(span: ReadableSpanLike, nameMatches: ((name: string) => boolean) | undefined): SpanRole {
  const attrs = span.attributes;
  const operation = attrs !== null && typeof attrs === 'object' ? attrs[ATTR_GEN_AI_OPERATION_NAME] : undefined;
  if (operation === GEN_AI_OPERATION_EXECUTE_TOOL) return 'tool';
  if (operation === GEN_AI_OPERATION_INVOKE_AGENT) return 'run';
  if (findLastEvent(span.events, RUNTIME_CLOSE_EVENT) !== undefined) return 'run';
  return nameMatches !== undefined && typeof span.name === 'string' && nameMatches(span.name) ? 'run' : 'other';
}

/** True for spans that describe one agent run. */
export function isAgentRunSpan(span: ReadableSpanLike, nameMatches: ((name: string) => boolean) | undefined): boolean {
  return spanRole(span, nameMatches) === 'run';
}

function str(value: AttributeValue | undefined): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** Integer from an int attribute or a numeric string ("429"). */
function int(value: AttributeValue | undefined): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) ? value : undefined;
  if (typeof value === 'string' && /^-?[0-9]{1,10}$/.test(value.trim())) return Number(value.trim());
  return undefined;
}

function bool(value: AttributeValue | undefined): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    const v = value.trim().toLowerCase();
    if (v === 'true') return true;
    if (v === 'false') return false;
  }
  return undefined;
}

function attrsOf(holder: { attributes?: Attributes } | undefined): Attributes {
  const a = holder?.attributes;
  return a !== null && typeof a === 'object' ? a : {};
}

/** What the span says about the run: the classifier's evidence plus the facts the processor needs. */
export interface SpanFailureFacts {
  evidence: FailureEvidence;
  /** Status ERROR, error evidence, or a runtime_close that was not clean. */
  failed: boolean;
  /** A `runtime_close` event was present. */
  runtimeCloseSeen: boolean;
  /** The run's output text when the output attribute holds one. */
  output: string | undefined;
  /** The output attribute is present and empty. */
  outputEmpty: boolean;
}

export interface ToolActivity {
  toolsRan: boolean;
  sideEffecting: boolean;
}

function isEmptyOutput(value: AttributeValue | undefined): boolean {
  if (typeof value === 'string') {
    const t = value.trim();
    return t === '' || t === '[]' || t === '""' || t === 'null';
  }
  return Array.isArray(value) && value.length === 0;
}

/** Tool calls recorded as events on the run span itself. */
function toolEventsActivity(events: readonly SpanEventLike[], readOnlyTools: ReadonlySet<string>): ToolActivity | undefined {
  let activity: ToolActivity | undefined;
  for (let i = 0; i < events.length && i < MAX_EVENTS_SCANNED; i++) {
    const e = events[i];
    if (e === null || typeof e !== 'object' || !TOOL_EVENT_NAMES.includes(e.name)) continue;
    activity ??= { toolsRan: false, sideEffecting: false };
    activity.toolsRan = true;
    if (!isReadOnlyTool(attrsOf(e), readOnlyTools)) activity.sideEffecting = true;
  }
  return activity;
}

/** A tool counts as side-effecting unless it is marked read-only or named in the read-only list. */
export function isReadOnlyTool(attrs: Attributes, readOnlyTools: ReadonlySet<string>): boolean {
  if (bool(attrs[ATTR_GEN_AI_TOOL_READ_ONLY]) === true) return true;
  const name = str(attrs[ATTR_GEN_AI_TOOL_NAME]);
  return name !== undefined && readOnlyTools.has(name);
}

/**
 * Collects the evidence of an agent-run span.
 * @param tracked tool activity seen on child spans that ended before the run
 */
export function extractFailureFacts(
  span: ReadableSpanLike,
  outputAttribute: string,
  readOnlyTools: ReadonlySet<string>,
  tracked: ToolActivity | undefined,
): SpanFailureFacts {
  const attrs = attrsOf(span);
  const events: readonly SpanEventLike[] = Array.isArray(span.events) ? span.events : [];
  const status = span.status !== null && typeof span.status === 'object' ? span.status : { code: 0 };
  const ev: FailureEvidence = {};
  let failed = status.code === STATUS_ERROR;

  const statusMessage = str(status.message);
  if (statusMessage) ev.statusMessage = statusMessage;

  // Exception events, newest last; the span's own exception.* attributes come first.
  const texts: string[] = [];
  const exType = str(attrs[ATTR_EXCEPTION_TYPE]);
  const exMessage = str(attrs[ATTR_EXCEPTION_MESSAGE]);
  let exceptionEvents = 0;
  for (let i = events.length - 1, n = 0; i >= 0 && n < MAX_EVENTS_SCANNED && exceptionEvents < MAX_EXCEPTION_EVENTS; i--, n++) {
    const e = events[i];
    if (e === null || typeof e !== 'object' || e.name !== EXCEPTION_EVENT) continue;
    exceptionEvents++;
    const a = attrsOf(e);
    const type = str(a[ATTR_EXCEPTION_TYPE]);
    const message = str(a[ATTR_EXCEPTION_MESSAGE]);
    if (exceptionEvents === 1 && exType === undefined && exMessage === undefined) {
      if (type) ev.exceptionType = type;
      if (message) ev.exceptionMessage = message;
    } else {
      // Bound before joining: concatenating megabyte strings and slicing the result later
      // would copy them whole.
      const text = type && message ? `${clip(type)}: ${clip(message)}` : (type ?? message);
      if (text) texts.push(text);
    }
  }
  if (exType) ev.exceptionType = exType;
  if (exMessage) ev.exceptionMessage = exMessage;
  if (exceptionEvents > 0 || exType !== undefined || exMessage !== undefined) failed = true;

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
    ev.finishReasons = finish.filter((f): f is string => typeof f === 'string').slice(0, 16);
  } else if (typeof finish === 'string') {
    ev.finishReasons = [finish];
  }

  const preset = attrs[ATTR_FAILURE_REASON];
  if (typeof preset === 'string') {
    ev.presetReason = preset;
    failed = true;
  }

  // The last runtime_close event: the host's account of how the agent process ended.
  const close = findLastEvent(events, RUNTIME_CLOSE_EVENT);
  if (close) {
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
    const clean = cleanReason && (exitCode === undefined || exitCode === 0) && signal === undefined && ev.timedOut !== true && ev.cancelled !== true;
    if (!clean) failed = true;
  }
  if (texts.length > 0) ev.texts = texts;

  // Output: present-and-empty is evidence; non-empty output on a failed run is user-visible work.
  const outputValue = outputAttribute ? attrs[outputAttribute] : undefined;
  const outputEmpty = outputValue !== undefined && isEmptyOutput(outputValue);
  const output = outputEmpty ? undefined : asText(outputValue);
  if (outputEmpty) ev.outputEmpty = true;
  if (output !== undefined) ev.outputProduced = true;

  // Tool activity: child execute_tool spans (tracked) and tool events on the run span.
  const fromEvents = toolEventsActivity(events, readOnlyTools);
  if (tracked?.toolsRan || fromEvents?.toolsRan) ev.toolsRan = true;
  if (tracked !== undefined || fromEvents !== undefined) {
    ev.sideEffectingToolRan = (tracked?.sideEffecting ?? false) || (fromEvents?.sideEffecting ?? false);
  }

  return { evidence: ev, failed, runtimeCloseSeen: close !== undefined, output, outputEmpty };
}
