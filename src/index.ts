export { classifyFailure, createClassifier, CLASSIFIER_VERSION } from './classifier.js';
export type { ClassifierOptions, EvidenceKind, FailureEvidence, FailureVerdict } from './classifier.js';
export {
  FAILURE_REASONS,
  GENERIC_FAILURE_REASONS,
  failureReasonInfo,
  isFailureReason,
  isGenericFailureReason,
} from './taxonomy.js';
export type { FailureCategory, FailureReason, FailureReasonInfo } from './taxonomy.js';
export { CLOSE_REASONS, normalizeCloseReason } from './close-reason.js';
export type { CloseReason } from './close-reason.js';
export { parseCustomRules, parseCustomRulesText, MAX_CUSTOM_RULES } from './custom-rules.js';
export type { CustomRule, CustomRuleMatch, ParsedCustomRules } from './custom-rules.js';
export { loadCustomRulesFile } from './rules-file.js';
export { BUILTIN_RULES } from './rules.js';
export type { TextRule } from './rules.js';
export { sanitizeDetail, redactSecrets } from './sanitize.js';
export { parseRetryAfterMs, MAX_RETRY_AFTER_MS } from './retry-after.js';
