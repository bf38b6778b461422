/**
 * One pass over the text finds the first position of every rule keyword (an Aho-Corasick
 * automaton over all of them), instead of one `indexOf` scan per keyword. The cost of a
 * classification then no longer grows with the number of keywords in the rule table.
 */

export interface KeywordScanner {
  /** Number of distinct keywords. */
  readonly size: number;
  /** Id of a keyword given to the builder. */
  id(keyword: string): number;
  /** First index of each keyword id in `text`, -1 when absent. */
  scan(text: string): number[];
  /**
   * The keywords that occur in `text`, each once at its first occurrence, as flat pairs
   * `[id, start, id, start, …]` in no particular order. Its cost follows the text and the
   * keywords found, not the size of the keyword list.
   */
  firsts(text: string): number[];
  /** Calls `found` for every occurrence of every keyword, in text order of their ends. */
  forEach(text: string, found: (id: number, start: number) => void): void;
  /**
   * The last occurrence that starts a token (no letter, digit or `_` before it) and, with
   * `wholeToken`, also ends one; at one position the longer keyword.
   */
  last(text: string, wholeToken: boolean): { keyword: string; start: number; end: number } | undefined;
  /** Every occurrence that stands as a token (as `last` reads it), in text order of their ends. */
  tokens(text: string, wholeToken: boolean): { start: number; end: number }[];
  /** The last `count` of `tokens(text, wholeToken)`, in the same order. */
  lastTokens(text: string, wholeToken: boolean, count: number): { start: number; end: number }[];
}

/**
 * `last` and `lastTokens` read the end of a long text first: this many characters, then
 * four times as many, and so on, until the answer is known; each wider window reads only the
 * part the one before did not. A keyword near the end of a 64 KiB text then costs a 4 KiB
 * scan, and a text with none one scan.
 */
const TAIL_WINDOW = 4096;

/** Below this length `firsts` runs one scan; above, two interleaved (see there). */
const TWO_WAY_MIN_LENGTH = 256;

const isWordChar = (code: number): boolean =>
  (code >= 97 && code <= 122) || (code >= 48 && code <= 57) || code === 95 || (code >= 65 && code <= 90);

export function buildKeywordScanner(keywords: readonly string[]): KeywordScanner {
  const ids = new Map<string, number>();
  const list: string[] = [];
  for (const k of keywords) {
    if (k.length > 0 && !ids.has(k)) {
      ids.set(k, list.length);
      list.push(k);
    }
  }

  // Columns: one per character that occurs in a keyword, plus one for every other character.
  const column = new Map<number, number>();
  for (const k of list) for (let i = 0; i < k.length; i++) if (!column.has(k.charCodeAt(i))) column.set(k.charCodeAt(i), column.size);
  const other = column.size;
  const width = other + 1;
  const columnOf = (code: number): number => column.get(code) ?? other;

  // The trie in flat typed arrays: per state, its children as a sibling list in column order,
  // and the root's children also in one dense row (most lookups while the failure links are
  // built end at the root). A dense goto table for every state (7 MiB for the rule keywords)
  // cost more to allocate and fill than the lookups it saved; a typed array per state more
  // still.
  let most = 1;
  for (const k of list) most += k.length;
  // 0 is "none" in rootRow, firstChild and sibling (the root is nobody's child): fresh typed
  // arrays are zeroed already.
  const rootRow = new Int32Array(width);
  const colOf = new Int32Array(most);
  const firstChild = new Int32Array(most);
  const sibling = new Int32Array(most);
  const own = new Int32Array(most).fill(-1); // keyword ending in a state (keywords are distinct)
  const child = (state: number, c: number): number => {
    if (state === 0) return rootRow[c]!;
    for (let at = firstChild[state]!; at !== 0; at = sibling[at]!) {
      const ac = colOf[at]!;
      if (ac >= c) return ac === c ? at : 0;
    }
    return 0;
  };
  let states = 1;
  list.forEach((k, kid) => {
    let state = 0;
    for (let i = 0; i < k.length; i++) {
      const c = columnOf(k.charCodeAt(i));
      // Keep the children in column order (the breadth-first order below follows it).
      let prev = 0;
      let at = firstChild[state]!;
      while (at !== 0 && colOf[at]! < c) {
        prev = at;
        at = sibling[at]!;
      }
      if (at !== 0 && colOf[at] === c) {
        state = at;
        continue;
      }
      const target = states++;
      colOf[target] = c;
      sibling[target] = at;
      if (prev === 0) firstChild[state] = target;
      else sibling[prev] = target;
      if (state === 0) rootRow[c] = target;
      state = target;
    }
    own[state] = kid;
  });

  // Breadth first, children in column order; failure links by the classic walk up the links.
  const fail = new Int32Array(states);
  const output: number[][] = new Array<number[]>(states);
  output[0] = [];
  const queue: number[] = [];
  for (let t = firstChild[0]!; t !== 0; t = sibling[t]!) queue.push(t);
  for (let qi = 0; qi < queue.length; qi++) {
    const s = queue[qi]!;
    const inherited = output[fail[s]!]!;
    output[s] = own[s]! === -1 ? inherited : [own[s]!, ...inherited];
    for (let t = firstChild[s]!; t !== 0; t = sibling[t]!) {
      const c = colOf[t]!;
      let f = fail[s]!;
      let to = child(f, c);
      while (to === 0 && f !== 0) {
        f = fail[f]!;
        to = child(f, c);
      }
      fail[t] = to;
      queue.push(t);
    }
  }
  // States renumbered so that those with outputs come last (one comparison per character
  // tells whether a keyword ends here), and stored premultiplied by the width (the next row
  // is one addition away): the scan's loop is a load, an add and a compare per character.
  // Within each part, breadth-first order: a scan spends nearly all its time in the shallow
  // states, whose rows then sit together in the cache instead of scattered over megabytes.
  queue.unshift(0);
  const breadthFirst = queue;
  let silent = 0;
  for (let i = 0; i < states; i++) if (output[breadthFirst[i]!]!.length === 0) silent++;
  const firstOutput = silent * width;
  const renumbered = new Int32Array(states);
  for (let i = 0, quiet = 0, loud = silent; i < states; i++) {
    const s = breadthFirst[i]!;
    renumbered[s] = (output[s]!.length === 0 ? quiet++ : loud++) * width;
  }
  // The full transition table, row by row in breadth-first order: a state's row is its failure
  // state's row (already filled: it is shallower) with its own children written over it.
  const table = new Int32Array(states * width);
  for (const s of breadthFirst) {
    const row = renumbered[s]!;
    if (s === 0) table.fill(row, row, row + width);
    else table.copyWithin(row, renumbered[fail[s]!]!, renumbered[fail[s]!]! + width);
    for (let t = firstChild[s]!; t !== 0; t = sibling[t]!) table[row + colOf[t]!] = renumbered[t]!;
  }
  // Keywords ending in a state, by its renumbered row (only rows from firstOutput on have any).
  const outputs: Int32Array[] = [];
  for (let s = 0; s < states; s++) if (output[s]!.length > 0) outputs[(renumbered[s]! - firstOutput) / width] = Int32Array.from(output[s]!);
  const lengths = Int32Array.from(list, (k) => k.length);
  // Character → column for the BMP, so the hot loop does no Map lookups.
  const columns = new Int32Array(65536).fill(other);
  for (const [code, c] of column) columns[code] = c;

  /** Starts a token (nothing word-like before) and, with `wholeToken`, ends one. */
  const standsAsToken = (text: string, start: number, end: number, wholeToken: boolean): boolean =>
    !(start > 0 && isWordChar(text.charCodeAt(start - 1))) && !(wholeToken && end < text.length && isWordChar(text.charCodeAt(end)));

  /**
   * Every occurrence starting at `from` or later and ending before `until` (a scan from the
   * root at `from` misses none).
   */
  const forEachIn = (text: string, from: number, until: number, found: (id: number, start: number) => void): void => {
    let row = renumbered[0]!;
    for (let i = from; i < until; i++) {
      row = table[row + columns[text.charCodeAt(i)]!]!;
      if (row < firstOutput) continue;
      const hits = outputs[(row - firstOutput) / width]!;
      for (let j = 0; j < hits.length; j++) found(hits[j]!, i - lengths[hits[j]!]! + 1);
    }
  };
  const forEach = (text: string, found: (id: number, start: number) => void): void => forEachIn(text, 0, text.length, found);

  const none = list.map(() => -1);
  const longest = Math.max(0, ...lengths);
  // Per keyword, the earliest start `firsts` found so far (-1: none); reset before it returns
  // (scans never nest).
  const firstAt = new Int32Array(list.length).fill(-1);
  let foundIds: number[] = [];
  const record = (kid: number, start: number): void => {
    const was = firstAt[kid]!;
    if (was === -1) {
      firstAt[kid] = start;
      foundIds.push(kid);
    } else if (start < was) firstAt[kid] = start;
  };

  return {
    size: list.length,
    id: (keyword) => ids.get(keyword) ?? -1,
    scan(text: string): number[] {
      // A plain array copied from a template: allocating a typed array costs more than a short scan.
      const first = none.slice();
      let row = renumbered[0]!;
      for (let i = 0; i < text.length; i++) {
        row = table[row + columns[text.charCodeAt(i)]!]!;
        if (row < firstOutput) continue;
        const found = outputs[(row - firstOutput) / width]!;
        for (let j = 0; j < found.length; j++) {
          const kid = found[j]!;
          if (first[kid] === -1) first[kid] = i - lengths[kid]! + 1;
        }
      }
      return first;
    },
    firsts(text: string): number[] {
      foundIds = [];
      const n = text.length;
      if (n < TWO_WAY_MIN_LENGTH || n < 4 * longest) {
        let row = renumbered[0]!;
        for (let i = 0; i < n; i++) {
          row = table[row + columns[text.charCodeAt(i)]!]!;
          if (row < firstOutput) continue;
          const hits = outputs[(row - firstOutput) / width]!;
          for (let j = 0; j < hits.length; j++) record(hits[j]!, i - lengths[hits[j]!]! + 1);
        }
      } else {
        // Each step of the scan waits on the table load of the one before: two independent
        // scans in one loop, over the two halves, overlap those waits (~1.6x the characters
        // per second on a 2 KiB text). The second starts `longest - 1` characters before the
        // middle, so it sees every keyword ending in its half whole; the first reports those
        // ending before the middle. Each keyword keeps its earliest start.
        const half = n >> 1;
        const from = half - longest + 1;
        let a = renumbered[0]!;
        let b = a;
        let j = from;
        for (let i = 0; i < half; i++, j++) {
          a = table[a + columns[text.charCodeAt(i)]!]!;
          b = table[b + columns[text.charCodeAt(j)]!]!;
          if (a >= firstOutput) {
            const hits = outputs[(a - firstOutput) / width]!;
            for (let k = 0; k < hits.length; k++) record(hits[k]!, i - lengths[hits[k]!]! + 1);
          }
          if (b >= firstOutput && j >= half) {
            const hits = outputs[(b - firstOutput) / width]!;
            for (let k = 0; k < hits.length; k++) record(hits[k]!, j - lengths[hits[k]!]! + 1);
          }
        }
        for (; j < n; j++) {
          b = table[b + columns[text.charCodeAt(j)]!]!;
          if (b < firstOutput) continue;
          const hits = outputs[(b - firstOutput) / width]!;
          for (let k = 0; k < hits.length; k++) record(hits[k]!, j - lengths[hits[k]!]! + 1);
        }
      }
      const found: number[] = [];
      for (const kid of foundIds) {
        found.push(kid, firstAt[kid]!);
        firstAt[kid] = -1;
      }
      return found;
    },
    forEach,
    last(text: string, wholeToken: boolean) {
      let best = -1;
      let bestStart = -1;
      const consider = (id: number, start: number): void => {
        if (start < bestStart || (start === bestStart && lengths[id]! <= lengths[best]!)) return;
        if (!standsAsToken(text, start, start + lengths[id]!, wholeToken)) return;
        best = id;
        bestStart = start;
      };
      // The answer is the greatest start (then the longer keyword): once a window finds one,
      // every occurrence it did not see starts earlier. Each wider window reads only what the
      // one before did not: occurrences starting before `seenFrom` end within `longest - 1`
      // characters after it.
      let seenFrom = text.length;
      for (let window = TAIL_WINDOW; best === -1; window *= 4) {
        const from = Math.max(0, text.length - window);
        forEachIn(text, from, Math.min(text.length, seenFrom + longest - 1), consider);
        seenFrom = from;
        if (from === 0) break;
      }
      return best === -1 ? undefined : { keyword: list[best]!, start: bestStart, end: bestStart + lengths[best]! };
    },
    tokens(text: string, wholeToken: boolean) {
      const found: { start: number; end: number }[] = [];
      forEach(text, (id, start) => {
        const end = start + lengths[id]!;
        if (standsAsToken(text, start, end, wholeToken)) found.push({ start, end });
      });
      return found;
    },
    lastTokens(text: string, wholeToken: boolean, count: number) {
      let found: { start: number; end: number }[] = [];
      // Occurrences ending at `exactUntil` or later are in `found` already.
      let exactUntil = text.length;
      for (let window = TAIL_WINDOW; ; window *= 4) {
        const from = Math.max(0, text.length - window);
        // From `from` on, the scan is in the state a scan from 0 would be in once it has read
        // `longest - 1` characters: occurrences ending there or later are exactly those of
        // the whole text, in the same order. A wider window reads only up to where the one
        // before became exact, and its occurrences go before that one's.
        const exactFrom = from === 0 ? 0 : from + longest - 1;
        const earlier: { start: number; end: number }[] = [];
        forEachIn(text, from, exactUntil, (id, start) => {
          const end = start + lengths[id]!;
          if (end - 1 >= exactFrom && standsAsToken(text, start, end, wholeToken)) earlier.push({ start, end });
        });
        found = earlier.length === 0 ? found : found.length === 0 ? earlier : earlier.concat(found);
        if (found.length >= count || from === 0) return found.slice(Math.max(0, found.length - count));
        exactUntil = Math.min(text.length, exactFrom);
      }
    },
  };
}
