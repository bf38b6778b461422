/**
 * The last resort before a run is left unknown: the cue words of each phenomenon (rules.json
 * `cues`). A text no rule or identifier explains usually still says what kind of thing went
 * wrong; the cue that occurs last (the final failure) decides through the same locus and
 * outcome table as the rules, and is never called retry-safe.
 */
import { buildKeywordScanner, type KeywordScanner } from '../rules/keyword-scan.js';
import { RULES } from '../rules/rule-data.js';
import { textDecision, type Decision } from './decision.js';
import { decideOutcome } from './outcome.js';
import { excerptFor } from './rule-engine.js';
import type { TextView } from './text-views.js';

let compiled: { scanner: KeywordScanner; phenomenonOf: Map<string, string>; failed: KeywordScanner } | undefined;

/** Whether first use has built these tables (the warm-up test reads it). @internal */
export const cueScannersBuilt = (): boolean => compiled !== undefined;

/** Built on first use: importing the package costs nothing. */
function compiledCues(): NonNullable<typeof compiled> {
  if (compiled === undefined) {
    const phenomenonOf = new Map(Object.entries(RULES.cues.byPhenomenon).flatMap(([p, words]) => words.map((w) => [w, p] as const)));
    compiled = { scanner: buildKeywordScanner([...phenomenonOf.keys()]), phenomenonOf, failed: buildKeywordScanner(RULES.cues.failed) };
  }
  return compiled;
}

/** How many failure words, from the last, the locus last resort reads around. */
const MAX_FAILED_CUES = 8;

/** The decision of the last cue in the text, if any; else of a failure word whose locus decides. */
export function cueDecision(texts: TextView, radius: number): Decision | undefined {
  const { scanner, phenomenonOf, failed } = compiledCues();
  // A cue starts a token ("exception" in "ThrottlingException" is the identifier's) but may be
  // a stem ("throttl").
  const found = scanner.last(texts.lower, false);
  if (found !== undefined) {
    const phenomenon = phenomenonOf.get(found.keyword)!;
    const outcome = decideOutcome(texts, `cue.${phenomenon}`, phenomenon, undefined, found.start, found.end);
    if (outcome) return textDecision(outcome, excerptFor(texts, found.start, found.end, radius), false);
  }
  // No cue says what happened: a failure word ("error", "failed") still says that something
  // failed, and the locus read around it (a tool, a local model server, the agent's runtime)
  // says who — `failed` maps to a reason only at a locus. The last few such words are tried.
  const words = failed.lastTokens(texts.lower, true, MAX_FAILED_CUES);
  for (let i = words.length - 1; i >= 0; i--) {
    const { start, end } = words[i]!;
    const outcome = decideOutcome(texts, 'cue.failed', 'failed', undefined, start, end);
    if (outcome) return textDecision(outcome, excerptFor(texts, start, end, radius), false);
  }
  return undefined;
}
