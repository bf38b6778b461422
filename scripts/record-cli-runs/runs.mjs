// The recorded scenarios: which CLI, how it is invoked, what environment it gets, which
// fake-provider mode answers it, and the failure reason a human assigns from the scenario
// (what actually went wrong), never from running the classifier.
//
// A run is { id, cli, scenario, expected, note, mode?, timeoutMs?, args(ctx), env(ctx), setup?(ctx) }.
// ctx = { home, cwd, url (fake provider base URL, when mode is set) }.

import fs from 'node:fs';
import path from 'node:path';

/** Fake credentials. Redacted from the fixture; none of them is a real key. */
export const FAKE_KEYS = {
  anthropic: 'sk-ant-api03-FAKEfakeFAKEfakeFAKEfakeFAKEfakeFAKEfake-recordcli00',
  openai: 'sk-proj-FAKEfakeFAKEfakeFAKEfakeFAKEfakeFAKEfakeRecordCli00',
  gemini: 'AIzaSyFAKEfakeFAKEfakeFAKEfakeRecordCli0',
};

/** How each CLI is found under the scratch install dir (see README.md). */
export const CLIS = {
  'claude-code': { pkg: '@anthropic-ai/claude-code', dir: 'claude', bin: 'claude' },
  codex: { pkg: '@openai/codex', dir: 'codex', bin: 'codex' },
  'gemini-cli': { pkg: '@google/gemini-cli', dir: 'gemini', bin: 'gemini' },
  opencode: { pkg: 'opencode-ai', dir: 'opencode', bin: 'opencode' },
};

const PROMPT = 'hi';
const HANG_TIMEOUT_MS = 30_000;

// --- Claude Code ------------------------------------------------------------------------

const claudeQuiet = { DISABLE_TELEMETRY: '1', CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1' };
const claudeKeyed = { ...claudeQuiet, ANTHROPIC_API_KEY: FAKE_KEYS.anthropic, CLAUDE_CODE_MAX_RETRIES: '0' };
const claudeJson = () => ['-p', PROMPT, '--output-format', 'json'];
const claudeStream = () => ['-p', PROMPT, '--output-format', 'stream-json', '--verbose'];

function claudeLocal(id, mode, expected, note, args = claudeJson, extra = {}) {
  return {
    id,
    cli: 'claude-code',
    scenario: `local fake provider: ${mode}`,
    mode,
    expected,
    note,
    args,
    env: ({ url }) => ({ ...claudeKeyed, ANTHROPIC_BASE_URL: url }),
    ...extra,
  };
}

// --- Codex CLI --------------------------------------------------------------------------

const codexExec = (...extra) => ['exec', '--skip-git-repo-check', ...extra, PROMPT];
/** A custom provider entry pointing Codex at the fake server, with its retries off. */
const codexLocalArgs = ({ url }) =>
  codexExec(
    '-m',
    'gpt-5',
    '-c',
    'model_provider="fakeopenai"',
    '-c',
    `model_providers.fakeopenai={name="fakeopenai",base_url="${url}/v1",env_key="OPENAI_API_KEY",wire_api="responses",request_max_retries=0,stream_max_retries=0}`,
  );

function codexLocal(id, mode, expected, note, extra = {}) {
  return {
    id,
    cli: 'codex',
    scenario: `local fake provider: ${mode}`,
    mode,
    expected,
    note,
    args: codexLocalArgs,
    env: () => ({ OPENAI_API_KEY: FAKE_KEYS.openai }),
    ...extra,
  };
}

// --- Gemini CLI -------------------------------------------------------------------------

/** settings.json: API-key auth, one attempt per request (the CLI's max-retries knob). */
function geminiSettings({ home }) {
  fs.mkdirSync(path.join(home, '.gemini'), { recursive: true });
  fs.writeFileSync(
    path.join(home, '.gemini', 'settings.json'),
    JSON.stringify({ security: { auth: { selectedType: 'gemini-api-key' } }, general: { maxAttempts: 1 } }, null, 2),
  );
}
const geminiKeyed = { GEMINI_API_KEY: FAKE_KEYS.gemini, GEMINI_CLI_TRUST_WORKSPACE: 'true' };
// An explicit model: without -m the CLI first calls a router model with its own retry loop.
const geminiArgs = () => ['-m', 'gemini-2.5-pro', '-p', PROMPT];
const geminiJsonArgs = () => ['-m', 'gemini-2.5-pro', '-p', PROMPT, '--output-format', 'json'];

function geminiLocal(id, mode, expected, note, args = geminiArgs, extra = {}) {
  return {
    id,
    cli: 'gemini-cli',
    scenario: `local fake provider: ${mode}`,
    mode,
    expected,
    note,
    args,
    setup: geminiSettings,
    env: ({ url }) => ({ ...geminiKeyed, GOOGLE_GEMINI_BASE_URL: url }),
    ...extra,
  };
}

// --- opencode ---------------------------------------------------------------------------

const opencodeQuiet = { OPENCODE_DISABLE_AUTOUPDATE: '1' };
function opencodeConfig(provider, model, url) {
  return JSON.stringify({
    $schema: 'https://opencode.ai/config.json',
    model: `${provider}/${model}`,
    provider: { [provider]: { options: { baseURL: `${url}/v1` } } },
  });
}

function opencodeLocal(id, provider, mode, expected, note, extra = {}) {
  const model = provider === 'anthropic' ? 'claude-sonnet-4-5' : 'gpt-5';
  const keyVar = provider === 'anthropic' ? 'ANTHROPIC_API_KEY' : 'OPENAI_API_KEY';
  return {
    id,
    cli: 'opencode',
    scenario: `local fake provider (${provider} provider, baseURL in OPENCODE_CONFIG_CONTENT): ${mode}`,
    mode,
    expected,
    note,
    args: () => ['run', PROMPT],
    env: ({ url }) => ({
      ...opencodeQuiet,
      [keyVar]: FAKE_KEYS[provider],
      OPENCODE_CONFIG_CONTENT: opencodeConfig(provider, model, url),
    }),
    ...extra,
  };
}

// --- the runs ---------------------------------------------------------------------------

const TIMEOUT_NOTE = 'host killed it after its timeout (SIGKILL to the process group): a host timeout';

export const RUNS = [
  // Claude Code
  {
    id: 'claude-code/no-credentials',
    cli: 'claude-code',
    scenario: 'no credentials at all (clean HOME, no key variables)',
    expected: 'config_missing',
    note: 'no API key and no login: nothing to authenticate with',
    args: claudeJson,
    env: () => ({}),
  },
  {
    id: 'claude-code/fake-key-no-network',
    cli: 'claude-code',
    scenario: 'fake ANTHROPIC_API_KEY, default endpoint, no internet (DNS fails)',
    expected: 'provider_network',
    note: 'the API host cannot be resolved or reached',
    args: claudeJson,
    env: () => ({ ...claudeKeyed }),
  },
  claudeLocal(
    'claude-code/anthropic-429-rate-limit',
    'anthropic-429-rate-limit',
    'provider_rate_limit',
    'Anthropic 429 rate_limit_error with retry-after: 17',
  ),
  claudeLocal(
    'claude-code/anthropic-429-rate-limit-stream-json',
    'anthropic-429-rate-limit',
    'provider_rate_limit',
    'same 429 with --output-format stream-json --verbose',
    claudeStream,
  ),
  claudeLocal('claude-code/anthropic-529-overloaded', 'anthropic-529-overloaded', 'provider_overloaded', 'Anthropic 529 overloaded_error'),
  claudeLocal(
    'claude-code/anthropic-401-auth',
    'anthropic-401-auth',
    'provider_auth',
    'Anthropic 401 authentication_error "invalid x-api-key"',
  ),
  claudeLocal(
    'claude-code/anthropic-400-prompt-too-long',
    'anthropic-400-prompt-too-long',
    'context_overflow',
    'Anthropic 400 invalid_request_error "prompt is too long: 250000 tokens > 200000 maximum"',
  ),
  claudeLocal('claude-code/anthropic-500-api-error', 'anthropic-500-api-error', 'provider_server_error', 'Anthropic 500 api_error'),
  claudeLocal(
    'claude-code/drop-mid-stream',
    'anthropic-drop-mid-stream',
    'provider_network',
    'server sends SSE headers and message_start, then destroys the socket (every attempt)',
  ),
  claudeLocal(
    'claude-code/drop-mid-stream-stream-json',
    'anthropic-drop-mid-stream',
    'provider_network',
    'same mid-stream socket loss with --output-format stream-json --verbose',
    claudeStream,
  ),
  claudeLocal('claude-code/never-answer', 'never-answer', 'run_timeout', `server accepts and never answers; ${TIMEOUT_NOTE}`, claudeJson, {
    timeoutMs: HANG_TIMEOUT_MS,
  }),

  // Codex CLI
  {
    id: 'codex/no-credentials',
    cli: 'codex',
    scenario: 'no credentials at all (clean HOME, no key variables)',
    expected: 'run_timeout',
    note: `with no credentials Codex does not stop: it tries to connect and waits for the network; ${TIMEOUT_NOTE}`,
    args: () => codexExec(),
    env: () => ({}),
  },
  {
    id: 'codex/fake-key-no-network',
    cli: 'codex',
    scenario: 'fake CODEX_API_KEY, default endpoint, no internet (DNS fails)',
    expected: 'provider_network',
    note: 'the API host cannot be resolved or reached (if the host had to kill it, expected is run_timeout: see timedOut)',
    args: () => codexExec(),
    env: () => ({ CODEX_API_KEY: FAKE_KEYS.openai }),
  },
  codexLocal(
    'codex/openai-429-rate-limit',
    'openai-429-rate-limit',
    'provider_rate_limit',
    'OpenAI 429 rate_limit_exceeded "Please try again in 3.664s"',
  ),
  codexLocal('codex/openai-429-insufficient-quota', 'openai-429-insufficient-quota', 'provider_quota', 'OpenAI 429 insufficient_quota'),
  codexLocal(
    'codex/openai-429-insufficient-quota-json',
    'openai-429-insufficient-quota',
    'provider_quota',
    'same insufficient_quota with codex exec --json (JSONL events on stdout)',
    { args: (ctx) => ['exec', '--json', ...codexLocalArgs(ctx).slice(1)] },
  ),
  codexLocal('codex/openai-401-invalid-key', 'openai-401-invalid-key', 'provider_auth', 'OpenAI 401 invalid_api_key'),
  codexLocal('codex/openai-400-context-length', 'openai-400-context-length', 'context_overflow', 'OpenAI 400 context_length_exceeded'),
  codexLocal(
    'codex/drop-mid-stream',
    'openai-drop-mid-stream',
    'provider_network',
    'server sends SSE headers and response.created, then destroys the socket (stream_max_retries=0)',
  ),
  codexLocal('codex/never-answer', 'never-answer', 'run_timeout', `server accepts and never answers; ${TIMEOUT_NOTE}`, {
    timeoutMs: HANG_TIMEOUT_MS,
  }),

  // Gemini CLI
  {
    id: 'gemini-cli/no-credentials',
    cli: 'gemini-cli',
    scenario: 'no credentials at all (clean HOME, no key variables)',
    expected: 'config_missing',
    note: 'no auth method configured',
    args: () => ['-p', PROMPT],
    env: () => ({}),
  },
  {
    id: 'gemini-cli/untrusted-folder',
    cli: 'gemini-cli',
    scenario: 'fake GEMINI_API_KEY, headless run in a folder that is not trusted (no --skip-trust / GEMINI_CLI_TRUST_WORKSPACE)',
    expected: 'config_missing',
    note: 'a real headless failure: local configuration (folder trust) missing, the provider is never called',
    args: geminiArgs,
    setup: geminiSettings,
    env: () => ({ GEMINI_API_KEY: FAKE_KEYS.gemini }),
  },
  {
    id: 'gemini-cli/fake-key-no-network',
    cli: 'gemini-cli',
    scenario: 'fake GEMINI_API_KEY, default endpoint, no internet (DNS fails)',
    expected: 'provider_network',
    note: 'the API host cannot be resolved or reached',
    args: geminiArgs,
    setup: geminiSettings,
    env: () => ({ ...geminiKeyed }),
  },
  geminiLocal(
    'gemini-cli/gemini-429-resource-exhausted',
    'gemini-429-resource-exhausted',
    'provider_rate_limit',
    'Gemini 429 RESOURCE_EXHAUSTED',
  ),
  geminiLocal(
    'gemini-cli/gemini-429-resource-exhausted-json',
    'gemini-429-resource-exhausted',
    'provider_rate_limit',
    'same 429 with --output-format json',
    geminiJsonArgs,
  ),
  geminiLocal(
    'gemini-cli/gemini-503-overloaded',
    'gemini-503-overloaded',
    'provider_overloaded',
    'Gemini 503 UNAVAILABLE "The model is overloaded"',
  ),
  geminiLocal(
    'gemini-cli/gemini-400-token-count',
    'gemini-400-token-count',
    'context_overflow',
    'Gemini 400 INVALID_ARGUMENT input token count exceeds the maximum',
  ),
  geminiLocal(
    'gemini-cli/drop-mid-stream',
    'gemini-drop-mid-stream',
    'provider_network',
    'server sends SSE headers and one candidate chunk, then destroys the socket',
  ),
  geminiLocal('gemini-cli/never-answer', 'never-answer', 'run_timeout', `server accepts and never answers; ${TIMEOUT_NOTE}`, geminiArgs, {
    timeoutMs: HANG_TIMEOUT_MS,
  }),

  // opencode
  {
    id: 'opencode/no-credentials',
    cli: 'opencode',
    scenario: 'no credentials at all (clean HOME, no key variables)',
    expected: 'run_timeout',
    note: `with no credentials opencode picks its free hosted model and waits on the network; ${TIMEOUT_NOTE}`,
    args: () => ['run', PROMPT],
    env: () => ({}),
  },
  {
    id: 'opencode/fake-key-no-network',
    cli: 'opencode',
    scenario: 'fake ANTHROPIC_API_KEY, -m anthropic/claude-sonnet-4-5, default endpoint, no internet (DNS fails)',
    expected: 'provider_network',
    note: 'the API host cannot be resolved or reached (if the host had to kill it, expected is run_timeout: see timedOut)',
    args: () => ['run', '-m', 'anthropic/claude-sonnet-4-5', PROMPT],
    env: () => ({ ...opencodeQuiet, ANTHROPIC_API_KEY: FAKE_KEYS.anthropic }),
  },
  opencodeLocal(
    'opencode/anthropic-429-rate-limit',
    'anthropic',
    'anthropic-429-rate-limit',
    'provider_rate_limit',
    'Anthropic 429 rate_limit_error',
  ),
  opencodeLocal(
    'opencode/anthropic-529-overloaded',
    'anthropic',
    'anthropic-529-overloaded',
    'provider_overloaded',
    'Anthropic 529 overloaded_error',
  ),
  opencodeLocal(
    'opencode/anthropic-529-overloaded-print-logs',
    'anthropic',
    'anthropic-529-overloaded',
    'provider_overloaded',
    'same 529 with opencode run --print-logs: the retried "stream error ... Overloaded" log lines reach stderr',
    { args: () => ['run', '--print-logs', PROMPT] },
  ),
  opencodeLocal('opencode/anthropic-401-auth', 'anthropic', 'anthropic-401-auth', 'provider_auth', 'Anthropic 401 authentication_error'),
  opencodeLocal(
    'opencode/anthropic-401-auth-json',
    'anthropic',
    'anthropic-401-auth',
    'provider_auth',
    'same 401 with opencode run --format json (JSON events on stdout)',
    { args: () => ['run', '--format', 'json', PROMPT] },
  ),
  opencodeLocal(
    'opencode/anthropic-400-prompt-too-long',
    'anthropic',
    'anthropic-400-prompt-too-long',
    'context_overflow',
    'Anthropic 400 "prompt is too long: 250000 tokens > 200000 maximum"',
  ),
  opencodeLocal(
    'opencode/openai-429-insufficient-quota',
    'openai',
    'openai-429-insufficient-quota',
    'provider_quota',
    'OpenAI 429 insufficient_quota',
  ),
  opencodeLocal('opencode/openai-401-invalid-key', 'openai', 'openai-401-invalid-key', 'provider_auth', 'OpenAI 401 invalid_api_key'),
  opencodeLocal(
    'opencode/drop-mid-stream',
    'anthropic',
    'anthropic-drop-mid-stream',
    'provider_network',
    'server sends SSE headers and message_start, then destroys the socket',
  ),
  opencodeLocal('opencode/never-answer', 'anthropic', 'never-answer', 'run_timeout', `server accepts and never answers; ${TIMEOUT_NOTE}`, {
    timeoutMs: HANG_TIMEOUT_MS,
  }),
];
