/**
 * The structured layer: identifiers that providers, SDKs, protocols and operating systems
 * define (an exception class name, an error envelope's type or code, an errno), read in the
 * text before loose wordings. One keyword pass finds them all; the last one in a text decides
 * (earlier ones are attempts that were retried), and its (locus, phenomenon) maps to a reason
 * through the rule data's outcome table.
 */
import { IDENTIFIERS, type IdentifierData } from '../rules/rule-data.js';
import { buildKeywordScanner, type KeywordScanner } from '../rules/keyword-scan.js';
import { textDecision, type Decision } from './decision.js';
import { decideOutcome } from './outcome.js';
import { excerptFor } from './rule-engine.js';
import type { TextView } from './text-views.js';

let compiled: { scanner: KeywordScanner; byId: Map<string, IdentifierData> } | undefined;

/** Whether first use has built these tables (the warm-up test reads it). @internal */
export const identifierScannerBuilt = (): boolean => compiled !== undefined;

/** Built on first use (or by the processor's warm-up), not at import. */
function compiledIdentifiers(): NonNullable<typeof compiled> {
  return (compiled ??= {
    scanner: buildKeywordScanner(IDENTIFIERS.map((i) => i.id)),
    byId: new Map(IDENTIFIERS.map((i) => [i.id, i])),
  });
}

/** The decision of the last identifier standing as a whole token in the text, if any. */
export function identifierDecision(texts: TextView, radius: number): Decision | undefined {
  const { scanner, byId } = compiledIdentifiers();
  const found = scanner.last(texts.lower, true);
  if (found === undefined) return undefined;
  const identifier = byId.get(found.keyword)!;
  const outcome = decideOutcome(texts, `id.${identifier.list}`, identifier.phenomenon, identifier.locus, found.start, found.end);
  return outcome && textDecision(outcome, excerptFor(texts, found.start, found.end, radius));
}
