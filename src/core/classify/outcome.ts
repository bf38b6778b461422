/**
 * Two questions, then a table: a rule or an identifier says *what* happened (the phenomenon);
 * who failed (the locus) is the rule's own when its wording names it, else read from the
 * lines around the match; the rule data's outcome table maps the pair to a reason.
 */
import { buildKeywordScanner, type KeywordScanner } from '../rules/keyword-scan.js';
import { RULES } from '../rules/rule-data.js';
import type { FailureReason } from '../taxonomy.js';
import type { TextView } from './text-views.js';

/** The reason a (phenomenon, locus) pair stands for, or undefined when the table has none. */
export function outcomeFor(phenomenon: string, locus: string | undefined): FailureReason | undefined {
  const byLocus = locus === undefined ? undefined : RULES.outcomes.byLocus[locus];
  return byLocus?.[phenomenon] ?? byLocus?.['*'] ?? RULES.outcomes.byPhenomenon[phenomenon];
}

interface CompiledLocus {
  locus: string;
  re: RegExp;
}

interface CompiledLoci {
  scanner: KeywordScanner;
  loci: readonly CompiledLocus[];
  /** Per keyword id, the loci (a bit per position in `loci`) it may be evidence of. */
  lociOf: Int32Array;
}

let loci: CompiledLoci | undefined;

/** Whether first use has built these tables (the warm-up test reads it). @internal */
export const lociBuilt = (): boolean => loci !== undefined;

/** Built on first use: one keyword pass over a window tells which loci may match. */
function compiledLoci(): CompiledLoci {
  if (loci === undefined) {
    if (RULES.loci.length > 31) throw new Error(`rule data: ${RULES.loci.length} loci, at most 31 fit the bit sets`);
    const scanner = buildKeywordScanner(RULES.loci.flatMap((l) => l.any));
    const lociOf = new Int32Array(scanner.size);
    RULES.loci.forEach((l, i) => {
      for (const k of l.any) lociOf[scanner.id(k)]! |= 1 << i;
    });
    loci = { scanner, loci: RULES.loci.map((l) => ({ locus: l.locus, re: new RegExp(l.re) })), lociOf };
  }
  return loci;
}

/** How far the locus window reaches either side of the match, in characters. */
const LOCUS_REACH = 240;
/** Lines before the match's line that the window may hold (a log names the tool, then errs). */
const LOCUS_LINES_BEFORE = 3;

/**
 * Who failed, as the text around [start, end) says: the line holding the match and the lines
 * before it (a log often names the server or tool on one line and the error on a later one).
 * Loci are tried in data order, so a tool named in a JSON-RPC error is the tool's failure.
 */
export function locusAround(texts: TextView, start: number, end: number): string | undefined {
  const { lower } = texts;
  let prevStart = lower.lastIndexOf('\n', start - 1) + 1;
  for (let i = 0; i < LOCUS_LINES_BEFORE && prevStart > 0; i++) prevStart = lower.lastIndexOf('\n', prevStart - 2) + 1;
  const lineEnd = lower.indexOf('\n', end);
  const from = Math.max(prevStart, start - LOCUS_REACH);
  const to = Math.min(lineEnd === -1 ? lower.length : lineEnd, end + LOCUS_REACH);
  const window = lower.slice(from, to);
  const { scanner, loci: list, lociOf } = compiledLoci();
  // The loci whose keywords occur in the window, as bits; then their patterns, in data order.
  const found = scanner.firsts(window);
  let candidates = 0;
  for (let k = 0; k < found.length; k += 2) candidates |= lociOf[found[k]!]!;
  for (let i = 0; candidates !== 0 && i < list.length; i++) {
    if ((candidates & (1 << i)) === 0) continue;
    candidates &= ~(1 << i);
    if (list[i]!.re.test(window)) return list[i]!.locus;
  }
  return undefined;
}

/**
 * A phenomenon found at [start, end) of a text, decided by the evidence `rule` (a rule id,
 * `id.<list>`, `cue.<phenomenon>`): its reason, and the rule to stamp — `<rule>@<locus>` when
 * the locus read around the match changed the reason, so `failure.rule` names both decisions.
 */
export function decideOutcome(
  texts: TextView,
  rule: string,
  phenomenon: string,
  fixedLocus: string | undefined,
  start: number,
  end: number,
): { reason: FailureReason; rule: string } | undefined {
  if (fixedLocus !== undefined) {
    const reason = outcomeFor(phenomenon, fixedLocus);
    return reason === undefined ? undefined : { reason, rule };
  }
  const alone = outcomeFor(phenomenon, undefined);
  const locus = locusAround(texts, start, end);
  const reason = locus === undefined ? alone : outcomeFor(phenomenon, locus);
  if (reason === undefined) return undefined;
  return { reason, rule: reason !== alone ? `${rule}@${locus}` : rule };
}
