/**
 * Unknown key formats: long runs of token characters that look random, in the manner of
 * detect-secrets' high-entropy strings. A run is left alone when it is built of words
 * (node_modules, UND_ERR_SOCKET, claude-3-5-sonnet-20241022, /usr/local/lib); otherwise
 * hex with digits, or a Shannon entropy near what random text of its length would have,
 * marks it, and the whole word holding it is masked (`bot123:AAH…/send` with its prefix).
 */
import { REDACTED } from './marker.js';
import type { Edit } from './rewrite.js';

/** Shannon entropy in bits per character. */
export function shannonEntropy(s: string): number {
  if (s.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let h = 0;
  for (const c of counts.values()) {
    const p = c / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

const isDigit = (ch: string): boolean => ch >= '0' && ch <= '9';
const isLower = (ch: string): boolean => ch >= 'a' && ch <= 'z';
const isUpper = (ch: string): boolean => ch >= 'A' && ch <= 'Z';
const isHexLetter = (ch: string): boolean => (ch >= 'a' && ch <= 'f') || (ch >= 'A' && ch <= 'F');
const SEPARATORS = '/._~%+=-';

function segmentsOf(s: string): string[] {
  const out: string[] = [];
  let seg = '';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (SEPARATORS.includes(ch) || ch === '_') {
      out.push(seg);
      seg = '';
      // %20 and the like: the escape's hex digits are not part of the next word.
      if (ch === '%' && isHexDigit(s[i + 1]) && isHexDigit(s[i + 2])) i += 2;
    } else {
      seg += ch;
    }
  }
  out.push(seg);
  return out;
}

function isHexDigit(ch: string | undefined): boolean {
  return ch !== undefined && (isDigit(ch) || isHexLetter(ch));
}

/** A segment of an identifier, path or name rather than of a random key. */
function isWordLike(seg: string): boolean {
  const n = seg.length;
  if (n === 0) return true;
  let digits = 0;
  let lower = 0;
  let upper = 0;
  for (const ch of seg) {
    if (isDigit(ch)) digits++;
    else if (isLower(ch)) lower++;
    else if (isUpper(ch)) upper++;
  }
  if (digits === n) return true;
  if (digits === 0) {
    if (lower === n || upper === n) return n < 8 || (n < 12 ? isPronounceable(seg, 5, 0) : isPronounceable(seg, 4, 0.3));
    // A capitalised word (Web, Small, Application), else camelCase words.
    return (upper === 1 && isUpper(seg[0]!)) || isCamelCase(seg);
  }
  // Short names with a version or size in them: v1, v1beta, api03, gpt4o, SHA256, System32, 1ubuntu0.
  // Or a time stamp's piece: 13T07, 285Z.
  const capitalized = upper === 1 && isUpper(seg[0]!);
  return ((lower === 0 || upper === 0 || capitalized) && n <= 10 && (digits <= 4 || lower + upper <= 1)) || isShortHex(seg);
}

/** Letters and digits only, no mix: a word or a number. */
function isPure(seg: string): boolean {
  let digits = 0;
  for (const ch of seg) if (isDigit(ch)) digits++;
  return digits === 0 ? isWordLike(seg) : digits === seg.length;
}

/**
 * One-case words (generativelanguage, httpclient) hold a vowel every few letters (every six
 * in short words, five in long ones), and long ones hold vowels for 30% of their letters;
 * random letters hold about a quarter, and long consonant runs.
 */
function isPronounceable(seg: string, maxConsonants: number, minVowelShare: number): boolean {
  let vowels = 0;
  let consonants = 0;
  for (const ch of seg.toLowerCase()) {
    if ('aeiouy'.includes(ch)) {
      vowels++;
      consonants = 0;
    } else if (++consonants > maxConsonants) {
      return false;
    }
  }
  return vowels >= seg.length * minVowelShare;
}

/**
 * camelCase / PascalCase words (FatalProcessOutOfMemory, JSONRPCMessage, onHttpSocketClose):
 * capital runs no longer than an acronym, lower-case runs of 2.5 letters on average, at
 * most one lone lower-case letter between capitals (OutOfMemory), and a fifth of the
 * letters outside acronyms vowels. Random mixed-case letters average 2 and often hold
 * lone letters between capitals (aBcD).
 */
function isCamelCase(seg: string): boolean {
  let lowerRuns = 0;
  let lowerLetters = 0;
  let lone = 0;
  let counted = 0;
  let vowels = 0;
  let i = 0;
  while (i < seg.length) {
    const up = isUpper(seg[i]!);
    let j = i;
    while (j < seg.length && isUpper(seg[j]!) === up) j++;
    const run = j - i;
    if (up && run > 8) return false;
    // Letters of an acronym (two capitals or more) say nothing about pronounceability.
    if (!up || run === 1) {
      counted += run;
      for (let k = i; k < j; k++) if ('aeiouyAEIOUY'.includes(seg[k]!)) vowels++;
    }
    if (!up) {
      lowerRuns++;
      lowerLetters += run;
      if (run === 1 && i > 0 && j < seg.length && ++lone > 1) return false;
    }
    i = j;
  }
  return lowerRuns > 0 && lowerLetters / lowerRuns >= 2.5 && vowels * 5 >= counted;
}

/** Short hex (a git commit, a build id) reads as a name, not a key. */
function isShortHex(seg: string): boolean {
  if (seg.length > 12) return false;
  for (const ch of seg) if (!isDigit(ch) && !isHexLetter(ch)) return false;
  return true;
}

function isHexRun(s: string): { hex: number; digits: number; letters: number } | undefined {
  let digits = 0;
  let letters = 0;
  for (const ch of s) {
    if (isDigit(ch)) digits++;
    else if (isHexLetter(ch)) letters++;
    else if (ch !== '-') return undefined;
  }
  return { hex: digits + letters, digits, letters };
}

/** 16+ hex digits mixing digits and letters, after a short prefix (dapi…, key…, x…). */
function hasHexBody(seg: string): boolean {
  if (seg.length < 16) return false;
  let i = seg.length;
  let digits = 0;
  let letters = 0;
  while (i > 0 && (isDigit(seg[i - 1]!) || isHexLetter(seg[i - 1]!))) {
    i--;
    if (isDigit(seg[i]!)) digits++;
    else letters++;
  }
  return i <= 5 && digits + letters >= 16 && digits > 0 && letters > 0;
}

/** Bits per character a run of this length needs to count as random. */
function entropyThreshold(length: number): number {
  // Random text of n characters from a 32-64 letter alphabet reaches close to log2(n) bits
  // for small n (every character new) and 4.5-6 for long runs; lower-cased keys reach a
  // little less. Identifiers that fail the word test score lower, and are ids anyway.
  return Math.min(3.5, Math.log2(length) - 1);
}

/** Whether a run of token characters looks like a random secret. */
export function looksRandom(run: string): boolean {
  let a = 0;
  let b = run.length;
  while (a < b && SEPARATORS.includes(run[a]!)) a++;
  while (b > a && SEPARATORS.includes(run[b - 1]!)) b--;
  const core = a === 0 && b === run.length ? run : run.slice(a, b);
  if (core.length < 20) return false;
  const hex = isHexRun(core);
  if (hex !== undefined && hex.hex >= 20 && hex.digits > 0 && hex.letters > 0) return true;
  const segments = segmentsOf(core);
  if (isStructured(segments)) return false;
  for (const seg of segments) if (hasHexBody(seg)) return true;
  return shannonEntropy(core) >= entropyThreshold(core.length);
}

/**
 * Built of words: every segment word-like, and most letters in whole words or numbers
 * (claude-3-5-sonnet-20241022, UND_ERR_SOCKET), not in short mixed pieces as in a
 * dash-separated random key.
 */
function isStructured(segments: readonly string[]): boolean {
  let pure = 0;
  let total = 0;
  for (const seg of segments) {
    if (!isWordLike(seg)) return false;
    total += seg.length;
    if (isPure(seg)) pure += seg.length;
  }
  return pure * 2 >= total;
}

/** A file path (/usr/…, ~/…, ./…): its parts are judged one by one. */
function isPath(run: string): boolean {
  const c = run[0];
  if (c !== '/' && c !== '~' && c !== '.') return false;
  let slashes = 0;
  for (const ch of run) if (ch === '/') slashes++;
  return slashes >= 2;
}

/** Masks the random-looking parts of a path, keeping the rest readable. */
function maskPathParts(path: string): string {
  const parts = path.split('/');
  let changed = false;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (part.length === 0 || isStructured(segmentsOf(part))) continue;
    parts[i] = REDACTED;
    changed = true;
  }
  return changed ? parts.join('/') : path;
}

/** Characters that end the word holding a random run. */
const WORD_DELIMITERS = ' \t\n\r"\'`<>()[]{}|\\,;&?@=!#*';

/** TOKEN_RUN's characters, by code (all are ASCII). */
const TOKEN_CHAR = new Uint8Array(128);
for (const ch of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/_.~%-') TOKEN_CHAR[ch.charCodeAt(0)] = 1;
const isTokenChar = (code: number): boolean => code < 128 && TOKEN_CHAR[code] === 1;
const MIN_RUN = 20;
const MAX_RUN = 1000;

/**
 * The match TOKEN_RUN would find from `from`, as [start, end), in one pass: the regex tries
 * every start inside a short run again (most of redaction's time on ordinary text); a run
 * shorter than 20 holds no match anywhere, so the search skips it whole.
 * @internal Exported for the test that compares it with TOKEN_RUN.
 */
export function nextTokenRun(text: string, from: number): [number, number] | undefined {
  const n = text.length;
  let i = from;
  while (i < n) {
    while (i < n && !isTokenChar(text.charCodeAt(i))) i++;
    const start = i;
    while (i < n && i - start < MAX_RUN && isTokenChar(text.charCodeAt(i))) i++;
    if (i - start >= MIN_RUN) {
      let end = i;
      if (end < n && text.charCodeAt(end) === 61) end++;
      if (end < n && end > i && text.charCodeAt(end) === 61) end++;
      return [start, end];
    }
  }
  return undefined;
}

/** Masks every random-looking run, with the word that holds it. */
export function maskRandomTokens(text: string): string {
  let out = '';
  let last = 0;
  let changed = false;
  for (let m = nextTokenRun(text, 0); m !== undefined;) {
    const [index, runEnd] = m;
    const edit = randomRunEdit(text, index, text.slice(index, runEnd), last);
    if (edit === undefined) {
      m = nextTokenRun(text, runEnd);
      continue;
    }
    const [start, end, replacement] = edit;
    out += text.slice(last, start) + replacement;
    last = end;
    changed = true;
    m = nextTokenRun(text, Math.max(runEnd, end));
  }
  return changed ? out + text.slice(last) : text;
}

/** The span to mask for a run at `index` (never before `from`, the end of the last one), if it looks random. */
function randomRunEdit(text: string, index: number, run: string, from: number): Edit | undefined {
  if (!looksRandom(run)) return undefined;
  // /home/u/.npm/_npx/41ef69d0cb7a2cab/node_modules: only the random directory goes.
  if (isPath(run)) return [index, index + run.length, maskPathParts(run)];
  let start = index;
  let end = start + run.length;
  // Widen to the enclosing word: `bot123456789:AAH…`, `abc8Q~…`. A colon ends the word
  // unless a digit precedes it (a numeric id joined to its secret).
  while (start > from && start > index - 256) {
    const ch = text[start - 1]!;
    if (WORD_DELIMITERS.includes(ch) || (ch === ':' && !isDigit(text[start - 2] ?? ''))) break;
    start--;
  }
  while (end < text.length && end < index + run.length + 256) {
    const ch = text[end]!;
    if (WORD_DELIMITERS.includes(ch) || ch === ':') break;
    end++;
  }
  // A sentence's full stop is not part of the key.
  while (end > start && text[end - 1] === '.') end--;
  return [start, end, REDACTED];
}
