/**
 * The failure taxonomy: the public contract of this package. Wire strings never change
 * meaning; new reasons may be appended in a minor version, none is ever renamed.
 */

/** Who owns the failure: the model provider, the agent runtime/process, local configuration, a tool, the user. */
export type FailureCategory = 'provider' | 'runtime' | 'config' | 'tool' | 'user' | 'unknown';

/** Semantics of one reason: its category and the default retry/resume answers. */
export interface FailureReasonInfo {
  /** The stable wire string stamped as `failure.reason`. */
  readonly reason: FailureReason;
  readonly category: FailureCategory;
  /** True only for transient failures where the same request can succeed later. */
  readonly retrySafe: boolean;
  /** Whether the same agent session/conversation may be resumed (false for poisoned sessions). */
  readonly resumeSafe: boolean;
  /** One line a human reads in a dashboard legend. */
  readonly description: string;
}

const REASON_TABLE = [
  ['provider_auth', 'provider', false, true, 'The provider rejected the credentials (401/403, invalid or expired key or login).'],
  ['provider_quota', 'provider', false, true, 'Billing, credit or hard usage cap reached; waits for a reset or a payment.'],
  ['provider_rate_limit', 'provider', true, true, 'Transient throttling (429, requests/tokens per minute).'],
  [
    'provider_overloaded',
    'provider',
    true,
    true,
    'The provider is out of capacity (Anthropic 529 overloaded_error, "model is overloaded").',
  ],
  ['provider_server_error', 'provider', true, true, 'The provider failed on its side (500/502/503, api_error).'],
  [
    'provider_network',
    'provider',
    true,
    true,
    'The connection to the provider broke (ECONNRESET, socket hang up, UND_ERR_SOCKET, fetch failed).',
  ],
  ['provider_timeout', 'provider', true, true, 'A provider request timed out (SDK request timeout, 408/504, headers/body timeout).'],
  ['context_overflow', 'provider', false, false, 'The prompt no longer fits the model context; the session is poisoned.'],
  ['invalid_request', 'provider', false, false, 'The provider rejected the request as malformed (400); the session history is suspect.'],
  ['content_filtered', 'provider', false, false, 'A safety or content policy blocked the prompt or the answer.'],
  [
    'model_not_found',
    'config',
    false,
    true,
    'Unknown model or deployment, or a model not available to this account, plan, policy or region.',
  ],
  [
    'config_missing',
    'config',
    false,
    true,
    'Local configuration is missing or invalid (API key variable, auth method, settings, an agent or provider that is not registered).',
  ],
  ['cli_not_installed', 'config', false, true, 'The agent CLI is not on PATH (spawn ENOENT, exit 127).'],
  ['cli_version_unsupported', 'config', false, true, 'The installed CLI or its runtime is too old for the flags used.'],
  ['spawn_failed', 'runtime', false, true, 'The agent process could not be started (EACCES, E2BIG, EMFILE).'],
  ['process_crash', 'runtime', false, true, 'The agent process crashed or was killed (SIGKILL/137, SIGSEGV, OOM, panic).'],
  [
    'iteration_limit',
    'runtime',
    false,
    false,
    'The agent hit a limit it enforces on itself (turns, steps, loops, recursion, cost) without finishing.',
  ],
  ['run_timeout', 'runtime', false, false, 'The host, orchestrator or scheduler stopped the run on its own time or budget limit.'],
  ['cancelled', 'user', false, true, 'The user or host cancelled the run.'],
  ['tool_error', 'tool', false, true, 'A tool or MCP server of the agent failed, including failing to spawn or connect it, or timing out.'],
  [
    'protocol_error',
    'runtime',
    false,
    false,
    'Malformed traffic on the host↔agent channel (JSON-RPC/ACP/stream-json), or model output the agent could not parse.',
  ],
  ['empty_output', 'runtime', false, true, 'The model or agent returned nothing usable (no output, empty choices, blank text).'],
  ['stream_error', 'runtime', true, true, 'The agent stream failed mid-response with no more specific evidence.'],
  ['exit_nonzero', 'runtime', false, false, 'The agent exited non-zero with no more specific evidence.'],
  ['fatal_rpc_error', 'runtime', true, true, 'The host↔agent channel (JSON-RPC/ACP/stdio) closed fatally, with no more specific evidence.'],
  ['unknown', 'unknown', false, false, 'A failure with no classifiable evidence.'],
] as const;

/** One of the stable wire strings of `failure.reason`. */
export type FailureReason = (typeof REASON_TABLE)[number][0];

/** All reasons in a stable order, with category and default retry/resume semantics. */
export const FAILURE_REASONS: readonly FailureReasonInfo[] = Object.freeze(
  REASON_TABLE.map(([reason, category, retrySafe, resumeSafe, description]) =>
    Object.freeze({ reason, category, retrySafe, resumeSafe, description }),
  ),
);

const REASON_INFO: ReadonlyMap<string, FailureReasonInfo> = new Map(FAILURE_REASONS.map((r) => [r.reason, r]));

/** True when `value` is one of the taxonomy's wire strings. */
export function isFailureReason(value: unknown): value is FailureReason {
  return typeof value === 'string' && REASON_INFO.has(value);
}

/** Category and default semantics of a reason. */
export function failureReasonInfo(reason: FailureReason): FailureReasonInfo {
  return REASON_INFO.get(reason) as FailureReasonInfo;
}

/**
 * Values instrumentation uses for "it failed, we do not know why". Only these are refined;
 * any other value an instrumentation set is kept as it is.
 */
export const GENERIC_FAILURE_REASONS: readonly string[] = Object.freeze([
  '',
  'unknown',
  'execution_failed',
  'agent_error',
  'error',
  'failed',
  'failure',
  'run_failed',
]);

/** True when a failure reason set by instrumentation may be refined. */
export function isGenericFailureReason(value: string): boolean {
  return GENERIC_FAILURE_REASONS.includes(value.trim().toLowerCase());
}
