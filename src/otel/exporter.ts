/**
 * AgentFailureSpanExporter: the same stamping for setups that only take an exporter
 * (NodeSDK's `traceExporter`, @vercel/otel's `traceExporter`). Spans arrive already
 * ended, so each agent run is handed on as a view with the stamps merged in.
 */
import { callNextAsync, MESSAGES, OnceLogger } from './diag.js';
import type { ReadableSpanLike } from './span-shape.js';
import { withAttributes } from './span-view.js';
import { stamperFromOptions, type FailureStamper, type StamperOptions } from './stamper.js';

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

export type AgentFailureSpanExporterOptions = StamperOptions;

/** `ExportResultCode.FAILED`. */
const EXPORT_FAILED = 1;

/**
 * Wraps a SpanExporter and stamps failure attributes on agent-run spans on their way out.
 * Tool spans in the same or an earlier batch count toward their run's `retry.safe`.
 */
export class AgentFailureSpanExporter implements SpanExporterLike {
  private readonly _exporter: SpanExporterLike;
  private readonly _once = new OnceLogger();
  private readonly _stamper: FailureStamper;

  /**
   * @param exporter the exporter that sends spans on (e.g. `OTLPTraceExporter`)
   * @param options typed options; each falls back to its `AGENT_FAILURE_*` variable, then the default
   */
  constructor(exporter: SpanExporterLike, options: AgentFailureSpanExporterOptions = {}) {
    this._exporter = exporter;
    this._stamper = stamperFromOptions(options, this._once);
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

  shutdown(): Promise<void> {
    this._stamper.tools.clear();
    return callNextAsync(this._once, 'shutdown', () => this._exporter.shutdown());
  }

  forceFlush(): Promise<void> {
    return callNextAsync(this._once, 'forceFlush', () => this._exporter.forceFlush?.());
  }

  /** Tools first (within a batch a run's tools may come after it), then the runs. */
  private _stampBatch(spans: any[]): any[] {
    const runs: number[] = [];
    for (let i = 0; i < spans.length; i++) {
      const span = spans[i] as ReadableSpanLike;
      if (span === null || typeof span !== 'object') continue;
      // One malformed span must not leave the rest of the batch unstamped.
      this._guard(() => {
        const role = this._stamper.roleOf(span);
        if (role === 'tool') this._stamper.recordTool(span);
        else if (role === 'run') runs.push(i);
      });
    }
    let out: any[] | undefined;
    for (const i of runs) {
      const span = spans[i] as ReadableSpanLike;
      this._guard(() => {
        const stamps = this._stamper.endRun(span);
        if (stamps === undefined) return;
        out ??= spans.slice();
        out[i] = withAttributes(span, stamps);
      });
    }
    return out ?? spans;
  }

  private _guard(work: () => void): void {
    try {
      work();
    } catch (e) {
      this._once.error('export.span', MESSAGES.INTERNAL_ERROR('export', e));
    }
  }
}
