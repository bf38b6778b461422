import { diag, type DiagLogger } from '@opentelemetry/api';

/** Namespace every diagnostic of this package carries. */
export const DIAG_NAMESPACE = 'otel-agent-failure';

/** This package's component logger; it forwards to whatever `diag.setLogger` installed. */
export const logger: DiagLogger = diag.createComponentLogger({ namespace: DIAG_NAMESPACE });

/** User-facing diagnostics, exported so tests and users can match exact text. */
export const MESSAGES = Object.freeze({
  NO_ON_ENDING:
    'agent-run span reached onEnd without onEnding: this SDK (or a composite processor around this one) does not call onEnding, so nothing can be stamped. Wrap your exporting processor instead: new AgentFailureSpanProcessor({ next: new BatchSpanProcessor(exporter) }), or wrap the exporter: new AgentFailureSpanExporter(exporter).',
  ATTRIBUTES_DROPPED: (spanName: string, dropped: number): string =>
    `span "${spanName}" hit its attribute count limit: ${dropped} failure attribute(s) were dropped by the SDK. Raise spanLimits.attributeCountLimit (OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT), or register the processor as a wrapper ({ next }) so stamps are merged after the limit.`,
  INTERNAL_ERROR: (where: string, error: unknown): string => `internal error in ${where}; the span is passed on unchanged: ${describeError(error)}`,
  NEXT_FAILED: (where: string, error: unknown): string => `the wrapped processor/exporter failed in ${where}: ${describeError(error)}`,
});

/** Text of anything thrown; never throws itself (a thrown value may have no toString). */
function describeError(error: unknown): string {
  try {
    return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  } catch {
    return 'a value that cannot be printed';
  }
}

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
