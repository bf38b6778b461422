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
export { AgentFailureSpanProcessor } from './processor.js';
export type { AgentFailureSpanProcessorOptions, SpanProcessorLike } from './processor.js';
export { AgentFailureSpanExporter } from './exporter.js';
export type { AgentFailureSpanExporterOptions, SpanExporterLike, ExportResultLike } from './exporter.js';
export { resolveConfig, DEFAULT_CONFIG, ENV_VARS } from './config.js';
export type { AgentFailureOptions, ResolvedConfig, Env } from './config.js';
export { DIAG_NAMESPACE, MESSAGES } from './diag.js';
export { extractFailureFacts, isAgentRunSpan } from './evidence.js';
export type { ReadableSpanLike, SpanEventLike, SpanFailureFacts } from './evidence.js';
export * from './attributes.js';
export { recordRuntimeClose, traceChildProcess, DEFAULT_MAX_TAIL_BYTES } from './runtime-close.js';
export type {
  RuntimeCloseInfo,
  RecordRuntimeCloseOptions,
  RuntimeCloseSpan,
  TracedSpan,
  ChildProcessLike,
  ReadableLike,
  TraceChildProcessOptions,
  ChildProcessTrace,
} from './runtime-close.js';
