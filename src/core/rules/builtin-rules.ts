/**
 * The built-in text rules, in the order they are tried, compiled from the rule data
 * (rules/rules.json). Each rule is written for the shape of a provider's or CLI's error, not
 * for one message: error type names, status names and the stable phrases the SDKs and CLIs
 * print. `source` says where the shape was taken from.
 *
 * A rule is considered only when one of its `any` substrings occurs in the lower-cased text
 * (a cheap scan), then confirmed by `re` when present. Every pattern is RE2 syntax: linear,
 * no lookaround, no backreferences (test/rules/re2.test.ts compiles each with Go's regexp).
 */
import { RULES, type TextRuleData } from './rule-data.js';
import type { TextRule } from './text-rule.js';

export type { TextRule } from './text-rule.js';

function compile(data: TextRuleData): TextRule {
  const rule: TextRule = {
    id: data.id,
    phenomenon: data.phenomenon,
    ...(data.locus !== undefined ? { locus: data.locus } : {}),
    tier: data.tier,
    any: Object.freeze([...data.any]),
    why: data.why,
    source: data.source,
    ...(data.re !== undefined ? { re: new RegExp(data.re, data.flags ?? '') } : {}),
    ...(data.none !== undefined ? { none: Object.freeze([...data.none]) } : {}),
    ...(data.unless !== undefined ? { unless: new RegExp(data.unless) } : {}),
  };
  return Object.freeze(rule);
}

/** Every built-in rule, in the order they are tried (first match within a tier wins). */
export const BUILTIN_RULES: readonly TextRule[] = Object.freeze(RULES.textRules.map(compile));
