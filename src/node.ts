/**
 * otel-agent-failure/node: helpers for Node hosts that spawn the agent CLI as a child
 * process. Separate from the main entry so browser and edge bundles never see them.
 */
export { traceChildProcess } from './host/child-process.js';
export type { ChildProcessLike, ChildProcessTrace, ReadableLike, TraceChildProcessOptions, TracedSpan } from './host/child-process.js';
