/**
 * Attribute and event names: what the processor stamps (the public contract) and what it
 * reads. Names owned by the OpenTelemetry semantic conventions are only read, never
 * invented; what this package adds lives under `failure.*` and `retry.*`, and the one
 * marker it reads from users under `agent_failure.*`.
 */

// --- stamped on failed agent-run spans ---------------------------------------------------
/** string: one reason of the taxonomy (`FAILURE_REASONS`). */
export const ATTR_FAILURE_REASON = 'failure.reason';
/** string: normalised close reason, when a `runtime_close` event was seen. */
export const ATTR_FAILURE_CLOSE_REASON = 'failure.close_reason';
/** boolean: true only for transient failures with no side-effecting tool and no output. */
export const ATTR_RETRY_SAFE = 'retry.safe';
/** boolean: whether the agent session may be resumed (false for poisoned sessions). Was `session.resume_safe` before 0.2. */
export const ATTR_RETRY_RESUME_SAFE = 'retry.resume_safe';
/** string: provider | runtime | config | tool | user | unknown. */
export const ATTR_FAILURE_CATEGORY = 'failure.category';
/** string: id of the rule that decided. */
export const ATTR_FAILURE_RULE = 'failure.rule';
/** string: preset | structured | http_status | text | close_reason | none. */
export const ATTR_FAILURE_EVIDENCE = 'failure.evidence';
/** string: version of the rule set that labelled the span. */
export const ATTR_FAILURE_CLASSIFIER_VERSION = 'failure.classifier.version';
/** string: short sanitised excerpt of the deciding evidence. */
export const ATTR_FAILURE_DETAIL = 'failure.detail';
/** int: milliseconds until a retry may succeed, when the evidence says. */
export const ATTR_FAILURE_RETRY_AFTER_MS = 'failure.retry_after_ms';

// --- set by users on tool spans or tool events ---------------------------------------------
/** boolean: the tool has no side effects, so a run that called it may stay retry-safe. Was `gen_ai.tool.read_only` before 0.2. */
export const ATTR_TOOL_READ_ONLY = 'agent_failure.tool.read_only';

// --- read (OpenTelemetry semantic conventions) --------------------------------------------
export const ATTR_ERROR_TYPE = 'error.type';
export const ATTR_ERROR_MESSAGE = 'error.message';
export const ATTR_EXCEPTION_TYPE = 'exception.type';
export const ATTR_EXCEPTION_MESSAGE = 'exception.message';
export const ATTR_HTTP_RESPONSE_STATUS_CODE = 'http.response.status_code';
export const ATTR_PROCESS_EXIT_CODE = 'process.exit.code';
export const ATTR_GEN_AI_OPERATION_NAME = 'gen_ai.operation.name';
export const ATTR_GEN_AI_RESPONSE_FINISH_REASONS = 'gen_ai.response.finish_reasons';
export const ATTR_GEN_AI_TOOL_NAME = 'gen_ai.tool.name';
/** `gen_ai.operation.name` of an agent run. */
export const GEN_AI_OPERATION_INVOKE_AGENT = 'invoke_agent';
/** `gen_ai.operation.name` of a tool execution. */
export const GEN_AI_OPERATION_EXECUTE_TOOL = 'execute_tool';
/** Name of the event `span.recordException` writes. */
export const EXCEPTION_EVENT = 'exception';
/** `SpanStatusCode.ERROR`, inlined so modules need no runtime import of the API. */
export const STATUS_CODE_ERROR = 2;

// --- the runtime_close event --------------------------------------------------------------
/** Name of the event a host records when the agent process or connection closes. */
export const RUNTIME_CLOSE_EVENT = 'runtime_close';
/** Close reason; `close_reason` is read too. */
export const RUNTIME_CLOSE_ATTR_RPC_CLOSE_REASON = 'rpc_close_reason';
export const RUNTIME_CLOSE_ATTR_CLOSE_REASON = 'close_reason';
/** Exit code; `process.exit.code` is written beside it and read too. */
export const RUNTIME_CLOSE_ATTR_EXIT_CODE = 'exit_code';
export const RUNTIME_CLOSE_ATTR_SIGNAL = 'signal';
export const RUNTIME_CLOSE_ATTR_STDERR_TAIL = 'stderr_tail';
export const RUNTIME_CLOSE_ATTR_STDOUT_TAIL = 'stdout_tail';
export const RUNTIME_CLOSE_ATTR_MESSAGE = 'message';
/** Whether the host stopped the run on its own timeout (boolean). */
export const RUNTIME_CLOSE_ATTR_TIMED_OUT = 'timed_out';
/** Whether the user cancelled (boolean). */
export const RUNTIME_CLOSE_ATTR_CANCELLED = 'cancelled';

/** Event names on the run span that count as a tool call. */
export const TOOL_EVENT_NAMES: ReadonlySet<string> = new Set(['tool_call', 'tool_use', 'tool.call', 'gen_ai.tool.call', 'execute_tool']);
