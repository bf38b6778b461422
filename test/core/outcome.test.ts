/**
 * Classifier v2: who failed (the locus read around a match) and what happened (the
 * phenomenon) decide the reason through one table; cue words are the last resort.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { classifyFailure as classifyWithLearnedStep, type FailureEvidence } from '../../src/index.js';

// The outcome table and loci of the rule ladder, without the learned step (learned.test.ts).
const classifyFailure = (ev: FailureEvidence) => classifyWithLearnedStep(ev, { learned: false });

/** Each text, given as the run's error message, lands in `reason`. */
function expectEach(reason: string, texts: readonly string[]): void {
  for (const text of texts) expect(classifyFailure({ errorMessage: text }).reason, text).toBe(reason);
}

/** Each [reason, text] pair: the text, given as the run's text, lands in that reason. */
function expectReasons(pairs: readonly (readonly [string, string])[]): void {
  for (const [reason, text] of pairs) expect(classifyFailure({ texts: [text] }).reason, text).toBe(reason);
}

describe('locus × phenomenon', () => {
  it('reads a spawn ENOENT on a line naming an MCP server as the tool failing, not the agent CLI missing', () => {
    const v = classifyFailure({
      stderrTail: 'MCPClientError: Failed to connect to stdio server "brave-search": Error: spawn brave-search ENOENT',
    });
    expect(v).toMatchObject({ reason: 'tool_error', rule: 'spawn.enoent@tool', retrySafe: false });
    // A package runner that hosts use to launch MCP servers (npx, uvx, docker) is the tool's, named or not.
    expect(classifyFailure({ stderrTail: 'Error: spawn npx ENOENT' })).toMatchObject({ reason: 'tool_error', rule: 'tool.runner_enoent' });
    // The same phenomenon with no tool named is the agent CLI that is not installed.
    expect(classifyFailure({ stderrTail: 'Error: spawn claude ENOENT' }).reason).toBe('cli_not_installed');
  });

  it('takes the locus from the line before the match too', () => {
    const v = classifyFailure({ errorMessage: 'Error invoking MCP tool browser_type:\nTimed out while waiting for response.' });
    expect(v.reason).toBe('tool_error');
  });

  it('reads a local model server that died as the provider failing, not the agent crashing', () => {
    const v = classifyFailure({ errorMessage: 'Error: llama runner process has terminated: exit status 0xc0000409' });
    expect(v).toMatchObject({ reason: 'provider_server_error', rule: 'server.model_server' });
  });

  it('names the open inference servers as the provider: their own panic or failure is provider_server_error', () => {
    for (const text of [
      "thread '<unnamed>' panicked at mistralrs-core/src/pipeline/sampling.rs:289:26:\nExpected receiver.: SendError { .. }",
      'INFO shard-manager: text_generation_launcher: shard terminated rank=3\nError: ShardFailed',
    ]) {
      const v = classifyFailure({ stderrTail: text });
      expect(v.reason, text).toBe('provider_server_error');
      expect(v.rule, text).toMatch(/@provider$/);
      expect(v.retrySafe, text).toBe(false);
    }
    // The same panic in the agent's own crate is the agent crashing.
    expect(
      classifyFailure({ stderrTail: "thread 'main' panicked at src/main.rs:12:5:\ncalled `Option::unwrap()` on a `None` value" }).reason,
    ).toBe('process_crash');
  });

  it('reads a Windows socket error code as printed, whatever language the message is in', () => {
    const v = classifyFailure({ errorMessage: 'httpx.ConnectError: [WinError 10061] 由于目标计算机积极拒绝，无法连接。' });
    expect(v).toMatchObject({ reason: 'provider_network', rule: 'id.windows' });
    expect(classifyFailure({ errorMessage: 'Error: 连接失败 (os error 10054)' })).toMatchObject({
      reason: 'provider_network',
      rule: 'id.windows',
    });
    // Below 10000 Rust prints POSIX errno values the same way: os error 13 is no Windows code.
    expect(classifyFailure({ errorMessage: 'Error: 拒绝访问 (os error 13)' }).rule).not.toBe('id.windows');
  });

  it('reads a shell command that timed out as the tool’s failure, and a run’s own timeout as the host’s', () => {
    // A command the agent ran (its shell tool) timing out is not the run's deadline nor the provider's.
    for (const text of ['command timed out (> 2m0s)', 'Command exceeded timeout', 'Error:\nForeground command timed out after 120s.']) {
      expect(classifyFailure({ errorMessage: text }).reason, text).toBe('tool_error');
    }
    // The agent CLI named before it keeps it the host stopping the run.
    expect(classifyFailure({ errorMessage: 'Error: claude command timed out after 600s' }).reason).toBe('run_timeout');
    expect(classifyFailure({ errorMessage: '[agent/embedded] embedded run timeout: runId=r1 timeoutMs=90000' })).toMatchObject({
      reason: 'run_timeout',
      rule: 'timeout.agent_run',
    });
  });

  it('reads the execution limit of the platform a host runs on as the run’s timeout, never retry-safe as a provider’s', () => {
    // Each platform's documented wording (the rule's `why` cites the pages).
    for (const text of [
      'An error occurred with your deployment\n\nFUNCTION_INVOCATION_TIMEOUT',
      'This Serverless Function has timed out.',
      'Error 1102: Worker exceeded CPU time limit.',
      "Task's current input in-01 hit its timeout of 600s",
      'celery.exceptions.TimeLimitExceeded: TimeLimitExceeded(300,)',
      'ERROR: Hard time limit (300s) exceeded for agents.run_review[4f1c]',
      'ERROR: Job failed: execution took longer than 1h0m0s seconds',
      "Timeout value of 00:05:00 exceeded by function 'Functions.RunAgent' (Id: '1a2b').",
      'Warning  DeadlineExceeded  job-controller  Job was active longer than specified deadline',
    ]) {
      expect(classifyFailure({ errorMessage: text }), text).toMatchObject({ reason: 'run_timeout', rule: 'timeout.host_platform' });
    }
    // A model call's own deadline stays the provider's.
    expect(classifyFailure({ errorMessage: 'google.api_core.exceptions.DeadlineExceeded: 504 Deadline Exceeded' }).reason).toBe(
      'provider_timeout',
    );
  });

  it('reads a cron job that timed out as the host’s time limit, not the provider’s', () => {
    for (const text of [
      'error: cron: job execution timed out (last phase: model-call-started)',
      'cron: isolated agent setup timed out before runner start',
    ]) {
      expect(classifyFailure({ errorMessage: text }).reason, text).toBe('run_timeout');
    }
    expect(classifyFailure({ errorMessage: 'error: model call timed out (last phase: model-call-started)' }).reason).toBe(
      'provider_timeout',
    );
  });

  it('reads an error on a line VS Code logs from an MCP server’s stderr as the server’s, not the provider’s', () => {
    // VS Code's MCP log writes each stderr line of a stdio server as "[server stderr] …".
    const line = '2025-06-17 18:06:00.285 [warning] [server stderr] Error searching libraries: TypeError: fetch failed';
    const v = classifyFailure({ errorMessage: line, closeReason: 'stream_error' });
    expect(v).toMatchObject({ reason: 'tool_error', rule: 'network.socket@tool', retrySafe: false });
    // The same words on the host's own line stay the provider's network failing.
    const own = classifyFailure({ errorMessage: '2025-06-17 18:06:00.285 [warning] Error searching libraries: TypeError: fetch failed' });
    expect(own.reason).toBe('provider_network');
  });

  it('reads a developer tool that is missing as a tool failing, not the agent CLI missing', () => {
    for (const text of [
      '[tools] exec failed: /bin/bash: line 1: python: command not found',
      "Failed to create worktree: Command 'git' not found or is in an unsafe location (current directory)",
    ]) {
      expect(classifyFailure({ errorMessage: text }), text).toMatchObject({ reason: 'tool_error', rule: 'tool.command_missing' });
    }
    expect(classifyFailure({ errorMessage: 'bash: codex: command not found' }).reason).toBe('cli_not_installed');
  });

  it('keeps a prompt too long for the model a context overflow, even when a tool is named around it', () => {
    const v = classifyFailure({ errorMessage: 'tool output appended; Context overflow: prompt too large for the model.' });
    expect(v.reason).toBe('context_overflow');
  });

  it('reads exit status 126 stated in text as the process-end table reads the fact (found, not executable)', () => {
    expect(classifyFailure({ errorMessage: 'Agent exited with code 126' }).reason).toBe('spawn_failed');
    expect(classifyFailure({ exitCode: 126 }).reason).toBe('spawn_failed');
  });

  it('does not call a traceback cut before its exception line a crash: it says only that something raised', () => {
    const cut =
      'Traceback (most recent call last):\n  File "main.py", line 54, in <module>\n    result = crew.kickoff()\n  File "crew.py", line 120, in kickoff';
    expect(classifyFailure({ errorMessage: cut }).reason).toBe('unknown');
    // A crash said in words still is one.
    expect(classifyFailure({ errorMessage: 'worker: segmentation fault (core dumped)' }).reason).toBe('process_crash');
  });

  it('reads a local model server that cannot start or answers with its generic server error as the provider failing', () => {
    for (const text of [
      "ValueError: The model's max seq len (32768) is larger than the maximum number of tokens that can be stored in KV cache (7344). Try increasing `gpu_memory_utilization`",
      '**NETWORK ERROR DUE TO HIGH TRAFFIC. PLEASE REGENERATE OR REFRESH THIS PAGE.**',
    ]) {
      expect(classifyFailure({ errorMessage: text }), text).toMatchObject({ reason: 'provider_server_error', rule: 'server.model_server' });
    }
  });

  it('reads a response stream that closed before it completed as a stream error, not the network', () => {
    expect(classifyFailure({ errorMessage: 'Error running handler for "llm/streamChat":  Error: Premature close' })).toMatchObject({
      reason: 'stream_error',
      rule: 'stream.broken',
    });
    expect(classifyFailure({ errorMessage: '{"code":"ERR_STREAM_PREMATURE_CLOSE"}' })).toMatchObject({
      reason: 'stream_error',
      rule: 'id.errno',
    });
    // A socket error stated with it is the network's.
    expect(classifyFailure({ errorMessage: 'FetchError: request failed, reason: socket hang up' }).reason).toBe('provider_network');
  });

  it('reads a rate limit whose retry is days away as a plan quota', () => {
    const text = "This request would exceed your account's rate limit. Please try again later. [retrying in ~6 days attempt #1]";
    expect(classifyFailure({ errorMessage: text })).toMatchObject({
      reason: 'provider_quota',
      rule: 'quota.plan_window',
      retrySafe: false,
    });
  });

  it('reads vscode-jsonrpc’s disposed connection as the channel closing', () => {
    expect(classifyFailure({ errorMessage: 'Connection is disposed' }).reason).toBe('fatal_rpc_error');
    expect(classifyFailure({ errorMessage: 'Pending response rejected since connection got disposed' }).reason).toBe('fatal_rpc_error');
  });

  it('never calls a crash retry-safe, whoever crashed (a model server out of memory fails the same way again)', () => {
    for (const text of [
      'Error: llama runner process has terminated: exit status 0xc0000409',
      'torch.cuda.OutOfMemoryError: CUDA out of memory. Tried to allocate 86.00 MiB.',
      'Error: 500 Internal Server Error: model requires more system memory (11.2 GiB) than is available (6.1 GiB)',
    ]) {
      const v = classifyFailure({ errorMessage: text });
      expect(v.reason, text).toBe('provider_server_error');
      expect(v.retrySafe, text).toBe(false);
    }
    // The same reason from a server fault, not a crash, stays retry-safe.
    expect(
      classifyFailure({ errorMessage: 'API Error: 500 {"type":"error","error":{"type":"api_error","message":"Internal server error"}}' }),
    ).toMatchObject({
      reason: 'provider_server_error',
      retrySafe: true,
    });
  });

  it('keeps a tool named in a provider rejection of the request the provider’s (the rule fixes the locus)', () => {
    const text =
      "Error code: 400 - {'error': {'message': \"Invalid schema for function 'list_tools': 'required' is required to be supplied\"}}";
    expect(classifyFailure({ errorMessage: text }).reason).toBe('invalid_request');
  });

  it('separates output that fails its schema (protocol_error) from no output at all (empty_output)', () => {
    expect(classifyFailure({ errorMessage: 'AI_NoObjectGeneratedError: No object generated: response did not match schema.' }).reason).toBe(
      'protocol_error',
    );
    expect(
      classifyFailure({ errorMessage: 'Unexpected API Response: The language model did not provide any assistant messages.' }).reason,
    ).toBe('empty_output');
  });
});

describe('cue words', () => {
  it('name what kind of thing failed when no rule does, and never call it retry-safe', () => {
    // "超时" (timed out) is in no rule: only the timeout cue names it.
    const v = classifyFailure({ errorMessage: '总结步骤失败：超时' });
    expect(v).toMatchObject({ reason: 'provider_timeout', rule: 'cue.timeout', retrySafe: false });
  });

  it('let the last cue decide, and a tool named around it make it the tool’s failure', () => {
    const v = classifyFailure({ errorMessage: '步骤一：超时\nTool "lookup" 返回: 参数错误' });
    expect(v).toMatchObject({ reason: 'tool_error', rule: 'cue.invalid_request@tool' });
  });

  it('do not read a cue inside a longer word', () => {
    expect(classifyFailure({ errorMessage: 'job 42: preexceptional condition' }).reason).toBe('unknown');
  });

  it('leave a fatal RPC close to the close reason', () => {
    const v = classifyFailure({ closeReason: 'fatal_rpc_error', errorMessage: '代理：超时' });
    expect(v.reason).toBe('fatal_rpc_error');
  });
});

describe('the locus as the last resort', () => {
  it('reads a tool named up to three lines above the failing line', () => {
    const text =
      'System Loaded 5 tools from MCP servers\nUser dump /etc/hostname\nfilesystem__read_file /etc/hostname\nError: access denied - path outside allowed directories';
    expect(classifyFailure({ errorMessage: text }).reason).toBe('tool_error');
  });

  it('turns a bare failure word into the failure of the locus named around it, never retry-safe', () => {
    const v = classifyFailure({ errorMessage: 'failed to reload config: /home/u/.codex/config.toml:150:77:\nmissing escaped value' });
    expect(v).toMatchObject({ reason: 'config_missing', rule: 'cue.failed@config', retrySafe: false });
    expect(classifyFailure({ errorMessage: 'Runtime did not start within timeout' }).reason).toBe('spawn_failed');
  });

  it('leaves a failure word with no locus named around it unknown', () => {
    expect(classifyFailure({ errorMessage: 'Error buildAgentGraph - No tasks to run in graph.' }).reason).toBe('unknown');
  });
});

describe('what a wrapper hides (rule data 2.17.0)', () => {
  it('reads a request feature the server refuses as invalid_request, even inside a 500 envelope', () => {
    for (const text of [
      `openai.InternalServerError: Error code: 500 - {'error': {'code': 500, 'message': 'Unsupported param: tools', 'type': 'server_error'}}`,
      '{"error":{"code":500,"message":"tools param requires --jinja flag","type":"server_error"}}',
      `:Error code: 500 - {'detail': "Tool response dicts require a 'name' key indicating the name of the called function!"}`,
    ])
      expect(classifyFailure({ errorMessage: text })).toMatchObject({ reason: 'invalid_request', rule: 'request.rejected_named' });
  });

  it('reads a model not offered where the caller is, or by any key a gateway holds, as model_not_found', () => {
    for (const text of [
      `openai.PermissionDeniedError: Error code: 403 - {'error': {'code': 'unsupported_country_region_territory', 'message': 'Country, region, or territory not supported', 'param': None, 'type': 'request_forbidden'}}`,
      'google.api_core.exceptions.BadRequest: 400 POST https://generativelanguage.googleapis.com/v1beta/models/gemini-1.0-pro:generateContent: User location is not supported for the API use.',
      'no keys found that support model: gemini-3.1-pro-preview',
      'unexpected status 400 Bad Request: {"error":{"message":"No available OpenAI accounts support the requested model: gpt-5.1-codex-max"}}',
      '403 该令牌无权使用模型：m3e',
    ])
      expect(classifyFailure({ errorMessage: text })).toMatchObject({ reason: 'model_not_found', rule: 'model.no_access' });
  });

  it('reads a path the API does not serve, or a base URL that builds none, as local configuration', () => {
    for (const text of [
      `NotFoundError: Error code: 404 - {'error': {'message': 'Invalid URL (POST /v1/chat/completions/chat/completions)', 'type': 'invalid_request_error', 'param': None, 'code': None}}`,
      'openai.error.InvalidRequestError: Unknown request URL: POST /chat/completions. Please check the URL for typos',
      'Failed to build request: reqwest::Error {\n    kind: Builder,\n    source: RelativeUrlWithoutBase,\n}',
    ])
      expect(classifyFailure({ errorMessage: text })).toMatchObject({ reason: 'config_missing', rule: 'config.endpoint_not_found' });
  });

  it('reads what the provider said inside a gateway’s server error: a filter, a tool call it could not parse, a balance', () => {
    expect(
      classifyFailure({ errorMessage: 'litellm. InternalServerError: Internal ServerError: OpenAIException - sensitive_words_detected' })
        .reason,
    ).toBe('content_filtered');
    expect(
      classifyFailure({ errorMessage: `{"error":"error parsing tool call: raw='{\\"input\\":\\"*** Begin Patch'"}`, httpStatus: 500 })
        .reason,
    ).toBe('protocol_error');
    expect(
      classifyFailure({ errorMessage: '"code": 429, "status": "RESOURCE_EXHAUSTED", "reason": "INSUFFICIENT_G1_CREDITS_BALANCE"' }).reason,
    ).toBe('provider_quota');
    expect(classifyFailure({ errorMessage: '429 余额不足或无可用资源包,请充值。' }).reason).toBe('provider_quota');
  });

  it('reads a monthly token limit as quota, not the context window', () => {
    const text = "I'm sorry, I can't complete that request. You've reached the monthly token limit. Your token limit resets on July 28.";
    expect(classifyFailure({ errorMessage: text }).reason).toBe('provider_quota');
  });
});

describe('host limits and the agent’s own code (rule data 2.18.0)', () => {
  it('reads exit status 124 (timeout(1) ended the command) as the host’s time limit', () => {
    expect(classifyFailure({ exitCode: 124 })).toMatchObject({ reason: 'run_timeout', rule: 'fact.exit_124' });
    const log = '{"context": "runner::cmd::start::job_terminal_log", "error": "Agent exited with code 124", "exit_code": 124}';
    expect(classifyFailure({ errorMessage: log })).toMatchObject({ reason: 'run_timeout', rule: 'timeout.exit_124' });
    expect(classifyFailure({ errorMessage: 'Agent exited with code 1' }).reason).toBe('exit_nonzero');
  });

  it('reads a session or run that exceeded its time limit as the host’s limit', () => {
    expect(classifyFailure({ errorMessage: 'Claude session exceeded 3600s timeout' }).reason).toBe('run_timeout');
  });

  it('reads asyncio used against a closed loop as the agent’s own crash', () => {
    expect(classifyFailure({ errorMessage: 'RuntimeError: Event loop is closed' }).reason).toBe('process_crash');
  });

  it('reads a model that wrote an invalid tool call as protocol_error, a disabled model as model_not_found', () => {
    expect(classifyFailure({ errorMessage: 'Model generated invalid tool call: skills_listskills_list' }).reason).toBe('protocol_error');
    expect(
      classifyFailure({ errorMessage: '{"type":"error","error":{"type":"ModelError","message":"Model is disabled"}}', httpStatus: 401 })
        .reason,
    ).toBe('model_not_found');
  });
});

describe('an agent that is not registered (rule data 2.19.0)', () => {
  it('reads an agent type or agent name the host cannot find as config_missing, not a model not found', () => {
    for (const text of [
      "Agent type 'planner' not found. Available agents: general-purpose, statusline-setup, output-style-setup",
      'agent not found: explore',
    ])
      expect(classifyFailure({ errorMessage: text })).toMatchObject({ reason: 'config_missing', rule: 'config.invalid_local' });
  });
});

describe('imports, environment, settings and host budgets (rule data 2.20.0)', () => {
  it('reads a Python package that is not installed, or installed at a version without the imported name', () => {
    expect(classifyFailure({ errorMessage: "ModuleNotFoundError: No module named 'pydantic_ai'" })).toMatchObject({
      reason: 'cli_not_installed',
      rule: 'runtime.module_missing',
    });
    for (const text of [
      "ModuleNotFoundError: No module named 'openai.error'",
      "ImportError: cannot import name 'HfApiModel' from 'smolagents' (/usr/local/lib/python3.10/site-packages/smolagents/__init__.py)",
    ])
      expect(classifyFailure({ errorMessage: text })).toMatchObject({ reason: 'cli_version_unsupported', rule: 'runtime.module_version' });
    // The traceback explains the exit code a platform reports before it.
    const space =
      'runtime error\nExit code: 1. Reason: Traceback (most recent call last): File "/app/app.py", line 1, in <module> from crewai import Agent ModuleNotFoundError: No module named \'crewai\'';
    expect(classifyFailure({ errorMessage: space }).reason).toBe('cli_not_installed');
    // An MCP server's missing package is the tool's failure.
    expect(classifyFailure({ errorMessage: "MCP server fetch: ModuleNotFoundError: No module named 'httpx'" }).reason).toBe('tool_error');
  });

  it('reads a missing environment variable read as a KeyError as config_missing, not any KeyError', () => {
    expect(classifyFailure({ errorMessage: "raise KeyError(key) from None\nKeyError: 'OPENAI_API_KEY'" })).toMatchObject({
      reason: 'config_missing',
      rule: 'config.missing_credentials',
    });
    expect(classifyFailure({ errorMessage: "KeyError: 'max_tokens'" }).reason).not.toBe('config_missing');
  });

  it('reads asyncio misuse and a container memory limit as the agent’s own crash', () => {
    expectEach('process_crash', [
      'RuntimeError: This event loop is already running',
      'RuntimeError: asyncio.run() cannot be called from a running event loop',
      'RuntimeError: Task <Task pending> got Future <Future pending> attached to a different loop',
      'runtime error\nMemory limit exceeded (16Gi)',
    ]);
  });

  it('reads an agent that did not start within its time as spawn_failed, a turn past its time budget as the host’s limit', () => {
    expect(classifyFailure({ errorMessage: 'Session spawn timed out before the agent could start (SPAWN_TIMEOUT)' }).reason).toBe(
      'spawn_failed',
    );
    expect(classifyFailure({ errorMessage: 'This turn ran past its time budget without finishing and was stopped.' }).reason).toBe(
      'run_timeout',
    );
    expect(classifyFailure({ errorMessage: 'org.springframework.web.context.request.async.AsyncRequestTimeoutException' }).reason).toBe(
      'run_timeout',
    );
  });

  it('reads a base URL without a scheme as config_missing, a missing Authorization header as provider_auth', () => {
    expect(
      classifyFailure({ errorMessage: "httpx.UnsupportedProtocol: Request URL is missing an 'http://' or 'https://' protocol." }),
    ).toMatchObject({ reason: 'config_missing', rule: 'config.endpoint_not_found' });
    expect(
      classifyFailure({ errorMessage: `Error code: 400 - [{'error': {'code': 400, 'message': 'Missing Authorization header.'}}]` }).reason,
    ).toBe('provider_auth');
  });

  it('reads invalid settings files, and plugins, skills and config files not found, as the local configuration', () => {
    expectEach('config_missing', [
      'Found invalid settings files. They will be ignored. Run /doctor for details.',
      'Failed to install plugin "ui5@official": Plugin "ui5" not found in marketplace "official"',
      'Configuration file not found at /tmp/gemini-extension1/gemini-extension.json',
      'Error: Unknown skill: deploy',
    ]);
  });

  it('reads a web-fetch tool’s refused page as the tool failing, not the provider’s auth', () => {
    expect(classifyFailure({ errorMessage: 'failed to fetch URL https://example.org/p/1: HTTP 403: 403 Forbidden' }).reason).toBe(
      'tool_error',
    );
  });

  it('reads an agent’s own session token cap as iteration_limit, a request over the token limit and a tool result too large as context_overflow', () => {
    expect(classifyFailure({ errorMessage: 'Session token limit exceeded: 308,113 tokens > 256,000 limit.' }).reason).toBe(
      'iteration_limit',
    );
    expect(
      classifyFailure({
        errorMessage:
          'Input request contains (40960) tokens, which is more than the max tokens limit allowed: (32768) (status: INVALID_ARGUMENT)',
      }).reason,
    ).toBe('context_overflow');
    expect(classifyFailure({ errorMessage: 'The tool result was too large!' }).reason).toBe('context_overflow');
  });

  it('reads empty content that stopped normally as empty_output, and a workflow’s HTTP request node as a tool', () => {
    expect(classifyFailure({ errorMessage: '{ content: "", finishReason: "stop" }' }).reason).toBe('empty_output');
    expect(
      classifyFailure({ errorMessage: '[node.py:130] - http request node 17594 failed to run: 500 Internal Server Error' }).reason,
    ).toBe('tool_error');
  });
});

describe('platforms, local state and the channel to a remote agent (rule data 2.21.0)', () => {
  it('reads a binary the OS cannot run as spawn_failed, an unsupported platform or too-old runtime as cli_version_unsupported', () => {
    expect(
      classifyFailure({
        errorMessage:
          'Could not start dynamically linked executable: /home/user/.local/bin/agent\nNixOS cannot run dynamically linked executables intended for generic\nlinux environments out of the box.',
      }).reason,
    ).toBe('spawn_failed');
    expectEach('cli_version_unsupported', [
      'npm error code EBADPLATFORM\nnpm error notsup Unsupported platform for agent-cli@1.0.0: wanted {"os":"darwin,linux,win32"} (current: {"os":"openbsd"})',
      "/lib64/libc.so.6: version `GLIBC_2.28' not found (required by /home/user/.agent/bin/agent)",
      'Unsupported platform: freebsd/x64',
      'ReferenceError: File is not defined\n    at Object.<anonymous> (/usr/lib/node_modules/agent/node_modules/undici/lib/web/webidl/index.js:512:48)',
    ]);
  });

  it('reads a file watcher out of descriptors and a locked local database as the agent’s own crash, not a spawn failure', () => {
    expectEach('process_crash', [
      "Error: EMFILE: too many open files, watch '/home/user/.local/state/agent/tui'",
      'sqlite3.OperationalError: database is locked',
      'Failed to update session in store error="database is locked (5) (SQLITE_BUSY)"',
    ]);
    expect(classifyFailure({ errorMessage: 'Error: spawn EMFILE' }).reason).toBe('spawn_failed');
  });

  it('reads the channel to an agent failing, and an agent server’s internal error over ACP, as fatal_rpc_error', () => {
    expectEach('fatal_rpc_error', [
      'Queue is closed. Event will not be enqueued.',
      '❌ Connection not fully established',
      'raise RemoteServerUnavailableError(',
      '[acp] ACP_TURN_FAILED: Internal error',
    ]);
  });
});

describe('an agent started wrongly by its host (rule data 2.22.0)', () => {
  it('reads a missing prompt, a session to resume that does not exist and an unknown agent id as config_missing', () => {
    expectEach('config_missing', [
      'Error: Input must be provided either through stdin or as a prompt argument when using --print',
      'No prompt provided via stdin',
      'Error resuming session: No previous sessions found for this project.',
      'Error: Unknown agent id',
    ]);
    expect(classifyFailure({ errorMessage: 'Unknown agent error: APIError: 503' }).reason).not.toBe('config_missing');
  });
});

describe('a tool call the model got wrong (rule data 2.23.0)', () => {
  it('reads arguments that fail the tool’s schema, an unknown tool and an unparsable tool call as protocol_error, even on a line naming the tool or an MCP server', () => {
    expectEach('protocol_error', [
      'InputValidationError: Edit failed due to the following issues:\n  The required parameter `file_path` is missing\n  The required parameter `old_string` is missing',
      "Missing value for required parameter 'content'. Please retry with complete response.",
      "x write_file - params must have required property 'content'",
      'Error in middleware "FilesystemMiddleware": Error invoking tool \'write_file\' with kwargs... with error: Error: Received tool input did not match expected schema',
      "Tool 'execute_bash' validation failed: missing field `command`",
      'Failed to call tool execute_sql: McpError: MCP error -32602: Invalid arguments for tool execute_sql: [ { "code": "invalid_type" } ]',
      'Error: No such tool available: NoSuchToolXYZ',
      "Model tried to call unavailable tool 'search'. Available tools: handoff.",
      "Failed to parse tool call arguments for tool 'exec_command'",
    ]);
  });

  it('leaves the provider rejecting a request that lacks a parameter, and a tool that ran and failed, where they were', () => {
    expect(classifyFailure({ errorMessage: "400 Missing required parameter: 'messages[1].content'.", httpStatus: 400 }).reason).toBe(
      'invalid_request',
    );
    expect(classifyFailure({ errorMessage: 'MCP error -32000: Connection closed' }).reason).toBe('tool_error');
  });
});

describe('programming errors as each language runtime words them (rule data 2.23.0)', () => {
  it('reads the documented messages of Python, Ruby, .NET, Java, JavaScript, Go, Emacs Lisp, Swift and PHP as the agent’s crash', () => {
    expectEach('process_crash', [
      'TypeError: CustomTranslation.initialize() takes 4 positional arguments but 5 were given',
      "TypeError: Agent.__init__() got an unexpected keyword argument 'code'",
      "TypeError: from_prompt() missing 1 required positional argument: 'prompt'",
      "Agent execution failed: `dict` object can't be awaited",
      "TypeError: unsupported operand type(s) for +: 'int' and 'NoneType'",
      "undefined method `strip' for nil:NilClass (NoMethodError)",
      'Message: uninitialized constant WorkflowOrchestrator::WorkflowAgent',
      'System.NullReferenceException: Object reference not set to an instance of an object.',
      '请求失败。未将对象引用设置到对象的实例。',
      'java.lang.NullPointerException: Cannot invoke "dev.langchain4j.service.tool.ToolExecutor.execute" because "toolExecutor" is null',
      'RangeError: Maximum call stack size exceeded',
      "TypeError: Cannot destructure property 'shape' of 'undefined' as it is undefined.",
      'panic: assignment to entry in nil map',
      'fatal error: all goroutines are asleep - deadlock!',
      '(void-function nil)',
      'Fatal error: Unexpectedly found nil while unwrapping an Optional value',
      'PHP Fatal error:  Uncaught Error: Call to a member function getBody() on null',
    ]);
  });

  it('stays generic: a provider error in the same text still decides', () => {
    expect(
      classifyFailure({
        texts: ["TypeError: handler() got an unexpected keyword argument 'retry'\nError code: 429 - rate_limit_error: Too many requests"],
      }).reason,
    ).toBe('provider_rate_limit');
  });
});

describe('the last-resort cues for unusable model output (rule data 2.23.0)', () => {
  it('reads an answer that never came as empty_output and one that came in the wrong shape as protocol_error, never retry-safe', () => {
    for (const [reason, texts] of [
      ['empty_output', ['Exception: 字幕翻译失败,No content', 'message: Agent completed without a visible response. Please retry.']],
      [
        'protocol_error',
        [
          'openclaw returned no parseable output',
          'Invalid tool use format',
          'WARNING model output is not correct, please check the loaded model',
        ],
      ],
    ] as const) {
      for (const text of texts) {
        const v = classifyFailure({ texts: [text] });
        expect({ text, reason: v.reason, retrySafe: v.retrySafe }).toEqual({ text, reason, retrySafe: false });
      }
    }
  });
});

describe('who failed, read more widely (rule data 2.24.0)', () => {
  it('reads a failure of the program’s own telemetry exporter as saying nothing of the run: unknown, never retry-safe', () => {
    for (const text of [
      "requests.exceptions.ConnectionError: HTTPSConnectionPool(host='telemetry.crewai.com', port=4319): Max retries exceeded with url: /v1/traces",
      "Failed to batch ingest runs: LangSmithError('Failed to POST https://api.smith.langchain.com/runs/batch in LangSmith API. HTTPError('403 Client Error: Forbidden')",
      '[opentelemetry.exporter.otlp.proto.http.trace_exporter] Failed to export batch code: 401, reason: Unauthorized',
    ]) {
      const v = classifyFailure({ texts: [text] });
      expect({ text, reason: v.reason, retrySafe: v.retrySafe, rule: v.rule.endsWith('@telemetry') }).toEqual({
        text,
        reason: 'unknown',
        retrySafe: false,
        rule: true,
      });
    }
    expect(classifyFailure({ texts: ['Error code: 401 - invalid x-api-key'] }).reason).toBe('provider_auth');
  });

  it('reads a hook that timed out as the tool’s, a JSON-RPC -32603 from the agent as the channel’s, a nil operation in Lua as a crash', () => {
    expect(classifyFailure({ texts: ['UserPromptSubmit hook timed out after 5s'] }).reason).toBe('tool_error');
    expect(
      classifyFailure({
        texts: ['Failed to fork\nRPC error -32603: Request sessions.fork failed with message: Event 7208 not found in session e69b'],
      }).reason,
    ).toBe('fatal_rpc_error');
    expect(
      classifyFailure({ texts: ['E5108: Error executing lua: ...providers/openai.lua:145: attempt to concatenate a nil value'] }).reason,
    ).toBe('process_crash');
  });
});

describe('a host’s liveness watchdog and a library of the wrong version (rule data 2.24.0)', () => {
  it('reads a host that gave up on a silent or stuck run as run_timeout', () => {
    expectEach('run_timeout', [
      'Agent runtime failed with execution_error: Managed agent run made no observable progress and exceeded its execution budget after 3600s',
      'no stdout/stderr observed for 30s\n...\nSession terminated, killing shell...',
      'CLI still running 10s after type=result, SIGTERM ...',
      'ACP prompt was abandoned after 340s of silence: the SDK session host stopped producing frames.',
      'no_first_progress',
      'agent_prompt_stalled',
      'run exceeded maximum time of 10m0s',
    ]);
    expect(classifyFailure({ texts: ['Telegram getUpdates made no progress within 60.0s during initial connect'] }).reason).not.toBe(
      'run_timeout',
    );
  });

  it('reads a module without the attribute the code uses, or a name a release removed, as the wrong version', () => {
    expectEach('cli_version_unsupported', [
      "AttributeError: module 'openai' has no attribute 'ChatCompletion'",
      "module 'dsp' has no attribute 'AzureAI'",
      'AttributeError: `np.float_` was removed in the NumPy 2.0 release. Use `np.float64` instead.',
    ]);
    expect(classifyFailure({ texts: ["AttributeError: 'NoneType' object has no attribute 'split'"] }).reason).toBe('process_crash');
  });
});

describe('known phenomena in more wordings (rule data 2.25.0)', () => {
  it('reads each as what it says', () => {
    expectReasons([
      ['model_not_found', 'BadRequestError: 400 Unavailable model: gpt-5'],
      [
        'model_not_found',
        "unexpected status 403 Forbidden: Model 'gpt-5.5' is not allowed for this provider.\n  Allowed models: gpt-image-2",
      ],
      ['provider_quota', '[SSRF] Spending cap reached resets 6pm'],
      ['provider_network', 'use of closed network connection'],
      ['iteration_limit', 'doom-loop'],
    ]);
  });

  it('does not call a 4xx a gateway relays from the provider a server error', () => {
    const text =
      'Reason: 400 Error from provider: Provider returned error: Error: 400 Error from provider: Provider returned error at APIError.generate';
    expect(classifyFailure({ texts: [text] }).reason).not.toBe('provider_server_error');
  });
});

describe('more of the same phenomena (rule data 2.26.0, 2.27.0)', () => {
  it('reads each as what it says', () => {
    expectReasons([
      ['run_timeout', 'task expired in queue'],
      ['run_timeout', 'Timed out waiting for agent_report'],
      ['invalid_request', 'got exception: {"code":500,"message":"Cannot use tools with stream","type":"server_error"}'],
      ['protocol_error', 'The run failed because the model tried to call a tool that was not available in this turn.'],
      ['provider_auth', 'security token is invalid'],
      ['provider_quota', 'You must have at least $1 in available credits to start this request.'],
      ['process_crash', 'Error: setRawMode EIO\n    at ReadStream.setRawMode (node:tty:76:24)'],
      ['provider_rate_limit', 'High concurrency usage of this API, please reduce concurrency or contact customer'],
    ]);
  });
});

describe('interrupts, tools the model made up, runaway hosts and runtimes (rule data 2.28.0)', () => {
  it('reads each as what it says', () => {
    expectReasons([
      ['cancelled', 'agent process exited due to SIGINT'],
      ['cancelled', 'run failed: signal: interrupt'],
      ['cancelled', 'Terminate batch job (Y/N)?'],
      ['cancelled', 'Goose has been suspended. Run `fg` to resume it.'],
      ['protocol_error', 'Tool "grep_search" not found in registry. Tools must use the exact names that are registered.'],
      ['protocol_error', 'Function lookup_order is not found in the tools_dict.'],
      ['protocol_error', 'Response stopped due to unexpected tool call.'],
      ['protocol_error', 'Edit 2: ERROR: Diff block is malformed: the separator appears twice'],
      ['protocol_error', 'Failed to parse write_to_file XML: unclosed tag'],
      ['iteration_limit', 'Agent looping detected; stopping the session.'],
      ['run_timeout', 'WARN scheduler: stall detected for run 42'],
      ['run_timeout', 'Emergency timeout after 300 seconds'],
      ['provider_auth', 'AccessDeniedException: User: arn:aws:iam::111122223333:user/dev is not authorized to perform: bedrock:Converse'],
      ['cli_not_installed', 'Missing optional dependency @example/agent-cli-linux-x64'],
      ['process_crash', 'RangeError: Invalid string length'],
      ['process_crash', 'Cannot create a string longer than 0x1fffffe8 characters'],
      ['process_crash', 'fatal: event loop died unexpectedly'],
      ['invalid_request', 'ValidationException: Improperly formed request.'],
      ['invalid_request', "Tool choice 'lookup' not found in 'tools' parameter"],
      ['exit_nonzero', 'Error (exit 2): Unknown error'],
    ]);
  });

  it('reads an answer that came back empty, in several shapes, as empty_output, never retry-safe', () => {
    for (const text of [
      'Leider wurde keine Antwort zurückgegeben.',
      '{"event": "run.completed", "output": "", "usage": {"output_tokens": 0}}',
      '{"event":"run.completed","output":"","usage":{"output_tokens":0}}',
      'FinalResponse { response: "", usage: Usage { output_tokens: 0 } }',
    ]) {
      expect(classifyFailure({ texts: [text] }), text).toMatchObject({ reason: 'empty_output', retrySafe: false });
    }
  });
});

describe('more wordings of known phenomena (rule data 2.29.0)', () => {
  it('reads each as what it says', () => {
    expectReasons([
      ['empty_output', 'warn: the provider returned zero tokens with an unknown finish reason'],
      ['context_overflow', 'Reason: Response too long.'],
      ['context_overflow', 'The response exceeded the maximum length. Try a shorter request.'],
      ['context_overflow', 'Failed to stream: Input content length exceeds threshold.'],
      ['provider_network', 'PKIX path building failed: unable to find valid certification path to requested target'],
      ['provider_network', 'The connection was aborted, perhaps the server is offline'],
      ['process_crash', "TypeError: undefined is not an object (evaluating 'session.model')"],
      ['process_crash', 'TypeError: Spread syntax requires ...iterable[Symbol.iterator] to be a function'],
      ['protocol_error', 'Unable to parse chat completions response: missing field `id`'],
    ]);
  });
});

describe('more wordings of known phenomena (rule data 2.30.0)', () => {
  it('reads each as what it says', () => {
    expectReasons([
      ['provider_network', 'connect failed: No route to host'],
      ['config_missing', '缺少 api_key，请在配置文件中设置'],
      ['provider_quota', '403 Access denied: your account balance is overdue'],
      ['provider_overloaded', 'The service is unavailable due to high traffic. Please try again later.'],
    ]);
  });
});

describe('more wordings of known phenomena (rule data 2.31.0)', () => {
  it('reads each as what it says', () => {
    expectReasons([
      ['invalid_request', 'Image was too large. Double press esc to go back and try again with a smaller image.'],
      ['invalid_request', 'Image base64 size (8.4 MB) exceeds API limit (5.0 MB). Please resize the image before sending.'],
      ['cli_not_installed', '+ FullyQualifiedErrorId : CommandNotFoundException'],
      ['spawn_failed', 'failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed'],
      ['protocol_error', 'The read tool was called with invalid arguments: SchemaError(Missing key at ["filePath"]).'],
      ['protocol_error', 'Model did not provide valid parameters for edit tool'],
      ['protocol_error', 'No MCP Tool found for tool call'],
      ['provider_quota', "OpenAIException - Error code: 403 - {'detail': 'User has no quota left'}"],
      ['run_timeout', 'total run deadline of 2700000ms exceeded'],
    ]);
  });
});

describe('more wordings of known phenomena (rule data 2.32.0)', () => {
  it('reads each as what it says', () => {
    expectReasons([
      [
        'context_overflow',
        "Error code: 500 - {'detail': 'The decoder prompt (length 66501) is longer than the maximum model length of 65536.'}",
      ],
      ['iteration_limit', 'I stopped because I was repeating the same step without making progress.'],
    ]);
  });

  it('reads a bare "failed to connect to" only when nothing more specific follows it', () => {
    expectReasons([
      ['model_not_found', 'Failed to connect to DeepSeek API: 404 Not Found'],
      ['provider_rate_limit', 'Failed to connect to OpenAI API: Rate limit reached for gpt-4.1 on tokens per min (TPM)'],
      ['provider_network', 'Failed to connect to Ollama API'],
    ]);
  });
});

describe('more wordings of known phenomena (rule data 2.33.0)', () => {
  it('reads each as what it says', () => {
    expectReasons([
      ['model_not_found', 'Failed to send message\nCannot find model "lmstudio-community/Qwen2.5-0.5B-Instruct-MLX-4bit".'],
      ['protocol_error', 'Error: Unknown server for tool INFLATION'],
      ['protocol_error', 'Invalid parameters: Could not interpret tool use parameters for id toolu_011'],
    ]);
  });

  it('reads the shell\'s "<name>: not found" only at the end of its line', () => {
    expectReasons([
      ['cli_not_installed', 'sh: 1: codex: not found'],
      ['cli_not_installed', '/bin/sh: claude: not found\nexit status 127'],
    ]);
    expect(classifyFailure({ texts: ['Error: Not found: /api/v1/'] }).reason).not.toBe('cli_not_installed');
    expect(classifyFailure({ texts: ['Error: Not Found - 404 Not Found'] }).reason).not.toBe('cli_not_installed');
  });
});

describe('a text that says the failure is not retryable (rule data 2.34.0)', () => {
  const said = [
    "Error: An error occurred while processing your request. Failed after 2 attempts with non-retryable error: 'Provider returned error'",
    '{"error":{"type":"provider","reason":"provider_error","message":"Unable to reach the model provider","isRetryable": false}}',
    'InternalServerException: Non-retryable streaming error from Bedrock',
  ];

  it('keeps the reason the ladder read, never retry-safe, with the learned step and without', () => {
    for (const text of said) {
      for (const learned of [true, false]) {
        const v = classifyWithLearnedStep({ texts: [text] }, { learned });
        expect(v.retrySafe, `${text} (learned ${learned})`).toBe(false);
        expect(v.reason, text).not.toBe('unknown');
      }
    }
  });

  it('has the word the engine looks for first in each of its alternatives', () => {
    const { notRetryable } = JSON.parse(readFileSync(new URL('../../rules/rules.json', import.meta.url), 'utf8')) as {
      notRetryable: { re: string };
    };
    for (const alternative of notRetryable.re.split('|')) expect(alternative).toContain('retryable');
  });

  it('changes nothing where the text says the opposite', () => {
    const v = classifyFailure({ texts: ["Error: Failed after 2 attempts with retryable error: 'Provider returned error' (503)"] });
    expect(v.reason).toBe('provider_server_error');
    expect(v.retrySafe).toBe(true);
  });
});

describe('the same phenomena in other languages (rule data 2.35.0)', () => {
  it('reads cue words in other languages as what they say', () => {
    expectReasons([
      ['provider_rate_limit', 'Fehler: Zu viele Anfragen. Bitte später erneut versuchen.'],
      ['provider_auth', 'Erreur : clé API invalide'],
      ['provider_quota', 'エラー: 残高不足です'],
      ['provider_network', 'Ошибка: не удалось подключиться к серверу'],
      ['provider_timeout', 'Tiempo de espera agotado al llamar al modelo'],
      ['context_overflow', 'A janela de contexto do modelo foi excedida'],
      ['model_not_found', '모델을 찾을 수 없습니다: gpt-9'],
      ['provider_overloaded', 'Il server è sovraccarico, riprova più tardi'],
      ['tool_error', 'MCP 서버 연결 실패'],
    ]);
  });

  it('calls none of them retry-safe: a cue word is not positive evidence', () => {
    const v = classifyWithLearnedStep({ texts: ['Fehler: Zu viele Anfragen.'] }, { learned: false });
    expect(v.reason).toBe('provider_rate_limit');
    expect(v.retrySafe).toBe(false);
  });

  it('reads two English wordings it missed', () => {
    expectReasons([
      ['context_overflow', 'Error code: 400 - Input token length too long'],
      ['provider_auth', 'Sorry, something went wrong. Please check your API key and try again.'],
    ]);
    // "Check your API key" is advice of the generic tier: a specific wording beside it decides.
    expect(
      classifyFailure({
        texts: [
          'Please check your API key settings. API Error: {"type":"error","error":{"type":"invalid_request_error","message":"tools.3: invalid schema"}}',
        ],
      }).reason,
    ).toBe('invalid_request');
  });
});

describe('more wordings of known phenomena (rule data 2.36.0)', () => {
  it('reads each as what it says', () => {
    expectReasons([
      ['provider_auth', '与OpenAI通信异常，请稍后重试：Error: Not signed in'],
      ['provider_overloaded', '{"code":"SERVICE_BUSY","message":"please retry later"}'],
      ['provider_rate_limit', '抱歉，你问的太频繁了，请稍候再试'],
      [
        'spawn_failed',
        'claude : File C:\\Users\\u\\AppData\\Roaming\\npm\\claude.ps1 cannot be loaded because running scripts is disabled on this system.',
      ],
      ['spawn_failed', '无法加载文件 C:\\Users\\u\\AppData\\Roaming\\npm\\claude.ps1，因为在此系统上禁止运行脚本。'],
      ['cli_not_installed', 'aidermacs-run: Searching for program: No such file or directory, aider'],
    ]);
  });
});

describe('a bare "not found", and wordings from gateways, local servers and agent hosts (rule data 2.38.0)', () => {
  it('reads a named local thing that is not found as configuration, an API answer of "not found" as the model', () => {
    expect(classifyFailure({ texts: ['Error: reviewer not found'] })).toMatchObject({ reason: 'config_missing', rule: 'cue.missing' });
    expect(classifyFailure({ texts: ['Worker planner-2 not found or not alive.'] }).reason).toBe('config_missing');
    expect(classifyFailure({ texts: ['Error: prompt template file does not exist'] }).reason).toBe('config_missing');
    // On an HTTP answer (a 404, a status code, an endpoint or a model on the line) it is what the request named.
    expect(
      classifyFailure({ texts: ['HttpRequestException: Response status code does not indicate success: 404 (Not Found).'] }),
    ).toMatchObject({ reason: 'model_not_found', rule: 'cue.missing@api' });
    expect(
      classifyFailure({ texts: ['requests.exceptions.HTTPError: 404 Client Error: Not Found for url: http://localhost:8080/v1/chat'] })
        .reason,
    ).toBe('model_not_found');
    // Where an MCP server is named, the tool failed; a tool the model called that is not there is
    // the model's call (protocol_error, rule data 2.66.0).
    expect(classifyFailure({ texts: ['MCP server filesystem not found'] }).reason).toBe('tool_error');
    expect(classifyFailure({ texts: ['MCP tool search_docs not found'] }).reason).toBe('protocol_error');
  });

  it('reads each wording as what it says', () => {
    expectReasons([
      ['provider_server_error', 'The run failed because the model provider was unavailable. Retry later.'],
      ['provider_overloaded', 'The model claude-opus is temporarily unavailable, please try again'],
      ['provider_server_error', '{"message": "Model loaded failed"}'],
      ['provider_network', "curl: (7) Failed to connect to localhost port 11434 after 0 ms: Couldn't connect to server"],
      ['provider_network', '{"error":{"message":"curl: (35) TLS connect error: unexpected eof while reading","type":"server_error"}}'],
      ['provider_network', 'Error connecting to the LM Studio server. Is it running?'],
      ['invalid_request', 'Unable to submit request because it must have a text parameter.'],
      ['provider_quota', 'Request failed (403): No active subscription found for this key'],
      ['spawn_failed', 'tmux new-session -d -s agent-7: duplicate session: agent-7'],
      ['process_crash', 'no server running on /tmp/tmux-1000/default'],
      ['run_timeout', "turn for 'planner' failed: run timed out; the call exceeded its remaining wall-clock budget (60000 ms)"],
      ['empty_output', '{"status": "failed", "error": "Worker did not produce a response."}'],
    ]);
  });

  it('reads no credential into a JSON decoder\'s "invalid token", and no missing model into an unusable answer', () => {
    expect(
      classifyFailure({ texts: ['failed to decode response body: Expected value but found invalid token at character 1'] }).reason,
    ).not.toBe('provider_auth');
    expect(classifyFailure({ texts: ['The model produced invalid content. Consider modifying your prompt.'] }).reason).not.toBe(
      'model_not_found',
    );
  });
});

describe('malformed traffic the API answered 400 or 422 to (rule data 2.39.0)', () => {
  it('reads JSON the provider could not deserialise in what it was sent as a request it rejected', () => {
    expect(
      classifyFailure({
        texts: [
          'Error: 422 Failed to deserialize the JSON body into the target type: messages[1]: invalid type: sequence, expected a string',
        ],
      }),
    ).toMatchObject({ reason: 'invalid_request', rule: expect.stringMatching(/@rejected$/) });
    expect(classifyFailure({ texts: ['HTTP 400: unknown variant `image_url`, expected `text` at line 1 column 2210'] }).reason).toBe(
      'invalid_request',
    );
  });

  it('leaves malformed traffic with no such answer, or on a named tool, as it was', () => {
    expect(classifyFailure({ texts: ['Failed to parse JSON-RPC message from agent: expected value at line 1 column 1'] }).reason).toBe(
      'protocol_error',
    );
  });
});

describe('an agent CLI whose installation failed (rule data 2.40.0)', () => {
  it('reads a failed postinstall or native build, or no binary for the platform, as the CLI not installed', () => {
    expectReasons([
      [
        'cli_not_installed',
        'npm error path /usr/lib/node_modules/some-agent-cli\nnpm error command failed\nnpm error command sh -c node ./postinstall.js\nnpm error Error: postinstall failed',
      ],
      ['cli_not_installed', 'gyp ERR! configure error\ngyp ERR! stack Error: `gyp` failed with exit code: 1'],
      ['cli_not_installed', 'Error: the agent package does not provide a binary for android-arm64'],
    ]);
  });
});

describe('a policy that withholds models, and the channel to an agent app-server (rule data 2.41.0)', () => {
  it('reads models withheld by a policy as model_not_found, not a local server that failed to load one', () => {
    expect(classifyFailure({ texts: ['Error: Failed to load models: access denied by organization policy.'] }).reason).toBe(
      'model_not_found',
    );
    expect(classifyFailure({ texts: ['llama runner: failed to load model /models/q4.gguf'] }).reason).toBe('provider_server_error');
  });

  it('reads a connection lost on the host–agent channel as that channel closing', () => {
    expect(classifyFailure({ texts: ['codex app-server connection reset by peer'] }).reason).toBe('fatal_rpc_error');
    expect(classifyFailure({ texts: ['ACP websocket closed: connection reset'] }).reason).toBe('fatal_rpc_error');
  });
});

describe("Google APIs' NOT_FOUND wording (rule data 2.42.0)", () => {
  it('reads "Requested entity was not found" as the model the request named', () => {
    expect(classifyFailure({ texts: ['✕ [API Error: Requested entity was not found.]'] }).reason).toBe('model_not_found');
  });
});

describe('response shapes, host time limits, add-ins and continuation limits (rule data 2.43.0)', () => {
  it('reads a response without the field the client reads as unusable traffic, and a null one as empty', () => {
    expectReasons([
      // Since rule data 2.50.0 a response without choices at all is empty output (below).
      ['empty_output', 'File "bot.py", line 40, in ask\n    return data["choices"][0]["message"]["content"]\nKeyError: \'choices\''],
      ['protocol_error', "TypeError: Cannot read properties of undefined (reading 'finish_reason')"],
      ['protocol_error', 'Request failed: Cannot access child value on Newtonsoft.Json.Linq.JValue.'],
      ['empty_output', "Could not answer: Cannot read properties of null (reading 'choices')"],
    ]);
  });

  it("reads a host stopping a command on its own clock as run_timeout, and a model call's timeout as the provider's", () => {
    expectReasons([
      ['run_timeout', 'agent list timed out after 45s, killing process'],
      ['run_timeout', 'review step LLM timed out rc=124, nothing posted'],
      ['provider_timeout', 'openai.APITimeoutError: Request timed out.'],
    ]);
  });

  it('reads an agent that stops after its own number of continuations as iteration_limit', () => {
    expect(classifyFailure({ texts: ['Task did not complete after 5 auto-continues'] }).reason).toBe('iteration_limit');
  });

  it('reads an add-in or plugin the host application could not load as spawn_failed', () => {
    expectReasons([
      ['spawn_failed', "Sorry, we can't load the add-in. Please make sure you have network connectivity."],
      ['spawn_failed', "Unable to load addon script from path: 'res://addons/assistant/plugin.gd'."],
    ]);
  });

  it("reads an R package without the function the code calls as a version mismatch, as Python's", () => {
    expect(
      classifyFailure({ texts: ["Error: 'getActiveDocumentContext' is not an exported object from 'namespace:rstudioapi'"] }).reason,
    ).toBe('cli_version_unsupported');
  });
});

describe('overload, unreachable APIs and requests refused for their content (rule data 2.44.0)', () => {
  it('reads a server "fully loaded" (满载) as overloaded and an API that cannot be reached as the network', () => {
    expectReasons([
      ['provider_overloaded', 'rawError=503 服务器已经满载，请稍后再试'],
      ['provider_network', 'Error: the model API cannot be reached'],
    ]);
  });

  it('reads empty messages and incorrect parameters the API refused as invalid_request, not an empty answer', () => {
    expectReasons([
      ['invalid_request', '400 messages: all messages must have non-empty content except for the optional final assistant message'],
      ['invalid_request', 'An empty message was provided. Every message needs at least one non-empty content element.'],
      ['invalid_request', '生成失败: API请求失败: 请求被拒绝: 参数不正确'],
      ['empty_output', 'Memory entry requires non-empty content'],
    ]);
  });
});

describe('interpreter aborts, concurrency quotas and browser-tool timeouts (rule data 2.45.0)', () => {
  it('reads "Fatal Python error: Aborted" as a crash, not a cancelled run', () => {
    expect(classifyFailure({ texts: ['Fatal Python error: Aborted\n\nThread 0x00007f (most recent call first):'] }).reason).toBe(
      'process_crash',
    );
    expect(classifyFailure({ texts: ['Request was aborted.'] }).reason).toBe('cancelled');
  });

  it('reads a concurrency quota exceeded as a rate limit and a Playwright wait that timed out as the tool', () => {
    expectReasons([
      ['provider_rate_limit', 'Error 429: concurrency quota exceeded for this plan'],
      ['tool_error', 'TimeoutError: Timeout 30000ms exceeded while waiting for locator("#submit")'],
    ]);
  });
});

describe('models a gateway or plan does not offer, and VMs that fail to start (rule data 2.46.0)', () => {
  it('reads a gateway with no provider for the model, and a plan without the feature asked for, as model_not_found', () => {
    expectReasons([
      ['model_not_found', '502 {"error":{"message":"unknown provider for model some-model-2","type":"server_error"}}'],
      [
        'model_not_found',
        'API Error: 400 {"type":"error","error":{"type":"invalid_request_error","message":"Long context is not available for your\n   plan."}}',
      ],
      ['config_missing', 'Error: unknown provider "acme" in settings.json'],
    ]);
  });

  it('reads a VM the agent runs in that failed to start as spawn_failed', () => {
    expect(classifyFailure({ texts: ['Failed to start VM a1b2c3: boot timed out'] }).reason).toBe('spawn_failed');
  });
});

describe('a service unavailable in Chinese, and an agent that forces itself to finish (rule data 2.47.0)', () => {
  it('reads 服务暂时不可用 as the provider failing and a forced finish after N responses as iteration_limit', () => {
    expectReasons([
      ['provider_server_error', '错误: 服务暂时不可用，请稍后再试'],
      ['iteration_limit', 'The model failed to call any tools for 5 consecutive responses. Force finishing.'],
    ]);
  });
});

describe("a tool's search or data service, an editor plugin's own error, a runtime version requirement (rule data 2.48.0)", () => {
  it("reads a web search or data service a tool calls as the tool's, whatever its status says", () => {
    expectReasons([
      ['tool_error', 'Error during web search: 429 Client Error: Too Many Requests for url: https://serpapi.com/search?q=weather'],
      ['tool_error', 'YFRateLimitError: Too Many Requests. Rate limited. Try after a while.'],
      ['tool_error', 'Got 403 error from serper: Forbidden'],
    ]);
    // A tool class imported on the failing line names no service.
    expect(
      classifyFailure({
        texts: ["from smolagents import CodeAgent, DuckDuckGoSearchTool\nModuleNotFoundError: No module named 'smolagents'"],
      }).reason,
    ).toBe('cli_not_installed');
  });

  it("reads an editor plugin's uncaught Lua error as the process crashing, even in a plugin named after a model server", () => {
    const text =
      "E5108: Error executing lua .../lazy/ollama.nvim/lua/ollama/init.lua:294: attempt to index local 'job' (a nil value)\nstack traceback:";
    expect(classifyFailure({ texts: [text] }).reason).toBe('process_crash');
    // A response the plugin could not decode is not the plugin's crash.
    expect(
      classifyFailure({
        texts: [
          'Error executing vim.schedule lua callback: .../binary.lua:89: Expected comma or object end but found T_END at character 2369',
        ],
      }).reason,
    ).not.toBe('process_crash');
  });

  it('reads "N+ is required but found M" as an unsupported runtime version', () => {
    expectReasons([['cli_version_unsupported', 'user-error: Node 16+ is required but found 12.22 [2 times]']]);
  });
});

describe('a response without the choices or candidates the client reads (rule data 2.50.0)', () => {
  it('reads it as a model that returned nothing usable, as the taxonomy says of "no candidates"', () => {
    expectReasons([
      ['empty_output', "[API Error: Cannot read properties of undefined (reading 'candidates')]"],
      ['empty_output', "TypeError: Cannot read properties of undefined (reading 'choices')"],
      ['empty_output', "[openai] Error: 'NoneType' object has no attribute 'content'"],
      // A response that came in another shape (no finish_reason) is still unusable traffic.
      ['protocol_error', "TypeError: Cannot read properties of undefined (reading 'finish_reason')"],
    ]);
  });
});

describe('advice lists, the shell\'s "not found", channel timeouts, WinINet, harness timeouts (rule data 2.51.0)', () => {
  it('reads a list of what a failure is "often caused by" as advice, not as the cause', () => {
    const text =
      'Error: Claude Code process exited with an error. This is often caused by:\n• Invalid or missing API Key\n• Incorrect Base URL configuration\n• Network connectivity issues\n\nOriginal error: Claude Code process exited with code 1';
    expect(classifyFailure({ texts: [text] }).reason).toBe('exit_nonzero');
  });

  it('reads "not found" as a missing command only in the shell\'s own shape', () => {
    expectReasons([
      ['cli_not_installed', '/bin/sh: 1: claude: not found'],
      ['cli_not_installed', 'exec: claude: not found'],
      // An HTTP API's "Not Found" is the model or path the request named.
      ['model_not_found', 'Ollama API error during object generation: Not Found'],
      ['model_not_found', 'AI_APICallError: Not Found'],
    ]);
  });

  it('reads a request on the host-agent channel that timed out as the channel failing', () => {
    expectReasons([['fatal_rpc_error', 'Error: app-server request timed out: thread/read']]);
  });

  it("reads WinINet's connection errors as the network", () => {
    expectReasons([
      ['provider_network', 'Error sending data: (12029) A connection with the server could not be established'],
      ['provider_network', 'Error sending data: (12030) The connection with the server was terminated abnormally'],
    ]);
  });

  it("reads a harness's own agent timeout as the run's limit, and Gemini's missing parts as an unusable response", () => {
    expectReasons([
      ['run_timeout', 'AgentTimeoutError'],
      ['empty_output', "ERROR ChatCompletionError: Cannot read properties of undefined (reading 'parts')"],
    ]);
  });
});

describe("a model's malformed tool use, model access and content moderation in Chinese (rule data 2.52.0)", () => {
  it('reads a tool call the model wrote malformed as protocol_error, not a missing model', () => {
    expectReasons([
      [
        'protocol_error',
        'An error occurred (ModelErrorException) when calling the Converse operation: Model produced invalid sequence as part of ToolUse.',
      ],
      ['protocol_error', 'Error: no tool invocation found for tool call call_8f2a'],
    ]);
  });

  it('reads a token without access to a model as a model the account lacks, and "sensitive content" as moderation', () => {
    expectReasons([
      ['model_not_found', '403\n该令牌无权访问模型 gpt-5'],
      ['model_not_found', '該令牌無權存取模型 gpt-5'],
      [
        'content_filtered',
        'status code: 400; body: {"error":{"code":"1301","message":"系统检测到输入或生成内容可能包含不安全或敏感内容"}}',
      ],
    ]);
  });
});

describe("a model switched off, SGLang's scheduler, OpenRouter's routing requirements (rule data 2.53.0)", () => {
  it('reads "Model disabled." as a model the provider switched off, whatever the status says', () => {
    expect(classifyFailure({ texts: ['"Model disabled."'], httpStatus: 403 }).reason).toBe('model_not_found');
  });

  it("reads an exception in SGLang's scheduler as the model server failing", () => {
    expectReasons([['provider_server_error', '[TP1] Scheduler hit an exception:\nIndexError: list index out of range']]);
  });

  it('reads "no available model provider that meets your routing requirements" as a model the account cannot reach', () => {
    expectReasons([['model_not_found', '503: There is no available model provider that meets your routing requirements']]);
  });
});

describe('hints that list causes, mistake limits, broken local state and framing (rule data 2.54.0)', () => {
  it('reads a process that ended without output as exited, whatever the hint after it lists', () => {
    const text =
      'Engine Failure: The copilot engine terminated before producing output.\nThe engine exited immediately without producing any output. This often indicates a transient infrastructure issue (e.g., service unavailable, API rate limiting).';
    expect(classifyFailure({ texts: [text] }).reason).toBe('exit_nonzero');
  });

  it("reads an agent's consecutive mistakes as its own limit", () => {
    expectReasons([['iteration_limit', 'Stopped after 6/6 consecutive mistakes (invalid_tool_call) at iteration 6.']]);
  });

  it('reads a configuration that fails to load, and a spawn whose command line is too long', () => {
    expectReasons([
      [
        'config_missing',
        'codex app-server process exited with code 1: Error: error loading default config after config error: Operation not permitted (os error 1)',
      ],
      ['spawn_failed', 'The command line is too long.'],
      ['spawn_failed', 'Service not running, starting service...\n命令行太长。'],
    ]);
  });

  it("reads a compromised lock file and the C runtime's failed assertion as the agent's own process failing", () => {
    expectReasons([
      ['process_crash', "[Error: ENOENT: no such file or directory, stat '/home/user/.agent/index.json.lock'] {\n  code: 'ECOMPROMISED'"],
      ['process_crash', 'Unable to update lock within stale threshold'],
      ['process_crash', 'Assertion failed: !(handle->flags & UV_HANDLE_CLOSING), file src\\win\\async.c, line 76'],
    ]);
  });

  it("reads VS Code's missing editor command as no missing program, a failing hook or browser launch as a tool, and LSP framing as protocol", () => {
    expectReasons([
      ['provider_network', "command 'TabNine.statusBar' not found\n\nError: socket hang up"],
      ['tool_error', 'hook exited with code 1'],
      ['tool_error', 'Error: Failed to launch the browser process! spawn /usr/bin/chromium ENOENT'],
      ['protocol_error', 'java.lang.IllegalStateException: Missing header Content-Length in input "}}Content-Length: 171'],
      ['model_not_found', 'ai.LookupModelByName: no model named "gemini-2.0-flash" for provider "googlegenai"'],
    ]);
  });
});

describe("model servers' own failures, Zhipu's traffic limit, unknown stream events, argparse choices (rule data 2.55.0)", () => {
  it("reads a model server's warm-up, scheduler and GPU-worker failures as the provider failing, not the agent or the host", () => {
    expectReasons([
      [
        'provider_server_error',
        "thread 'main' panicked at 'Unable to warmup model: Generation(\"out of memory\")', router/src/main.rs:216:18",
      ],
      ['provider_server_error', 'RuntimeError: Rank 0 scheduler died during initialization (exit code: 255).'],
      [
        'provider_server_error',
        '[rank1]:[E ProcessGroupNCCL.cpp:616] [Rank 1] Watchdog caught collective operation timeout: WorkNCCL(SeqNum=3, OpType=GATHER, Timeout(ms)=600000) ran for 600034 milliseconds before timing out.',
      ],
      ['provider_server_error', '[NITRO]::Error: child process exited with code 3221225794'],
    ]);
  });

  it("reads Zhipu's 1305 as the provider out of capacity, an unknown stream event as malformed protocol, an invalid choice as configuration", () => {
    expectReasons([
      ['provider_overloaded', 'API Error: 429 {"error":{"code":"1305","message":"该模型当前访问量过大，请您稍后再试"}}'],
      ['protocol_error', 'Error: Exit code 1\nUnknown event format: {"type":"turn.started"}'],
      ['config_missing', "vllm serve: error: argument --tool-call-parser: invalid choice: 'glm45' (choose from 'hermes', 'mistral')"],
    ]);
  });

  it("reads Reactor's timeout in an MCP client session as the tool, not a missing configuration", () => {
    expectReasons([
      [
        'tool_error',
        "java.util.concurrent.TimeoutException: Did not observe any item or terminal signal within 60000ms in 'Mono.create ⇢ at io.modelcontextprotocol.spec.McpClientSession.sendRequest(McpClientSession.java:228)' (and no fallback has been configured)",
      ],
    ]);
  });
});

describe('tool calls the model got wrong, empty completions, crashed models, missing credential arguments (rule data 2.56.0)', () => {
  it('reads a call to a tool the agent does not have, or with arguments the tool rejects, as the model’s invalid tool call', () => {
    expectReasons([
      ['protocol_error', "ValueError: Tool 'web_lookup' not found.\nAvailable tools: read_file, write_file"],
      ['protocol_error', "KernelFunctionNotFoundError: Function 'get_weather' not found in any plugin."],
      ['protocol_error', "[12:01:44] Error validating tool 'create_issue'"],
      ['protocol_error', 'ValueError: The model failed to respond with JSON as expected.'],
    ]);
  });

  it('reads a stream without events as empty output, and a crashed model as its server failing', () => {
    expectReasons([
      ['empty_output', 'stream closed: received 0 events, last event: None'],
      ['provider_server_error', 'Error: Model appears to have crashed! Check the server log.'],
      ['provider_server_error', "We're experiencing technical difficulties. Please try again later."],
    ]);
  });

  it('reads a missing credential argument as configuration, a rejected payload as the request, a path outside the workspace as the tool', () => {
    expectReasons([
      ['config_missing', "TypeError: ChatComponent.build() missing 1 required positional argument: 'anthropic_api_key'"],
      ['invalid_request', 'upstream: unknown_error - input payload validation failed'],
      ['tool_error', 'write_file: path escapes the workspace: ../../etc/hosts'],
    ]);
  });

  it('reads a command the shell tool ran as the tool, and a missing token argument of a telemetry call as no credential problem', () => {
    expectReasons([
      ['tool_error', 'Shell Command gci -r\nCommand exited with code 1.\ngci : The term is not recognized as the name of a cmdlet'],
    ]);
    expect(classifyFailure({ texts: ["TypeError: end_session() missing 1 required positional argument: 'token'"] }).reason).not.toBe(
      'config_missing',
    );
  });
});

describe('actions the agent does not have, API keys a run requires, request grammars, weights a server cannot map, tools in other languages (rule data 2.57.0)', () => {
  it('reads an action the model named that the agent does not have as its invalid tool call', () => {
    expectReasons([['protocol_error', "Action 'Web Scraper' don't exist, these are the only available Actions:\n Search Tool"]]);
  });

  it('reads a required API key as configuration (not a request that needs another account), a request grammar as the request, unmappable weights as the server', () => {
    expectReasons([
      ['config_missing', 'Background runs require a Replit API key. Set REPLIT_API_KEY and restart.'],
      ['invalid_request', 'srv  load_grammar: error parsing grammar: expecting name at !'],
      ['provider_server_error', "ValueError: There is no module or parameter named 'lm_head.bias' in LlamaForCausalLM"],
      ['content_filtered', "Sorry, I can't help with that."],
    ]);
    expect(classifyFailure({ texts: ['previous_response_id requires an OpenAI API-key account for HTTP requests'] }).reason).not.toBe(
      'config_missing',
    );
  });

  it('reads tool execution named in Japanese, Chinese or Korean as the tool failing', () => {
    expectReasons([
      ['tool_error', 'ツール実行に失敗しました: command not found: rg'],
      ['tool_error', '工具执行失败: spawn python ENOENT'],
      ['tool_error', 'ツール実行エラー: Request timed out after 30s'],
    ]);
  });
});

describe('error pages parsed as JSON, MCP launchers in Rust wording, step budgets, unregistered agents, credentials missing or invalid, Go exit statuses (rule data 2.58.0)', () => {
  it('reads a plain "Internal Server Error" page parsed as JSON as the server failing, other JSON parse errors as malformed traffic', () => {
    expectReasons([
      ['provider_server_error', 'Error fetching completion: SyntaxError: Unexpected token \'I\', "Internal S"... is not valid JSON'],
      ['protocol_error', 'SyntaxError: Unexpected end of JSON input'],
    ]);
  });

  it('reads a missing MCP launcher as the tool, an agent out of steps as its own limit, an unregistered agent as configuration', () => {
    expectReasons([
      ['tool_error', 'Executable not found in $PATH: "uvx"'],
      ['iteration_limit', 'Sorry, need more steps to process this request.'],
      ['config_missing', 'No such agent: reviewer, available: coder, planner'],
    ]);
  });

  it('reads credentials missing or invalid as refused, "exit status N" as a nonzero exit', () => {
    expectReasons([
      ['provider_auth', 'Credentials missing or invalid. Opening the login page...'],
      ['exit_nonzero', 'runner: exit status 2'],
    ]);
  });
});

describe('tool names and arguments the model got wrong, expired JWTs, overlong input and usage caps in Chinese, hedged load, content refusals (rule data 2.59.0)', () => {
  it('reads a misnamed tool with suggestions, arguments a schema or signature rejects, as malformed traffic', () => {
    expectReasons([
      ['protocol_error', 'Error executing tool read_file: Tool "read_files" not found. Did you mean one of: "read_file", "glob"?'],
      ['protocol_error', 'Error executing tool edit: params must NOT have additional properties'],
      ['protocol_error', "Missing required argument(s): ['path']. Received unexpected argument(s): ['file']."],
    ]);
  });

  it('reads an expired JWT as auth, overlong input and a usage cap in Chinese, a timeout that guesses at load as the timeout', () => {
    expectReasons([
      ['provider_auth', '500 {"message":"JWT expired","code":"PGRST301"}'],
      ['context_overflow', 'API Error: 400 输入内容超长，请缩短后重试'],
      ['provider_quota', 'API Error: 429 已达到本周的使用上限'],
      ['provider_timeout', 'Error: Request timed out. The Example service may be experiencing high load.'],
      ['content_filtered', '{"error":"ERROR_UNAUTHORIZED","detail":"The provider refused to serve this request based on the content"}'],
    ]);
  });
});

describe('unknown model architectures, working directories, closed agents, low balances, Rust spawn errors, launchers refused, encoding crashes (rule data 2.60.0)', () => {
  it('reads a model server that does not know a model architecture as the server failing, an unsupported model type as the model missing', () => {
    expectReasons([
      ['provider_server_error', "llama_model_load: error loading model: unknown model architecture: 'newarch'"],
      ['model_not_found', 'rpc error: code = Unknown desc = unsupported model type /models/x (should end with .onnx)'],
    ]);
  });

  it('reads a start that cannot enter its working directory or is refused by Windows as a failed spawn, a missing binary in Rust wording as not installed', () => {
    expectReasons([
      ['spawn_failed', 'Error: session start: chdir /srv/work/missing: no such file or directory'],
      ['spawn_failed', 'agent launcher: Access is denied. (os error 5)'],
      ['cli_not_installed', 'Failed to spawn Gemini: No such file or directory (os error 2)'],
    ]);
  });

  it('reads an agent gone from its channel as the channel closing, a low balance as quota, an encoding error as a crash', () => {
    expectReasons([
      ['fatal_rpc_error', 'Prompt stream failed: Agent has been closed'],
      ['provider_quota', 'API request failed: your account balance is too low'],
      ['process_crash', "UnicodeEncodeError: 'charmap' codec can't encode character '\\u2713' in position 0"],
    ]);
  });
});

describe('language clients, named config files, URLs without a scheme, firewalls that block (rule data 2.61.0)', () => {
  it("reads an editor's language client that cannot reach its server as the host-agent channel, a config file that fails to parse and an empty endpoint URL as configuration", () => {
    expectReasons([
      [
        'fatal_rpc_error',
        "[Error - 9:12:03 AM] example client: couldn't create connection to server.\nError: connect ECONNREFUSED 127.0.0.1:40111",
      ],
      ['config_missing', 'failed to parse hooks config: unknown field PreStart'],
      ['config_missing', 'A2A call failed: failed to send request: Post "": unsupported protocol scheme ""'],
    ]);
  });

  it('reads a firewall as the network only when it blocks or intercepts, not a repository named after one', () => {
    expectReasons([
      ['provider_network', 'Your firewall appears to be improperly blocking access to the Example Copilot services.'],
      ['unknown', '### Workflow Failure\n**Workflow:** Nightly\n**Run:** https://github.com/example/agent-firewall/actions/runs/1'],
    ]);
  });
});

describe('named models not supported, agents that made no change, credits a model requires (rule data 2.62.0)', () => {
  it('reads a named model that is not supported as the model not available', () => {
    expectReasons([
      [
        'model_not_found',
        'API Error: 400 {"error":{"message":"model `example-3.5-pro` is not supported.","type":"invalid_request_error"}}',
      ],
      [
        'model_not_found',
        'Error: OpenAI API error: 400 {"error":{"message":"Requested model example-2.1-max not supported","type":"invalid_request_error"}}',
      ],
    ]);
  });

  it('keeps a capability a named model lacks as a request the provider refused', () => {
    expectReasons([['invalid_request', 'Execution failed: 400 Bad Request: model "example-4.6" not supported for vision']]);
  });

  it('reads an agent run that made no change as empty output, and credits a model requires as quota', () => {
    expectReasons([
      ['empty_output', 'The workflow to resolve this issue ended: the agent failed to create any code changes.'],
      ['empty_output', 'INFO runner: Skipping post-run script for workspace 42 - no changes made by coding agent'],
      ['provider_quota', 'API Error: Example Ultra requires usage credits.'],
    ]);
  });
});

describe('tool calls without a name, credentials for one product, unschedulable runtimes, unrecognised architectures (rule data 2.63.0)', () => {
  it('reads a tool call that carries no tool name as a tool call the model got wrong', () => {
    expectReasons([
      [
        'protocol_error',
        'java.lang.IllegalArgumentException: toolName cannot be null or empty\n\tat com.example.ToolResolver.resolve(ToolResolver.java:45)',
      ],
      ['protocol_error', 'java.lang.NullPointerException: Cannot invoke "String.equals(Object)" because "toolName" is null'],
    ]);
  });

  it('reads a credential only authorized for one product as refused credentials, not a refused request', () => {
    expectReasons([
      [
        'provider_auth',
        '400 Bad Request, body: {"message":"This credential is only authorized for use with Example Code and cannot be used for other API requests.","type":"invalid_request_error"}',
      ],
    ]);
  });

  it('reads a runtime that cannot be scheduled as a failed start, and a model server that does not recognise the architecture as the server', () => {
    expectReasons([
      ['spawn_failed', 'runtime error\nScheduling failure: unable to schedule\nContainer logs:'],
      [
        'provider_server_error',
        'ValueError: The checkpoint you are trying to load has model type newarch but Transformers does not recognize this architecture. This could be because your version of Transformers is out of date.\nApplication startup failed. Exiting.',
      ],
    ]);
  });
});

describe('built-in exception names, pools without a healthy upstream, inner 429s, .NET spawn failures (rule data 2.64.0)', () => {
  it("reads Python's NotImplementedError as the program's own unimplemented code path, not a provider's refusal", () => {
    expectReasons([
      [
        'process_crash',
        '  File "/app/venv/lib/python3.12/site-packages/langchain_core/language_models/chat_models.py", line 1050, in bind_tools\n    raise NotImplementedError()\nNotImplementedError',
      ],
    ]);
  });

  it('reads a gateway or pool without a healthy upstream as the provider side failing, whatever the pool is named', () => {
    expectReasons([
      ['provider_server_error', 'no healthy upstream'],
      ['provider_server_error', 'AI_APICallError: Failed to get API service: No healthy provider found in pool for example-oauth'],
    ]);
  });

  it('reads an upstream 429 given as the reason of an outer 400 as the rate limit it is', () => {
    expectReasons([
      [
        'provider_rate_limit',
        'Request to https://example.com/.api/completions/stream failed with 400 Bad Request: status 400, reason fetching subscription: unexpected status code 429',
      ],
    ]);
  });

  it('reads .NET failing to start a missing program, tool limits and unsupported tool use, keys asked for and expired logins', () => {
    expectReasons([
      [
        'cli_not_installed',
        "System.ComponentModel.Win32Exception (2): An error occurred trying to start process 'codex' with working directory 'D:\\work'. Das System kann die angegebene Datei nicht finden.",
      ],
      ['invalid_request', 'Error: agent executor error: number of tools exceeds 128'],
      ['invalid_request', 'request failed: 500 Internal Server Error "This model doesn\'t support tool use in streaming mode."'],
      ['config_missing', '[Error] Please enter your api key, go to the settings for more information.'],
      ['provider_auth', '{"code": "Login session expired or already used", "message": 400}'],
    ]);
  });
});

describe('TLS handshakes, cancellations a timeout caused, programs that cannot be executed, depleted credits (rule data 2.65.0)', () => {
  it('reads a TLS handshake that failed as the connection, though .NET names its inner exception AuthenticationException', () => {
    expectReasons([
      [
        'provider_network',
        'Microsoft.SemanticKernel.HttpOperationException: The SSL connection could not be established, see inner exception.\n ---> System.Net.Http.HttpRequestException: The SSL connection could not be established, see inner exception.\n ---> System.Security.Authentication.AuthenticationException: Authentication failed, see inner exception.',
      ],
    ]);
  });

  it('reads a cancellation that a configured timeout caused as the timeout', () => {
    expectReasons([
      [
        'provider_timeout',
        'System.Threading.Tasks.TaskCanceledException: The operation was cancelled because it exceeded the configured timeout of 0:01:40. Network timeout can be adjusted in ClientOptions.Retry.NetworkTimeout.',
      ],
    ]);
  });

  it('reads a program whose interpreter or loader is missing as a spawn failure', () => {
    expectReasons([
      ['spawn_failed', '-bash: ./agent-linux-arm64: cannot execute: required file not found'],
      ['spawn_failed', 'run-detectors: unable to find an interpreter for ./mistral-7b-instruct.llamafile'],
    ]);
  });

  it('reads a configuration that failed to initialise, a key not allowed to use a model, depleted credits and an empty moderation field', () => {
    expectReasons([
      ['config_missing', 'main.go:31: [PANIC]failed to init config: open conf/config.yaml: no such file or directory'],
      ['model_not_found', 'Exception: Token not allowed to access model\n127.0.0.1:51234 - "POST /chat/completions HTTP/1.1" 401'],
      ['provider_quota', 'Error: "Organization is suspended: Depleted credits"'],
      [
        'provider_server_error',
        'event: response.failed\ndata: {"response":{"error":{"code":"server_error","message":"An error occurred while processing your request."},"moderation":null,"status":"failed"}}',
      ],
    ]);
  });
});

describe('gateway timeouts, per-message token caps, tools the model names that are not there (rule data 2.66.0)', () => {
  it("reads a gateway's own wait for the model as the provider's timeout", () => {
    expectReasons([
      ['provider_timeout', '504 Upstream Timeout\nThe upstream provider did not respond before the proxy timeout.\nupstream_server_error'],
      ['provider_timeout', 'Error: Provider timeout after 120000ms during chat completion'],
    ]);
  });

  it('reads tokens over a per-message maximum as context overflow', () => {
    expectReasons([['context_overflow', 'Error: 400 Total tokens of image and text exceed max message tokens. Request id: 0217']]);
  });

  it('reads a program that cannot be executed, too many users and a failed curl connection', () => {
    expectReasons([
      ['spawn_failed', 'launch failed: fork/exec /opt/agent/bin/agent: permission denied'],
      ['provider_overloaded', 'Too many users at the moment, please try again later'],
      ['provider_network', 'OpenRouter error: (Curl failure) Curl failed with exit code 7. See Curl manpage for details.'],
    ]);
  });

  it('reads a tool the model called that the agent or server does not have as protocol_error, as SPEC says', () => {
    expectReasons([
      ['protocol_error', 'Error: Tool mcp__filesystem__read_files not found'],
      ['protocol_error', 'MCP error -32602: Tool search_docs not found'],
      ['protocol_error', 'Error: write_file tool not found'],
    ]);
  });

  it("reads an MCP tool whose input schema the client rejects as the tool's failure, an agent's cap on one tool's retries as its own limit", () => {
    expectReasons([
      [
        'tool_error',
        "Error: failed to validate tool input schema for tool: query_db: invalid JSON schema: jsonschema validation failed with 'https://json-schema.org/draft/2020-12/schema#'",
      ],
      ['iteration_limit', 'Tool fetch_page has been attempted too many times: 3 attempts.'],
    ]);
  });

  it('does not read a tokenizer setting as a missing credential', () => {
    expectReasons([
      [
        'provider_server_error',
        'ERROR:server: internal server error: Cannot use chat template functions because tokenizer.chat_template is not set',
      ],
    ]);
  });
});

describe('subcommands a CLI does not have, tools that are not available (rule data 2.67.0)', () => {
  it('reads a subcommand the installed CLI does not have as an unsupported version', () => {
    expectReasons([
      ['cli_version_unsupported', "$ codex app-server\nerror: unrecognized subcommand 'app-server'\n\nUsage: codex [OPTIONS] [PROMPT]"],
    ]);
  });

  it('reads a tool the model called that is not available as protocol_error', () => {
    expectReasons([['protocol_error', 'Error: Tool web_fetch is not available']]);
  });
});
