/**
 * The built-in rule data (rules/rules.json), bundled at build time: no file I/O at run time.
 * The same file drives every engine; rules/SPEC.md says how it is evaluated.
 */
import IDENTIFIER_DATA from '../../../rules/identifiers.json' with { type: 'json' };
import RULE_DATA from '../../../rules/rules.json' with { type: 'json' };
import type { FailureReason } from '../taxonomy.js';

/** One text rule as the data writes it (patterns are RE2 syntax, matched on lower-cased text). */
export interface TextRuleData {
  id: string;
  /** What happened; the outcome table turns it (with who failed) into a reason. */
  phenomenon: string;
  /** Who failed, when the wording itself says; otherwise read from the text around the match. */
  locus?: string;
  tier: 'specific' | 'generic';
  any: string[];
  re?: string;
  flags?: string;
  none?: string[];
  unless?: string;
  why: string;
  source: string;
}

/** A wording that says who failed (a tool, the host, a model server, …) near a phenomenon's match. */
export interface LocusData {
  locus: string;
  any: string[];
  re: string;
  why: string;
}

export interface SignalData {
  name: string;
  number: number;
  reason: FailureReason;
  weight: 'decisive' | 'conventional';
}

export interface ExitCodeData {
  code: number;
  reason: FailureReason;
  weight: 'decisive' | 'conventional';
}

/** An identifier read in error text (rules/identifiers.json, derived from rules/vocabulary/). */
export interface IdentifierData {
  /** Lower-cased. */
  id: string;
  phenomenon: string;
  locus?: string;
  /** The vocabulary it comes from. */
  list: string;
}

interface RuleData {
  version: string;
  outcomes: { byPhenomenon: Record<string, FailureReason>; byLocus: Record<string, Record<string, FailureReason>> };
  httpStatus: { reasons: Record<string, FailureReason>; otherServerError: FailureReason };
  finishReasons: { reasons: Record<string, FailureReason> };
  notRetryable: { re: string };
  processEnd: { signals: SignalData[]; exitCodes: ExitCodeData[] };
  loci: LocusData[];
  cues: { byPhenomenon: Record<string, string[]>; failed: string[] };
  textRules: TextRuleData[];
}

/** The rule data, typed. */
export const RULES = RULE_DATA as unknown as Readonly<RuleData>;

/** The identifiers, typed. */
export const IDENTIFIERS = (IDENTIFIER_DATA as unknown as { identifiers: IdentifierData[] }).identifiers;
