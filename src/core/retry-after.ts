/**
 * When does the evidence say a retry may succeed? Providers say it in several shapes:
 * a `retry-after` header value in seconds, "Please try again in 1m30s" (OpenAI),
 * "Please retry in 27.8s" / `"retryDelay": "27s"` (Gemini), "retry after 6 seconds"
 * (Azure OpenAI), an epoch reset time ("usage limit reached|1750000000", Claude Code)
 * or an ISO timestamp (`anthropic-ratelimit-*-reset`).
 */

/** Upper bound for `retryAfterMs`: beyond a day the value says "not soon", not "when". */
export const MAX_RETRY_AFTER_MS = 24 * 60 * 60 * 1000;

const UNIT_MS: Readonly<Record<string, number>> = {
  ms: 1,
  millisecond: 1,
  milliseconds: 1,
  s: 1000,
  sec: 1000,
  secs: 1000,
  second: 1000,
  seconds: 1000,
  m: 60_000,
  min: 60_000,
  mins: 60_000,
  minute: 60_000,
  minutes: 60_000,
  h: 3_600_000,
  hr: 3_600_000,
  hrs: 3_600_000,
  hour: 3_600_000,
  hours: 3_600_000,
};

// "try again in 1m30s", "retry in 27.845s", "retry after 6 seconds", "retry-after: 30", "retryDelay": "27s"
const RELATIVE =
  /(?:try again in|retry in|retry after|retry-after|retry_after|retrydelay|retry delay|wait)["']?\s{0,3}[:=]?\s{0,3}["']?((?:\d{1,7}(?:\.\d{1,6})?\s{0,2}(?:milliseconds?|ms|seconds?|secs?|s|minutes?|mins?|m|hours?|hrs?|h)?\s{0,2}){1,4})/i;
const DURATION_PART = /(\d{1,7}(?:\.\d{1,6})?)\s{0,2}(milliseconds?|ms|seconds?|secs?|s|minutes?|mins?|m|hours?|hrs?|h)?/gi;
// Claude Code: "Claude AI usage limit reached|1750000000"; also "resets at <epoch>".
const EPOCH_RESET = /(?:limit reached\||reset(?:s)?(?: at)?[:=]?\s{0,3}["']?)(1\d{12}|1\d{9})(?:\D|$)/i;
// anthropic-ratelimit-requests-reset: 2024-05-20T12:00:00Z; "resets at 2025-01-01T00:00:00Z".
const ISO_RESET = /reset(?:s)?[^0-9\n]{0,20}(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2}))/i;

function clamp(ms: number): number | undefined {
  if (!Number.isFinite(ms) || ms < 0) return undefined;
  return Math.min(Math.round(ms), MAX_RETRY_AFTER_MS);
}

function parseDuration(spec: string, defaultUnitMs: number): number | undefined {
  let total = 0;
  let matched = false;
  DURATION_PART.lastIndex = 0;
  for (let m = DURATION_PART.exec(spec); m !== null; m = DURATION_PART.exec(spec)) {
    const value = Number(m[1]);
    const unit = m[2]?.toLowerCase();
    total += value * (unit ? (UNIT_MS[unit] ?? defaultUnitMs) : defaultUnitMs);
    matched = true;
  }
  return matched ? total : undefined;
}

const RELATIVE_FROM = new RegExp(RELATIVE.source, 'gi');

// The words the patterns start with, each set as one regex: the leftmost match is the
// earliest of the words, in one pass (V8's indexOf with a short needle is ~3x slower, per word).
const RELATIVE_WORDS = /again|retry|wait/;
const RESET_WORDS = /reset|limit reached\|/;

/**
 * Milliseconds until a retry may succeed, or undefined when the text does not say.
 * Absolute reset times are measured from `nowMs`; the result is clamped to [0, 24 h].
 */
export function parseRetryAfterMs(text: string, nowMs: number = Date.now()): number | undefined {
  return retryAfterInLowerCase(text.toLowerCase(), nowMs);
}

/**
 * The same on a text already lower-cased (the classifier's views are): lower-casing a
 * lower-case string copies it again.
 */
export function retryAfterInLowerCase(lower: string, nowMs: number): number | undefined {
  // Each pattern starts with one of these words: skip the regexes when none occurs, and
  // start the relative one where the first occurs.
  const relativeAt = lower.search(RELATIVE_WORDS);
  const mayBeReset = RESET_WORDS.test(lower);
  if (relativeAt === -1 && !mayBeReset) return undefined;
  let relative: RegExpExecArray | null = null;
  if (relativeAt !== -1) {
    RELATIVE_FROM.lastIndex = Math.max(0, relativeAt - 8);
    relative = RELATIVE_FROM.exec(lower);
  }
  if (relative?.[1]) {
    // A bare number after "retry-after" is seconds, as in the HTTP header.
    const ms = parseDuration(relative[1], 1000);
    if (ms !== undefined) return clamp(ms);
  }
  const epoch = EPOCH_RESET.exec(lower);
  if (epoch?.[1]) {
    const n = Number(epoch[1]);
    const atMs = epoch[1].length > 10 ? n : n * 1000;
    return clamp(atMs - nowMs);
  }
  const iso = ISO_RESET.exec(lower);
  if (iso?.[1]) {
    const atMs = Date.parse(iso[1].toUpperCase());
    if (!Number.isNaN(atMs)) return clamp(atMs - nowMs);
  }
  return undefined;
}
