/**
 * Values whose NAME says they are secret: `key=value`, `"key": "value"`, `Key: value`
 * headers, `--flag value`, env-style `DB_PASS=…`, URL-encoded `api_key%3D…`. The value is
 * masked up to its real end: a quoted value to its closing quote (escaped quotes, also
 * JSON-escaped ones, stay inside), an unquoted one to whitespace, `,`, `&` or `}`; a
 * header's `scheme credential` pair as a whole; a cookie header to the end of its line.
 */
import { REDACTED } from './marker.js';
import { ASSIGNMENT, LONG_FLAG, SHORT_USER_FLAG } from './patterns.js';
import { KNOWN_SCHEMES, VALUE_NAMES, isHarmlessValue, isSensitiveName, looksLikeCredential, nameSensitivity, words } from './names.js';
import { rewriteMatches } from './rewrite.js';

interface Span {
  start: number;
  end: number;
  quoted: boolean;
}

type ValueMode = 'value' | 'shell' | 'line';

function isSpace(ch: string | undefined): boolean {
  return ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r';
}

/** Where the value starting at `at` ends (a quoted one is looked for within `reach` characters). */
function valueSpan(text: string, at: number, mode: ValueMode, urlEncoded = false, reach = 2048): Span | undefined {
  const n = text.length;
  let i = at;
  let escapes = 0;
  while (i < n && escapes < 8 && text[i] === '\\') {
    i++;
    escapes++;
  }
  const q = text[i];
  if (q === '"' || q === "'" || q === '`') {
    const start = i + 1;
    const limit = Math.min(n, start + reach);
    let from = start;
    while (from < limit) {
      const close = text.indexOf(q, from);
      if (close === -1 || close >= limit) break;
      let before = 0;
      while (before < 16 && close - before - 1 >= start && text[close - before - 1] === '\\') before++;
      // Unescaped at this level: an even run of backslashes in a plain string, at most as many
      // as opened it in an escaped one (`\"…\"`, `\\\"…\\\"`).
      if (escapes === 0 ? before % 2 === 0 : before <= escapes) {
        return { start, end: escapes === 0 ? close : close - before, quoted: true };
      }
      from = close + 1;
    }
    // No closing quote: everything to the end of the line is the value.
    let end = text.indexOf('\n', start);
    if (end === -1 || end > limit) end = limit;
    return end > start ? { start, end, quoted: true } : undefined;
  }
  const start = at;
  const limit = Math.min(n, start + 1024);
  let end = start;
  while (end < limit) {
    const ch = text[end]!;
    if (ch === '\n' || ch === '\r') break;
    if (mode === 'line') {
      if (ch === '"') break;
    } else if (isSpace(ch)) {
      break;
    } else if (mode === 'value') {
      if (ch === ',' || ch === '&' || ch === '}') break;
      if (urlEncoded && ch === '%' && isUrlEncodedStop(text, end)) break;
    }
    end++;
  }
  // Closing punctuation of the sentence around it (`f(api_key=x)`.) is not part of the value.
  for (let k = 0; k < 3 && end - start > 1 && mode === 'value' && ').`]\'"'.includes(text[end - 1]!); k++) end--;
  return end > start ? { start, end, quoted: false } : undefined;
}

function startsQuoted(text: string, at: number): boolean {
  let i = at;
  while (i < text.length && i - at < 8 && text[i] === '\\') i++;
  return text[i] === '"' || text[i] === "'" || text[i] === '`';
}

/** %26 (&), %2C (,), %20 (space), %22 ("), %7D (}), also double-encoded (%2526). */
function isUrlEncodedStop(text: string, at: number): boolean {
  let code = text.slice(at + 1, at + 3).toUpperCase();
  if (code === '25') code = text.slice(at + 3, at + 5).toUpperCase();
  return code === '26' || code === '2C' || code === '20' || code === '22' || code === '7D';
}

/** The next whitespace-separated token after `at` (within a few spaces), for `scheme credential`. */
function nextToken(text: string, at: number): Span | undefined {
  let i = at;
  while (i < text.length && i - at < 4 && (text[i] === ' ' || text[i] === '\t')) i++;
  if (i === at || i >= text.length) return undefined;
  return valueSpan(text, i, 'value');
}

function looksLikeScheme(token: string): boolean {
  if (token.length < 2 || token.length > 24) return false;
  if (token.toLowerCase() === 'aws4-hmac-sha256') return true;
  for (const ch of token) if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch === '-')) return false;
  return true;
}

/** Header-like names, whose value may be `scheme credential`. */
function takesScheme(name: string): boolean {
  const ws = words(name);
  const compact = ws.join('');
  return compact.includes('authorization') || ws.includes('auth') || compact.endsWith('key') || compact.endsWith('token');
}

function isCookieName(name: string): boolean {
  return words(name).join('').endsWith('cookie');
}

/** The value span to mask for a sensitive name, or undefined when there is none. */
function secretSpan(text: string, name: string, at: number, mode: ValueMode, urlEncoded: boolean, weak: boolean): Span | undefined {
  const v = valueSpan(text, at, isCookieName(name) ? 'line' : mode, urlEncoded);
  if (v === undefined) return undefined;
  const value = text.slice(v.start, v.end);
  if (text.startsWith(REDACTED, v.start) || isHarmlessValue(name, value)) return undefined;
  let span = v;
  if (!v.quoted && takesScheme(name) && looksLikeScheme(value)) {
    const credential = nextToken(text, v.end);
    if (credential !== undefined) {
      if (text.startsWith(REDACTED, credential.start)) return undefined;
      const known = KNOWN_SCHEMES.has(value.toLowerCase());
      span = { start: known ? credential.start : v.start, end: credential.end, quoted: false };
    }
  }
  if (weak && !looksLikeCredential(text.slice(span.start, span.end))) return undefined;
  return span;
}

/** Masks the values of sensitive assignments, headers and long flags. */
export function maskNamedValues(text: string): string {
  let out = '';
  let last = 0;
  let pendingUntil = -1;
  const re = ASSIGNMENT;
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    const name = m[2]!;
    const sep = m[4]!;
    const sepEnd = m.index + m[0].length;
    let at = sepEnd;
    while (at < text.length && at - sepEnd < 8 && (text[at] === ' ' || text[at] === '\t')) at++;
    // The next candidate may start with this one's last character (`a=password=x`).
    re.lastIndex = sepEnd - 1;
    const urlEncoded = sep.startsWith('%');
    let sensitivity = nameSensitivity(name);
    if (sensitivity === 'none' && pendingUntil >= m.index && VALUE_NAMES.has(name.toLowerCase())) sensitivity = 'strong';
    if (sensitivity === 'none') {
      // {"name":"DB_PASSWORD","value":"…"}: the value named by a sensitive name is a secret.
      const v = startsQuoted(text, at) ? valueSpan(text, at, 'value', urlEncoded, 66) : undefined;
      if (v?.quoted && v.end - v.start <= 64) {
        const value = text.slice(v.start, v.end);
        if (!value.includes(' ') && isSensitiveName(value)) pendingUntil = v.end + 48;
      }
      continue;
    }
    const v = secretSpan(text, name, at, 'value', urlEncoded, sensitivity === 'weak');
    if (v === undefined || v.start < last) continue;
    out += text.slice(last, v.start) + REDACTED;
    last = v.end;
    re.lastIndex = Math.max(re.lastIndex, v.end);
  }
  const masked = last === 0 ? text : out + text.slice(last);
  return maskFlags(masked);
}

function maskFlags(text: string): string {
  let out = text;
  if (out.includes('--')) {
    const source = out;
    out = rewriteMatches(source, LONG_FLAG, (m, from) => {
      const name = m[2]!.toLowerCase();
      const at = m.index + m[0].length;
      LONG_FLAG.lastIndex = at - 1;
      if (source[at] === '-' || name.startsWith('no-')) return undefined;
      let v: Span | undefined;
      if (name === 'user' || name === 'proxy-user') {
        const u = valueSpan(source, at, 'shell');
        const colon = u === undefined ? -1 : source.indexOf(':', u.start);
        if (u !== undefined && colon !== -1 && colon < u.end - 1) v = { start: colon + 1, end: u.end, quoted: u.quoted };
      } else {
        const sensitivity = nameSensitivity(name);
        if (sensitivity !== 'none') v = secretSpan(source, name, at, 'shell', false, sensitivity === 'weak');
      }
      return v === undefined || v.start < from ? undefined : [v.start, v.end, REDACTED];
    });
  }
  if (out.includes('-u')) {
    SHORT_USER_FLAG.lastIndex = 0;
    out = out.replace(SHORT_USER_FLAG, (all: string, _lead: string, _user: string, pass: string) =>
      pass.startsWith(REDACTED) ? all : `${all.slice(0, all.length - pass.length)}${REDACTED}`,
    );
  }
  return out;
}
