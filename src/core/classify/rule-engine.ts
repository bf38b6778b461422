/**
 * Runs the built-in text rules: one keyword scan of a text finds every rule that may match,
 * then each candidate's regex confirms it, starting near its first keyword.
 */
import { BUILTIN_RULES, type TextRule } from '../rules/builtin-rules.js';
import { buildKeywordScanner, type KeywordScanner } from '../rules/keyword-scan.js';
import { excerptAround } from '../redact.js';
import type { Decision } from './decision.js';
import { decideOutcome } from './outcome.js';
import type { TextView } from './text-views.js';

/** A built-in rule with its keywords resolved to scanner ids. */
export interface CompiledRule {
  rule: TextRule;
  any: Int32Array;
  none: Int32Array | undefined;
  /** `rule.re` with the global flag, so a search can start near the first keyword. */
  search: RegExp | undefined;
}

let compiled: { scanner: KeywordScanner; rules: CompiledRule[]; byId: Map<string, CompiledRule> } | undefined;

/** Built on first use, so importing the package costs nothing. */
export function compiledRules(): NonNullable<typeof compiled> {
  if (compiled === undefined) {
    const scanner = buildKeywordScanner(BUILTIN_RULES.flatMap((r) => [...r.any, ...(r.none ?? [])]));
    const ids = (keywords: readonly string[]): Int32Array => Int32Array.from(keywords, (k) => scanner.id(k));
    const rules = BUILTIN_RULES.map((rule) => ({
      rule,
      any: ids(rule.any),
      none: rule.none ? ids(rule.none) : undefined,
      search: rule.re ? new RegExp(rule.re.source, `${rule.re.flags}g`) : undefined,
    }));
    compiled = { scanner, rules, byId: new Map(rules.map((r) => [r.rule.id, r])) };
  }
  return compiled;
}

/** Earliest position at which one of the keywords occurs, or -1. */
function firstKeyword(texts: TextView, ids: Int32Array): number {
  const at = (texts.keywordAt ??= compiledRules().scanner.scan(texts.lower));
  let first = -1;
  for (let i = 0; i < ids.length; i++) {
    const position = at[ids[i]!]!;
    if (position !== -1 && (first === -1 || position < first)) first = position;
  }
  return first;
}

/**
 * Where a rule's regex search may start: the line before the one holding its earliest
 * keyword. Every match of a rule contains one of its keywords (test/rules.test.ts checks
 * this on every real text), so nothing earlier can match; on a long stderr whose error is
 * at the end, this skips almost all of it.
 * @internal
 */
export function searchStart(lower: string, keywordAt: number): number {
  const lineStart = lower.lastIndexOf('\n', keywordAt - 1);
  if (lineStart <= 0) return 0;
  return lower.lastIndexOf('\n', lineStart - 1) + 1;
}

/** Matches a rule's `unless` discards; the search goes on after each (bounded). */
const MAX_DISCARDED_MATCHES = 16;

/** The first match of `search` from `from` that `unless` does not discard, as [start, end). */
function findMatch(search: RegExp, unless: RegExp | undefined, lower: string, from: number): [number, number] | undefined {
  search.lastIndex = from;
  for (let i = 0; i <= MAX_DISCARDED_MATCHES; i++) {
    const m = search.exec(lower);
    if (m === null) return undefined;
    const end = m.index + m[0].length;
    if (unless === undefined || !unless.test(m[0])) return [m.index, end];
    search.lastIndex = end > m.index ? end : m.index + 1;
  }
  return undefined;
}

export function runTextRule(compiledRule: CompiledRule, texts: TextView, radius: number): Decision | undefined {
  const { rule } = compiledRule;
  const { lower } = texts;
  const at = firstKeyword(texts, compiledRule.any);
  if (at === -1) return undefined;
  if (compiledRule.none && firstKeyword(texts, compiledRule.none) !== -1) return undefined;
  let start = at;
  let end = at + 1;
  if (compiledRule.search) {
    const m = findMatch(compiledRule.search, rule.unless, lower, searchStart(lower, at));
    if (m === undefined) return undefined;
    [start, end] = m;
  }
  const outcome = decideOutcome(texts, rule.id, rule.phenomenon, rule.locus, start, end);
  return outcome && { ...outcome, evidence: 'text', excerpt: excerptFor(texts, start, end, radius) };
}

export function excerptFor(texts: TextView, start: number, end: number, radius: number): string {
  // Positions refer to the lower-cased text; lower-casing keeps lengths but for a few
  // characters (İ), and then the lower-cased text serves (redaction ignores case).
  const source = texts.lower.length === texts.clean.length ? texts.clean : texts.lower;
  return excerptAround(source, start, end, radius);
}

/** The first rule of a tier, in table order, that matches the text. */
export function firstRule(texts: TextView, tier: TextRule['tier'], radius: number): Decision | undefined {
  for (const rule of compiledRules().rules) {
    if (rule.rule.tier !== tier) continue;
    const d = runTextRule(rule, texts, radius);
    if (d) return d;
  }
  return undefined;
}
