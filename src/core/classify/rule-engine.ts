/**
 * Runs the built-in text rules: one keyword scan of a text finds every rule that may match,
 * then each candidate's regex confirms it, starting near its first keyword.
 */
import { BUILTIN_RULES, type TextRule } from '../rules/builtin-rules.js';
import { buildKeywordScanner, type KeywordScanner } from '../rules/keyword-scan.js';
import { excerptAround } from '../redact.js';
import { textDecision, type Decision } from './decision.js';
import { decideOutcome } from './outcome.js';
import type { TextView } from './text-views.js';

/** A built-in rule with its keywords resolved to scanner ids. */
export interface CompiledRule {
  rule: TextRule;
  /** Position in the rule table (and in a view's `ruleAt`). */
  index: number;
  /** `rule.re` with the global flag, so a search can start near the first keyword. */
  search: RegExp | undefined;
}

interface CompiledRules {
  scanner: KeywordScanner;
  rules: CompiledRule[];
  byId: Map<string, CompiledRule>;
  /** Per keyword id, the rules it may trigger (`any`) and the rules it vetoes (`none`). */
  anyOf: number[][];
  noneOf: number[][];
  /** The rules of each tier, in table order. */
  tiers: Record<TextRule['tier'], CompiledRule[]>;
  /** -1 per rule: each view's `ruleAt` starts as a copy (a plain array: allocating a typed array costs more than the scan's bookkeeping). */
  noStarts: number[];
}

let compiled: CompiledRules | undefined;

/** Whether first use has built these tables (the warm-up test reads it). @internal */
export const ruleTablesBuilt = (): boolean => compiled !== undefined;

/** Built on first use (or by the processor's warm-up), not at import. */
export function compiledRules(): CompiledRules {
  if (compiled === undefined) {
    const scanner = buildKeywordScanner(BUILTIN_RULES.flatMap((r) => [...r.any, ...(r.none ?? [])]));
    const anyOf: number[][] = Array.from({ length: scanner.size }, () => []);
    const noneOf: number[][] = Array.from({ length: scanner.size }, () => []);
    const rules = BUILTIN_RULES.map((rule, index) => {
      for (const k of new Set(rule.any)) anyOf[scanner.id(k)]?.push(index);
      for (const k of new Set(rule.none ?? [])) noneOf[scanner.id(k)]?.push(index);
      return { rule, index, search: rule.re ? new RegExp(rule.re.source, `${rule.re.flags}g`) : undefined };
    });
    const tiers = { specific: rules.filter((r) => r.rule.tier === 'specific'), generic: rules.filter((r) => r.rule.tier === 'generic') };
    const noStarts = rules.map(() => -1);
    compiled = { scanner, rules, byId: new Map(rules.map((r) => [r.rule.id, r])), anyOf, noneOf, tiers, noStarts };
  }
  return compiled;
}

/**
 * Per rule, the earliest position in `lower` of one of its keywords, or -1 when none occurs
 * or one of its `none` keywords does. One keyword pass per view, on first use; the work after
 * it follows the keywords found, so a rule tier costs one array read per rule.
 */
function ruleStarts(texts: TextView): number[] {
  if (texts.ruleAt !== undefined) return texts.ruleAt;
  const { scanner, anyOf, noneOf, noStarts } = compiledRules();
  const at = noStarts.slice();
  const found = scanner.firsts(texts.lower);
  for (let k = 0; k < found.length; k += 2) {
    const start = found[k + 1]!;
    for (const r of anyOf[found[k]!]!) if (at[r] === -1 || start < at[r]!) at[r] = start;
  }
  for (let k = 0; k < found.length; k += 2) for (const r of noneOf[found[k]!]!) at[r] = -1;
  texts.ruleAt = at;
  return at;
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
  const at = ruleStarts(texts)[compiledRule.index]!;
  return at === -1 ? undefined : confirmRule(compiledRule, texts, at, radius);
}

/** A rule whose keyword occurs at `at` (and no veto): its regex confirms it, then the outcome table decides. */
function confirmRule(compiledRule: CompiledRule, texts: TextView, at: number, radius: number): Decision | undefined {
  const { rule } = compiledRule;
  const { lower } = texts;
  let start = at;
  let end = at + 1;
  if (compiledRule.search) {
    const m = findMatch(compiledRule.search, rule.unless, lower, searchStart(lower, at));
    if (m === undefined) return undefined;
    [start, end] = m;
  }
  const outcome = decideOutcome(texts, rule.id, rule.phenomenon, rule.locus, start, end);
  if (outcome === undefined) return undefined;
  const decision = textDecision(outcome, excerptFor(texts, start, end, radius));
  // A crash is not a transient phenomenon, whoever crashed: a local model server's runner dying
  // (the provider's fault to the agent, provider_server_error) fails the same way again.
  if (rule.phenomenon === 'crash') decision.retrySafe = false;
  return decision;
}

export function excerptFor(texts: TextView, start: number, end: number, radius: number): string {
  // Positions refer to the lower-cased text; lower-casing keeps lengths but for a few
  // characters (İ), and then the lower-cased text serves (redaction ignores case).
  const source = texts.lower.length === texts.clean.length ? texts.clean : texts.lower;
  return excerptAround(source, start, end, radius);
}

/** The first rule of a tier, in table order, that matches the text. */
export function firstRule(texts: TextView, tier: TextRule['tier'], radius: number): Decision | undefined {
  const at = ruleStarts(texts);
  for (const rule of compiledRules().tiers[tier]) {
    const start = at[rule.index]!;
    if (start === -1) continue;
    const d = confirmRule(rule, texts, start, radius);
    if (d) return d;
  }
  return undefined;
}
