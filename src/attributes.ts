/** Attribute and event names: what the processor reads and what it stamps. */

// --- stamped ---------------------------------------------------------------------------
/** string: one reason of the taxonomy (`FAILURE_REASONS`). */
export const ATTR_FAILURE_REASON = 'failure.reason';
/** string: normalised close reason, when a `runtime_close` event was seen. */
export const ATTR_FAILURE_CLOSE_REASON = 'failure.close_reason';
/** boolean: true only for transient failures with no side-effecting tool and no output. */
export const ATTR_RETRY_SAFE = 'retry.safe';
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
/** boolean: whether the agent session may be resumed. */
export const ATTR_SESSION_RESUME_SAFE = 'session.resume_safe';
/** int: milliseconds until a retry may succeed, when the evidence says. */
export const ATTR_FAILURE_RETRY_AFTER_MS = 'failure.retry_after_ms';

// --- read (OpenTelemetry semantic conventions) -----------------------------------------
export const ATTR_ERROR_TYPE = 'error.type';
export const ATTR_ERROR_MESSAGE = 'error.message';
export const ATTR_EXCEPTION_TYPE = 'exception.type';
export const ATTR_EXCEPTION_MESSAGE = 'exception.message';
export const ATTR_HTTP_RESPONSE_STATUS_CODE = 'http.response.status_code';
export const ATTR_PROCESS_EXIT_CODE = 'process.exit.code';
export const ATTR_GEN_AI_OPERATION_NAME = 'gen_ai.operation.name';
export const ATTR_GEN_AI_RESPONSE_FINISH_REASONS = 'gen_ai.response.finish_reasons';
export const ATTR_GEN_AI_TOOL_NAME = 'gen_ai.tool.name';
/** boolean on an `execute_tool` span or tool event: the tool has no side effects. */
export const ATTR_GEN_AI_TOOL_READ_ONLY = 'gen_ai.tool.read_only';

/** `gen_ai.operation.name` of an agent run. */
export const GEN_AI_OPERATION_INVOKE_AGENT = 'invoke_agent';
/** `gen_ai.operation.name` of a tool execution. */
export const GEN_AI_OPERATION_EXECUTE_TOOL = 'execute_tool';

// --- the runtime_close event -------------------------------------------------------------
/** Name of the event a host records when the agent process or connection closes. */
export const RUNTIME_CLOSE_EVENT = 'runtime_close';
/** Close reason; `close_reason` is read too. */
export const RUNTIME_CLOSE_ATTR_RPC_CLOSE_REASON = 'rpc_close_reason';
export const RUNTIME_CLOSE_ATTR_CLOSE_REASON = 'close_reason';
/** Exit code; `process.exit.code` is read too. */
export const RUNTIME_CLOSE_ATTR_EXIT_CODE = 'exit_code';
export const RUNTIME_CLOSE_ATTR_SIGNAL = 'signal';
export const RUNTIME_CLOSE_ATTR_STDERR_TAIL = 'stderr_tail';
export const RUNTIME_CLOSE_ATTR_STDOUT_TAIL = 'stdout_tail';
export const RUNTIME_CLOSE_ATTR_MESSAGE = 'message';
/** Whether the host stopped the run on its own timeout (boolean). */
export const RUNTIME_CLOSE_ATTR_TIMED_OUT = 'timed_out';
/** Whether the user cancelled (boolean). */
export const RUNTIME_CLOSE_ATTR_CANCELLED = 'cancelled';

/** Name of the event `span.recordException` writes. */
export const EXCEPTION_EVENT = 'exception';
/** Event names on the run span that count as a tool call. */
export const TOOL_EVENT_NAMES: readonly string[] = ['tool_call', 'tool_use', 'tool.call', 'gen_ai.tool.call', 'execute_tool'];
