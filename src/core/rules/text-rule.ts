/** The shape of one built-in text rule. */
export interface TextRule {
  /** Stable identifier, stamped as `failure.rule`. */
  readonly id: string;
  /** What happened (a key of the outcome table). */
  readonly phenomenon: string;
  /** Who failed, when the wording itself says so. */
  readonly locus?: string;
  /**
   * `specific` rules run before structured HTTP status evidence; `generic` ones (bare
   * status codes in text, loose wordings) only after it.
   */
  readonly tier: 'specific' | 'generic';
  /** Lower-case substrings; at least one must occur. */
  readonly any: readonly string[];
  /** Confirmation on the lower-cased text; the match position becomes the detail. */
  readonly re?: RegExp;
  /** Lower-case substrings that veto the rule. */
  readonly none?: readonly string[];
  /** A match of `re` that this also matches is discarded, and the search goes on after it. */
  readonly unless?: RegExp;
  /** Why this wording means `phenomenon`, for people reading the table. */
  readonly why: string;
  /** Where the error shape comes from. */
  readonly source: string;
}
