/**
 * Bounded memory of tool activity per agent run. Tool spans end before their run, so
 * their side effects are remembered under the run's span id until the run ends. The
 * map is capped (oldest entries go first) and entries expire after a maximum age: a
 * service creating millions of spans, or runs that never end, cannot grow it without bound.
 * A run that started before an eviction may have lost its record: its activity is then
 * unknown, which counts as a side-effecting tool (never retry-safe).
 */
import type { ToolActivity } from './evidence.js';

interface Entry extends ToolActivity {
  at: number;
}

/** Activity of a run whose record may have been evicted: assume the worst. */
const UNKNOWN_ACTIVITY: ToolActivity = Object.freeze({ toolsRan: true, sideEffecting: true });

export class ToolActivityTracker {
  private readonly _entries = new Map<string, Entry>();
  /** When an entry was last dropped for space or age; -Infinity when never. */
  private _lastEvictionAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly _maxEntries: number,
    private readonly _maxAgeMs: number,
    private readonly _now: () => number = Date.now,
  ) {}

  /** Number of runs currently tracked. */
  get size(): number {
    return this._entries.size;
  }

  /** Remembers that a tool ran under the run `runKey`. */
  record(runKey: string, sideEffecting: boolean): void {
    const now = this._now();
    if (this._maxEntries <= 0) {
      // Tracking is off: the record is dropped, exactly as if it had been evicted.
      this._lastEvictionAt = now;
      return;
    }
    const existing = this._entries.get(runKey);
    if (existing) {
      existing.toolsRan = true;
      existing.sideEffecting ||= sideEffecting;
      return;
    }
    this._evict(now);
    this._entries.set(runKey, { toolsRan: true, sideEffecting, at: now });
  }

  /**
   * Returns and forgets the activity of a run that ended.
   * @param runStartMs when the run started (epoch ms); a run older than the last eviction
   *   may have lost its record, so its activity is reported as unknown (side-effecting)
   */
  take(runKey: string, runStartMs: number = Number.NEGATIVE_INFINITY): ToolActivity | undefined {
    const entry = this._entries.get(runKey);
    if (entry === undefined) {
      const mayHaveLostIt = this._lastEvictionAt !== Number.NEGATIVE_INFINITY && this._lastEvictionAt >= runStartMs;
      return mayHaveLostIt ? UNKNOWN_ACTIVITY : undefined;
    }
    this._entries.delete(runKey);
    return entry;
  }

  clear(): void {
    this._entries.clear();
    this._lastEvictionAt = Number.NEGATIVE_INFINITY;
  }

  private _evict(now: number): void {
    // Map iteration is in insertion order: the first entries are the oldest.
    for (const [key, entry] of this._entries) {
      if (this._entries.size < this._maxEntries && now - entry.at <= this._maxAgeMs) break;
      this._entries.delete(key);
      this._lastEvictionAt = now;
    }
  }
}
