/**
 * AgentFailureSpanProcessor: stamps failure.reason, failure.close_reason, retry.safe and
 * companions on agent-run spans before export.
 *
 * Two ways to register it:
 * - beside the exporting processor, on SDKs that call `onEnding` (sdk-trace-base ≥ 2.3,
 *   sdk-trace 3.x): attributes are set on the span while it is still writable, so every
 *   processor sees them (and the span's attribute limits apply);
 * - around the exporting processor (`{ next }`), on every SDK: the span handed to `next`
 *   is a view of the original with the stamps merged in, the same on every SDK line and
 *   beyond the reach of attribute count limits.
 */
import type { Context } from '@opentelemetry/api';
import { resolveConfig, type AgentFailureOptions, type Env } from './config.js';
import { logger, MESSAGES, OnceLogger } from './diag.js';
import type { ReadableSpanLike } from './evidence.js';
import { FailureStamper, loadUserRules } from './failure-stamper.js';
import { withAttributes } from './span-view.js';

/**
 * The SpanProcessor shape this package needs. Structural, so it fits the processors of
 * sdk-trace-base 1.x/2.x and sdk-trace 3.x without importing any of them.
 */
export interface SpanProcessorLike {
  onStart(span: any, parentContext: Context): void;
  onEnding?(span: any): void;
  onEnd(span: any): void;
  forceFlush(): Promise<void>;
  shutdown(): Promise<void>;
}

/** A writable span as the SDK hands it to `onEnding`. */
interface WritableSpanLike extends ReadableSpanLike {
  setAttribute(key: string, value: unknown): unknown;
  readonly droppedAttributesCount?: number;
}

export interface AgentFailureSpanProcessorOptions extends AgentFailureOptions {
  /**
   * The processor to hand every span to after stamping (usually the exporting
   * `BatchSpanProcessor`). Needed on SDKs without `onEnding` and inside composite
   * processors that do not forward it.
   */
  next?: SpanProcessorLike;
  /** Environment to read `AGENT_FAILURE_*` variables from. Default: `process.env`. */
  env?: Env;
}

function defaultEnv(): Env {
  return typeof process !== 'undefined' && process.env ? process.env : {};
}

/**
 * Classifies failed AI-agent runs and stamps refined, low-cardinality failure attributes
 * on their spans. Other spans pass through untouched.
 *
 * `failure.detail` carries a short excerpt of error text with API keys, tokens, emails,
 * URL query strings and home paths redacted; switch it off (`detail: false`) if error
 * texts in your fleet may hold other sensitive data.
 */
export class AgentFailureSpanProcessor implements SpanProcessorLike {
  private readonly _next: SpanProcessorLike | undefined;
  private readonly _stamper: FailureStamper;
  private readonly _once = new OnceLogger();
  /** Set once the SDK called onEnding; without `next` that is the only way to stamp. */
  private _sawOnEnding = false;

  /**
   * @param options typed options; each falls back to its `AGENT_FAILURE_*` variable, then the default
   */
  constructor(options: AgentFailureSpanProcessorOptions = {}) {
    const opts = options !== null && typeof options === 'object' ? options : {};
    const warn = (message: string): void => logger.warn(message);
    const config = resolveConfig(opts, opts.env ?? defaultEnv(), warn);
    this._next = isProcessor(opts.next) ? opts.next : undefined;
    if (opts.next !== undefined && this._next === undefined) warn('option next: ignoring a value that is not a SpanProcessor');
    this._stamper = new FailureStamper(config, loadUserRules(config, warn));
  }

  onStart(span: any, parentContext: Context): void {
    if (this._next === undefined) return;
    try {
      this._next.onStart(span, parentContext);
    } catch (e) {
      this._once.error('next.onStart', MESSAGES.NEXT_FAILED('onStart', e));
    }
  }

  onEnding(span: any): void {
    this._sawOnEnding = true;
    try {
      // Beside the exporter, all the work happens here, while the span is still writable.
      if (this._next === undefined && this._stamper.config.enabled && span !== null && typeof span === 'object') {
        const role = this._stamper.roleOf(span);
        if (role === 'tool') this._stamper.recordTool(span);
        else if (role === 'run') this._stampInPlace(span as WritableSpanLike);
      }
    } catch (e) {
      this._once.error('onEnding', MESSAGES.INTERNAL_ERROR('onEnding', e));
    }
    if (this._next?.onEnding) {
      try {
        this._next.onEnding(span);
      } catch (e) {
        this._once.error('next.onEnding', MESSAGES.NEXT_FAILED('onEnding', e));
      }
    }
  }

  onEnd(span: any): void {
    if (this._next === undefined) {
      // Beside the exporter: onEnding did the work. An SDK that never calls it gets one warning.
      if (!this._sawOnEnding) this._warnNoOnEnding(span);
      return;
    }
    let out = span;
    try {
      if (this._stamper.config.enabled && span !== null && typeof span === 'object') {
        out = this._stampedView(span as ReadableSpanLike);
      }
    } catch (e) {
      out = span;
      this._once.error('onEnd', MESSAGES.INTERNAL_ERROR('onEnd', e));
    }
    try {
      this._next.onEnd(out);
    } catch (e) {
      this._once.error('next.onEnd', MESSAGES.NEXT_FAILED('onEnd', e));
    }
  }

  async forceFlush(): Promise<void> {
    if (this._next === undefined) return;
    try {
      await this._next.forceFlush();
    } catch (e) {
      this._once.error('next.forceFlush', MESSAGES.NEXT_FAILED('forceFlush', e));
    }
  }

  async shutdown(): Promise<void> {
    this._stamper.tools.clear();
    if (this._next === undefined) return;
    try {
      await this._next.shutdown();
    } catch (e) {
      this._once.error('next.shutdown', MESSAGES.NEXT_FAILED('shutdown', e));
    }
  }

  private _stampInPlace(span: WritableSpanLike): void {
    const stamps = this._stamper.stampsFor(span);
    if (stamps === undefined) return;
    const before = typeof span.droppedAttributesCount === 'number' ? span.droppedAttributesCount : 0;
    for (const key in stamps) span.setAttribute(key, stamps[key]);
    const after = typeof span.droppedAttributesCount === 'number' ? span.droppedAttributesCount : 0;
    if (after > before) this._once.warn(`dropped:${span.name}`, MESSAGES.ATTRIBUTES_DROPPED(span.name, after - before));
  }

  /** Wrapper style: tools are remembered, runs handed on as a view with the stamps merged in. */
  private _stampedView(span: ReadableSpanLike): ReadableSpanLike {
    const role = this._stamper.roleOf(span);
    if (role === 'tool') this._stamper.recordTool(span);
    if (role !== 'run') return span;
    const stamps = this._stamper.stampsFor(span);
    return stamps === undefined ? span : withAttributes(span, stamps);
  }

  private _warnNoOnEnding(span: unknown): void {
    try {
      if (this._stamper.config.enabled && span !== null && typeof span === 'object' && this._stamper.isAgentRun(span as ReadableSpanLike)) {
        this._once.warn('no-onEnding', MESSAGES.NO_ON_ENDING);
      }
    } catch (e) {
      this._once.error('onEnd', MESSAGES.INTERNAL_ERROR('onEnd', e));
    }
  }
}

function isProcessor(value: unknown): value is SpanProcessorLike {
  if (value === null || typeof value !== 'object') return false;
  const p = value as Partial<SpanProcessorLike>;
  return typeof p.onStart === 'function' && typeof p.onEnd === 'function' && typeof p.forceFlush === 'function' && typeof p.shutdown === 'function';
}
