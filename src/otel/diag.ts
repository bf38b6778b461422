/** The package's diagnostics: one component logger, exact message texts, and once-only reporting. */
import { diag, type DiagLogger } from '@opentelemetry/api';
import { describeError } from '../core/values.js';

/** Namespace every diagnostic of this package carries. */
export const DIAG_NAMESPACE = 'otel-agent-failure';

/** This package's component logger; it forwards to whatever `diag.setLogger` installed. */
export const logger: DiagLogger = diag.createComponentLogger({ namespace: DIAG_NAMESPACE });

/** User-facing diagnostics; tests match their exact text. Not part of the public API. */
export const MESSAGES = Object.freeze({
  NO_ON_ENDING:
    'agent-run span reached onEnd without onEnding: this SDK (or a composite processor around this one) does not call onEnding, so nothing can be stamped. Wrap your exporting processor instead: new AgentFailureSpanProcessor({ next: new BatchSpanProcessor(exporter) }), or wrap the exporter: new AgentFailureSpanExporter(exporter).',
  ATTRIBUTES_DROPPED: (spanName: string, dropped: number): string =>
    `span "${spanName}" hit its attribute count limit: ${dropped} failure attribute(s) were dropped by the SDK. Raise spanLimits.attributeCountLimit (OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT), or register the processor as a wrapper ({ next }) so stamps are merged after the limit.`,
  INTERNAL_ERROR: (where: string, error: unknown): string =>
    `internal error in ${where}; the span is passed on unchanged: ${describeError(error)}`,
  NEXT_FAILED: (where: string, error: unknown): string => `the wrapped processor/exporter failed in ${where}: ${describeError(error)}`,
  CLASSIFIER_ERROR: (message: string): string => `${message} (reported once)`,
  NOT_A_PROCESSOR: 'option next: ignoring a value that is not a SpanProcessor',
  WARM_UP_FAILED: (error: unknown): string => `warm-up failed; the classifier is built on first use instead: ${describeError(error)}`,
});

/**
 * Logs each distinct key once per owner, so a misconfiguration or a recurring internal
 * error produces one line, not one per span. The key set is capped.
 */
export class OnceLogger {
  private readonly _seen = new Set<string>();

  warn(key: string, message: string): void {
    if (this._mark(key)) logger.warn(message);
  }

  error(key: string, message: string): void {
    if (this._mark(key)) logger.error(message);
  }

  private _mark(key: string): boolean {
    if (this._seen.has(key) || this._seen.size >= 256) return false;
    this._seen.add(key);
    return true;
  }
}

/**
 * Calls into code this package does not own (the wrapped processor or exporter) from the
 * asynchronous hooks (`forceFlush`, `shutdown`): a throw or rejection is reported once per
 * `where` and swallowed, so the promise never rejects.
 */
export async function callNextAsync(once: OnceLogger, where: string, call: () => Promise<void> | undefined): Promise<void> {
  try {
    await call();
  } catch (e) {
    once.error(`next.${where}`, MESSAGES.NEXT_FAILED(where, e));
  }
}
