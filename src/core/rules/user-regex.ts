/**
 * User regexes on a linear-time engine. A user's pattern runs on RE2 (re2js, a pure-JavaScript
 * port): no input can make it backtrack, and the syntax is the one an OpenTelemetry Collector
 * (OTTL `IsMatch`) accepts, so user rules stay portable. What RE2 cannot compile (lookaround,
 * backreferences) is refused with the engine's own reason.
 *
 * RE2 is linear in the text but its constant grows with the pattern's compiled size, so work
 * is bounded three ways: counted repetitions are capped, a pattern with a mandatory literal
 * runs only on texts that contain it, and every regex sees a bounded window of the evidence.
 */
import { RE2JS } from 're2js';

/** Longest pattern accepted. */
export const MAX_USER_PATTERN_LENGTH = 512;
/** Largest count in `{n}`, `{n,m}`, `{n,}`: RE2 compiles a repetition into that many copies. */
export const MAX_USER_REPEAT = 20;

/** A compiled user regex. */
export interface UserRegex {
  /** The pattern as written. */
  readonly source: string;
  readonly caseInsensitive: boolean;
  /**
   * A literal every match contains (lower-cased when case-insensitive), or undefined: texts
   * without it are skipped without running the regex.
   */
  readonly literal: string | undefined;
  /** [start, end) of the first match in `text`, or undefined. */
  find(text: string): [number, number] | undefined;
}

const FLAG_BITS: Readonly<Record<string, number>> = { i: RE2JS.CASE_INSENSITIVE, s: RE2JS.DOTALL, m: RE2JS.MULTILINE, u: 0 };

/** Largest counted repetition in a pattern (0 when none). */
function largestRepeat(pattern: string): number {
  let largest = 0;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c !== '{') continue;
    const close = pattern.indexOf('}', i);
    if (close === -1 || close - i > 16) continue;
    for (const n of pattern.slice(i + 1, close).split(',')) {
      if (/^[0-9]{1,9}$/.test(n)) largest = Math.max(largest, Number(n));
    }
  }
  return largest;
}

const META = new Set(['.', '^', '$', '*', '+', '?', '(', ')', '[', ']', '{', '}', '|']);
const ESCAPED_LITERAL = /^[^A-Za-z0-9]$/;

/**
 * The longest run of literal characters every match must contain: read at the top level of
 * the pattern only (no alternation there), and a character followed by a quantifier that
 * allows zero or more copies ends the run without joining it. Conservative: undefined when unsure.
 */
export function mandatoryLiteral(pattern: string): string | undefined {
  let best = '';
  let run = '';
  let depth = 0;
  const flush = (): void => {
    if (run.length > best.length) best = run;
    run = '';
  };
  for (let i = 0; i < pattern.length; i++) {
    let c = pattern[i] as string;
    if (c === '\\') {
      const next = pattern[i + 1];
      i++;
      if (next === undefined || !ESCAPED_LITERAL.test(next)) {
        flush(); // \s, \d, \b, \x41 … are classes or assertions, not literals
        continue;
      }
      c = next;
    } else if (META.has(c)) {
      if (c === '|' && depth === 0) return undefined;
      if (c === '(') depth++;
      if (c === ')') depth = Math.max(0, depth - 1);
      if (c === '[') {
        while (i < pattern.length && pattern[i] !== ']') i += pattern[i] === '\\' ? 2 : 1;
      }
      // A counted repetition: its digits are not literals.
      if (c === '{') {
        const close = pattern.indexOf('}', i);
        if (close !== -1 && /^\{[0-9]{1,9}(,[0-9]{0,9})?\}$/.test(pattern.slice(i, close + 1))) {
          if (/^\{0[,}]/.test(pattern.slice(i, i + 3))) run = run.slice(0, -1);
          i = close;
          flush();
          continue;
        }
      }
      // A quantifier may make the last character optional: drop it from the run.
      if (c === '?' || c === '*' || (c === '{' && /^\{0[,}]/.test(pattern.slice(i, i + 3)))) run = run.slice(0, -1);
      flush();
      continue;
    }
    if (depth > 0) continue;
    run += c;
  }
  flush();
  return best.length >= 3 ? best : undefined;
}

/**
 * Compiles a user regex, or says why it cannot.
 * @param flags any of i, m, s, u (RE2 is Unicode-aware already); `^` and `$` always match at line breaks
 */
export function compileUserRegex(pattern: string, flags: string): UserRegex | string {
  if (pattern.length > MAX_USER_PATTERN_LENGTH) return `pattern longer than ${MAX_USER_PATTERN_LENGTH} characters`;
  if (!/^[imsu]{0,4}$/.test(flags)) return `flags "${flags}" may only contain i, m, s, u`;
  if (largestRepeat(pattern) > MAX_USER_REPEAT) return `a counted repetition above {${MAX_USER_REPEAT}} (use * or + instead)`;
  let bits = RE2JS.MULTILINE;
  for (const f of flags) bits |= FLAG_BITS[f] ?? 0;
  let re: RE2JS;
  try {
    re = RE2JS.compile(pattern, bits);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    return `not a valid RE2 pattern (${message}); lookaround and backreferences are not supported`;
  }
  const caseInsensitive = flags.includes('i');
  // Inline flags ("(?i)") change how literals match: no prefilter then.
  const literal = pattern.includes('(?') ? undefined : mandatoryLiteral(pattern);
  return {
    source: pattern,
    caseInsensitive,
    literal: literal === undefined ? undefined : caseInsensitive ? literal.toLowerCase() : literal,
    find(text: string): [number, number] | undefined {
      const m = re.matcher(text);
      return m.find() ? [m.start(), m.end()] : undefined;
    },
  };
}
