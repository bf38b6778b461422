/**
 * Secrets recognised by their shape rather than by a name: PEM private keys, URL userinfo,
 * query strings and webhook paths, `scheme credential` pairs, AWS key ids, JWTs, e-mail
 * addresses and home directories.
 */
import { EMAIL_MARKER, HOME_MARKER, REDACTED } from './marker.js';
import {
  AWS_KEY_ID,
  BARE_USERINFO,
  EMAIL,
  HOME_DIR,
  JWT,
  PEM_FOOTER,
  PEM_HEADER,
  ROOT_HOME,
  SCHEME_CREDENTIAL,
  URL_START,
} from './patterns.js';
import { rewriteMatches } from './rewrite.js';

/** PEM private keys, raw or JSON-escaped, with or without their footer. */
export function maskPem(text: string, lower: string): string {
  let at = lower.indexOf('-----begin');
  if (at === -1) return text;
  let out = '';
  let last = 0;
  while (at !== -1) {
    PEM_HEADER.lastIndex = at;
    const header = PEM_HEADER.exec(text);
    if (header === null) {
      at = lower.indexOf('-----begin', at + 10);
      continue;
    }
    let end: number;
    const footerAt = lower.indexOf('-----end', at + header[0].length);
    if (footerAt !== -1 && footerAt - at < 16384) {
      PEM_FOOTER.lastIndex = footerAt;
      const footer = PEM_FOOTER.exec(text);
      end = footerAt + (footer === null ? 8 : footer[0].length);
    } else {
      // Cut short: the body runs to the closing quote or the end of the text.
      const quote = text.indexOf('"', at + header[0].length);
      end = quote === -1 ? text.length : quote;
    }
    out += text.slice(last, at) + REDACTED;
    last = end;
    at = lower.indexOf('-----begin', end);
  }
  return out + text.slice(last);
}

const URL_STOP = ' \t\n\r"\'<>`';

function firstOf(s: string, chars: string, from = 0): number {
  for (let i = from; i < s.length; i++) if (chars.includes(s[i]!)) return i;
  return -1;
}

function isDigits(s: string): boolean {
  if (s.length === 0) return false;
  for (const ch of s) if (ch < '0' || ch > '9') return false;
  return true;
}

/**
 * One URL after its `scheme://`: userinfo masked (a password may hold `/`, `@` or `#`, so
 * the last `@` ends it), the query and fragment masked, a webhook's path masked.
 */
function redactUrlBody(t: string): string {
  let rest = t;
  let head = '';
  const firstAt = t.indexOf('@');
  if (firstAt !== -1) {
    let sep = firstOf(t, '/?#\\');
    if (sep === -1) sep = t.length;
    let userinfo = firstAt < sep;
    if (!userinfo) {
      // user:p/ss@host: a colon before the first slash that is not a port's.
      const colon = t.indexOf(':');
      userinfo = colon !== -1 && colon < sep && !isDigits(t.slice(colon + 1, sep));
    }
    if (userinfo) {
      head = `${REDACTED}@`;
      rest = t.slice(t.lastIndexOf('@') + 1);
    }
  }
  let hostEnd = firstOf(rest, '/?#\\');
  if (hostEnd === -1) hostEnd = rest.length;
  const host = rest.slice(0, hostEnd);
  const tail = rest.slice(hostEnd);
  const q = firstOf(tail, '?#');
  let path = q === -1 ? tail : tail.slice(0, q);
  let query = q === -1 ? '' : tail.slice(q);
  if (query.length > 1 && !query.startsWith(`?${REDACTED}`)) query = `${query[0]}${REDACTED}`;
  // Webhook URLs carry their secret in the path (hooks.slack.com/services/…, /api/webhooks/…).
  const lowerHost = host.toLowerCase();
  const lowerPath = path.toLowerCase();
  let keep = -1;
  if (lowerHost.includes('hook')) keep = firstOf(path, '/') + 1;
  else if (lowerPath.includes('hook')) keep = path.indexOf('/', lowerPath.indexOf('hook')) + 1;
  if (keep > 0 && keep < path.length && !path.startsWith(REDACTED, keep)) path = path.slice(0, keep) + REDACTED;
  return head + host + path + query;
}

/** Credentials, query strings and webhook paths of URLs. */
export function maskUrls(text: string): string {
  return rewriteMatches(text, URL_START, (m) => {
    const start = m.index + m[0].length;
    const limit = Math.min(text.length, start + 2048);
    let end = start;
    while (end < limit && !URL_STOP.includes(text[end]!)) end++;
    // A JSON-escaped closing quote (\") is not part of the URL.
    while (end > start && text[end - 1] === '\\' && (text[end] === '"' || text[end] === "'")) end--;
    return end === start ? undefined : [start, end, redactUrlBody(text.slice(start, end))];
  });
}

/** `user:password@host` without a scheme. */
export function maskBareUserinfo(text: string): string {
  BARE_USERINFO.lastIndex = 0;
  return text.replace(BARE_USERINFO, (all: string, user: string, pass: string, host: string) =>
    isDigits(pass) || pass.startsWith(REDACTED) ? all : `${user}:${REDACTED}@${host}`,
  );
}

function looksLikeCredential(value: string): boolean {
  let digit = false;
  let lower = false;
  let upper = false;
  for (const ch of value) {
    if (ch >= '0' && ch <= '9') digit = true;
    else if (ch >= 'a' && ch <= 'z') lower = true;
    else if (ch >= 'A' && ch <= 'Z') upper = true;
  }
  return digit || (lower && upper) || value.length >= 20;
}

/** `Bearer xyz`, `Basic xyz`, `Token xyz` anywhere, header name or not. */
export function maskSchemeCredentials(text: string): string {
  SCHEME_CREDENTIAL.lastIndex = 0;
  return text.replace(SCHEME_CREDENTIAL, (all: string, scheme: string, space: string, value: string) => {
    if (value.startsWith(REDACTED)) return all;
    if (scheme.toLowerCase() !== 'bearer' && !looksLikeCredential(value)) return all;
    return `${scheme}${space}${REDACTED}`;
  });
}

/** Short fixed-format keys below the entropy scan's reach, and JWTs. */
export function maskKnownShapes(text: string, lower: string): string {
  let out = text;
  if (lower.includes('eyj')) {
    JWT.lastIndex = 0;
    out = out.replace(JWT, REDACTED);
  }
  AWS_KEY_ID.lastIndex = 0;
  return out.replace(AWS_KEY_ID, REDACTED);
}

/** A top-level domain: letters only (any script), or an xn-- punycode label. */
function isTld(label: string): boolean {
  if (label.length < 2) return false;
  if (label.toLowerCase().startsWith('xn--')) return true;
  for (const ch of label) if (ch.toLowerCase() === ch.toUpperCase() && ch.charCodeAt(0) <= 0x2e7f) return false;
  return true;
}

/** E-mail addresses, Unicode and IDN included. */
export function maskEmails(text: string): string {
  EMAIL.lastIndex = 0;
  return text.replace(EMAIL, (all: string) => {
    const at = all.indexOf('@');
    let domain = all.slice(at + 1);
    let trail = '';
    while (domain.length > 0 && '.-_'.includes(domain[domain.length - 1]!)) {
      trail = domain[domain.length - 1]! + trail;
      domain = domain.slice(0, -1);
    }
    const labels = domain.split('.');
    const tld = labels[labels.length - 1]!;
    if (labels.length < 2 || labels.some((l) => l.length === 0) || !isTld(tld)) return all;
    return EMAIL_MARKER + trail;
  });
}

const HOME_NAME_STOP = '\\/ \t\n\r"\'`:*?<>|';

// One regex pass instead of three `includes` (each ~3x slower than a regex on V8).
const HOME_WORDS = /home|users|documents and settings/;

/** Home directories on every OS: the user name is personal data. */
export function maskHomes(text: string, lower: string): string {
  let out = text;
  if (HOME_WORDS.test(lower)) {
    const source = out;
    out = rewriteMatches(source, HOME_DIR, (m) => {
      let end = m.index + m[0].length;
      // A Windows user name may hold spaces (C:\Users\Jane Doe\AppData): take them when more path follows.
      let probe = end;
      for (let k = 0; k < 3 && source[probe] === ' '; k++) {
        let j = probe + 1;
        while (j < source.length && j - probe <= 64 && !HOME_NAME_STOP.includes(source[j]!)) j++;
        if (j === probe + 1) break;
        if (source[j] === '\\' || source[j] === '/') {
          end = j;
          break;
        }
        probe = j;
      }
      return [m.index, end, HOME_MARKER];
    });
  }
  if (lower.includes('/root')) {
    ROOT_HOME.lastIndex = 0;
    out = out.replace(ROOT_HOME, `$1${HOME_MARKER}$2`);
  }
  return out;
}
