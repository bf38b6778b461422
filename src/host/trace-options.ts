/** traceChildProcess options, read once with defaults filled (never throwing). */
import { describeError } from '../core/values.js';
import { logger } from '../otel/diag.js';
import type { TraceChildProcessOptions } from './child-process.js';
import { DEFAULT_MAX_TAIL_BYTES, maxBytesOf } from './runtime-close.js';

/** Default time to wait for 'close' (stdio drained) after 'exit'. */
const DEFAULT_CLOSE_GRACE_MS = 2000;

export interface ResolvedTraceOptions {
  maxTail: number;
  graceMs: number;
  endSpan: boolean;
  captureStdout: boolean;
  captureStderr: boolean;
  emptyStdoutIsEmptyOutput: boolean;
}

/** Options read once, defaults filled; an options object whose getters throw gets the defaults and one diag warning. */
export function resolveTraceOptions(options: unknown): ResolvedTraceOptions {
  const defaults: ResolvedTraceOptions = {
    maxTail: DEFAULT_MAX_TAIL_BYTES,
    graceMs: DEFAULT_CLOSE_GRACE_MS,
    endSpan: true,
    captureStdout: true,
    captureStderr: true,
    emptyStdoutIsEmptyOutput: false,
  };
  if (options === null || typeof options !== 'object') return defaults;
  try {
    const o = options as TraceChildProcessOptions;
    const grace = o.closeGraceMs;
    return {
      maxTail: maxBytesOf(o.maxTailBytes),
      graceMs: typeof grace === 'number' && grace >= 0 ? grace : DEFAULT_CLOSE_GRACE_MS,
      endSpan: o.endSpan !== false,
      captureStdout: o.captureStdout !== false,
      captureStderr: o.captureStderr !== false,
      emptyStdoutIsEmptyOutput: o.emptyStdoutIsEmptyOutput === true,
    };
  } catch (e) {
    logger.warn(`traceChildProcess: options could not be read; using the defaults: ${describeError(e)}`);
    return defaults;
  }
}
