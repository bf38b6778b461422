/**
 * The shared core of the processor, the exporter wrapper and the CLI. One span's flow,
 * top-down:
 *
 *   role → tool: remember it in its trace
 *        → run:  tool activity of its trace → facts → verdict → attributes
 *
 * Knows nothing about how the attributes get onto the span.
 */
import type { Attributes } from '@opentelemetry/api';
import { createClassifierWithRules } from '../core/classify/classifier.js';
import type { FailureEvidence, FailureVerdict } from '../core/evidence.js';
import { parseUserRules, type CustomRule } from '../core/rules/user-rules.js';
import { describeError } from '../core/values.js';
import { ATTR_FAILURE_CLASSIFIER_VERSION } from './attributes.js';
import { resolveConfig, type AgentFailureOptions, type ResolvedConfig } from './config.js';
import { logger, MESSAGES, type OnceLogger } from './diag.js';
import { processEnv, type Env } from './env.js';
import { loadUserRulesFile } from './rules-file.js';
import { readRunFacts, type RunFactOptions } from './span-facts.js';
import { compileSpanNamePatterns, type SpanNameMatcher } from './span-name-pattern.js';
import { spanRole, type SpanRole } from './span-role.js';
import { isRootSpan, startMs, type ReadableSpanLike } from './span-shape.js';
import { stampAttributes, type StampOptions } from './stamp-attributes.js';
import { isReadOnlyTool, toolErrorOf } from './tool-activity.js';
import { ToolActivityTracker } from './tool-tracker.js';

/** Loads inline rules and the rule file; every problem goes to `warn`, the built-ins always stay. */
function loadUserRules(config: ResolvedConfig, warn: (message: string) => void): CustomRule[] {
  const rules: CustomRule[] = [];
  for (const parsed of [
    config.rules.length > 0 ? parseUserRules(config.rules, 'option rules') : undefined,
    config.rulesFile !== undefined ? loadUserRulesFile(config.rulesFile) : undefined,
  ]) {
    if (parsed === undefined) continue;
    for (const e of parsed.errors) warn(e);
    rules.push(...parsed.rules);
  }
  return rules;
}

/**
 * The classifier a configuration asks for (the processor's, the exporter's and the CLI's alike).
 * @param warn receives each problem with the user's rules
 * @param onClassifierError receives internal classifier errors
 */
export function classifierFor(
  config: ResolvedConfig,
  warn: (message: string) => void,
  onClassifierError: (message: string) => void = warn,
  now: () => number = Date.now,
): (evidence: FailureEvidence) => FailureVerdict {
  return createClassifierWithRules(loadUserRules(config, warn), {
    maxTextLength: config.maxTextLength,
    maxDetailLength: config.detail ? config.maxDetailLength : 0,
    onWarning: onClassifierError,
    now,
    learned: config.learnedFallback,
  });
}

/**
 * Made-up evidence that takes the classifier down every path that builds something: a text a
 * specific rule explains (the identifier scan and the loci on the way, the model reading the
 * rule's excerpt), and one nothing explains (the cue words, the model reading the whole text).
 */
const WARM_UP_EVIDENCE: readonly FailureEvidence[] = [
  { stderrTail: 'Error: connect ECONNREFUSED 127.0.0.1:443' },
  { statusMessage: 'the widget went wrong' },
];

/** True when this package already stamped the span. */
export function isStamped(span: ReadableSpanLike): boolean {
  const attrs = span.attributes;
  return attrs !== null && typeof attrs === 'object' && attrs[ATTR_FAILURE_CLASSIFIER_VERSION] !== undefined;
}

export class FailureStamper {
  readonly config: ResolvedConfig;
  readonly tools: ToolActivityTracker;
  private readonly _classify: (evidence: FailureEvidence) => FailureVerdict;
  private readonly _nameMatches: SpanNameMatcher | undefined;
  private readonly _factOptions: RunFactOptions;
  private readonly _stampOptions: StampOptions;

  /**
   * @param warn receives each problem with the user's rules
   * @param onClassifierError receives internal classifier errors (the caller reports them once)
   */
  constructor(
    config: ResolvedConfig,
    warn: (message: string) => void,
    onClassifierError: (message: string) => void,
    now: () => number = Date.now,
  ) {
    this.config = config;
    this._classify = classifierFor(config, warn, onClassifierError, now);
    this._nameMatches = compileSpanNamePatterns(config.spanNamePatterns);
    this._factOptions = {
      outputAttribute: config.outputAttribute,
      readOnlyTools: new Set(config.readOnlyTools),
      fallbackMaxLength: config.fallbackMaxLength,
      maxTextLength: config.maxTextLength,
    };
    this._stampOptions = { detail: config.detail, setErrorType: config.setErrorType };
    this.tools = new ToolActivityTracker(config.maxTrackedTraces, config.trackedTraceMaxAgeMs, now);
  }

  /** Whether the span is an agent run, a tool execution, or neither. */
  roleOf(span: ReadableSpanLike): SpanRole {
    return spanRole(span, this._nameMatches);
  }

  /** A tool span ended: remember it in its trace, for the runs that end after it. */
  recordTool(span: ReadableSpanLike): void {
    const sideEffecting = !isReadOnlyTool(span.attributes, this._factOptions.readOnlyTools);
    this.tools.record(span.spanContext().traceId, startMs(span), sideEffecting, toolErrorOf(span));
  }

  /**
   * A run span ended: the attributes to stamp on it, or undefined when it succeeded (and is
   * not a disguised failure). Ends the run's tool tracking (and its trace's, for a root run).
   */
  endRun(span: ReadableSpanLike): Attributes | undefined {
    const tracked = this.tools.endRun(span.spanContext().traceId, startMs(span), isRootSpan(span));
    // Stamped already (this package registered twice, or an upstream processor): never re-stamp.
    if (isStamped(span)) return undefined;
    const facts = readRunFacts(span, this._factOptions, tracked);
    if (facts === undefined) return undefined;
    const verdict = this._classify(facts.evidence);
    // A run that looked successful is stamped only when its silent-failure evidence classifies.
    if (!facts.failed && verdict.reason === 'unknown') return undefined;
    return stampAttributes(verdict, span.attributes, facts.runtimeCloseSeen, this._stampOptions);
  }

  /**
   * Builds what the classifier builds on first use (the rule tables, the identifier and cue
   * scanners, the learned model) by classifying a few made-up texts that reach every step.
   */
  warmUp(): void {
    for (const evidence of WARM_UP_EVIDENCE) this._classify(evidence);
  }

  /**
   * One span, whole flow: tools are remembered, runs get their attributes, other spans none.
   * For callers that see spans one by one in end order (the processor).
   */
  stampsFor(span: ReadableSpanLike): Attributes | undefined {
    const role = this.roleOf(span);
    if (role === 'tool') this.recordTool(span);
    return role === 'run' ? this.endRun(span) : undefined;
  }
}

/** Options of the processor and the exporter: the configuration, and where to read variables. */
export interface StamperOptions extends AgentFailureOptions {
  /** Environment to read `AGENT_FAILURE_*` variables from. Default: `process.env`. */
  env?: Env;
}

/**
 * The stamper for a processor's or exporter's options: options, then `AGENT_FAILURE_*`
 * variables, then defaults; each problem is one diag warning, internal classifier errors one
 * diag error per owner. Never throws.
 */
export function stamperFromOptions(options: StamperOptions | undefined, once: OnceLogger): FailureStamper {
  const warn = (message: string): void => logger.warn(message);
  // Internal errors are errors; a spent user-regex budget is a warning about the user's rules. Each once.
  const onClassifierError = (message: string): void =>
    message.startsWith('internal')
      ? once.error('classifier', MESSAGES.CLASSIFIER_ERROR(message))
      : once.warn('classifier.rules', MESSAGES.CLASSIFIER_ERROR(message));
  let config: ResolvedConfig;
  try {
    const opts = options !== null && typeof options === 'object' ? options : {};
    config = resolveConfig(opts, opts.env ?? processEnv(), warn);
  } catch (e) {
    warn(`options could not be read; using the defaults: ${describeError(e)}`);
    config = resolveConfig({}, processEnv(), warn);
  }
  const stamper = new FailureStamper(config, warn, onClassifierError);
  if (config.enabled && config.warmUp) scheduleWarmUp(stamper, once);
  return stamper;
}

/**
 * Runs the stamper's warm-up once the constructor has returned, on a zero-delay timer that
 * does not hold the process open; a failure there is one diag error, never the host's.
 */
function scheduleWarmUp(stamper: FailureStamper, once: OnceLogger): void {
  const run = (): void => {
    try {
      stamper.warmUp();
    } catch (e) {
      once.error('warmUp', MESSAGES.WARM_UP_FAILED(e));
    }
  };
  try {
    const timer: unknown = setTimeout(run, 0);
    const unref = (timer as { unref?: unknown } | undefined)?.unref;
    if (typeof unref === 'function') unref.call(timer);
  } catch (e) {
    once.error('warmUp', MESSAGES.WARM_UP_FAILED(e));
  }
}
