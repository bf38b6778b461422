// Features of the learned step: normalized tokens and token bigrams of a failure text.
// src/core/classify/learned-features.ts is the same algorithm in TypeScript; test/learned.test.ts
// checks both give the same scores (the model file carries check cases made by this script).
// One pass over at most MAX_CHARS characters, no regular expressions.

export const MAX_CHARS = 8192; // the first HEAD_CHARS and the last MAX_CHARS - HEAD_CHARS
export const HEAD_CHARS = 2048;
export const MAX_TOKENS = 1500;

const isUpper = (c) => c >= 65 && c <= 90;
const isLower = (c) => c >= 97 && c <= 122;
const isDigit = (c) => c >= 48 && c <= 57;
// Scripts written without spaces between words (CJK, kana, hangul; Thai, Lao, Myanmar, Khmer):
// one token per character (bigrams then read words). Read as words, a whole Thai clause was one
// token that no other text shared.
const isPerCharacter = (c) =>
  (c >= 0x2e80 && c <= 0x9fff) ||
  (c >= 0xac00 && c <= 0xd7af) ||
  (c >= 0xf900 && c <= 0xfaff) ||
  (c >= 0x0e00 && c <= 0x0eff) ||
  (c >= 0x1000 && c <= 0x109f) ||
  (c >= 0x1780 && c <= 0x17ff);
// Other letters beyond ASCII (accented Latin, Cyrillic, Greek...) are word characters.
const isOtherLetter = (c) => c >= 0xc0 && c !== 0xd7 && c !== 0xf7 && c < 0x2000 && !isPerCharacter(c);

function numberToken(digits) {
  if (digits.length === 3 && digits >= '100' && digits <= '599') return `#${digits}`;
  if (digits.length <= 2) return '#s';
  if (digits.length <= 4) return '#m';
  return '#l';
}

/** The tokens of one text, in order, and the identifier words joined whole. */
export function tokenize(text) {
  const s = text.length > MAX_CHARS ? text.slice(0, HEAD_CHARS) + ' ' + text.slice(text.length - (MAX_CHARS - HEAD_CHARS)) : text;
  const tokens = [];
  const wholes = [];
  let i = 0;
  const n = s.length;
  while (i < n && tokens.length < MAX_TOKENS) {
    const c = s.charCodeAt(i);
    if (isPerCharacter(c)) {
      tokens.push(s[i]);
      i++;
      continue;
    }
    if (!(isUpper(c) || isLower(c) || isDigit(c) || c === 95 || isOtherLetter(c))) {
      i++;
      continue;
    }
    // A word: letters, digits, underscores; split into parts on '_', case and digit boundaries.
    let j = i;
    while (j < n) {
      const d = s.charCodeAt(j);
      if (!(isUpper(d) || isLower(d) || isDigit(d) || d === 95 || isOtherLetter(d))) break;
      j++;
    }
    let parts = 0;
    let start = -1;
    let kind = 0; // 1 letters, 2 digits
    const flush = (end) => {
      if (start < 0) return;
      const part = s.slice(start, end);
      if (tokens.length < MAX_TOKENS) tokens.push(kind === 2 ? numberToken(part) : part.toLowerCase());
      parts++;
      start = -1;
    };
    for (let k = i; k < j; k++) {
      const d = s.charCodeAt(k);
      if (d === 95) {
        flush(k);
        continue;
      }
      const dk = isDigit(d) ? 2 : 1;
      if (start >= 0) {
        const p = s.charCodeAt(k - 1);
        const camel = isUpper(d) && isLower(p);
        const acronymEnd = isUpper(d) && k + 1 < j && isLower(s.charCodeAt(k + 1)) && isUpper(p);
        if (dk !== kind || camel || acronymEnd) flush(k);
      }
      if (start < 0) {
        start = k;
        kind = dk;
      }
    }
    flush(j);
    if (parts > 1 && j - i <= 64) wholes.push(s.slice(i, j).toLowerCase());
    i = j;
  }
  return { tokens, wholes };
}

/** The feature set of one piece of evidence: unigrams, bigrams, whole identifiers, structured facts. */
export function features(ev) {
  const set = new Set();
  const text = Array.isArray(ev.texts) ? ev.texts.filter((t) => typeof t === 'string').join('\n') : '';
  const { tokens, wholes } = tokenize(text);
  for (let i = 0; i < tokens.length; i++) {
    set.add(tokens[i]);
    if (i > 0) set.add(`${tokens[i - 1]} ${tokens[i]}`);
  }
  for (const w of wholes) set.add(`=${w}`);
  if (Number.isInteger(ev.httpStatus)) set.add(`@http ${ev.httpStatus}`);
  if (Number.isInteger(ev.exitCode)) set.add(`@exit ${ev.exitCode}`);
  if (typeof ev.signal === 'string') set.add(`@signal ${ev.signal.toLowerCase()}`);
  return set;
}
