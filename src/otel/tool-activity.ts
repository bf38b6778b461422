/**
 * Which tools ran during a run, and whether any of them may have had side effects. A tool
 * counts as side-effecting unless its span or event says `agent_failure.tool.read_only =
 * true` or its name is in the user's read-only list: when in doubt, not retry-safe.
 */
import type { Attributes } from '@opentelemetry/api';
import { ATTR_GEN_AI_TOOL_NAME, ATTR_TOOL_READ_ONLY, TOOL_EVENT_NAMES } from './attributes.js';
import { attrsOf, bool, MAX_EVENTS_SCANNED, str, type SpanEventLike } from './span-shape.js';

export interface ToolActivity {
  toolsRan: boolean;
  sideEffecting: boolean;
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
  return { toolsRan: a.toolsRan || b.toolsRan, sideEffecting: a.sideEffecting || b.sideEffecting };
}
