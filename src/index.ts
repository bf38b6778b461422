/**
 * otel-agent-failure: split opaque AI-agent run failures into stable, retry-aware buckets.
 *
 * The public API, every export named. Node-only helpers (following a child process) are in
 * `otel-agent-failure/node`; nothing here imports a `node:` module.
 */

// The processor and the exporter wrapper: what most users register.
export { AgentFailureSpanProcessor } from './otel/processor.js';
export type { AgentFailureSpanProcessorOptions, SpanProcessorLike } from './otel/processor.js';
export { AgentFailureSpanExporter } from './otel/exporter.js';
export type { AgentFailureSpanExporterOptions, ExportResultLike, SpanExporterLike } from './otel/exporter.js';
export type { AgentFailureOptions } from './otel/config.js';
export type { Env } from './otel/env.js';

// The classifier on its own: evidence in, verdict out.
export { classifyFailure, createClassifier, CLASSIFIER_VERSION } from './core/classify/classifier.js';
export type { ClassifierOptions, EvidenceKind, FailureEvidence, FailureVerdict, UserRule } from './core/evidence.js';

// The taxonomy and the close-reason vocabulary: the public contract.
export { FAILURE_REASONS, isFailureReason } from './core/taxonomy.js';
export type { FailureCategory, FailureReason, FailureReasonInfo } from './core/taxonomy.js';
export { CLOSE_REASONS, normalizeCloseReason } from './core/close-reason.js';
export type { CloseReason } from './core/close-reason.js';

// The attributes users query and alert on, and the marker they set on read-only tools.
export {
  ATTR_FAILURE_CATEGORY,
  ATTR_FAILURE_CLASSIFIER_VERSION,
  ATTR_FAILURE_CLOSE_REASON,
  ATTR_FAILURE_DETAIL,
  ATTR_FAILURE_EVIDENCE,
  ATTR_FAILURE_REASON,
  ATTR_FAILURE_RETRY_AFTER_MS,
  ATTR_FAILURE_RULE,
  ATTR_RETRY_RESUME_SAFE,
  ATTR_RETRY_SAFE,
  ATTR_TOOL_READ_ONLY,
  RUNTIME_CLOSE_EVENT,
} from './otel/attributes.js';

// Recording how the agent process or connection ended (any host, any runtime).
export { recordRuntimeClose } from './host/runtime-close.js';
export type { RecordRuntimeCloseOptions, RuntimeCloseInfo, RuntimeCloseSpan } from './host/runtime-close.js';
