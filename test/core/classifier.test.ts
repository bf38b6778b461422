import { describe, expect, it } from 'vitest';
import {
  classifyFailure as classifyWithLearnedStep,
  CLASSIFIER_VERSION,
  FAILURE_REASONS,
  type ClassifierOptions,
  type FailureEvidence,
} from '../../src/index.js';

// These tests pin the rule ladder (rules/SPEC.md), what every engine runs, the Collector's
// included; the learned step on top of it is tested in learned.test.ts.
const classifyFailure = (ev: FailureEvidence, opts: ClassifierOptions = {}) => classifyWithLearnedStep(ev, { learned: false, ...opts });
const reasonOf = (ev: FailureEvidence): string => classifyFailure(ev).reason;

describe('taxonomy', () => {
  it('lists the 26 stable reasons in order, with category and retry/resume semantics', () => {
    expect(FAILURE_REASONS.map((r) => r.reason)).toEqual([
      'provider_auth',
      'provider_quota',
      'provider_rate_limit',
      'provider_overloaded',
      'provider_server_error',
      'provider_network',
      'provider_timeout',
      'context_overflow',
      'invalid_request',
      'content_filtered',
      'model_not_found',
      'config_missing',
      'cli_not_installed',
      'cli_version_unsupported',
      'spawn_failed',
      'process_crash',
      'iteration_limit',
      'run_timeout',
      'cancelled',
      'tool_error',
      'protocol_error',
      'empty_output',
      'stream_error',
      'exit_nonzero',
      'fatal_rpc_error',
      'unknown',
    ]);
    const retrySafe = FAILURE_REASONS.filter((r) => r.retrySafe).map((r) => r.reason);
    expect(retrySafe).toEqual([
      'provider_rate_limit',
      'provider_overloaded',
      'provider_server_error',
      'provider_network',
      'provider_timeout',
      'stream_error',
      'fatal_rpc_error',
    ]);
    for (const poisoned of ['invalid_request', 'context_overflow', 'iteration_limit', 'run_timeout']) {
      expect(FAILURE_REASONS.find((r) => r.reason === poisoned)?.resumeSafe, poisoned).toBe(false);
    }
  });

  it('exports a version string', () => {
    expect(CLASSIFIER_VERSION).toMatch(/^\d+\.\d+\.\d+$/);
  });
});

describe('rule families', () => {
  it.each([
    ['API Error: 401 {"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}}', 'provider_auth'],
    ['Not logged in · Please run /login', 'provider_auth'],
    [
      'Your credit balance is too low to access the Anthropic API. Please go to Plans & Billing to upgrade or purchase credits.',
      'provider_quota',
    ],
    ['429 You exceeded your current quota, please check your plan and billing details.', 'provider_quota'],
    [
      'Rate limit reached for gpt-4o in organization org-x on tokens per min (TPM): Limit 30000, Used 30000, Requested 500.',
      'provider_rate_limit',
    ],
    ['429 RESOURCE_EXHAUSTED: Quota exceeded for metric: generate_content_free_tier_requests, limit: 2 per minute', 'provider_rate_limit'],
    [
      "Quota exceeded for quota metric 'Gemini 2.5 Pro Requests' and limit 'Gemini 2.5 Pro Requests per day per user per tier'",
      'provider_quota',
    ],
    ['API Error: 529 {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}', 'provider_overloaded'],
    ['{"error":{"code":503,"message":"The model is overloaded. Please try again later.","status":"UNAVAILABLE"}}', 'provider_overloaded'],
    ['API Error: 500 {"type":"error","error":{"type":"api_error","message":"Internal server error"}}', 'provider_server_error'],
    ['TypeError: terminated', 'provider_network'],
    ['SocketError: other side closed (UND_ERR_SOCKET)', 'provider_network'],
    ['Error: socket hang up', 'provider_network'],
    ['read ECONNRESET', 'provider_network'],
    ['APIConnectionTimeoutError: Request timed out.', 'provider_timeout'],
    ['prompt is too long: 212345 tokens > 200000 maximum', 'context_overflow'],
    ['token limit exceeded', 'context_overflow'],
    ['The input token count (1200000) exceeds the maximum number of tokens allowed (1048576).', 'context_overflow'],
    [
      'messages.1.content.0: unexpected `tool_use_id` found in `tool_result` blocks: each `tool_result` block must have a corresponding `tool_use` block in the previous message. invalid_request_error',
      'invalid_request',
    ],
    ["The response was filtered due to the prompt triggering Azure OpenAI's content management policy.", 'content_filtered'],
    ['The model `gpt-5-turbo` does not exist or you do not have access to it.', 'model_not_found'],
    ['The OPENAI_API_KEY environment variable is missing or empty', 'config_missing'],
    ['Error: spawn claude ENOENT', 'cli_not_installed'],
    ["error: unknown option '--output-format'", 'cli_version_unsupported'],
    ['Error: spawn E2BIG', 'spawn_failed'],
    ['FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory', 'process_crash'],
    ["thread 'main' panicked at core/src/codex.rs:120:5", 'process_crash'],
    ['Error: Reached max turns (10)', 'iteration_limit'],
    ['Request was aborted.', 'cancelled'],
    ['MCP error -32000: Connection closed', 'tool_error'],
    ['{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"Parse error"}}', 'protocol_error'],
    ['SyntaxError: Unexpected token < in JSON at position 0', 'protocol_error'],
  ])('%s → %s', (text, reason) => {
    expect(reasonOf({ statusMessage: text })).toBe(reason);
  });
});

describe('numbers count as HTTP status only in an HTTP/API context', () => {
  it.each([
    'prompt used 402913 tokens',
    'process failed: exit status 4030',
    'took 15290ms',
    'upgraded to v1.5.0',
    'retrying after 429ms',
    'wrote 503 bytes',
    'error at line 500 column 3',
    'received 500 events from the queue',
    'got 429 messages',
    'search returned 404 results',
    'Error code 401 lines could not be parsed',
    'status 503 files changed',
  ])('%s stays unknown', (text) => {
    expect(reasonOf({ statusMessage: text })).toBe('unknown');
  });

  it.each([
    ['request failed with status code 429', 'provider_rate_limit'],
    ['HTTP 503', 'provider_server_error'],
    ['{"status": 402}', 'provider_quota'],
    ['got 502 Bad Gateway from upstream', 'provider_server_error'],
    ['Error code: 529', 'provider_overloaded'],
    ['API Error: 400 messages: text content blocks must be non-empty', 'invalid_request'],
    ['{"type":"result","is_error":true,"api_error_status":529,"result":"Request failed"}', 'provider_overloaded'],
  ])('%s → %s', (text, reason) => {
    expect(reasonOf({ statusMessage: text })).toBe(reason);
  });

  it('does not read a process exit code as an HTTP status', () => {
    // A non-zero exit said in words is exit_nonzero, never the HTTP 403 it resembles.
    expect(reasonOf({ statusMessage: 'agent exited with code 403' })).toBe('exit_nonzero');
  });

  it('uses a structured HTTP status when no text rule matches', () => {
    const v = classifyFailure({ httpStatus: 429, statusMessage: 'request failed' });
    expect(v).toMatchObject({ reason: 'provider_rate_limit', evidence: 'http_status', rule: 'http.429' });
  });

  it('lets specific text beat a generic structured status', () => {
    expect(reasonOf({ httpStatus: 400, statusMessage: 'prompt is too long: 300000 tokens > 200000 maximum' })).toBe('context_overflow');
    expect(reasonOf({ httpStatus: 429, statusMessage: 'insufficient_quota' })).toBe('provider_quota');
  });
});

describe('specific beats generic, and promotion', () => {
  it('lets a provider error in the text beat the process-level close reason', () => {
    const v = classifyFailure({
      closeReason: 'exit_nonzero',
      exitCode: 1,
      stderrTail: 'exited with code 1: API Error: 429 {"type":"error","error":{"type":"rate_limit_error","message":"slow down"}}',
    });
    expect(v).toMatchObject({ reason: 'provider_rate_limit', closeReason: 'exit_nonzero', evidence: 'text', retrySafe: true });
  });

  it.each([
    ['stream_error', 'stream_error', true],
    ['exit_nonzero', 'exit_nonzero', false],
    ['fatal_rpc_error', 'fatal_rpc_error', true],
    ['empty_output', 'empty_output', false],
  ] as const)('promotes close reason %s to %s when no text rule matches', (close, reason, retrySafe) => {
    const v = classifyFailure({ closeReason: close, statusMessage: `agent process closed: ${close}` });
    expect(v).toMatchObject({ reason, closeReason: close, evidence: 'close_reason', retrySafe });
  });

  it.each(['stream_error', 'fatal_rpc_error'] as const)(
    'keeps the promoted %s but is not retry-safe when error text nobody explained is on the run',
    (close) => {
      for (const ev of [
        { stderrTail: 'something odd happened' },
        { exceptionMessage: 'peer closed the connection' },
        { statusMessage: 'boom' },
      ]) {
        const v = classifyFailure({ closeReason: close, ...ev });
        expect(v, JSON.stringify(ev)).toMatchObject({ reason: close, evidence: 'close_reason', retrySafe: false });
      }
      // Generic words are no explanation, but no error text either.
      expect(classifyFailure({ closeReason: close, statusMessage: 'execution_failed' }).retrySafe).toBe(true);
    },
  );

  it('returns unknown with no evidence at all', () => {
    expect(classifyFailure({})).toMatchObject({ reason: 'unknown', evidence: 'none', retrySafe: false, resumeSafe: false, detail: '' });
  });

  it.each([
    ['clean', 'exit_0'],
    ['exit_zero', 'exit_0'],
    ['Exit-Zero', 'exit_0'],
    ['cancelled', 'cancel_requested'],
    ['TIMEOUT', 'timeout'],
    ['weird_new_value', 'unknown'],
    ['__proto__', 'unknown'],
    ['x'.repeat(200), 'unknown'],
  ])('normalises close reason %s to %s', (raw, normalized) => {
    expect(classifyFailure({ closeReason: raw }).closeReason).toBe(normalized);
  });
});

describe('never relabel', () => {
  it('keeps a specific preset reason from the taxonomy', () => {
    expect(classifyFailure({ presetReason: 'tool_error', statusMessage: '429 Too Many Requests' })).toMatchObject({
      reason: 'tool_error',
      evidence: 'preset',
    });
  });

  it.each(['execution_failed', 'agent_error', 'unknown', 'error', ''])('refines the generic preset %j', (preset) => {
    expect(classifyFailure({ presetReason: preset, statusMessage: 'socket hang up' }).reason).toBe('provider_network');
  });

  it('treats a foreign specific preset as the instrumentation’s own: unknown and not retry-safe', () => {
    expect(classifyFailure({ presetReason: 'budget_exceeded', statusMessage: '529 overloaded' })).toMatchObject({
      reason: 'unknown',
      rule: 'preset.foreign',
      retrySafe: false,
    });
  });
});

describe('structured facts where text misleads', () => {
  it('decides a SIGKILL by the signal, not a half-written line in stderr', () => {
    expect(classifyFailure({ signal: 'SIGKILL', stderrTail: 'API Error: 429 {"type":"rate_li' })).toMatchObject({
      reason: 'process_crash',
      evidence: 'structured',
    });
  });

  it('decides exit 137 as a crash', () => {
    expect(reasonOf({ exitCode: 137, stderrTail: 'Request timed out' })).toBe('process_crash');
  });

  it('lets the host timeout beat the signal it sent', () => {
    expect(classifyFailure({ timedOut: true, signal: 'SIGKILL', exitCode: 137 })).toMatchObject({
      reason: 'run_timeout',
      resumeSafe: false,
    });
    expect(reasonOf({ closeReason: 'timeout', signal: 'SIGKILL' })).toBe('run_timeout');
  });

  it('makes a user cancel win whatever the text says', () => {
    expect(reasonOf({ cancelled: true, statusMessage: 'API Error: 529 overloaded_error' })).toBe('cancelled');
    expect(reasonOf({ closeReason: 'cancelled', stderrTail: 'socket hang up' })).toBe('cancelled');
  });

  it('treats exit code and signal after a fatal_rpc_error close as cleanup', () => {
    expect(reasonOf({ closeReason: 'fatal_rpc_error', signal: 'SIGKILL', exitCode: 137 })).toBe('fatal_rpc_error');
    expect(reasonOf({ closeReason: 'fatal_rpc_error', signal: 'SIGTERM', stderrTail: '-32700 Parse error' })).toBe('protocol_error');
  });

  it("reads a failed tool's error repeated in the run's text as the tool failing, whatever it names", () => {
    const jira = 'Jira API error: 401 Unauthorized';
    expect(reasonOf({ statusMessage: `Error: ${jira}` })).toBe('provider_auth');
    expect(classifyFailure({ statusMessage: `Error: ${jira}`, failedToolError: `${jira}\n    at JiraClient.search` })).toMatchObject({
      reason: 'tool_error',
      rule: 'fact.failed_tool',
      evidence: 'structured',
      detail: jira,
    });
    // Case and ANSI colour do not matter; the run's stderr counts as its text.
    expect(reasonOf({ stderrTail: `\u001b[31m${jira.toUpperCase()}\u001b[0m`, failedToolError: jira })).toBe('tool_error');
  });

  it('ignores a tool error too short or generic to tie to the run, or absent from its text', () => {
    expect(reasonOf({ statusMessage: 'TypeError: fetch failed', failedToolError: 'fetch failed' })).toBe('provider_network');
    expect(reasonOf({ statusMessage: 'Error: 401 Unauthorized', failedToolError: 'tool_error' })).toBe('provider_auth');
    expect(reasonOf({ statusMessage: 'Error: 401 Unauthorized', failedToolError: 'Issue PROJ-1 does not exist' })).toBe('provider_auth');
  });

  it('lets host facts beat a failed tool', () => {
    const failedToolError = 'browser navigation timed out after 30000ms';
    expect(reasonOf({ timedOut: true, statusMessage: failedToolError, failedToolError })).toBe('run_timeout');
    expect(reasonOf({ signal: 'SIGSEGV', stderrTail: failedToolError, failedToolError })).toBe('process_crash');
  });

  it('maps exit 127 to cli_not_installed and SIGSEGV to process_crash', () => {
    expect(reasonOf({ exitCode: 127 })).toBe('cli_not_installed');
    expect(reasonOf({ signal: 'SIGSEGV' })).toBe('process_crash');
  });
});

describe('retry safety is conservative', () => {
  it('is false after a side-effecting tool ran, or after output was produced', () => {
    expect(classifyFailure({ statusMessage: 'socket hang up', toolsRan: true }).retrySafe).toBe(false);
    expect(classifyFailure({ statusMessage: 'socket hang up', toolsRan: true, sideEffectingToolRan: false }).retrySafe).toBe(true);
    expect(classifyFailure({ statusMessage: 'socket hang up', outputProduced: true }).retrySafe).toBe(false);
  });

  it.each(['provider_auth', 'context_overflow', 'exit_nonzero', 'unknown'])('is false for %s', (reason) => {
    expect(classifyFailure({ presetReason: reason }).retrySafe).toBe(false);
  });
});

describe('retry-after', () => {
  const now = Date.UTC(2026, 0, 1, 0, 0, 0);
  const opts = { now: () => now };
  it.each([
    ['Rate limit reached. Please try again in 1m30s.', 90_000],
    ['rate_limit_exceeded: Please try again in 1.5s', 1500],
    ['Rate limit reached for gpt-4o. Please try again in 20ms', 20],
    ['429 RESOURCE_EXHAUSTED ... Please retry in 27.845s.', 27_845],
    ['"retryDelay": "27s" rate limit', 27_000],
    ['rate limited, retry-after: 30', 30_000],
    ['429 Too Many Requests: Please retry after 6 seconds.', 6000],
  ])('%s → %d ms', (text, ms) => {
    expect(classifyFailure({ statusMessage: text }, opts).retryAfterMs).toBe(ms);
  });

  it('reads an absolute epoch reset time', () => {
    const reset = now / 1000 + 3600;
    expect(classifyFailure({ statusMessage: `Claude AI usage limit reached|${reset}` }, opts)).toMatchObject({
      reason: 'provider_quota',
      retryAfterMs: 3_600_000,
    });
  });

  it('reads an ISO reset time', () => {
    expect(
      classifyFailure({ statusMessage: 'rate_limit_error; anthropic-ratelimit-requests-reset: 2026-01-01T00:02:00Z' }, opts).retryAfterMs,
    ).toBe(120_000);
  });

  it('clamps to 24 hours', () => {
    expect(classifyFailure({ statusMessage: 'rate limit: try again in 9999999s' }, opts).retryAfterMs).toBe(24 * 3600 * 1000);
  });
});

describe('bounded work', () => {
  it('examines only the tail of a huge stderr, where the error is', () => {
    const v = classifyFailure({ stderrTail: `${'noise line\n'.repeat(200_000)}API Error: 529 overloaded_error` });
    expect(v.reason).toBe('provider_overloaded');
  });

  it('respects a smaller configured bound', () => {
    const text = `${' '.repeat(5000)}socket hang up`;
    expect(classifyFailure({ statusMessage: text }, { maxTextLength: 1000 }).reason).toBe('unknown');
  });
});

describe('sanitised detail', () => {
  it('keeps safe evidence and is bounded', () => {
    const v = classifyFailure({
      statusMessage: `TypeError: terminated; cause: SocketError: other side closed code UND_ERR_SOCKET ${'x '.repeat(500)}`,
    });
    expect(v.detail).toContain('UND_ERR_SOCKET');
    expect(v.detail.length).toBeLessThanOrEqual(240);
  });

  it('can be switched off', () => {
    expect(classifyFailure({ statusMessage: 'socket hang up' }, { maxDetailLength: 0 }).detail).toBe('');
  });
});

describe('rate limits that mention a reset are not quota', () => {
  it.each([
    'Error: 429 Rate limit reached. Please try again in 1.5s.',
    "You've hit your rate limit. Try again later.",
    'rate limit resets in 20s',
  ])('%s → provider_rate_limit', (text) => {
    expect(reasonOf({ statusMessage: text })).toBe('provider_rate_limit');
  });
});

describe('evidence is read in trust order', () => {
  it('lets the error the host recorded beat noise in the stderr tail', () => {
    const v = classifyFailure({
      statusMessage: 'API Error: 401 {"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}}',
      stderrTail: 'warn: model overloaded, retrying (1/3)',
    });
    expect(v.reason).toBe('provider_auth');
  });

  it('lets a structured HTTP status beat chatter in the agent stdout', () => {
    const v = classifyFailure({ httpStatus: 401, stdoutTail: 'I added a token-bucket rate limiter to the client.' });
    expect(v.reason).toBe('provider_auth');
  });

  it('applies a rule veto only to the text it belongs to', () => {
    const v = classifyFailure({
      statusMessage: 'prompt is too long: 250000 tokens > 200000 maximum',
      stdoutTail: 'quota checks now happen per day',
    });
    expect(v.reason).toBe('context_overflow');
  });

  it('still reads the stdout when nothing else says anything', () => {
    expect(
      classifyFailure({ exitCode: 1, stdoutTail: '{"type":"result","is_error":true,"result":"Credit balance is too low"}' }).reason,
    ).toBe('provider_quota');
  });
});

describe('retry logs: the final failure decides', () => {
  it('reads the failure after the last retry line, not the first attempt', () => {
    const log = [
      'API Error: 529 {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}',
      'Retrying in 2s (attempt 2/3)',
      'API Error: 529 {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}',
      'Retrying in 4s (attempt 3/3)',
      'API Error: 429 {"type":"error","error":{"type":"rate_limit_error","message":"Number of requests has exceeded your rate limit"}}',
    ].join('\n');
    expect(classifyFailure({ stderrTail: log }).reason).toBe('provider_rate_limit');
  });

  it('falls back to the whole text when the part after the last retry explains nothing', () => {
    const log = [
      'API Error: 529 {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}',
      'Retrying in 5s (attempt 2/10)',
      'giving up',
    ].join('\n');
    expect(classifyFailure({ stderrTail: log }).reason).toBe('provider_overloaded');
  });

  it('does not take retry advice for a retry: "please retry in 15s" is part of the error', () => {
    const text = 'You exceeded your current quota, please check your plan and billing details.\nPlease retry in 15.002899939s.';
    expect(classifyFailure({ errorMessage: text }).reason).toBe('provider_quota');
  });
});
