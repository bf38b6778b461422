/**
 * Which tools ran during a run, and whether any of them may have had side effects. A tool
 * counts as side-effecting unless its span or event says `agent_failure.tool.read_only =
 * true` or its name is in the user's read-only list: when in doubt, not retry-safe.
 */
import type { Attributes } from '@opentelemetry/api';
import {
  ATTR_ERROR_MESSAGE,
  ATTR_ERROR_TYPE,
  ATTR_EXCEPTION_MESSAGE,
  ATTR_GEN_AI_TOOL_NAME,
  ATTR_TOOL_READ_ONLY,
  EXCEPTION_EVENT,
  STATUS_CODE_ERROR,
  TOOL_EVENT_NAMES,
} from './attributes.js';
import { attrsOf, bool, eventsOf, MAX_EVENTS_SCANNED, str, type ReadableSpanLike, type SpanEventLike } from './span-shape.js';

export interface ToolActivity {
  toolsRan: boolean;
  sideEffecting: boolean;
  /** The error of the latest tool span that failed, when one did (its head only). */
  failedToolError?: string;
}

/** Characters kept of a failed tool's error: enough for its first line, bounded per trace. */
export const MAX_TOOL_ERROR_CHARS = 320;

/**
 * The error a tool span recorded when it failed: its status message, else its last exception
 * event's message, else its `error.message` / `exception.message` attribute. Undefined when
 * the span did not fail or said nothing.
 */
export function toolErrorOf(span: ReadableSpanLike): string | undefined {
  const status = span.status !== null && typeof span.status === 'object' ? span.status : undefined;
  const attrs = attrsOf(span);
  const events = eventsOf(span);
  let exceptionMessage: string | undefined;
  for (let i = events.length - 1, n = 0; i >= 0 && n < MAX_EVENTS_SCANNED; i--, n++) {
    const e = events[i];
    if (e === null || typeof e !== 'object' || e.name !== EXCEPTION_EVENT) continue;
    exceptionMessage = str(attrsOf(e)[ATTR_EXCEPTION_MESSAGE]);
    break;
  }
  const failed = status?.code === STATUS_CODE_ERROR || exceptionMessage !== undefined || attrs[ATTR_ERROR_TYPE] !== undefined;
  if (!failed) return undefined;
  const message = str(status?.message) || exceptionMessage || str(attrs[ATTR_ERROR_MESSAGE]) || str(attrs[ATTR_EXCEPTION_MESSAGE]);
  return message ? message.slice(0, MAX_TOOL_ERROR_CHARS) : undefined;
}

/** A tool counts as side-effecting unless it is marked read-only or named in the read-only list. */
export function isReadOnlyTool(attrs: Attributes, readOnlyTools: ReadonlySet<string>): boolean {
  if (attrs === null || typeof attrs !== 'object') return false;
  if (bool(attrs[ATTR_TOOL_READ_ONLY]) === true) return true;
  const name = str(attrs[ATTR_GEN_AI_TOOL_NAME]);
  return name !== undefined && readOnlyTools.has(name);
}

/** Tool calls recorded as events on the run span itself. */
export function toolEventsActivity(events: readonly SpanEventLike[], readOnlyTools: ReadonlySet<string>): ToolActivity | undefined {
  let activity: ToolActivity | undefined;
  for (let i = 0; i < events.length && i < MAX_EVENTS_SCANNED; i++) {
    const e = events[i];
    if (e === null || typeof e !== 'object' || !TOOL_EVENT_NAMES.has(e.name)) continue;
    activity ??= { toolsRan: false, sideEffecting: false };
    activity.toolsRan = true;
    if (!isReadOnlyTool(attrsOf(e), readOnlyTools)) activity.sideEffecting = true;
  }
  return activity;
}

/** Both sources together: tools on child spans (tracked) and tool events on the run. */
export function mergeActivity(a: ToolActivity | undefined, b: ToolActivity | undefined): ToolActivity | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  const merged: ToolActivity = { toolsRan: a.toolsRan || b.toolsRan, sideEffecting: a.sideEffecting || b.sideEffecting };
  const failedToolError = a.failedToolError ?? b.failedToolError;
  if (failedToolError !== undefined) merged.failedToolError = failedToolError;
  return merged;
}
