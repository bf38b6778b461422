/**
 * The built-in text rules, in the order they are tried. Each rule is written for the shape
 * of a provider's or CLI's error, not for one message: error type names, status names and
 * the stable phrases the SDKs and CLIs print. `source` says where the shape was taken from.
 *
 * A rule is considered only when one of its `any` substrings occurs in the lower-cased
 * text (a cheap scan), then confirmed by `re` when present. Every `re` is linear: bounded
 * repetitions, no nested quantifiers, no backreferences.
 */
import { CALLER_AND_PROVIDER_RULES } from './caller-and-provider-rules.js';
import { RUNTIME_AND_TRANSPORT_RULES } from './runtime-and-transport-rules.js';
import type { TextRule } from './text-rule.js';

export type { TextRule } from './text-rule.js';

/** Every built-in rule, in the order they are tried (first match within a tier wins). */
export const BUILTIN_RULES: readonly TextRule[] = Object.freeze(
  [...CALLER_AND_PROVIDER_RULES, ...RUNTIME_AND_TRANSPORT_RULES].map((rule) => Object.freeze(rule)),
);
