/**
 * The shared core of the processor, the exporter wrapper and the CLI: recognises agent-run
 * and tool spans, reads their evidence, asks the classifier, and returns the attributes
 * to stamp. Knows nothing about how they get onto the span.
 */
import type { Attributes } from '@opentelemetry/api';
import {
  ATTR_ERROR_TYPE,
  ATTR_FAILURE_CATEGORY,
  ATTR_FAILURE_CLASSIFIER_VERSION,
  ATTR_FAILURE_CLOSE_REASON,
  ATTR_FAILURE_DETAIL,
  ATTR_FAILURE_EVIDENCE,
  ATTR_FAILURE_REASON,
  ATTR_FAILURE_RETRY_AFTER_MS,
  ATTR_FAILURE_RULE,
  ATTR_RETRY_SAFE,
  ATTR_SESSION_RESUME_SAFE,
} from './attributes.js';
import { CLASSIFIER_VERSION, createClassifier, type FailureEvidence, type FailureVerdict } from './classifier.js';
import type { ResolvedConfig } from './config.js';
import { parseCustomRules, type CustomRule } from './custom-rules.js';
import { extractFailureFacts, isReadOnlyTool, spanRole, type ReadableSpanLike, type SpanRole } from './evidence.js';
import { isFallbackNotice, outputText } from './fallback-output.js';
import { loadCustomRulesFile } from './rules-file.js';
import { compileSpanNamePatterns, type SpanNameMatcher } from './span-name-pattern.js';
import { isFailureReason, isGenericFailureReason } from './taxonomy.js';
import { ToolActivityTracker } from './tool-tracker.js';

/** Loads inline rules and the rule file; every problem goes to `warn`, the built-ins always stay. */
export function loadUserRules(config: ResolvedConfig, warn: (message: string) => void): CustomRule[] {
  const rules: CustomRule[] = [];
  if (config.rules.length > 0) {
    const inline = parseCustomRules(config.rules, 'option rules');
    for (const e of inline.errors) warn(e);
    rules.push(...inline.rules);
  }
  if (config.rulesFile !== undefined) {
    const fromFile = loadCustomRulesFile(config.rulesFile);
    for (const e of fromFile.errors) warn(e);
    rules.push(...fromFile.rules);
  }
  return rules;
}

/** Epoch milliseconds of a span's start, or NaN when unknown. */
function startMs(span: ReadableSpanLike): number {
  const t = span.startTime;
  return Array.isArray(t) && typeof t[0] === 'number' && typeof t[1] === 'number' ? t[0] * 1000 + t[1] / 1e6 : Number.NaN;
}

export class FailureStamper {
  readonly config: ResolvedConfig;
  readonly tools: ToolActivityTracker;
  private readonly _classify: (evidence: FailureEvidence) => FailureVerdict;
  private readonly _nameMatches: SpanNameMatcher | undefined;
  private readonly _readOnlyTools: ReadonlySet<string>;

  constructor(config: ResolvedConfig, customRules: readonly CustomRule[], now: () => number = Date.now) {
    this.config = config;
    this._classify = createClassifier({
      maxTextLength: config.maxTextLength,
      maxDetailLength: config.detail ? config.maxDetailLength : 0,
      customRules,
      now,
    });
    this._nameMatches = compileSpanNamePatterns(config.spanNamePatterns);
    this._readOnlyTools = new Set(config.readOnlyTools);
    this.tools = new ToolActivityTracker(config.maxTrackedRuns, config.trackedRunMaxAgeMs, now);
  }

  /** Whether the span is an agent run, a tool execution, or neither. */
  roleOf(span: ReadableSpanLike): SpanRole {
    return spanRole(span, this._nameMatches);
  }

  isAgentRun(span: ReadableSpanLike): boolean {
    return this.roleOf(span) === 'run';
  }

  /** Remembers a finished tool span (role `tool`) in its trace. */
  recordTool(span: ReadableSpanLike): void {
    this.tools.record(span.spanContext().traceId, startMs(span), !isReadOnlyTool(span.attributes, this._readOnlyTools));
  }

  /**
   * The attributes to stamp on an agent-run span, or undefined when the run succeeded
   * (and is not a disguised failure).
   */
  stampsFor(span: ReadableSpanLike): Attributes | undefined {
    const traceId = span.spanContext().traceId;
    const tracked = this.tools.activityFor(traceId, startMs(span));
    // A run with no parent is its trace's root: when it ends, the trace is over.
    if (!(span.parentSpanContext?.spanId ?? span.parentSpanId)) this.tools.release(traceId);
    const facts = extractFailureFacts(span, this.config.outputAttribute, this._readOnlyTools, tracked);
    const ev = facts.evidence;

    if (!facts.failed) {
      // Runs that ended OK: only explicit evidence of a silent failure counts.
      const text = facts.output === undefined ? undefined : outputText(facts.output, this.config.fallbackMaxLength * 4 + 512);
      if (facts.outputEmpty || (text !== undefined && text.trim() === '')) {
        ev.outputEmpty = true;
      } else if (text !== undefined && isFallbackNotice(text, this.config.fallbackMaxLength)) {
        ev.texts = [text];
        ev.outputProduced = false;
      } else {
        return undefined;
      }
    }

    const verdict = this._classify(ev);
    if (!facts.failed && verdict.reason === 'unknown') return undefined;
    return this._attributesFor(span, verdict, ev.presetReason, facts.runtimeCloseSeen);
  }

  private _attributesFor(span: ReadableSpanLike, verdict: FailureVerdict, preset: string | undefined, closeSeen: boolean): Attributes {
    const out: Attributes = {};
    // Never relabel: a specific value the instrumentation set stays as it is.
    const keepPreset = preset !== undefined && !isGenericFailureReason(preset);
    if (!keepPreset) out[ATTR_FAILURE_REASON] = verdict.reason;
    if (closeSeen && verdict.closeReason !== undefined) out[ATTR_FAILURE_CLOSE_REASON] = verdict.closeReason;
    out[ATTR_RETRY_SAFE] = verdict.retrySafe;
    out[ATTR_FAILURE_CATEGORY] = verdict.category;
    out[ATTR_FAILURE_RULE] = verdict.rule;
    out[ATTR_FAILURE_EVIDENCE] = verdict.evidence;
    out[ATTR_FAILURE_CLASSIFIER_VERSION] = CLASSIFIER_VERSION;
    if (this.config.detail && verdict.detail !== '') out[ATTR_FAILURE_DETAIL] = verdict.detail;
    out[ATTR_SESSION_RESUME_SAFE] = verdict.resumeSafe;
    if (verdict.retryAfterMs !== undefined) out[ATTR_FAILURE_RETRY_AFTER_MS] = verdict.retryAfterMs;
    if (this.config.setErrorType) {
      const attrs = span.attributes;
      const existing = attrs !== null && typeof attrs === 'object' ? attrs[ATTR_ERROR_TYPE] : undefined;
      // A foreign preset is the instrumentation's own word; error.type is left to it.
      const missing = existing === undefined || existing === null || existing === '';
      if (missing && (!keepPreset || isFailureReason(preset))) out[ATTR_ERROR_TYPE] = keepPreset ? (preset as string) : verdict.reason;
    }
    return out;
  }
}
