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
import { callNextAsync, MESSAGES, OnceLogger } from './diag.js';
import type { ReadableSpanLike } from './span-shape.js';
import { stamperFromOptions, type FailureStamper, type StamperOptions } from './stamper.js';
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

export interface AgentFailureSpanProcessorOptions extends StamperOptions {
  /**
   * The processor to hand every span to after stamping (usually the exporting
   * `BatchSpanProcessor`). Needed on SDKs without `onEnding` and inside composite
   * processors that do not forward it.
   */
  next?: SpanProcessorLike;
}

function isProcessor(value: unknown): value is SpanProcessorLike {
  if (value === null || typeof value !== 'object') return false;
  const p = value as Partial<SpanProcessorLike>;
  return (
    typeof p.onStart === 'function' &&
    typeof p.onEnd === 'function' &&
    typeof p.forceFlush === 'function' &&
    typeof p.shutdown === 'function'
  );
}

function isSpanObject(span: unknown): span is ReadableSpanLike {
  return span !== null && typeof span === 'object';
}

/**
 * Classifies failed AI-agent runs and stamps refined, low-cardinality failure attributes
 * on their spans. Other spans pass through untouched.
 *
 * `failure.detail` carries a short excerpt of error text with secrets, emails, URL query
 * strings and home paths redacted; switch it off (`detail: false`) if error texts in your
 * fleet may hold other sensitive data.
 */
export class AgentFailureSpanProcessor implements SpanProcessorLike {
  private readonly _next: SpanProcessorLike | undefined;
  private readonly _once = new OnceLogger();
  private readonly _stamper: FailureStamper;
  /** `config.enabled`, read once: the hooks run on every span of the service. */
  private readonly _enabled: boolean;
  /** Set once the SDK called onEnding; without `next` that is the only way to stamp. */
  private _sawOnEnding = false;

  /**
   * @param options typed options; each falls back to its `AGENT_FAILURE_*` variable, then the default
   */
  constructor(options: AgentFailureSpanProcessorOptions = {}) {
    let next: unknown;
    try {
      next = options?.next;
    } catch {
      next = undefined;
    }
    this._next = isProcessor(next) ? next : undefined;
    if (next !== undefined && this._next === undefined) this._once.warn('next', MESSAGES.NOT_A_PROCESSOR);
    this._stamper = stamperFromOptions(options, this._once);
    this._enabled = this._stamper.config.enabled;
  }

  // The hooks below run on every span of the service, agent or not: they call `next` in a
  // try/catch of their own rather than through a closure (one allocation per span and hook).

  onStart(span: any, parentContext: Context): void {
    const next = this._next;
    if (next === undefined) return;
    try {
      next.onStart(span, parentContext);
    } catch (e) {
      this._nextFailed('onStart', e);
    }
  }

  onEnding(span: any): void {
    this._sawOnEnding = true;
    const next = this._next;
    if (next === undefined) {
      // Beside the exporter, all the work happens here, while the span is still writable.
      if (this._enabled && isSpanObject(span)) {
        try {
          this._stampInPlace(span as WritableSpanLike);
        } catch (e) {
          this._once.error('onEnding', MESSAGES.INTERNAL_ERROR('onEnding', e));
        }
      }
      return;
    }
    if (next.onEnding) {
      try {
        next.onEnding(span);
      } catch (e) {
        this._nextFailed('onEnding', e);
      }
    }
  }

  onEnd(span: any): void {
    const next = this._next;
    if (next === undefined) {
      // Beside the exporter: onEnding did the work. An SDK that never calls it gets one warning.
      if (!this._sawOnEnding) this._warnNoOnEnding(span);
      return;
    }
    let out = span;
    if (this._enabled && isSpanObject(span)) {
      try {
        const stamps = this._stamper.stampsFor(span);
        if (stamps !== undefined) out = withAttributes(span, stamps);
      } catch (e) {
        this._once.error('onEnd', MESSAGES.INTERNAL_ERROR('onEnd', e));
      }
    }
    try {
      next.onEnd(out);
    } catch (e) {
      this._nextFailed('onEnd', e);
    }
  }

  forceFlush(): Promise<void> {
    const next = this._next;
    return next === undefined ? Promise.resolve() : callNextAsync(this._once, 'forceFlush', () => next.forceFlush());
  }

  shutdown(): Promise<void> {
    this._stamper.tools.clear();
    const next = this._next;
    return next === undefined ? Promise.resolve() : callNextAsync(this._once, 'shutdown', () => next.shutdown());
  }

  private _stampInPlace(span: WritableSpanLike): void {
    const stamps = this._stamper.stampsFor(span);
    if (stamps === undefined) return;
    const before = typeof span.droppedAttributesCount === 'number' ? span.droppedAttributesCount : 0;
    for (const key in stamps) span.setAttribute(key, stamps[key]);
    const after = typeof span.droppedAttributesCount === 'number' ? span.droppedAttributesCount : 0;
    if (after > before) this._once.warn(`dropped:${span.name}`, MESSAGES.ATTRIBUTES_DROPPED(span.name, after - before));
  }

  /** A throw from the wrapped processor: reported once per hook, never passed to the SDK. */
  private _nextFailed(where: string, e: unknown): void {
    this._once.error(`next.${where}`, MESSAGES.NEXT_FAILED(where, e));
  }

  private _warnNoOnEnding(span: unknown): void {
    try {
      if (this._enabled && isSpanObject(span) && this._stamper.roleOf(span) === 'run') {
        this._once.warn('no-onEnding', MESSAGES.NO_ON_ENDING);
      }
    } catch (e) {
      this._once.error('onEnd', MESSAGES.INTERNAL_ERROR('onEnd', e));
    }
  }
}
