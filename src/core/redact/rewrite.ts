/** The one loop every masking step shares: walk a global pattern's matches, replace chosen spans. */

/** A span of the text to replace, and what replaces it. */
export type Edit = readonly [start: number, end: number, replacement: string];

/**
 * Rewrites `text` match by match. For each match of the global `re`, `edit` returns the span to
 * replace (never starting before `from`, the end of the last replacement) or undefined to keep
 * it; the search goes on after a replaced span. `edit` may move `re.lastIndex` itself.
 */
export function rewriteMatches(text: string, re: RegExp, edit: (m: RegExpExecArray, from: number) => Edit | undefined): string {
  let out = '';
  let last = 0;
  let changed = false;
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    const e = edit(m, last);
    if (e === undefined) {
      if (m[0].length === 0) re.lastIndex++;
      continue;
    }
    const [start, end, replacement] = e;
    out += text.slice(last, start) + replacement;
    last = end;
    changed = true;
    re.lastIndex = Math.max(re.lastIndex, end);
  }
  return changed ? out + text.slice(last) : text;
}
