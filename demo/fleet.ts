/**
 * A simulated fleet of AI-agent runs for the demo: Claude Code, Codex CLI and Gemini CLI
 * runs as a host (an IDE, a CI bot, an ACP client) sees them. Deterministic for a seed.
 *
 * The error texts are real: each is copied verbatim from the public page named next to it
 * (the same texts as in the fixtures under test/fixtures/).
 */
import { context, SpanKind, SpanStatusCode, trace, type Attributes, type Tracer } from '@opentelemetry/api';
import { ATTR_FAILURE_REASON, ATTR_TOOL_READ_ONLY, recordRuntimeClose, type RuntimeCloseInfo } from '../src/index.js';
import { T } from './fleet-texts.js';
import {
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_TOOL_NAME,
  GEN_AI_OPERATION_EXECUTE_TOOL,
  GEN_AI_OPERATION_INVOKE_AGENT,
} from '../src/otel/attributes.js';

export type AgentName = 'claude-code' | 'codex' | 'gemini-cli';

export interface FleetTool {
  name: string;
  readOnly: boolean;
  /** The tool span's error status message, when the call failed. */
  error?: string;
}

export interface FleetRun {
  id: number;
  agent: AgentName;
  model: string;
  /** Scenario id, for reading the output; never stamped. */
  scenario: string;
  /** Offset of the run's start from the start of the simulated hour. */
  startOffsetMs: number;
  durationMs: number;
  /** What the host's instrumentation says when the run failed: status ERROR + this opaque message. */
  errorStatus?: string;
  /** A generic failure.reason the host set, refined by the processor. */
  presetReason?: string;
  /** The host's runtime_close event. */
  close: RuntimeCloseInfo;
  /** `gen_ai.output.messages`, when the host records it. */
  output?: string;
  tools: FleetTool[];
}

/** mulberry32: small, fast, deterministic. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// --- the fleet ----------------------------------------------------------------------------

const MODELS: Record<AgentName, string> = { 'claude-code': 'claude-sonnet-4-5', codex: 'gpt-5-codex', 'gemini-cli': 'gemini-2.5-pro' };

const TOOLS: Record<AgentName, FleetTool[]> = {
  'claude-code': [
    { name: 'Read', readOnly: true },
    { name: 'Grep', readOnly: true },
    { name: 'Bash', readOnly: false },
    { name: 'Edit', readOnly: false },
  ],
  codex: [
    { name: 'shell', readOnly: false },
    { name: 'apply_patch', readOnly: false },
    { name: 'read_file', readOnly: true },
  ],
  'gemini-cli': [
    { name: 'read_file', readOnly: true },
    { name: 'run_shell_command', readOnly: false },
    { name: 'write_file', readOnly: false },
  ],
};

/** The opaque status each host writes today when a run fails. */
const HOST_STATUS: Record<AgentName, string> = { 'claude-code': 'execution_failed', codex: 'agent_error', 'gemini-cli': 'agent_error' };

interface Scenario {
  id: string;
  weight: number;
  /** Probability that the run called tools before it ended. */
  toolChance: number;
  build(
    agent: AgentName,
    r: () => number,
  ): Pick<FleetRun, 'close'> & Partial<Pick<FleetRun, 'output' | 'errorStatus' | 'durationMs'>> & { ok?: boolean; lastTool?: FleetTool };
}

function pick<T>(r: () => number, items: readonly T[]): T {
  return items[Math.floor(r() * items.length) % items.length] as T;
}

function answer(text: string): string {
  return JSON.stringify([{ role: 'assistant', parts: [{ type: 'text', content: text }] }]);
}

const ANSWERS = [
  'Fixed the flaky test: the retry loop now awaits the mock server before asserting.',
  'Added input validation to the /orders endpoint and a test for the 422 path.',
  'Renamed the config loader and updated the 14 call sites; all tests pass.',
  'The migration is idempotent now; re-running it is a no-op.',
  'Summarised the incident timeline in docs/postmortem.md.',
];

const byAgent = <V>(agent: AgentName, values: Record<AgentName, V>): V => values[agent];

const SCENARIOS: Scenario[] = [
  {
    id: 'success',
    weight: 46,
    toolChance: 0.7,
    build: (_agent, r) => ({ ok: true, close: { closeReason: 'exit_0', exitCode: 0 }, output: answer(pick(r, ANSWERS)) }),
  },
  {
    id: 'rate_limit_429',
    weight: 9,
    toolChance: 0.3,
    build: (agent) => ({
      close: {
        closeReason: 'exit_nonzero',
        exitCode: 1,
        stderrTail: byAgent(agent, { 'claude-code': T.claude429, codex: T.codex429, 'gemini-cli': T.gemini429 }),
      },
    }),
  },
  {
    id: 'overloaded_529',
    weight: 7,
    toolChance: 0.3,
    build: (agent, r) => ({
      close: {
        closeReason: 'exit_nonzero',
        exitCode: 1,
        stderrTail: byAgent(agent, {
          'claude-code': r() < 0.5 ? T.claude529 : T.claude529b,
          codex: T.claude529b,
          'gemini-cli': T.gemini503,
        }),
      },
    }),
  },
  {
    id: 'context_overflow',
    weight: 5,
    toolChance: 0.8,
    build: (agent) => ({
      close: {
        closeReason: 'exit_nonzero',
        exitCode: 1,
        stderrTail: byAgent(agent, { 'claude-code': T.claudeContext, codex: T.codexContext, 'gemini-cli': T.geminiContext }),
      },
    }),
  },
  {
    id: 'stream_lost_mid_response',
    weight: 5,
    toolChance: 0.5,
    build: (agent, r) => ({
      close: {
        closeReason: 'stream_error',
        stderrTail: agent === 'codex' ? T.codexStream : r() < 0.6 ? T.undiciTerminated : T.undiciTerminatedShort,
      },
    }),
  },
  {
    id: 'stream_error_no_text',
    weight: 3,
    toolChance: 0.2,
    build: () => ({ close: { closeReason: 'stream_error' } }),
  },
  {
    id: 'server_error_500',
    weight: 3,
    toolChance: 0.3,
    build: (agent) => ({ close: { closeReason: 'exit_nonzero', exitCode: 1, stderrTail: agent === 'codex' ? T.codex500 : T.claude500 } }),
  },
  {
    id: 'exit_nonzero_no_provider_message',
    weight: 5,
    toolChance: 0.4,
    build: (agent, r) => ({
      close: {
        closeReason: 'exit_nonzero',
        exitCode: pick(r, [1, 1, 2]),
        ...(agent === 'claude-code' && r() < 0.6 ? { stderrTail: T.claudeExited } : {}),
      },
    }),
  },
  {
    id: 'fatal_rpc_close',
    weight: 4,
    toolChance: 0.4,
    build: () => ({ close: { closeReason: 'fatal_rpc_error', message: 'ACP session ended: the agent closed its stdio' } }),
  },
  {
    id: 'cancelled',
    weight: 4,
    toolChance: 0.5,
    build: (agent) => ({
      close: {
        closeReason: 'cancel_requested',
        cancelled: true,
        signal: 'SIGTERM',
        stderrTail: byAgent(agent, { 'claude-code': T.claudeCancel, codex: T.codexCancel, 'gemini-cli': T.geminiCancel }),
      },
    }),
  },
  {
    id: 'host_timeout',
    weight: 3,
    toolChance: 0.9,
    build: () => ({ durationMs: 7_200_000, close: { closeReason: 'timeout', timedOut: true, signal: 'SIGKILL', message: T.hostTimeout } }),
  },
  {
    id: 'empty_output',
    weight: 4,
    toolChance: 0.1,
    build: (agent, r) =>
      agent === 'claude-code' && r() < 0.6
        ? { ok: true, close: { closeReason: 'empty_output', exitCode: 0, stdoutTail: T.claudeEmptyResult } }
        : { ok: true, close: { closeReason: 'exit_0', exitCode: 0 }, output: '' },
  },
  {
    id: 'auth',
    weight: 2,
    toolChance: 0,
    build: (agent) => ({
      close: {
        closeReason: 'exit_nonzero',
        exitCode: 1,
        stderrTail: byAgent(agent, { 'claude-code': T.claudeAuth, codex: T.codexAuth, 'gemini-cli': T.geminiAuth }),
      },
    }),
  },
  {
    id: 'quota',
    weight: 1,
    toolChance: 0.2,
    build: () => ({ close: { closeReason: 'exit_nonzero', exitCode: 1, stderrTail: T.codexQuota } }),
  },
  {
    id: 'oom_crash',
    weight: 1,
    toolChance: 0.9,
    build: () => ({ close: { closeReason: 'signal', signal: 'SIGABRT', stderrTail: T.claudeOom } }),
  },
  {
    // The run's last tool call, an MCP server's, failed; the agent then ended with that error.
    id: 'mcp_tool_auth',
    weight: 2,
    toolChance: 0.5,
    build: () => ({
      close: { closeReason: 'exit_nonzero', exitCode: 1, stderrTail: T.mcpGithub401 },
      lastTool: { name: 'github.get_file_tree', readOnly: true, error: T.mcpGithub401.replace(/^Error: /, '') },
    }),
  },
  {
    id: 'cli_not_installed',
    weight: 1,
    toolChance: 0,
    build: () => ({ durationMs: 12, close: { message: T.claudeEnoent } }),
  },
];

/** Agents with scenario restrictions (texts that only one CLI prints). */
function agentFor(scenario: string, r: () => number): AgentName {
  if (scenario === 'quota') return 'codex';
  if (scenario === 'oom_crash' || scenario === 'cli_not_installed') return 'claude-code';
  const x = r();
  return x < 0.5 ? 'claude-code' : x < 0.8 ? 'codex' : 'gemini-cli';
}

export const DEFAULT_FLEET_SEED = 20250611;
export const DEFAULT_FLEET_SIZE = 320;

/** The simulated fleet: `size` runs over one hour, the same for the same seed. */
export function generateFleet(seed = DEFAULT_FLEET_SEED, size = DEFAULT_FLEET_SIZE): FleetRun[] {
  const r = rng(seed);
  const totalWeight = SCENARIOS.reduce((s, x) => s + x.weight, 0);
  const runs: FleetRun[] = [];
  for (let id = 1; id <= size; id++) {
    let ticket = r() * totalWeight;
    let scenario = SCENARIOS[0] as Scenario;
    for (const s of SCENARIOS) {
      ticket -= s.weight;
      if (ticket < 0) {
        scenario = s;
        break;
      }
    }
    const agent = agentFor(scenario.id, r);
    const built = scenario.build(agent, r);
    const tools: FleetTool[] = [];
    if (r() < scenario.toolChance) {
      const n = 1 + Math.floor(r() * 4);
      for (let i = 0; i < n; i++) tools.push(pick(r, TOOLS[agent]));
    }
    if (built.lastTool !== undefined) tools.push(built.lastTool);
    const run: FleetRun = {
      id,
      agent,
      model: MODELS[agent],
      scenario: scenario.id,
      startOffsetMs: Math.floor(r() * 3_600_000),
      durationMs: built.durationMs ?? 5_000 + Math.floor(r() * 240_000),
      close: built.close,
      tools,
    };
    if (built.output !== undefined) run.output = built.output;
    if (built.ok !== true) {
      run.errorStatus = HOST_STATUS[agent];
      if (agent === 'claude-code') run.presetReason = 'execution_failed';
    }
    runs.push(run);
  }
  return runs;
}

/**
 * Emits one run as a host's instrumentation would: an `invoke_agent` span with its tool
 * child spans, the `runtime_close` event, and the opaque ERROR status on failure.
 * @param base epoch ms the simulated hour starts at
 */
export function emitFleetRun(tracer: Tracer, run: FleetRun, base: number): void {
  const start = base + run.startOffsetMs;
  const end = start + run.durationMs;
  const attributes: Attributes = {
    [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION_INVOKE_AGENT,
    'gen_ai.agent.name': run.agent,
    'gen_ai.request.model': run.model,
    'agent.run.id': `run-${String(run.id).padStart(4, '0')}`,
  };
  if (run.presetReason !== undefined) attributes[ATTR_FAILURE_REASON] = run.presetReason;
  if (run.output !== undefined) attributes['gen_ai.output.messages'] = run.output;
  const span = tracer.startSpan(`invoke_agent ${run.agent}`, { kind: SpanKind.INTERNAL, startTime: start, attributes });
  const parent = trace.setSpan(context.active(), span);
  const step = run.durationMs / (run.tools.length + 1);
  run.tools.forEach((tool, i) => {
    const t0 = start + Math.floor(step * (i + 0.2));
    const toolAttributes: Attributes = { [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION_EXECUTE_TOOL, [ATTR_GEN_AI_TOOL_NAME]: tool.name };
    if (tool.readOnly) toolAttributes[ATTR_TOOL_READ_ONLY] = true;
    const child = tracer.startSpan(`execute_tool ${tool.name}`, { startTime: t0, attributes: toolAttributes }, parent);
    if (tool.error !== undefined) child.setStatus({ code: SpanStatusCode.ERROR, message: tool.error });
    child.end(t0 + Math.floor(step * 0.6));
  });
  recordRuntimeClose(span, run.close, { time: end });
  if (run.errorStatus !== undefined) span.setStatus({ code: SpanStatusCode.ERROR, message: run.errorStatus });
  span.end(end);
}
