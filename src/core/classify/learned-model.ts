/**
 * The learned model (rules/learned-model.json, trained by scripts/learned/build-model.mjs): a
 * softmax regression over binary features of a text. The tokenizer is the one of
 * scripts/learned/features.mjs (the tests check both against the model's own check cases).
 * Bounded work: at most `maxChars` characters, one pass, at most `maxTokens` tokens, no regular
 * expressions; features are looked up in maps built once, a bigram without building its string.
 */
import MODEL from '../../../rules/learned-model.json' with { type: 'json' };
import { FAILURE_REASONS, isFailureReason, type FailureReason } from '../taxonomy.js';

interface LearnedModelData {
  version: string;
  tokenizer: { maxChars: number; headChars: number; maxTokens: number };
  minConfidence: number;
  overrideBelow: number;
  /** Probability at which the model replaces a weak step's verdict (a cue word, a generic wording). */
  replaceWeakAt: number;
  /** Least share of the probability on retry-safe reasons for a rule's retry-safe verdict to stand. */
  transientAtLeast: number;
  /** The same on a text longer than the short-text bound (either reading). */
  transientAtLeastLong: number;
  /** Least probability at which the model names a reason for a run the rules left unknown. */
  nameAtLeast: number;
  /** Stored weights are integers; the weight is the integer times this scale. */
  weightScale: number;
  classes: string[];
  bias: number[];
  /** The feature names, joined by newlines. */
  features: string;
  /**
   * Per feature, in the order of `features`: its non-zero weights, each a class letter (a-z for
   * classes 0-25, then A-Z) and the weight / weightScale as a whole number, then `;`.
   */
  weights: string;
}

const data = MODEL as unknown as LearnedModelData;

/** The thresholds the learned step applies (data, with the weights). */
export const LEARNED_THRESHOLDS = {
  minConfidence: data.minConfidence,
  overrideBelow: data.overrideBelow,
  replaceWeakAt: data.replaceWeakAt,
  transientAtLeast: data.transientAtLeast,
  transientAtLeastLong: data.transientAtLeastLong,
  nameAtLeast: data.nameAtLeast,
} as const;

// Character kinds by UTF-16 code unit, read once per character: the tokenizer's tests cost a
// table load instead of a chain of range comparisons (most of a score's time was this loop).
const NONE = 0;
const LOWER = 1;
const DIGIT = 2;
const UPPER = 3;
const UNDERSCORE = 4;
/** A letter outside A-Z/a-z below U+2000 (accented Latin, Greek, Cyrillic, …). */
const OTHER_LETTER = 5;
/** A character of a script written without spaces (CJK, kana, hangul, Thai, Lao, Myanmar, Khmer): one token each. */
const PER_CHARACTER = 6;
const KIND = new Uint8Array(65536);
KIND.fill(LOWER, 97, 123);
KIND.fill(DIGIT, 48, 58);
KIND.fill(UPPER, 65, 91);
KIND[95] = UNDERSCORE;
KIND.fill(OTHER_LETTER, 0xc0, 0x2000);
KIND[0xd7] = NONE;
KIND[0xf7] = NONE;
KIND.fill(PER_CHARACTER, 0x2e80, 0xa000);
KIND.fill(PER_CHARACTER, 0xac00, 0xd7b0);
KIND.fill(PER_CHARACTER, 0xf900, 0xfb00);
// Thai and Lao, Myanmar, Khmer: written without spaces between words, read per character too.
KIND.fill(PER_CHARACTER, 0x0e00, 0x0f00);
KIND.fill(PER_CHARACTER, 0x1000, 0x10a0);
KIND.fill(PER_CHARACTER, 0x1780, 0x1800);
const isWordKind = (k: number): boolean => k !== NONE && k !== PER_CHARACTER;

// FNV-1a over UTF-16 code units.
const hashInit = 0x811c9dc5 | 0;
const hashStep = (h: number, c: number): number => Math.imul(h ^ c, 16777619);
/**
 * The hash splitTokens reports for a part that holds a character outside ASCII: such a part is
 * read as a string instead (so is a part whose hash happens to be 0; the id is the same).
 */
const NOT_ASCII = 0;

function numberToken(digits: string): string {
  if (digits.length === 3 && digits >= '100' && digits <= '599') return `#${digits}`;
  if (digits.length <= 2) return '#s';
  if (digits.length <= 4) return '#m';
  return '#l';
}

/** What the model reads of a text: all of it, or its first `headChars` and its last characters. */
function readable(text: string): string {
  const { maxChars, headChars } = data.tokenizer;
  return text.length > maxChars ? `${text.slice(0, headChars)} ${text.slice(text.length - (maxChars - headChars))}` : text;
}

/**
 * The one tokenizer: walks `s` once and reports its tokens in order, at most `maxTokens` — a
 * character of a script without spaces by its index, a word part (split on `_`, case and digit
 * boundaries) by its bounds, its kind (1 letters, 2 digits) and, for a part of ASCII characters
 * only, the FNV-1a hash of its lower-cased characters (else `NOT_ASCII`), computed as the part
 * is read. Returns the words of several parts (at most 64 characters), lower-cased: the whole
 * identifiers. (One pass: a run's bounds, its parts and their hashes had been three passes over
 * each character, much of a whole-text score's time.)
 */
function splitTokens(
  s: string,
  onCharacter: (at: number) => void,
  onPart: (start: number, end: number, kind: number, hash: number) => void,
): string[] {
  const { maxTokens } = data.tokenizer;
  const wholes: string[] = [];
  const n = s.length;
  let count = 0;
  let i = 0;
  while (i < n && count < maxTokens) {
    const c = KIND[s.charCodeAt(i)]!;
    if (c === PER_CHARACTER) {
      onCharacter(i);
      count++;
      i++;
      continue;
    }
    if (c === NONE) {
      i++;
      continue;
    }
    // A run of word characters from i; k reaches its end (the first character that is not one).
    let parts = 0;
    let start = -1;
    let kind = 0;
    let hash = 0;
    let p = NONE;
    let k = i;
    for (; ; k++) {
      const code = k < n ? s.charCodeAt(k) : 32;
      const d = KIND[code]!;
      const inRun = isWordKind(d);
      let cut = !inRun || d === UNDERSCORE;
      if (!cut && start >= 0) {
        const dk = d === DIGIT ? 2 : 1;
        cut =
          dk !== kind || (d === UPPER && p === LOWER) || (d === UPPER && p === UPPER && k + 1 < n && KIND[s.charCodeAt(k + 1)] === LOWER);
      }
      if (cut && start >= 0) {
        if (count < maxTokens) {
          onPart(start, k, kind, hash);
          count++;
        }
        parts++;
        start = -1;
      }
      if (!inRun) break;
      if (d !== UNDERSCORE) {
        if (start < 0) {
          start = k;
          kind = d === DIGIT ? 2 : 1;
          hash = hashInit;
        }
        if (hash !== NOT_ASCII) hash = code >= 128 ? NOT_ASCII : hashStep(hash, code >= 65 && code <= 90 ? code + 32 : code);
      }
      p = d;
    }
    if (parts > 1 && k - i <= 64) wholes.push(s.slice(i, k).toLowerCase());
    i = k;
  }
  return wholes;
}

/** Tokens in order as strings (what the features name), and identifiers of several parts joined whole. */
export function learnedTokens(text: string): { tokens: string[]; wholes: string[] } {
  const s = readable(text);
  const tokens: string[] = [];
  const wholes = splitTokens(
    s,
    (at) => tokens.push(s.charAt(at)),
    (start, end, kind) => tokens.push(kind === 2 ? numberToken(s.slice(start, end)) : s.slice(start, end).toLowerCase()),
  );
  return { tokens, wholes };
}

/**
 * learnedTokens' tokens as vocabulary ids (-1: a token no feature names), one call each in
 * order; returns the whole identifiers. An ASCII word part is looked up by its letters in
 * place (lower-cased as read); other parts are read as strings, as learnedTokens reads them.
 */
function tokenIds(m: Compiled, text: string, onToken: (id: number) => void): string[] {
  const s = readable(text);
  const { slots, vocabulary, idOf, numberIds } = m;
  const mask = slots.length - 1;
  const stringId = (token: string): number => idOf.get(token) ?? -1;
  const partId = (start: number, end: number, kind: number, hash: number): number => {
    if (kind === 2) {
      const len = end - start;
      if (len === 3) {
        const v = (s.charCodeAt(start) - 48) * 100 + (s.charCodeAt(start + 1) - 48) * 10 + (s.charCodeAt(start + 2) - 48);
        if (v >= 100 && v <= 599) return numberIds.status[v - 100]!;
      }
      return len <= 2 ? numberIds.s : len <= 4 ? numberIds.m : numberIds.l;
    }
    if (hash === NOT_ASCII) return stringId(s.slice(start, end).toLowerCase());
    const len = end - start;
    for (let x = hash & mask; ; x = (x + 1) & mask) {
      const slot = slots[x]!;
      if (slot === 0) return -1;
      const word = vocabulary[slot - 1]!;
      if (word.length !== len) continue;
      let k = 0;
      for (; k < len; k++) {
        const c = s.charCodeAt(start + k);
        if (word.charCodeAt(k) !== (c >= 65 && c <= 90 ? c + 32 : c)) break;
      }
      if (k === len) return slot - 1;
    }
  };
  return splitTokens(
    s,
    (at) => onToken(stringId(s.charAt(at))),
    (start, end, kind, hash) => onToken(partId(start, end, kind, hash)),
  );
}

/** Structured facts the model reads besides the text. */
export interface LearnedFacts {
  httpStatus?: number;
  exitCode?: number;
  signal?: string;
}

/** The model's answer: the best class and its probability, and every class's probability. */
export interface LearnedScore {
  reason: FailureReason;
  confidence: number;
  /** Probability of each class the model knows (a reason it never saw in training is absent: 0). */
  probabilities: Readonly<Record<string, number>>;
}

/** The model as lookup tables: feature -> entry; an entry's weights are one slice of flat arrays. */
interface Compiled {
  others: Map<string, number>;
  start: Int32Array;
  /** Per entry, its class and its whole-number weight in one word (see decodeWeights). */
  entries: Int32Array;
  /** The weights' scale (stored weights are whole numbers times it). */
  scale: number;
  /** The biases, copied into each score: a plain array (allocating a typed array per score cost more than the copy). */
  bias: number[];
  /** Every token a unigram or bigram feature names, numbered: id -> its unigram entry (-1: none). */
  unigramOf: Int32Array;
  /** Bigram entries in an open-addressing table of token-id pairs (first -1: empty slot); see bigramEntry. */
  bigramFirst: Int32Array;
  bigramSecond: Int32Array;
  bigramEntries: Int32Array;
  vocabulary: string[];
  /** Token ids by string, for tokens read as strings (non-ASCII words, characters of scripts without spaces). */
  idOf: Map<string, number>;
  /** Open-addressing hash of the vocabulary (id + 1 per slot, 0 empty), probed with a word's ASCII letters as they stand in the text. */
  slots: Int32Array;
  /** Ids of the number tokens: `#s`, `#m`, `#l`, and `#100`..`#599` at index status - 100. */
  numberIds: { s: number; m: number; l: number; status: Int32Array };
  /** Per entry, the scoring pass that last counted it (features are binary). */
  seen: Uint32Array;
  pass: number;
}

let compiled: Compiled | undefined;

/** Whether first use has built these tables (the warm-up test reads it). @internal */
export const learnedModelBuilt = (): boolean => compiled !== undefined;

/** Low bits of a packed entry that hold its class (the model has at most 52). */
const CLASS_BITS = 6;
const CLASS_MASK = (1 << CLASS_BITS) - 1;

/**
 * The weights string as flat arrays: entry `x` adds `(entries[x] >> CLASS_BITS) * scale` to
 * class `entries[x] & CLASS_MASK` (one load per entry: the features of a text sit far apart, and a
 * second array was a second cache miss each); feature
 * `e` owns the entries from `start[e]` to `start[e + 1]`. One pass to count, one to fill.
 */
function decodeWeights(w: string, count: number): { start: Int32Array; entries: Int32Array } {
  const isLetter = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
  let size = 0;
  for (let i = 0; i < w.length; i++) if (isLetter(w.charCodeAt(i))) size++;
  const start = new Int32Array(count + 1);
  const entries = new Int32Array(size);
  let at = 0;
  let e = 0;
  let i = 0;
  while (i < w.length) {
    const c = w.charCodeAt(i++);
    if (c === 59) {
      start[++e] = at;
      continue;
    }
    const cls = c >= 97 ? c - 97 : c - 65 + 26;
    const negative = w.charCodeAt(i) === 45;
    if (negative) i++;
    let v = 0;
    for (let d = w.charCodeAt(i); d >= 48 && d <= 57; d = w.charCodeAt(++i)) v = v * 10 + d - 48;
    if (v >= 1 << (31 - CLASS_BITS - 1)) throw new Error(`learned model: weight ${v} does not fit`);
    entries[at++] = (negative ? -v : v) * (1 << CLASS_BITS) + cls;
  }
  if (e !== count) throw new Error(`learned model: ${e} weight groups for ${count} features`);
  return { start, entries };
}

/** Open-addressing slot of a bigram (first id, second id): a multiplicative hash of the pair. */
const pairSlot = (first: number, second: number, mask: number): number =>
  (Math.imul(first, 0x9e3779b1) ^ Math.imul(second, 0x85ebca6b)) & mask;

/** The bigram entry of a token pair, or -1. */
function bigramEntry(m: Compiled, first: number, second: number): number {
  const { bigramFirst, bigramSecond, bigramEntries } = m;
  const mask = bigramFirst.length - 1;
  for (let x = pairSlot(first, second, mask); ; x = (x + 1) & mask) {
    const f = bigramFirst[x]!;
    if (f === -1) return -1;
    if (f === first && bigramSecond[x] === second) return bigramEntries[x]!;
  }
}

/** The smallest power of two at least `n`. */
function powerOfTwo(n: number): number {
  let size = 1;
  while (size < n) size <<= 1;
  return size;
}

function compile(): Compiled {
  const text = data.features;
  let count = 1;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) count++;
  const { start, entries } = decodeWeights(data.weights, count);
  // The token vocabulary, for scoring without building token strings (see tokenIds). Ids are
  // given in one pass over the feature text: a token is hashed where it stands and interned
  // through an open-addressing table, so the ~80 000 token occurrences of the features cost
  // no substring and no Map lookup each (that was most of this function: ~120 ms on first
  // use). Scores do not depend on the ids, only on which entry each token and pair leads to.
  const vocabulary: string[] = [];
  const others = new Map<string, number>();
  const interning = powerOfTwo(4 * count);
  const internSlots = new Int32Array(interning);
  const intern = (from: number, to: number): number => {
    let h = hashInit;
    for (let k = from; k < to; k++) h = hashStep(h, text.charCodeAt(k));
    const len = to - from;
    for (let x = h & (interning - 1); ; x = (x + 1) & (interning - 1)) {
      const slot = internSlots[x]!;
      if (slot === 0) {
        vocabulary.push(text.slice(from, to));
        internSlots[x] = vocabulary.length;
        return vocabulary.length - 1;
      }
      const word = vocabulary[slot - 1]!;
      if (word.length !== len) continue;
      let k = 0;
      while (k < len && word.charCodeAt(k) === text.charCodeAt(from + k)) k++;
      if (k === len) return slot - 1;
    }
  };
  const unigrams: number[] = []; // id, entry, …
  const bigrams: number[] = []; // first id, second id, entry, …
  for (let e = 0, from = 0; e < count; e++) {
    let to = text.indexOf('\n', from);
    if (to === -1) to = text.length;
    // Tokens hold no spaces; whole identifiers start with "=", structured facts with "@".
    const c = text.charCodeAt(from);
    if (c === 61 || c === 64) others.set(text.slice(from, to), e);
    else {
      let space = from;
      while (space < to && text.charCodeAt(space) !== 32) space++;
      if (space === to) unigrams.push(intern(from, to), e);
      else bigrams.push(intern(from, space), intern(space + 1, to), e);
    }
    from = to + 1;
  }
  const bias = data.bias.map(Number);
  const unigramOf = new Int32Array(vocabulary.length).fill(-1);
  for (let k = 0; k < unigrams.length; k += 2) unigramOf[unigrams[k]!] = unigrams[k + 1]!;
  const pairs = powerOfTwo(2 * (bigrams.length / 3) + 1);
  const bigramFirst = new Int32Array(pairs).fill(-1);
  const bigramSecond = new Int32Array(pairs);
  const bigramEntries = new Int32Array(pairs);
  for (let k = 0; k < bigrams.length; k += 3) {
    const first = bigrams[k]!;
    const second = bigrams[k + 1]!;
    let x = pairSlot(first, second, pairs - 1);
    while (bigramFirst[x] !== -1) x = (x + 1) & (pairs - 1);
    bigramFirst[x] = first;
    bigramSecond[x] = second;
    bigramEntries[x] = bigrams[k + 2]!;
  }
  // The lookup tables of tokenIds: ASCII words by their letters in place (a table sized to the
  // vocabulary, not to the features: its probes stay in cache), the rest by string.
  const idOf = new Map<string, number>();
  const size2 = powerOfTwo(vocabulary.length * 4);
  const slots = new Int32Array(size2);
  vocabulary.forEach((token, id) => {
    idOf.set(token, id);
    let h = hashInit;
    for (let k = 0; k < token.length; k++) h = hashStep(h, token.charCodeAt(k));
    let x = h & (size2 - 1);
    while (slots[x] !== 0) x = (x + 1) & (size2 - 1);
    slots[x] = id + 1;
  });
  const idOrNone = (token: string): number => idOf.get(token) ?? -1;
  const status = new Int32Array(500);
  for (let k = 0; k < 500; k++) status[k] = idOrNone(`#${k + 100}`);
  const numberIds = { s: idOrNone('#s'), m: idOrNone('#m'), l: idOrNone('#l'), status };
  return {
    others,
    start,
    entries,
    scale: data.weightScale,
    bias,
    unigramOf,
    bigramFirst,
    bigramSecond,
    bigramEntries,
    vocabulary,
    idOf,
    slots,
    numberIds,
    seen: new Uint32Array(count),
    pass: 0,
  };
}

/** Class probabilities for one text and its facts, in the order of the model's classes. */
export function learnedProbabilities(text: string, facts: LearnedFacts = {}): number[] {
  const m = (compiled ??= compile());
  if (m.pass === 0xffffffff) {
    m.seen.fill(0);
    m.pass = 0;
  }
  const pass = ++m.pass;
  const s = m.bias.slice();
  const add = (e: number | undefined): void => {
    if (e === undefined || m.seen[e] === pass) return;
    m.seen[e] = pass;
    // The same product the weight always was (whole number times scale), so the sums are unchanged.
    for (let x = m.start[e]!; x < m.start[e + 1]!; x++) s[m.entries[x]! & CLASS_MASK]! += (m.entries[x]! >> CLASS_BITS) * m.scale;
  };
  // The features of learnedTokens' tokens, in the same order (unigram, then the bigram with
  // the previous token): the sums, and so the probabilities, are bit for bit the same
  // (test/core/learned.test.ts checks against the string tokens). The ids come without
  // building a string per token or hashing it into a Map, ~half the cost of a score.
  let prev = -1;
  const wholes = tokenIds(m, text, (id) => {
    if (id !== -1) {
      const u = m.unigramOf[id]!;
      if (u !== -1) add(u);
      if (prev !== -1) {
        const b = bigramEntry(m, prev, id);
        if (b !== -1) add(b);
      }
    }
    prev = id;
  });
  for (const w of wholes) add(m.others.get(`=${w}`));
  if (facts.httpStatus !== undefined) add(m.others.get(`@http ${facts.httpStatus}`));
  if (facts.exitCode !== undefined) add(m.others.get(`@exit ${facts.exitCode}`));
  if (facts.signal !== undefined) add(m.others.get(`@signal ${facts.signal.toLowerCase()}`));
  let max = -Infinity;
  for (let k = 0; k < s.length; k++) if (s[k]! > max) max = s[k]!;
  let z = 0;
  for (let k = 0; k < s.length; k++) z += s[k] = Math.exp(s[k]! - max);
  for (let k = 0; k < s.length; k++) s[k]! /= z;
  return s;
}

/** The index of the most probable class. */
export function bestClass(p: readonly number[]): number {
  let best = 0;
  for (let k = 1; k < p.length; k++) if (p[k]! > p[best]!) best = k;
  return best;
}

/** The reason of a class index (`unknown` for a name outside the taxonomy). */
export function reasonOfClass(k: number): FailureReason {
  const name = data.classes[k]!;
  return isFailureReason(name) ? name : 'unknown';
}

/** The probability the model gives a reason (0 for a reason it never saw in training). */
export function probabilityOf(p: readonly number[], reason: string): number {
  const k = data.classes.indexOf(reason);
  return k < 0 ? 0 : p[k]!;
}

/** Which of the model's classes are retry-safe reasons, by class index. */
const RETRY_SAFE_CLASS: readonly boolean[] = data.classes.map((c) => FAILURE_REASONS.some((r) => r.reason === c && r.retrySafe));

/** The share of the probability on the retry-safe reasons. */
export function transientShare(p: readonly number[]): number {
  let share = 0;
  for (let k = 0; k < p.length; k++) if (RETRY_SAFE_CLASS[k] === true) share += p[k]!;
  return share;
}

/** Scores one text (the run's texts joined by newlines) and its facts. */
export function learnedScore(text: string, facts: LearnedFacts = {}): LearnedScore {
  const p = learnedProbabilities(text, facts);
  const best = bestClass(p);
  const probabilities: Record<string, number> = {};
  data.classes.forEach((c, k) => (probabilities[c] = p[k]!));
  return { reason: reasonOfClass(best), confidence: p[best]!, probabilities };
}
