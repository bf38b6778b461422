/**
 * Bounded memory of tool activity per agent run. Tool spans end before their run, so
 * their side effects are remembered under the run's span id until the run ends. The
 * map is capped (oldest entries go first) and entries expire after a maximum age: a
 * service creating millions of spans, or runs that never end, cannot grow it without bound.
 */
import type { ToolActivity } from './evidence.js';

interface Entry extends ToolActivity {
  at: number;
}

export class ToolActivityTracker {
  private readonly _entries = new Map<string, Entry>();

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
    if (this._maxEntries <= 0) return;
    const now = this._now();
    const existing = this._entries.get(runKey);
    if (existing) {
      existing.toolsRan = true;
      existing.sideEffecting ||= sideEffecting;
      return;
    }
    this._evict(now);
    this._entries.set(runKey, { toolsRan: true, sideEffecting, at: now });
  }

  /** Returns and forgets the activity of a run that ended. */
  take(runKey: string): ToolActivity | undefined {
    const entry = this._entries.get(runKey);
    if (entry === undefined) return undefined;
    this._entries.delete(runKey);
    return entry;
  }

  clear(): void {
    this._entries.clear();
  }

  private _evict(now: number): void {
    // Map iteration is in insertion order: the first entries are the oldest.
    for (const [key, entry] of this._entries) {
      if (this._entries.size < this._maxEntries && now - entry.at <= this._maxAgeMs) break;
      this._entries.delete(key);
    }
  }
}
