/**
 * The pure classifier: evidence about a failed agent run in, one verdict out.
 * No OpenTelemetry import, no I/O: the processor, the CLI and users all call it.
 *
 * Flow: options resolved once → texts bounded and grouped by trust → a preset reason is
 * kept, or the decision ladder (decide.ts) picks the deciding evidence → the verdict adds
 * the reason's semantics, the retry conditions, a retry-after hint and a redacted excerpt.
 */
import { isCloseStatusMessage, normalizeCloseReason } from '../close-reason.js';
import type { ClassifierOptions, FailureEvidence, FailureVerdict } from '../evidence.js';
import { DEFAULT_MAX_DETAIL_LENGTH, sanitizeDetail } from '../redact.js';
import { retryAfterInLowerCase } from '../retry-after.js';
import { RULES } from '../rules/rule-data.js';
import { parseUserRules, type CustomRule } from '../rules/user-rules.js';
import { failureReasonInfo, isFailureReason, isGenericFailureReason } from '../taxonomy.js';
import { DEFAULT_MAX_TEXT_LENGTH } from '../text.js';
import { describeError } from '../values.js';
import { decide } from './decide.js';
import type { Decision } from './decision.js';
import { LearnedReading, learnedConfirmsTransient, learnedStep } from './learned.js';
import { collectTexts } from './text-views.js';
import { USER_REGEX_BUDGET } from './user-rule-engine.js';

/** Version of the rule data (rules/rules.json); stamped as `failure.classifier.version`. Bumped whenever a verdict can change. */
export const CLASSIFIER_VERSION: string = RULES.version;

/** A text that says the failure is not retryable (rules.json `notRetryable`); each of its alternatives holds "retryable". */
const NOT_RETRYABLE = new RegExp(RULES.notRetryable.re);

/** Rule id of the verdict returned when the classifier itself failed. */
export const INTERNAL_ERROR_RULE = 'internal_error';

interface ResolvedOptions {
  maxTextLength: number;
  maxDetailLength: number;
  userRules: readonly CustomRule[];
  onWarning: (message: string) => void;
  now: () => number;
  learned: boolean;
}

const ignore = (): void => {};

function positiveInt(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : fallback;
}

/** Options with defaults filled; never throws, even on an object whose getters do. */
function resolveOptions(options: ClassifierOptions | undefined, userRules?: readonly CustomRule[]): ResolvedOptions {
  let onWarning: (message: string) => void = ignore;
  try {
    const o: ClassifierOptions = options !== null && typeof options === 'object' ? options : {};
    if (typeof o.onWarning === 'function') onWarning = o.onWarning;
    let rules = userRules;
    if (rules === undefined) {
      const parsed = Array.isArray(o.rules) ? parseUserRules(o.rules, 'option rules') : { rules: [], errors: [] };
      for (const e of parsed.errors) onWarning(e);
      rules = parsed.rules;
    }
    return {
      maxTextLength: Math.max(1, positiveInt(o.maxTextLength, DEFAULT_MAX_TEXT_LENGTH)),
      maxDetailLength: positiveInt(o.maxDetailLength, DEFAULT_MAX_DETAIL_LENGTH),
      userRules: rules,
      onWarning,
      now: typeof o.now === 'function' ? o.now : Date.now,
      learned: o.learned !== false,
    };
  } catch (e) {
    onWarning(`classifier options could not be read; using the defaults: ${describeError(e)}`);
    return {
      maxTextLength: DEFAULT_MAX_TEXT_LENGTH,
      maxDetailLength: DEFAULT_MAX_DETAIL_LENGTH,
      userRules: userRules ?? [],
      onWarning,
      now: Date.now,
      learned: true,
    };
  }
}

/** A preset the instrumentation set decides by itself, unless it is a generic one. */
function presetDecision(preset: unknown): Decision | undefined {
  if (typeof preset !== 'string' || isGenericFailureReason(preset)) return undefined;
  if (isFailureReason(preset)) return { reason: preset, rule: 'preset', evidence: 'preset' };
  // A specific value outside the taxonomy is the instrumentation's own: it stays on the
  // span, and the verdict stays conservative (never retry-safe).
  return { reason: 'unknown', rule: 'preset.foreign', evidence: 'preset', retrySafe: false };
}

/**
 * True when the evidence holds error text beyond the host's generic words: an exception, an
 * error message, stderr, a specific status message. Used only when no rule explained it.
 */
function hasUnexplainedErrorText(ev: FailureEvidence): boolean {
  // Generic words are short: a long text is specific without being lower-cased whole.
  const specific = (t: unknown): boolean => typeof t === 'string' && /\S/.test(t) && (t.length > 64 || !isGenericFailureReason(t));
  const status = typeof ev.statusMessage === 'string' ? ev.statusMessage : '';
  if (specific(status) && !isCloseStatusMessage(status)) return true;
  if ([ev.exceptionType, ev.exceptionMessage, ev.errorMessage, ev.stderrTail].some(specific)) return true;
  return Array.isArray(ev.texts) && ev.texts.some(specific);
}

function classifyResolved(evidence: FailureEvidence, opts: ResolvedOptions): FailureVerdict {
  const ev: FailureEvidence = evidence !== null && typeof evidence === 'object' ? evidence : {};
  const closeReason = normalizeCloseReason(ev.closeReason);
  const texts = collectTexts(ev, opts.maxTextLength);
  let decision =
    presetDecision(ev.presetReason) ??
    decide(ev, texts, closeReason, { radius: Math.max(opts.maxDetailLength, 40), userRules: opts.userRules });
  const reading = opts.learned
    ? new LearnedReading(
        ev,
        texts.groups.map((g) => g.clean),
      )
    : undefined;
  if (reading) decision = learnedStep(decision, reading);
  if (texts.userRegex?.exhausted) {
    opts.onWarning(
      `user regexes skipped: their work budget (${USER_REGEX_BUDGET} characters per run) was used up; give each pattern a literal of 3+ characters`,
    );
  }

  const info = failureReasonInfo(decision.reason);
  const sideEffects = ev.sideEffectingToolRan ?? ev.toolsRan === true;
  // retry.safe only on positive evidence: a transient close reason promoted while error text
  // nobody explained is on the run keeps its reason, but is not called safe to repeat.
  const unexplained = decision.evidence === 'close_reason' && hasUnexplainedErrorText(ev);
  let retrySafe = (decision.retrySafe ?? info.retrySafe) && !unexplained && sideEffects !== true && ev.outputProduced !== true;
  // A text that says the failure is not retryable (an SDK's or gateway's own verdict) is
  // evidence against repeating the run, whatever the reason.
  if (retrySafe && texts.groups.some((g) => g.lower.includes('retryable') && NOT_RETRYABLE.test(g.lower))) retrySafe = false;
  // With the learned step, a text rule's retry-safe verdict needs the model's second reading.
  if (retrySafe && reading) retrySafe = learnedConfirmsTransient(decision, reading);
  const verdict: FailureVerdict = {
    reason: decision.reason,
    category: info.category,
    retrySafe,
    resumeSafe: decision.resumeSafe ?? info.resumeSafe,
    rule: decision.rule,
    evidence: decision.evidence,
    detail: '',
  };
  if (closeReason !== undefined) verdict.closeReason = closeReason;
  if (texts.groups.length > 0 && info.category === 'provider') {
    for (const group of texts.groups) {
      const retryAfterMs = retryAfterInLowerCase(group.lower, opts.now());
      if (retryAfterMs !== undefined) {
        verdict.retryAfterMs = retryAfterMs;
        break;
      }
    }
  }
  if (opts.maxDetailLength > 0 && decision.excerpt) {
    verdict.detail = sanitizeDetail(decision.excerpt, opts.maxDetailLength);
  }
  return verdict;
}

/** Last line of defence: a bug in a rule must not become an exception in someone's service. */
function classifySafely(evidence: FailureEvidence, opts: ResolvedOptions): FailureVerdict {
  try {
    return classifyResolved(evidence, opts);
  } catch (e) {
    try {
      opts.onWarning(`internal classifier error; the run is labelled unknown: ${describeError(e)}`);
    } catch {
      // A throwing warning sink must not turn into an exception either.
    }
    return {
      reason: 'unknown',
      category: 'unknown',
      retrySafe: false,
      resumeSafe: false,
      rule: INTERNAL_ERROR_RULE,
      evidence: 'none',
      detail: '',
    };
  }
}

/**
 * Classifies the evidence of one failed agent run. Pure and total: it never throws and
 * always returns a reason from the taxonomy.
 *
 * @param evidence what is known about the run; every field is optional
 * @param options bounds, detail length and user rules
 */
export function classifyFailure(evidence: FailureEvidence, options?: ClassifierOptions): FailureVerdict {
  return classifySafely(evidence, resolveOptions(options));
}

/**
 * A classifier with its options resolved (and its user rules parsed) once, for hot paths.
 *
 * @param options bounds, detail length, user rules and the warning sink
 */
export function createClassifier(options?: ClassifierOptions): (evidence: FailureEvidence) => FailureVerdict {
  const opts = resolveOptions(options);
  return (evidence) => classifySafely(evidence, opts);
}

/**
 * The same, with user rules already parsed (from a file and options, each with its source).
 * @internal
 */
export function createClassifierWithRules(
  userRules: readonly CustomRule[],
  options: Omit<ClassifierOptions, 'rules'>,
): (evidence: FailureEvidence) => FailureVerdict {
  const opts = resolveOptions(options, userRules);
  return (evidence) => classifySafely(evidence, opts);
}
