/** What a span is to this package: an agent run, a tool execution, or anything else. */
import {
  ATTR_GEN_AI_OPERATION_NAME,
  GEN_AI_OPERATION_EXECUTE_TOOL,
  GEN_AI_OPERATION_INVOKE_AGENT,
  RUNTIME_CLOSE_EVENT,
} from './attributes.js';
import { findLastEvent, type ReadableSpanLike } from './span-shape.js';

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
