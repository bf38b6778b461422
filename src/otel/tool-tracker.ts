/**
 * Bounded memory of tool activity per trace. A tool span ends before the run that called
 * it, so the processor remembers, per trace, when the latest tool (and the latest
 * side-effecting tool) started; a run then counts every tool of its trace that started
 * after it did — direct children, tools under an intermediate LLM span, tools of a
 * sub-agent. (A sibling run's tools may count too: that errs toward "not retry-safe".)
 *
 * The latest failed tool's error is kept too (bounded): when the run's failure text repeats it,
 * the tool is who failed.
 *
 * The map is capped (oldest traces go first) and entries expire after a maximum age, so a
 * service creating millions of spans, or runs that never end, cannot grow it without
 * bound. A trace whose record was dropped is remembered (in a bounded set) as unknown,
 * which counts as a side-effecting tool.
 */
import type { ToolActivity } from './tool-activity.js';

interface TraceTools {
  /** Start (epoch ms) of the latest tool, and of the latest side-effecting tool. */
  latestTool: number;
  latestSideEffect: number;
  /** The latest tool that failed: when it started, and its error (bounded). */
  failedTool?: { start: number; error: string };
  /** When the record was created, for expiry. */
  at: number;
}

/** Activity of a run whose record may have been dropped: assume the worst. */
const UNKNOWN_ACTIVITY: ToolActivity = Object.freeze({ toolsRan: true, sideEffecting: true });

export class ToolActivityTracker {
  private readonly _traces = new Map<string, TraceTools>();
  /** Traces whose record was dropped for space or age (bounded, oldest forgotten first). */
  private readonly _dropped = new Set<string>();

  constructor(
    private readonly _maxEntries: number,
    private readonly _maxAgeMs: number,
    private readonly _now: () => number = Date.now,
  ) {}

  /** Number of traces currently tracked. */
  get size(): number {
    return this._traces.size;
  }

  /**
   * Remembers that a tool ran in a trace.
   * @param toolStartMs when the tool started (epoch ms); unknown counts as "after every run"
   * @param error the tool's error when it failed (bounded by the caller)
   */
  record(traceId: string, toolStartMs: number, sideEffecting: boolean, error?: string): void {
    const start = Number.isFinite(toolStartMs) ? toolStartMs : Number.POSITIVE_INFINITY;
    const existing = this._traces.get(traceId);
    if (existing) {
      existing.latestTool = Math.max(existing.latestTool, start);
      if (sideEffecting) existing.latestSideEffect = Math.max(existing.latestSideEffect, start);
      if (error !== undefined && (existing.failedTool === undefined || start >= existing.failedTool.start)) {
        existing.failedTool = { start, error };
      }
      return;
    }
    const now = this._now();
    if (this._maxEntries <= 0) {
      // Tracking is off: the record is dropped, exactly as if it had been evicted.
      this._drop(traceId);
      return;
    }
    this._evict(now);
    const entry: TraceTools = { latestTool: start, latestSideEffect: sideEffecting ? start : Number.NEGATIVE_INFINITY, at: now };
    if (error !== undefined) entry.failedTool = { start, error };
    this._traces.set(traceId, entry);
  }

  /**
   * A run ended: the tool activity of its trace since the run started. When the run is its
   * trace's root, the trace is over and its record is released.
   * @param runStartMs when the run started (epoch ms); unknown counts every tool of the trace
   */
  endRun(traceId: string, runStartMs: number, isRoot: boolean): ToolActivity | undefined {
    const activity = this._activitySince(traceId, runStartMs);
    if (isRoot) this._traces.delete(traceId);
    return activity;
  }

  clear(): void {
    this._traces.clear();
    this._dropped.clear();
  }

  private _activitySince(traceId: string, runStartMs: number): ToolActivity | undefined {
    if (this._dropped.has(traceId)) return UNKNOWN_ACTIVITY;
    const entry = this._traces.get(traceId);
    if (entry === undefined) return undefined;
    const since = Number.isFinite(runStartMs) ? runStartMs : Number.NEGATIVE_INFINITY;
    if (entry.latestTool < since) return undefined;
    const activity: ToolActivity = { toolsRan: true, sideEffecting: entry.latestSideEffect >= since };
    // Only a failed tool that was the run's last: a tool that failed and was followed by others
    // is a failure the agent went past, not what ended the run.
    const failed = entry.failedTool;
    if (failed !== undefined && failed.start >= since && failed.start >= entry.latestTool) activity.failedToolError = failed.error;
    return activity;
  }

  private _drop(traceId: string): void {
    if (this._dropped.size >= Math.max(this._maxEntries, 1024)) {
      const oldest = this._dropped.values().next().value;
      if (oldest !== undefined) this._dropped.delete(oldest);
    }
    this._dropped.add(traceId);
  }

  private _evict(now: number): void {
    // Map iteration is in insertion order: the first entries are the oldest.
    for (const [key, entry] of this._traces) {
      if (this._traces.size < this._maxEntries && now - entry.at <= this._maxAgeMs) break;
      this._traces.delete(key);
      this._drop(key);
    }
  }
}
