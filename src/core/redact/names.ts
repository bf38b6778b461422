/** Which names say their value is secret: key, header, flag and env-variable names. */

// A name is sensitive when its letters (separators dropped) contain one of these...
const SENSITIVE_PARTS = [
  'password',
  'passwd',
  'passphrase',
  'passcode',
  'secret',
  'token',
  'apikey',
  'accesskey',
  'privatekey',
  'accountkey',
  'secretkey',
  'signingkey',
  'sharedkey',
  'masterkey',
  'authkey',
  'encryptionkey',
  'credential',
  'cookie',
  'authorization',
  'signature',
  'connectionstring',
  'connstr',
  'bearer',
  'sessid',
  'jwt',
];
// ...or one of its words is one of these, or ends with one of the suffixes (DB_PASS, MYSQL_PWD).
const SENSITIVE_WORDS = new Set(['pass', 'pwd', 'pw', 'creds', 'cred', 'psk']);
const SENSITIVE_SUFFIXES = ['pass', 'pwd', 'token', 'secret'];
// Names that are often prose too ("Failed to create session: timed out", "key: value",
// "auth=unknown"): their value is masked when it looks like a credential, not a word.
const WEAK_PARTS = ['session'];
const WEAK_WORDS = new Set(['key', 'auth', 'sig', 'sid', 'dsn', 'sas', 'pat', 'otp', 'pin', 'hmac', 'salt', 'csrf', 'xsrf']);
const WEAK_SUFFIXES = ['key', 'auth', 'sig'];
// A name whose last word says it is about the secret, not the secret (KeyError, token_type, max_tokens_limit).
const NOT_THE_VALUE = new Set([
  'error',
  'errors',
  'exception',
  'err',
  'type',
  'count',
  'limit',
  'length',
  'size',
  'expired',
  'expires',
  'expiry',
  'ttl',
  'url',
  'uri',
  'endpoint',
  'name',
  'file',
  'path',
  'usage',
  'remaining',
  'reset',
]);
// Names of a value whose secret-ness another field states ({"name":"DB_PASSWORD","value":"…"}).
export const VALUE_NAMES = new Set(['value', 'val', 'data', 'content']);
// Authentication schemes kept visible before their masked credential.
export const KNOWN_SCHEMES = new Set([
  'bearer',
  'basic',
  'token',
  'apikey',
  'api-key',
  'key',
  'digest',
  'negotiate',
  'ntlm',
  'oauth',
  'sharedkey',
  'sharedkeylite',
  'ssws',
  'aws4-hmac-sha256',
  'hmac',
  'dpop',
  'mac',
  'hawk',
  'jwt',
  'splunk',
  'geniekey',
  'klaviyo-api-key',
]);

export function words(name: string): string[] {
  const out: string[] = [];
  let word = '';
  for (let i = 0; i < name.length; i++) {
    const ch = name[i]!;
    const lower = ch.toLowerCase();
    const isAlnum = (lower >= 'a' && lower <= 'z') || (ch >= '0' && ch <= '9');
    if (!isAlnum) {
      if (word) out.push(word);
      word = '';
      continue;
    }
    // camelCase boundary: a capital after a lower-case letter or digit.
    const prev = i > 0 ? name[i - 1]! : '';
    if (ch !== lower && prev !== '' && ((prev >= 'a' && prev <= 'z') || (prev >= '0' && prev <= '9')) && word) {
      out.push(word);
      word = '';
    }
    word += lower;
  }
  if (word) out.push(word);
  return out;
}

// Every sensitive part, word and suffix above contains one of these: a cheap first test.
const HINTS = [
  'pass',
  'pw',
  'secret',
  'token',
  'key',
  'cred',
  'cookie',
  'auth',
  'sig',
  'conn',
  'bearer',
  'sess',
  'jwt',
  'psk',
  'sid',
  'dsn',
  'sas',
  'pat',
  'otp',
  'pin',
  'hmac',
  'salt',
  'srf',
];

type Sensitivity = 'none' | 'weak' | 'strong';

// Logs repeat the same few names ("type", "message", "error" in every JSON line), and every
// excerpt is redacted twice (its window, then the detail): answers are remembered, in a
// bounded map that starts over when full.
const sensitivityCache = new Map<string, Sensitivity>();
const SENSITIVITY_CACHE_SIZE = 512;

/** How sensitive a name says its value is: not, weakly (only credential-like values), or surely. */
export function nameSensitivity(name: string): Sensitivity {
  let answer = sensitivityCache.get(name);
  if (answer === undefined) {
    answer = computeSensitivity(name);
    if (sensitivityCache.size >= SENSITIVITY_CACHE_SIZE) sensitivityCache.clear();
    sensitivityCache.set(name, answer);
  }
  return answer;
}

function computeSensitivity(name: string): Sensitivity {
  const lower = name.toLowerCase();
  if (!HINTS.some((h) => lower.includes(h))) return 'none';
  const ws = words(name);
  if (ws.length === 0 || NOT_THE_VALUE.has(ws[ws.length - 1]!)) return 'none';
  const compact = ws.join('');
  if (SENSITIVE_PARTS.some((p) => compact.includes(p))) return 'strong';
  const has = (set: Set<string>, suffixes: string[]): boolean =>
    ws.some((w) => set.has(w) || suffixes.some((s) => w.length <= s.length + 8 && w.endsWith(s)));
  if (has(SENSITIVE_WORDS, SENSITIVE_SUFFIXES)) return 'strong';
  return WEAK_PARTS.some((p) => compact.includes(p)) || has(WEAK_WORDS, WEAK_SUFFIXES) ? 'weak' : 'none';
}

/** Whether a key, header, flag or variable name says its value may be a secret. */
export function isSensitiveName(name: string): boolean {
  return nameSensitivity(name) !== 'none';
}

/** A value that is more than a word: a digit, an inner capital, or length. */
export function looksLikeCredential(value: string): boolean {
  if (value.length >= 16) return true;
  for (let i = 0; i < value.length; i++) {
    const ch = value[i]!;
    if ((ch >= '0' && ch <= '9') || (i > 0 && ch >= 'A' && ch <= 'Z' && value[i - 1]! >= 'a' && value[i - 1]! <= 'z')) return true;
  }
  return false;
}

/** `max_tokens: 4096`, `cli.js:942` and `token: 401 Unauthorized` hold numbers, not secrets. */
export function isHarmlessValue(name: string, value: string): boolean {
  if (!isDigits(value.endsWith(')') ? value.slice(0, -1) : value, ':')) return false;
  if (value.length <= 3) return true;
  const lower = name.toLowerCase();
  if (lower.includes('tokens') || lower.startsWith('max')) return true;
  // file.ext:line(:column)
  const dot = lower.lastIndexOf('.');
  return dot > 0 && lower.length - dot - 1 >= 1 && lower.length - dot - 1 <= 4 && value.length <= 13;
}

export function isDigits(s: string, allowed = ''): boolean {
  if (s.length === 0 || s.length > 13) return false;
  for (const ch of s) if (!((ch >= '0' && ch <= '9') || allowed.includes(ch))) return false;
  return true;
}
