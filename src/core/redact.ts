/**
 * Redaction of secrets and personal data from excerpts we stamp on spans.
 * Every pattern is linear (bounded repetitions, no nested quantifiers), and input is
 * bounded before any of them runs.
 */
import { stripAnsi } from './text.js';

/** Default maximum length of `failure.detail`. */
export const DEFAULT_MAX_DETAIL_LENGTH = 240;

const REDACTED = '[REDACTED]';

// Order matters: specific key shapes first, so their prefixes survive as a hint
// ("sk-ant-[REDACTED]" would still leak nothing, but a plain marker is simpler to read).
// Each pattern may name substrings (lower case) one of which must occur for it to run at all:
// most texts hold no email or URL, and a substring check is far cheaper than a regex scan.
const SECRET_PATTERNS: ReadonlyArray<readonly [RegExp, string, (readonly string[])?]> = [
  // PEM private keys, possibly cut short.
  [/-----BEGIN [A-Z ]{0,40}PRIVATE KEY-----[\s\S]{0,4096}?(?:-----END [A-Z ]{0,40}PRIVATE KEY-----|$)/gi, REDACTED, ['-----begin']],
  // Authorization headers and bearer/basic tokens.
  [/\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi, `$1 ${REDACTED}`, ['bearer', 'basic']],
  // JSON Web Tokens.
  [/\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{0,1024}/gi, REDACTED, ['eyj']],
  // Provider keys: Anthropic, OpenAI (incl. project/service keys), OpenRouter, Google, Groq, xAI, Hugging Face, Slack.
  [/\b(?:sk|rk|pk)-[A-Za-z0-9_-]{8,}/g, REDACTED, ['sk-', 'rk-', 'pk-']],
  [/\bAIza[0-9A-Za-z_-]{20,}/gi, REDACTED, ['aiza']],
  [/\b(?:gsk|xai|hf|xox[abprs])[_-][A-Za-z0-9_-]{10,}/g, REDACTED, ['gsk', 'xai', 'hf_', 'hf-', 'xox']],
  // GitHub tokens.
  [/\b(?:gh[pousr]_[A-Za-z0-9]{16,}|github_pat_[A-Za-z0-9_]{20,})/g, REDACTED, ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_', 'github_pat_']],
  // AWS access key ids and secret keys in key=value form.
  [
    /\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{12,20}\b/gi,
    REDACTED,
    ['akia', 'asia', 'agpa', 'aida', 'aroa', 'anpa', 'anva', 'aipa'],
  ],
  // key=value / "key": "value" secrets, also inside longer names (AWS_SECRET_ACCESS_KEY=…).
  [
    /((?:x-)?(?:api[_-]?key|access[_-]?key|secret(?:[_-]?access)?[_-]?key|secret|password|passwd|token|auth[_-]?token|access[_-]?token|refresh[_-]?token|session[_-]?token|authorization|client[_-]?secret))(["']?\s{0,16}[:=]\s{0,16}["']?)[^\s"',;&}]{3,}/gi,
    `$1$2${REDACTED}`,
    ['key', 'secret', 'password', 'passwd', 'token', 'authorization'],
  ],
  // Credentials in URLs: scheme://user:password@host.
  [/(\b[a-z][a-z0-9+.-]{1,16}:\/\/)[^\s/@"'<>]{1,256}@/gi, `$1${REDACTED}@`, ['://']],
  // Email addresses.
  [/[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){1,8}/g, '[EMAIL]', ['@']],
  // Query strings and fragments of URLs (tokens often travel there); keep scheme, host and path.
  [/(\b[a-z][a-z0-9+.-]{1,16}:\/\/[^\s?#"'<>]{1,2048})[?#][^\s"'<>]{0,4096}/gi, `$1?${REDACTED}`, ['://']],
  // Home directories: the user name is personal data.
  [/(^|[^A-Za-z0-9_])(?:\/home|\/Users)\/[^/\s"':]{1,128}/gi, '$1~', ['/home/', '/users/']],
  [/\/root(?=\/)/g, '~', ['/root/']],
  [
    /\b[A-Za-z]:\\{1,2}(?:Users|Documents and Settings)\\{1,2}[^\\\s"':]{1,128}/gi,
    '~',
    [':\\users', ':\\\\users', ':\\documents and settings', ':\\\\documents and settings'],
  ],
  // Long opaque tokens (unknown key formats): 32+ chars mixing letters and digits.
  [/\b(?=[A-Za-z0-9_-]{0,127}[0-9])(?=[A-Za-z0-9_-]{0,127}[A-Za-z])[A-Za-z0-9_-]{32,}/g, REDACTED],
];

// C0 controls except tab/newline, DEL, C1 controls.
const CONTROL_CHARS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** Replaces secrets, emails, URL query strings and home-directory user names. */
export function redactSecrets(text: string): string {
  let out = text;
  let lower = text.toLowerCase();
  for (const [pattern, replacement, guards] of SECRET_PATTERNS) {
    if (guards !== undefined && !guards.some((g) => lower.includes(g))) continue;
    const next = out.replace(pattern, replacement);
    if (next !== out) {
      out = next;
      lower = out.toLowerCase();
    }
  }
  return out;
}

/** Makes text safe to export: well-formed UTF-16, no escape or control characters. */
export function cleanText(text: string): string {
  const out = stripAnsi(text).replace(CONTROL_CHARS, ' ');
  return toWellFormed(out);
}

function toWellFormed(text: string): string {
  const s = text as string & { toWellFormed?: () => string };
  if (typeof s.toWellFormed === 'function') return s.toWellFormed();
  return text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}

/**
 * A short, safe excerpt for `failure.detail`: cleaned, redacted, whitespace folded,
 * at most `maxLength` characters (an ellipsis marks a cut).
 */
export function sanitizeDetail(text: string, maxLength: number = DEFAULT_MAX_DETAIL_LENGTH): string {
  if (maxLength <= 0) return '';
  // Redact on a window larger than what we keep, so a cut never splits a secret into a leak.
  const window = text.length > maxLength * 4 + 512 ? text.slice(0, maxLength * 4 + 512) : text;
  let out = redactSecrets(cleanText(window)).replace(/\s+/g, ' ').trim();
  if (out.length > maxLength) {
    out = out.slice(0, Math.max(0, maxLength - 1));
    // Do not end inside a surrogate pair.
    if (/[\ud800-\udbff]$/.test(out)) out = out.slice(0, -1);
    out += '…';
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
  const match = text.slice(start, end);
  const window = redactSecrets(text.slice(windowStart, windowEnd));
  let at = window.indexOf(match, Math.max(0, start - windowStart - 64));
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
