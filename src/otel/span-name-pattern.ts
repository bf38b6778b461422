/** Span-name patterns: exact names, `*` wildcards, or RegExp objects the user passes. */

/** Wildcard match where `*` stands for any run of characters. Linear in practice, never exponential. */
export function globMatch(pattern: string, text: string): boolean {
  let p = 0;
  let t = 0;
  let star = -1;
  let mark = 0;
  while (t < text.length) {
    if (p < pattern.length && pattern[p] !== '*' && pattern[p] === text[t]) {
      p++;
      t++;
    } else if (p < pattern.length && pattern[p] === '*') {
      star = p++;
      mark = t;
    } else if (star !== -1) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.length && pattern[p] === '*') p++;
  return p === pattern.length;
}

/** Compiled form: exact names in a set, wildcards and regexps tried in order. */
export interface SpanNameMatcher {
  (name: string): boolean;
}

const MAX_NAME_LENGTH = 512;

export function compileSpanNamePatterns(patterns: ReadonlyArray<string | RegExp>): SpanNameMatcher | undefined {
  if (patterns.length === 0) return undefined;
  const exact = new Set<string>();
  const globs: string[] = [];
  const regexps: RegExp[] = [];
  for (const p of patterns) {
    if (p instanceof RegExp) regexps.push(new RegExp(p.source, p.flags.replace(/[gy]/g, '')));
    else if (p.includes('*')) globs.push(p);
    else exact.add(p);
  }
  return (name: string): boolean => {
    if (exact.has(name)) return true;
    if (globs.length === 0 && regexps.length === 0) return false;
    const n = name.length > MAX_NAME_LENGTH ? name.slice(0, MAX_NAME_LENGTH) : name;
    for (const g of globs) if (globMatch(g, n)) return true;
    for (const r of regexps) if (r.test(n)) return true;
    return false;
  };
}
