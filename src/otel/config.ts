/**
 * Configuration from constructor options and `AGENT_FAILURE_*` environment variables
 * (options win, then the environment, then the defaults). Every ignored value produces one
 * warning naming it, the raw value and the fallback used.
 */
import type { UserRule } from '../core/evidence.js';
import { DEFAULT_MAX_DETAIL_LENGTH } from '../core/redact.js';
import { DEFAULT_MAX_TEXT_LENGTH } from '../core/text.js';
import { parseBooleanEnv, parseIntegerEnv, parseListEnv, raw, type ConfigWarn, type Env } from './env.js';

/** Options shared by `AgentFailureSpanProcessor` and `AgentFailureSpanExporter`. */
export interface AgentFailureOptions {
  /**
   * Switch the processor on or off. Off, every span passes through untouched.
   * Env: `AGENT_FAILURE_ENABLED`. Default: true.
   */
  enabled?: boolean;
  /**
   * Span names that mark an agent run, besides `gen_ai.operation.name = invoke_agent` and
   * spans with a `runtime_close` event. Strings may use `*` as a wildcard.
   * Env: `AGENT_FAILURE_SPAN_NAMES` (comma-separated). Default: none.
   */
  spanNamePatterns?: ReadonlyArray<string | RegExp>;
  /**
   * Stamp `failure.detail`, a short sanitised excerpt of the deciding evidence.
   * Env: `AGENT_FAILURE_DETAIL`. Default: true.
   */
  detail?: boolean;
  /** Maximum length of `failure.detail`. Env: `AGENT_FAILURE_DETAIL_MAX_LENGTH`. Default: 240. */
  maxDetailLength?: number;
  /**
   * Characters examined per evidence text (stderr keeps its tail).
   * Env: `AGENT_FAILURE_MAX_TEXT_LENGTH`. Default: 16384.
   */
  maxTextLength?: number;
  /**
   * Path of a JSON file with user rules, tried before the built-ins.
   * Env: `AGENT_FAILURE_RULES_FILE`. Default: none.
   */
  rulesFile?: string;
  /** User rules given inline (same shape as the file's `rules`), tried before the file's. */
  rules?: readonly UserRule[];
  /**
   * Set `error.type` to the reason on failed runs that have none.
   * Env: `AGENT_FAILURE_SET_ERROR_TYPE`. Default: true.
   */
  setErrorType?: boolean;
  /**
   * Attribute holding the run's final output. Present and empty on a successful run means
   * `empty_output`; a short known fallback notice there means the matching reason.
   * Env: `AGENT_FAILURE_OUTPUT_ATTRIBUTE`. Default: `gen_ai.output.messages`.
   */
  outputAttribute?: string;
  /**
   * Outputs up to this length are checked for known agent fallback notices
   * ("I reached the iteration limit"); longer ones are real answers.
   * Env: `AGENT_FAILURE_FALLBACK_MAX_LENGTH`. Default: 400.
   */
  fallbackMaxLength?: number;
  /**
   * Tool names known to have no side effects (their runs keep `retry.safe`).
   * Env: `AGENT_FAILURE_READ_ONLY_TOOLS` (comma-separated). Default: none — every tool
   * counts as side-effecting unless its span or event says `gen_ai.tool.read_only = true`.
   */
  readOnlyTools?: readonly string[];
  /**
   * Most traces whose tool activity is remembered at once (oldest dropped first; a run whose
   * trace was dropped is not retry-safe). Env: `AGENT_FAILURE_MAX_TRACKED_TRACES`. Default: 10000.
   */
  maxTrackedTraces?: number;
  /** Age after which a trace's tool activity is dropped. Env: `AGENT_FAILURE_TRACKED_TRACE_MAX_AGE_MS`. Default: 7200000 (2 h). */
  trackedTraceMaxAgeMs?: number;
  /**
   * After the rules, let the learned model (rules/learned-model.json) name a reason for a run
   * the rules leave `unknown` or decide only by a cue word or a generic wording, and overrule a
   * specific wording rule when, reading that rule's own excerpt, it is confident the rule is
   * wrong (never retry-safe). The Collector mode cannot run it: set `false` for verdicts
   * identical to the Collector's. Env: `AGENT_FAILURE_LEARNED_FALLBACK`. Default: true.
   */
  learnedFallback?: boolean;
  /**
   * Build the rule tables and the learned model soon after construction, on a zero-delay timer
   * that does not keep the process alive, so that the first failed run's span does not pay for
   * it inside `span.end()` (about 0.2 s of CPU on first use). Off: they are built on the first
   * agent run that needs them. Env: `AGENT_FAILURE_WARM_UP`. Default: true.
   */
  warmUp?: boolean;
  /** @deprecated since 0.2: use `maxTrackedTraces` (it always counted traces). */
  maxTrackedRuns?: number;
  /** @deprecated since 0.2: use `trackedTraceMaxAgeMs`. */
  trackedRunMaxAgeMs?: number;
}

/** The configuration in force, every field filled. */
export interface ResolvedConfig {
  enabled: boolean;
  spanNamePatterns: ReadonlyArray<string | RegExp>;
  detail: boolean;
  maxDetailLength: number;
  maxTextLength: number;
  rulesFile: string | undefined;
  rules: readonly unknown[];
  setErrorType: boolean;
  outputAttribute: string;
  fallbackMaxLength: number;
  readOnlyTools: readonly string[];
  maxTrackedTraces: number;
  trackedTraceMaxAgeMs: number;
  learnedFallback: boolean;
  warmUp: boolean;
}

export const DEFAULT_CONFIG: Readonly<ResolvedConfig> = Object.freeze({
  enabled: true,
  spanNamePatterns: [],
  detail: true,
  maxDetailLength: DEFAULT_MAX_DETAIL_LENGTH,
  maxTextLength: DEFAULT_MAX_TEXT_LENGTH,
  rulesFile: undefined,
  rules: [],
  setErrorType: true,
  outputAttribute: 'gen_ai.output.messages',
  fallbackMaxLength: 400,
  readOnlyTools: [],
  maxTrackedTraces: 10_000,
  trackedTraceMaxAgeMs: 2 * 60 * 60 * 1000,
  learnedFallback: true,
  warmUp: true,
});

/** Names of every environment variable read, for documentation and tests. */
export const ENV_VARS = Object.freeze({
  enabled: 'AGENT_FAILURE_ENABLED',
  spanNamePatterns: 'AGENT_FAILURE_SPAN_NAMES',
  detail: 'AGENT_FAILURE_DETAIL',
  maxDetailLength: 'AGENT_FAILURE_DETAIL_MAX_LENGTH',
  maxTextLength: 'AGENT_FAILURE_MAX_TEXT_LENGTH',
  rulesFile: 'AGENT_FAILURE_RULES_FILE',
  setErrorType: 'AGENT_FAILURE_SET_ERROR_TYPE',
  outputAttribute: 'AGENT_FAILURE_OUTPUT_ATTRIBUTE',
  fallbackMaxLength: 'AGENT_FAILURE_FALLBACK_MAX_LENGTH',
  readOnlyTools: 'AGENT_FAILURE_READ_ONLY_TOOLS',
  maxTrackedTraces: 'AGENT_FAILURE_MAX_TRACKED_TRACES',
  trackedTraceMaxAgeMs: 'AGENT_FAILURE_TRACKED_TRACE_MAX_AGE_MS',
  learnedFallback: 'AGENT_FAILURE_LEARNED_FALLBACK',
  warmUp: 'AGENT_FAILURE_WARM_UP',
} as const);

/** Names accepted before 0.2, each read (with one warning) when its new name is unset. */
const DEPRECATED = {
  maxTrackedTraces: { option: 'maxTrackedRuns', env: 'AGENT_FAILURE_MAX_TRACKED_RUNS' },
  trackedTraceMaxAgeMs: { option: 'trackedRunMaxAgeMs', env: 'AGENT_FAILURE_TRACKED_RUN_MAX_AGE_MS' },
} as const;

const LIMITS = {
  maxDetailLength: [0, 4096],
  maxTextLength: [256, 1024 * 1024],
  fallbackMaxLength: [0, 16 * 1024],
  maxTrackedTraces: [0, 10_000_000],
  trackedTraceMaxAgeMs: [1000, 7 * 24 * 60 * 60 * 1000],
} as const;

type IntKey = keyof typeof LIMITS;

function optionInt(options: AgentFailureOptions, key: IntKey, warn: ConfigWarn, name: string = key): number | undefined {
  const value = (options as Record<string, unknown>)[name];
  if (value === undefined) return undefined;
  const [min, max] = LIMITS[key];
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    warn(`option ${name}: ignoring ${String(value)} (expected a whole number from ${min} to ${max}); using default ${DEFAULT_CONFIG[key]}`);
    return undefined;
  }
  return value;
}

function optionBool(
  options: AgentFailureOptions,
  key: 'enabled' | 'detail' | 'setErrorType' | 'learnedFallback' | 'warmUp',
  warn: ConfigWarn,
): boolean | undefined {
  const value = options[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'boolean') {
    warn(`option ${key}: ignoring ${String(value)} (expected true or false); using default ${DEFAULT_CONFIG[key]}`);
    return undefined;
  }
  return value;
}

function optionString(options: AgentFailureOptions, key: 'rulesFile' | 'outputAttribute', warn: ConfigWarn): string | undefined {
  const value = options[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '') {
    warn(`option ${key}: ignoring ${String(value)} (expected a non-empty string)`);
    return undefined;
  }
  return value;
}

function optionList<T>(value: unknown, key: string, isItem: (v: unknown) => v is T, warn: ConfigWarn): T[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) {
    warn(`option ${key}: ignoring ${String(value)} (expected an array)`);
    return undefined;
  }
  const items = value.filter(isItem);
  if (items.length !== value.length) warn(`option ${key}: ignoring ${value.length - items.length} item(s) of the wrong type`);
  return items;
}

const isString = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
const isPattern = (v: unknown): v is string | RegExp => isString(v) || v instanceof RegExp;

/**
 * Resolves the configuration: options first, then the environment, then defaults.
 * Never throws; every ignored value produces one call to `warn`.
 *
 * @param options constructor options
 * @param env the environment to read (pass `process.env`, or an object in tests)
 * @param warn receives one message per ignored value
 */
export function resolveConfig(options: AgentFailureOptions | undefined, env: Env, warn: ConfigWarn): ResolvedConfig {
  const o: AgentFailureOptions = options !== null && typeof options === 'object' ? options : {};
  const d = DEFAULT_CONFIG;
  const envInt = (key: IntKey, name: string = ENV_VARS[key]): number | undefined =>
    parseIntegerEnv(env, name, LIMITS[key][0], LIMITS[key][1], d[key], warn);
  /** A renamed setting: the new option, the old option, the new variable, the old variable. */
  const renamed = (key: keyof typeof DEPRECATED): number | undefined => {
    const old = DEPRECATED[key];
    const deprecated = (value: number | undefined, oldName: string, newName: string): number | undefined => {
      if (value !== undefined) warn(`${oldName} is deprecated; use ${newName}`);
      return value;
    };
    return (
      optionInt(o, key, warn) ??
      deprecated(optionInt(o, key, warn, old.option), `option ${old.option}`, `option ${key}`) ??
      envInt(key) ??
      deprecated(envInt(key, old.env), old.env, ENV_VARS[key])
    );
  };
  return {
    enabled: optionBool(o, 'enabled', warn) ?? parseBooleanEnv(env, ENV_VARS.enabled, warn) ?? d.enabled,
    spanNamePatterns:
      optionList(o.spanNamePatterns, 'spanNamePatterns', isPattern, warn) ??
      parseListEnv(env, ENV_VARS.spanNamePatterns) ??
      d.spanNamePatterns,
    detail: optionBool(o, 'detail', warn) ?? parseBooleanEnv(env, ENV_VARS.detail, warn) ?? d.detail,
    maxDetailLength: optionInt(o, 'maxDetailLength', warn) ?? envInt('maxDetailLength') ?? d.maxDetailLength,
    maxTextLength: optionInt(o, 'maxTextLength', warn) ?? envInt('maxTextLength') ?? d.maxTextLength,
    rulesFile: optionString(o, 'rulesFile', warn) ?? raw(env, ENV_VARS.rulesFile) ?? d.rulesFile,
    rules: optionList(o.rules, 'rules', (_v: unknown): _v is unknown => true, warn) ?? d.rules,
    setErrorType: optionBool(o, 'setErrorType', warn) ?? parseBooleanEnv(env, ENV_VARS.setErrorType, warn) ?? d.setErrorType,
    outputAttribute: optionString(o, 'outputAttribute', warn) ?? raw(env, ENV_VARS.outputAttribute) ?? d.outputAttribute,
    fallbackMaxLength: optionInt(o, 'fallbackMaxLength', warn) ?? envInt('fallbackMaxLength') ?? d.fallbackMaxLength,
    readOnlyTools:
      optionList(o.readOnlyTools, 'readOnlyTools', isString, warn) ?? parseListEnv(env, ENV_VARS.readOnlyTools) ?? d.readOnlyTools,
    maxTrackedTraces: renamed('maxTrackedTraces') ?? d.maxTrackedTraces,
    trackedTraceMaxAgeMs: renamed('trackedTraceMaxAgeMs') ?? d.trackedTraceMaxAgeMs,
    learnedFallback: optionBool(o, 'learnedFallback', warn) ?? parseBooleanEnv(env, ENV_VARS.learnedFallback, warn) ?? d.learnedFallback,
    warmUp: optionBool(o, 'warmUp', warn) ?? parseBooleanEnv(env, ENV_VARS.warmUp, warn) ?? d.warmUp,
  };
}
