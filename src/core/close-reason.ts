/**
 * The close-reason vocabulary agent hosts emit on their `runtime_close` diagnostic.
 * Raw values are folded into this closed set so `failure.close_reason` stays low-cardinality.
 */

export const CLOSE_REASONS = Object.freeze([
  'exit_0',
  'exit_nonzero',
  'signal',
  'cancel_requested',
  'stream_error',
  'fatal_rpc_error',
  'empty_output',
  'timeout',
  'unknown',
] as const);

export type CloseReason = (typeof CLOSE_REASONS)[number];

/** Raw close reasons (folded: lower case, `_` for spaces and dashes) → the vocabulary. @internal */
export const CLOSE_REASON_SYNONYMS: ReadonlyMap<string, CloseReason> = new Map(
  Object.entries({
    exit_0: 'exit_0',
    exit_zero: 'exit_0',
    clean: 'exit_0',
    ok: 'exit_0',
    success: 'exit_0',
    completed: 'exit_0',
    finished: 'exit_0',
    normal: 'exit_0',
    done: 'exit_0',
    exit_nonzero: 'exit_nonzero',
    exit_non_zero: 'exit_nonzero',
    nonzero_exit: 'exit_nonzero',
    signal: 'signal',
    signaled: 'signal',
    signalled: 'signal',
    killed: 'signal',
    cancel_requested: 'cancel_requested',
    cancelled: 'cancel_requested',
    canceled: 'cancel_requested',
    cancel: 'cancel_requested',
    aborted: 'cancel_requested',
    stream_error: 'stream_error',
    fatal_rpc_error: 'fatal_rpc_error',
    rpc_error: 'fatal_rpc_error',
    fatal_rpc: 'fatal_rpc_error',
    empty_output: 'empty_output',
    empty: 'empty_output',
    no_output: 'empty_output',
    timeout: 'timeout',
    timed_out: 'timeout',
    timedout: 'timeout',
    unknown: 'unknown',
  } satisfies Record<string, CloseReason>),
);

/**
 * Folds a raw close reason into the vocabulary. Case, spaces and dashes are ignored
 * (`Exit-Zero` → `exit_0`); anything not recognised becomes `unknown`.
 * Returns undefined when no close reason was given.
 */
export function normalizeCloseReason(raw: unknown): CloseReason | undefined {
  if (typeof raw !== 'string') return undefined;
  if (raw.length === 0) return undefined;
  if (raw.length > 40) return 'unknown';
  const key = raw
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
  if (key.length === 0) return undefined;
  return CLOSE_REASON_SYNONYMS.get(key) ?? 'unknown';
}

/**
 * Strict form for user input (a rules file, a CLI flag): the folded value, or undefined when
 * the raw value is not a close reason at all ("unknown" itself is accepted).
 */
export function parseCloseReason(raw: unknown): CloseReason | undefined {
  const normalized = normalizeCloseReason(raw);
  if (normalized === 'unknown' && typeof raw === 'string' && raw.trim().toLowerCase() !== 'unknown') return undefined;
  return normalized;
}

const CLOSE_STATUS_PREFIX = 'agent process closed: ';

/**
 * The neutral status message a host writes when it only knows how the process closed
 * (`agent process closed: exit_nonzero (exit code 1)`). Neutral on purpose: it matches no rule,
 * and the classifier knows it restates the close reason rather than explaining it.
 */
export function closeStatusMessage(closeReason: string | undefined, details: readonly string[] = []): string {
  return `${CLOSE_STATUS_PREFIX}${closeReason ?? 'unknown'}${details.length > 0 ? ` (${details.join(', ')})` : ''}`;
}

/** True for a message `closeStatusMessage` wrote. */
export function isCloseStatusMessage(text: string): boolean {
  return text.length <= 80 && /^agent process closed: [a-z_0-9]+(?: \([^)]{0,40}\))?$/.test(text.trim());
}
