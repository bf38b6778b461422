/**
 * AgentFailureSpanExporter: the same stamping for setups that only take an exporter
 * (NodeSDK's `traceExporter`, @vercel/otel's `traceExporter`). Spans arrive already
 * ended, so each agent run is handed on as a view with the stamps merged in.
 */
import { resolveConfig, type AgentFailureOptions, type Env } from './config.js';
import { logger, MESSAGES, OnceLogger } from './diag.js';
import { ATTR_FAILURE_CLASSIFIER_VERSION } from './attributes.js';
import type { ReadableSpanLike } from './evidence.js';
import { FailureStamper, loadUserRules } from './failure-stamper.js';
import { withAttributes } from './span-view.js';

/** `ExportResult` as every SDK line defines it. */
export interface ExportResultLike {
  code: number;
  error?: Error;
}

/** The SpanExporter shape, structural so it fits every SDK line. */
export interface SpanExporterLike {
  export(spans: any[], resultCallback: (result: ExportResultLike) => void): void;
  shutdown(): Promise<void>;
  forceFlush?(): Promise<void>;
}

export interface AgentFailureSpanExporterOptions extends AgentFailureOptions {
  /** Environment to read `AGENT_FAILURE_*` variables from. Default: `process.env`. */
  env?: Env;
}

/** `ExportResultCode.FAILED`. */
const EXPORT_FAILED = 1;

/**
 * Wraps a SpanExporter and stamps failure attributes on agent-run spans on their way out.
 * Tool spans in the same or an earlier batch count toward their run's `retry.safe`.
 */
export class AgentFailureSpanExporter implements SpanExporterLike {
  private readonly _exporter: SpanExporterLike;
  private readonly _stamper: FailureStamper;
  private readonly _once = new OnceLogger();

  /**
   * @param exporter the exporter that sends spans on (e.g. `OTLPTraceExporter`)
   * @param options typed options; each falls back to its `AGENT_FAILURE_*` variable, then the default
   */
  constructor(exporter: SpanExporterLike, options: AgentFailureSpanExporterOptions = {}) {
    const opts = options !== null && typeof options === 'object' ? options : {};
    const warn = (message: string): void => logger.warn(message);
    const config = resolveConfig(opts, opts.env ?? (typeof process !== 'undefined' ? process.env : {}), warn);
    this._exporter = exporter;
    this._stamper = new FailureStamper(config, loadUserRules(config, warn));
  }

  export(spans: any[], resultCallback: (result: ExportResultLike) => void): void {
    let out = spans;
    try {
      if (this._stamper.config.enabled && Array.isArray(spans)) out = this._stampBatch(spans);
    } catch (e) {
      out = spans;
      this._once.error('export', MESSAGES.INTERNAL_ERROR('export', e));
    }
    // The SDK expects exactly one result per export, even from an exporter that reports and then throws.
    let reported = false;
    const once = (result: ExportResultLike): void => {
      if (reported) return;
      reported = true;
      resultCallback(result);
    };
    try {
      this._exporter.export(out, once);
    } catch (e) {
      this._once.error('next.export', MESSAGES.NEXT_FAILED('export', e));
      once({ code: EXPORT_FAILED, error: e instanceof Error ? e : new Error('export threw a non-Error value') });
    }
  }

  async shutdown(): Promise<void> {
    this._stamper.tools.clear();
    try {
      await this._exporter.shutdown();
    } catch (e) {
      this._once.error('next.shutdown', MESSAGES.NEXT_FAILED('shutdown', e));
    }
  }

  async forceFlush(): Promise<void> {
    try {
      await this._exporter.forceFlush?.();
    } catch (e) {
      this._once.error('next.forceFlush', MESSAGES.NEXT_FAILED('forceFlush', e));
    }
  }

  private _stampBatch(spans: any[]): any[] {
    // Tools first: within a batch a run's tools may come after it.
    const runs: number[] = [];
    for (let i = 0; i < spans.length; i++) {
      const span = spans[i] as ReadableSpanLike;
      if (span === null || typeof span !== 'object') continue;
      try {
        const role = this._stamper.roleOf(span);
        if (role === 'tool') this._stamper.recordTool(span);
        else if (role === 'run') runs.push(i);
      } catch (e) {
        // One malformed span must not leave the rest of the batch unstamped.
        this._once.error('export.span', MESSAGES.INTERNAL_ERROR('export', e));
      }
    }
    let out: any[] | undefined;
    for (const i of runs) {
      const span = spans[i] as ReadableSpanLike;
      // Already stamped by an AgentFailureSpanProcessor upstream.
      if (span.attributes?.[ATTR_FAILURE_CLASSIFIER_VERSION] !== undefined) continue;
      let stamps;
      try {
        stamps = this._stamper.stampsFor(span);
      } catch (e) {
        this._once.error('export.span', MESSAGES.INTERNAL_ERROR('export', e));
        continue;
      }
      if (stamps === undefined) continue;
      out ??= spans.slice();
      out[i] = withAttributes(span, stamps);
    }
    return out ?? spans;
  }
}
