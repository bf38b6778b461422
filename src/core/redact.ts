/**
 * Redaction of secrets and personal data from excerpts we stamp on spans.
 *
 * A blocklist of key formats always trails reality, so redaction works by classes:
 *   1. control and invisible characters are removed first, so nothing splits a key;
 *   2. values whose NAME is sensitive (password, token, api_key, Authorization, Cookie,
 *      DB_PASS, --password, api_key%3D…) are masked to their real end (redact/names.ts);
 *   3. shapes: PEM keys, URL userinfo and query strings, webhook paths, e-mail addresses,
 *      home directories on every OS, `scheme credential` pairs (redact/shapes.ts);
 *   4. any long run of token characters that looks random is masked, whatever its format
 *      (redact/entropy.ts).
 * Every pattern is linear (RE2 subset, bounded repetitions, no nested quantifiers; see
 * redact/patterns.ts) and the input is bounded before any of them runs.
 */
import { maskRandomTokens } from './redact/entropy.js';
import { removeInvisible, toWellFormed } from './redact/invisible.js';
import { REDACTED } from './redact/marker.js';
import { maskNamedValues } from './redact/named-values.js';
import { maskBareUserinfo, maskEmails, maskHomes, maskKnownShapes, maskPem, maskSchemeCredentials, maskUrls } from './redact/shapes.js';
import { stripAnsi } from './text.js';

/** Default maximum length of `failure.detail`. */
export const DEFAULT_MAX_DETAIL_LENGTH = 240;

// Whether any of a step's substrings occurs, each set as one regex: one pass instead of one
// `includes` per substring (V8's `includes` with a short needle is ~3x slower than a regex).
const URL_GUARD = /:\\?\//;
const NAMED_VALUE_GUARD = /[:=]|%3|--|-u/;
const SCHEME_GUARD = /bearer|basic|digest|token|apikey|api-key|ssws|sharedkey/;

// Strings `redactSecrets` was seen to return unchanged. It is deterministic, so running it on
// one of them again is a no-op: the detail made from an excerpt that redaction left whole and
// unchanged (most log lines) skips the second run. Redaction in general is not idempotent (a
// cut excerpt, or text next to a marker, can read differently), so only these are skipped.
// Bounded: starts over when full.
const unchangedByRedaction = new Set<string>();
const UNCHANGED_MEMO_SIZE = 64;

/** Forgets the strings remembered as unchanged by redaction (tests compare with and without). @internal */
export function forgetUnchangedByRedaction(): void {
  unchangedByRedaction.clear();
}

/** Replaces secrets, emails, URL query strings and home-directory user names. */
export function redactSecrets(text: string): string {
  let out = removeInvisible(text);
  let lower = out.toLowerCase();
  // Each step runs only when a substring it needs occurs: most texts hold no URL or email.
  if (lower.includes('-----begin')) out = maskPem(out, lower);
  if (URL_GUARD.test(lower)) out = maskUrls(out);
  if (out.includes('@')) out = maskBareUserinfo(out);
  if (NAMED_VALUE_GUARD.test(lower)) out = maskNamedValues(out);
  lower = out.toLowerCase();
  if (SCHEME_GUARD.test(lower)) out = maskSchemeCredentials(out);
  out = maskKnownShapes(out, lower);
  if (out.includes('@')) out = maskEmails(out);
  out = maskHomes(out, lower);
  return maskRandomTokens(out);
}

/** Makes text safe to export: well-formed UTF-16, no escape, control or invisible characters. */
export function cleanText(text: string): string {
  return toWellFormed(removeInvisible(stripAnsi(text)));
}

/**
 * A short, safe excerpt for `failure.detail`: cleaned, redacted, whitespace folded,
 * at most `maxLength` characters (an ellipsis marks a cut).
 */
export function sanitizeDetail(text: string, maxLength: number = DEFAULT_MAX_DETAIL_LENGTH): string {
  if (maxLength <= 0) return '';
  // Redact on a window larger than what we keep, so a cut never splits a secret into a leak;
  // a window cut inside a word drops that word (folded whitespace may bring it into view).
  const limit = maxLength * 4 + 512;
  let window = text;
  if (text.length > limit) {
    let cut = limit;
    while (cut > limit - 256 && !isSpaceCode(text.charCodeAt(cut)) && !isSpaceCode(text.charCodeAt(cut - 1))) cut--;
    window = text.slice(0, cut);
  }
  const clean = cleanText(window);
  let out = foldSpaces(clean === window && unchangedByRedaction.has(clean) ? clean : redactSecrets(clean));
  if (out.length > maxLength) {
    out = out.slice(0, Math.max(0, maxLength - 1));
    // Do not end inside a surrogate pair, nor inside a marker ("[REDAC…" reads as a secret).
    const code = out.charCodeAt(out.length - 1);
    if (code >= 0xd800 && code <= 0xdbff) out = out.slice(0, -1);
    const open = out.lastIndexOf('[');
    if (open !== -1 && out.length - open < REDACTED.length && REDACTED.startsWith(out.slice(open))) out = out.slice(0, open);
    out += '…';
  }
  return out;
}

/** Whether a UTF-16 code unit is whitespace (the set `\\s` matches). */
function isSpaceCode(c: number): boolean {
  return (
    (c >= 0x09 && c <= 0x0d) ||
    c === 0x20 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** Collapses whitespace runs to one space and trims. */
function foldSpaces(text: string): string {
  let out = '';
  let from = 0;
  let pendingSpace = false;
  for (let i = 0; i <= text.length; i++) {
    if (i < text.length && !isSpaceCode(text.charCodeAt(i))) continue;
    if (i > from) {
      if (pendingSpace) out += ' ';
      out += text.slice(from, i);
      pendingSpace = false;
    }
    if (out.length > 0) pendingSpace = true;
    from = i + 1;
  }
  return out;
}

/**
 * The excerpt of `text` around a match at [start, end): the line holding it, widened to
 * at most `radius` characters either side. Cut edges drop the partial word so a secret
 * cut in half cannot slip past redaction.
 */
export function excerptAround(text: string, start: number, end: number, radius: number): string {
  // Redact a window wider than the excerpt first: a cut must never separate a key from its
  // secret value ("password: hunter2") and leave the value unrecognisable.
  const lineStart = text.lastIndexOf('\n', start) + 1;
  let lineEnd = text.indexOf('\n', end);
  if (lineEnd === -1) lineEnd = text.length;
  const margin = radius + 256;
  const windowStart = Math.max(lineStart, start - margin);
  const windowEnd = Math.min(lineEnd, end + margin);
  const match = removeInvisible(text.slice(start, end));
  const slice = text.slice(windowStart, windowEnd);
  const window = redactSecrets(slice);
  if (window === slice) {
    if (unchangedByRedaction.size >= UNCHANGED_MEMO_SIZE) unchangedByRedaction.clear();
    unchangedByRedaction.add(slice);
  }
  // Redaction may shorten the text before the match: look for it near where it was, then anywhere.
  let at = match.length > 0 ? window.indexOf(match, Math.max(0, start - windowStart - 64)) : -1;
  if (at === -1 && match.length > 0) at = window.indexOf(match);
  if (at === -1) at = Math.min(start - windowStart, window.length);
  const atEnd = Math.min(window.length, at + match.length);
  let from = 0;
  let to = window.length;
  let cutHead = windowStart > lineStart;
  let cutTail = windowEnd < lineEnd;
  if (at - from > radius) {
    from = at - radius;
    cutHead = true;
  }
  if (to - atEnd > radius) {
    to = atEnd + radius;
    cutTail = true;
  }
  let out = window.slice(from, to);
  if (cutHead) out = out.replace(/^\S{0,256}\s?/, '');
  if (cutTail) out = out.replace(/\s?\S{0,256}$/, '');
  return out;
}
