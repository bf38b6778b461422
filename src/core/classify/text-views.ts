/**
 * The evidence texts as the rules read them: bounded, de-duplicated, grouped by trust, and
 * each group in three forms (as given, escape-free, lower-cased).
 */
import type { FailureEvidence } from '../evidence.js';
import { boundText, stripAnsi } from '../text.js';

/** Some bounded evidence texts, joined, in three forms. */
export interface TextView {
  /** As given (user rules match on this). */
  raw: string;
  /** Escape-free, case-preserving form: excerpts are taken from it. */
  clean: string;
  /** `clean` lower-cased: the form built-in rules match on. */
  lower: string;
  /** Per built-in rule, its earliest keyword position in `lower` (-1: none, or vetoed); on first use. */
  ruleAt?: number[];
}

export interface Texts {
  /** Every text as given, joined: user rules match on this. */
  readonly raw: string;
  /** `raw` lower-cased, computed when a user rule needs it. */
  rawLower?: string;
  /**
   * The same texts by trust: what the host said (status, exception, error attributes, its
   * own messages), then the agent's stderr, then its stdout. Rules read the groups in this
   * order, so log noise in a tail never outranks the error the host recorded.
   */
  groups: TextView[];
  /** What the host said, when anything. */
  host: TextView | undefined;
  /** The agent's stdout, when given: its own output, which may discuss errors. */
  stdout: TextView | undefined;
  /** What user regexes read in this classification (see user-rule-engine.ts), built on first use. */
  userRegex?: { window: string; windowLower?: string; budget: number; exhausted: boolean };
}

export function textView(parts: readonly string[]): TextView {
  const raw = parts.length === 1 ? parts[0]! : parts.join('\n');
  const clean = stripAnsi(raw);
  return { raw, clean, lower: clean.toLowerCase() };
}

/** All texts together are bounded too: at most this many times the per-field bound. */
const TOTAL_TEXT_FACTOR = 4;

export function collectTexts(ev: FailureEvidence, max: number): Texts {
  const parts: string[] = [];
  const host: string[] = [];
  const stderr: string[] = [];
  const stdout: string[] = [];
  let budget = max * TOTAL_TEXT_FACTOR;
  const add = (value: unknown, keep: 'head' | 'tail' = 'head', group: string[] = host): void => {
    if (typeof value !== 'string' || value.length === 0 || budget <= 0) return;
    const part = boundText(value, Math.min(max, budget), keep);
    // Hosts often copy one error into the status, the exception and error.message: read it once.
    if (parts.includes(part)) return;
    budget -= part.length;
    parts.push(part);
    group.push(part);
  };
  add(ev.statusMessage);
  if (typeof ev.exceptionType === 'string' && typeof ev.exceptionMessage === 'string') {
    add(`${boundText(ev.exceptionType, 256)}: ${boundText(ev.exceptionMessage, max)}`);
  } else {
    add(ev.exceptionType);
    add(ev.exceptionMessage);
  }
  add(ev.errorType);
  add(ev.errorMessage);
  if (Array.isArray(ev.texts)) {
    for (let i = 0; i < ev.texts.length && i < 16; i++) add(ev.texts[i]);
  }
  add(ev.stderrTail, 'tail', stderr);
  add(ev.stdoutTail, 'tail', stdout);
  const hostView = host.length > 0 ? textView(host) : undefined;
  const stderrView = stderr.length > 0 ? textView(stderr) : undefined;
  const stdoutView = stdout.length > 0 ? textView(stdout) : undefined;
  const groups = [hostView, stderrView, stdoutView].filter((g): g is TextView => g !== undefined);
  // Only user rules read every text joined: it is built on first read, not on every classification.
  let raw = groups.length === 1 ? (groups[0] as TextView).raw : undefined;
  return {
    get raw(): string {
      return (raw ??= parts.join('\n'));
    },
    groups,
    host: hostView,
    stdout: stdoutView,
  };
}

// A line that says an attempt failed and another follows: "Retrying in 5s", "attempt 2/3",
// "attempt 1 failed", "will retry", "(retry 2/5)". Not "please retry in 15s": that is advice.
// The pattern is the marker alone; the line around it is found with indexOf, so a long line
// is read once (a `[^\n]*` around the marker would rescan the line from every start position).
/** @internal The Collector generator compiles the same pattern (it is RE2 too). */
export const RETRY_MARKER =
  /\bretrying\b|\battempt #?\d{1,3}(?: ?\/ ?| of )\d{1,3}|\battempt #?\d{1,3} failed|\bwill retry\b|\(retry \d{1,3} ?\/ ?\d{1,3}\)/g;

/** Retry lines read at most: the last of them ends the context. */
const MAX_RETRY_LINES = 64;

/**
 * When a text shows retries, the part after the last retry line: the final failure, which
 * decides (earlier attempts are context). Undefined when the text shows no retry, or nothing
 * follows the last one. Only the first 64 lines holding a retry marker are read.
 */
// One regex pass: V8's `includes` with a short needle is ~3x slower on a 2 KiB text, twice.
const MAY_RETRY = /retr|attempt/;

export function afterLastRetry(view: TextView): TextView | undefined {
  const { lower } = view;
  if (!MAY_RETRY.test(lower)) return undefined;
  RETRY_MARKER.lastIndex = 0;
  let end = -1;
  for (let i = 0; i < MAX_RETRY_LINES; i++) {
    const m = RETRY_MARKER.exec(lower);
    if (m === null) break;
    // The retry line ends at the next newline; the search goes on from there.
    const lineEnd = lower.indexOf('\n', m.index);
    end = lineEnd === -1 ? lower.length : lineEnd;
    RETRY_MARKER.lastIndex = end;
  }
  if (end === -1 || end >= lower.length - 1) return undefined;
  const tail = view.clean.length === lower.length ? view.clean.slice(end + 1) : lower.slice(end + 1);
  return tail.trim() === '' ? undefined : textView([tail]);
}
