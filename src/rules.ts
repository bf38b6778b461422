/**
 * The built-in text rules, in the order they are tried. Each rule is written for the shape
 * of a provider's or CLI's error, not for one message: error type names, status names and
 * the stable phrases the SDKs and CLIs print. `source` says where the shape was taken from.
 *
 * A rule is considered only when one of its `any` substrings occurs in the lower-cased
 * text (a cheap scan), then confirmed by `re` when present. Every `re` is linear: bounded
 * repetitions, no nested quantifiers, no backreferences.
 */
import type { FailureReason } from './taxonomy.js';

export interface TextRule {
  /** Stable identifier, stamped as `failure.rule`. */
  readonly id: string;
  readonly reason: FailureReason;
  /**
   * `specific` rules run before structured HTTP status evidence; `generic` ones (bare
   * status codes in text, loose wordings) only after it.
   */
  readonly tier: 'specific' | 'generic';
  /** Lower-case substrings; at least one must occur. */
  readonly any: readonly string[];
  /** Confirmation on the lower-cased text; the match position becomes the detail. */
  readonly re?: RegExp;
  /** Lower-case substrings that veto the rule. */
  readonly none?: readonly string[];
  /** Why this maps to `reason`, for people reading the table. */
  readonly why: string;
  /** Where the error shape comes from. */
  readonly source: string;
}

const ANTHROPIC_ERRORS = 'https://docs.anthropic.com/en/api/errors';
const OPENAI_ERRORS = 'https://platform.openai.com/docs/guides/error-codes';
const GEMINI_ERRORS = 'https://ai.google.dev/gemini-api/docs/troubleshooting';
const BEDROCK_ERRORS = 'https://docs.aws.amazon.com/bedrock/latest/APIReference/CommonErrors.html';
const NODE_ERRORS = 'https://nodejs.org/api/errors.html#common-system-errors';
const UNDICI_ERRORS = 'https://undici.nodejs.org/#/docs/api/Errors';
const JSONRPC_SPEC = 'https://www.jsonrpc.org/specification#error_object';

export const BUILTIN_RULES: readonly TextRule[] = [
  // --- user intent and host facts spelled out in text -------------------------------------
  {
    id: 'cancel.user_abort',
    reason: 'cancelled',
    tier: 'specific',
    any: ['abort', 'interrupted', 'keyboardinterrupt', '^c', 'context canceled', 'code = canceled', 'interrupt()', 'stopped by', 'cancelled by user', 'cancelled by user', 'canceled by user', 'cancelled by the user', 'canceled by the user', 'user cancelled', 'user canceled', 'operation cancelled', 'operation canceled', 'request cancelled', 'request canceled', 'was cancel', 'cancelled', 'canceled'],
    re: /request was aborted|request aborted|operation (?:was )?aborted|\baborterror|apiuseraborterror|keyboardinterrupt|(?:^|\s)\^c|context canceled|code = canceled|stopped by (?:the )?user|\.interrupt\(\)|user ?abort|interrupted by (?:the )?user|(?:^|[\s⎿■\[])(?:conversation |request )?interrupted(?:\s{0,3}[·.\-–]|\s*$)|(?:cancell?ed|aborted) by (?:the )?user|user (?:cancell?ed|aborted)|(?:operation|request) (?:was )?cancell?ed/,
    none: ['due to timeout', 'timeouterror', 'timed out', 'timeout exceeded', 'deadline exceeded', 'client.timeout'],
    why: 'AbortController cancellations (Anthropic/OpenAI SDK "Request was aborted.", DOMException AbortError) and CLI interrupt notices.',
    source: 'https://github.com/anthropics/anthropic-sdk-typescript/blob/main/src/core/error.ts',
  },

  {
    id: 'protocol.acp',
    reason: 'protocol_error',
    tier: 'specific',
    any: ['acp', 'agent client protocol', 'initializ', 'handshake', 'did not respond within', 'initialis'],
    re: /\bacp (?:initiali[sz]e|handshake|session|protocol|connection|request|error)[^\n]{0,60}(?:error|timed out|failed|invalid)|agent client protocol[^\n]{0,60}(?:error|failed)|(?:initiali[sz]ation|initiali[sz]e|handshake)[^\n]{0,40}(?:did not complete|timed out|did not respond)|(?:agent|execution provider|subprocess)[^\n]{0,40}did not respond within/,
    none: ['binary not found', 'executable not found', 'not installed'],
    why: 'Agent Client Protocol failures and handshakes that never complete between the host and the agent (initialize timeouts, schema errors): the host↔agent channel broke, not the provider.',
    source: 'https://agentclientprotocol.com/protocol/overview',
  },
  {
    id: 'timeout.agent_run',
    reason: 'run_timeout',
    tier: 'specific',
    any: ['timed out after', 'timeout after', 'timed out while running', 'starttoclose', 'scheduletoclose', 'heartbeat timeout', 'runtime timed out', 'watchdog', 'output for', 'activity for', 'status: timeout', 'stall', 'activity', 'output within', 'maximum execution time', 'inactivity', 'no response from', 'killing'],
    re: /(?:claude|codex|gemini|opencode|aider|goose|agent|cli|process|subprocess|command|run|task|execution|session|episode|job|workflow|runtime)(?: cli)?(?: operation| process| command| run)?:? (?:timed out|timeout) after|killed after [\d.]{1,10}\s?s(?:ec(?:onds)?)? of inactivity|timed out while running|(?:starttoclose|scheduletoclose|heartbeat) timeout|(?:external |agent )?runtime timed out|watchdog[^\n]{0,80}(?:kill|timeout|timed out)|no (?:stdout |stderr |runtime )?(?:output|activity) (?:for|within) \d{1,6}|status: timeout|stalled after|without (?:protocol |any )?activity|initial_stall|exceeded the maximum execution time|no response from (?:the )?agent after|timeout,? killing/,
    why: 'A host or wrapper stopping the whole agent CLI on its own clock ("claude timed out after 2h0m0s", "Claude CLI operation timed out after 30 seconds"); the run stalled.',
    source: 'https://github.com/anthropics/claude-code/issues',
  },

  // --- context overflow before quota/rate-limit: "token limit" wordings belong here ------
  {
    id: 'context.prompt_too_long',
    reason: 'context_overflow',
    tier: 'specific',
    any: ['prompt is too long', 'prompt too long', 'prompt_too_long', 'context_length_exceeded', 'context length', 'context window', 'context_window', 'maximum context', 'max context', 'input is too long', 'input too long', 'too many tokens', 'token limit', 'input token count', 'maximum number of tokens', 'too many input tokens', 'tokens exceeds', 'exceeds the limit of', 'request_too_large', 'request too large', 'reduce the length', 'context limit', 'context overflow', 'contextoverflow', 'conversation is too long', 'conversation too long', 'exceeds model context', 'maxlength', 'context size', 'context_size', 'exceeds', 'inputs', 'availablecontext', 'floor_output_tokens', 'member must have length less than or equal to', 'context_limit', 'context_length', 'exceed max', 'exceeds max', 'exceed the max'],
    re: /prompt(?:_| is )?too long|context_length_exceeded|context[ _](?:length|window|limit|size)|(?:input|prompt)[^\n]{0,40}exceeds? (?:the )?(?:maximum|max|available|model|limit)(?:[^\n]{0,30}(?:length|tokens|context)| of \d)|availablecontext|floor_output_tokens|`?inputs`? (?:tokens|must have less than)|maximum context|max context|input (?:is )?too long|too many (?:input )?tokens|token limit|input token count|maximum number of tokens|tokens exceeds|exceeds the limit of \d{1,9} tokens|request(?:_| )too(?:_| )large|reduce the length|context ?overflow|conversation (?:is )?too long|exceeds model context|expected maxlength: ?\d{1,9}, actual: ?\d{1,9}|member must have length less than or equal to \d{6,}/,
    none: ['tokens per min', 'tokens per day', 'per minute', 'per day', 'tpm', 'rate limit', 'throttl', 'please wait before trying again'],
    why: 'Anthropic "prompt is too long: N tokens > M maximum", OpenAI context_length_exceeded, Gemini "input token count (N) exceeds the maximum number of tokens allowed", Bedrock "Input is too long for requested model", Codex "exceeds the context window".',
    source: ANTHROPIC_ERRORS,
  },

  // --- quota vs rate limit: per-minute throttling first, then billing/hard caps -----------
  {
    id: 'iteration.limit',
    reason: 'iteration_limit',
    tier: 'specific',
    any: ['max turns', 'max_turns', 'maximum number of turns', 'maximum turns', 'turn limit', 'iteration limit', 'max iterations', 'maximum iterations', 'max_iterations', 'maximum number of iterations', 'max steps', 'max_steps', 'maximum steps', 'maximum number of steps', 'step limit', 'session turns', 'loop detected', 'loop was detected', 'potential loop', 'recursion limit', 'maxturns', 'turns limit', 'maximum iteration', 'max iteration', 'allowed, stopping', 'reflections allowed', 'stuck in', 'usagelimitexceeded', '_limit', 'mistake', 'consecutive', 'usd budget', 'max budget', 'maximum budget', 'max-budget', 'max_budget', 'result validation', 'output validation', 'iterations allowed', 'turns allowed', 'steps allowed', 'attempts allowed', 'max number of', 'maxsteps', 'maxiterations', 'max_iteration', 'max turn', 'maximum turn', 'maximum_steps', 'max_turn'],
    re: /max(?:imum)?[ _]?(?:number of )?(?:session )?(?:turns?|iterations?|steps?)\b|(?:turn|turns|iteration|step|recursion) limit|loop (?:was )?detected|potential loop|only \d{1,4} (?:reflections|iterations|turns|steps|attempts) allowed|stuck in (?:a )?loop|usagelimitexceeded|(?:request|tool_calls?|total_tokens|input_tokens|output_tokens)_limit\b|mistake limit|too many consecutive (?:mistakes|errors|failures)|exceeded (?:the )?(?:usd|max(?:imum)?) budget|max[-_]budget|exceeded maximum retries[^\n]{0,20}for (?:result|output) validation/,
    why: 'Claude Code error_max_turns / "Reached max turns", Gemini CLI max session turns and loop detection, agent frameworks\' max iterations/steps.',
    source: 'https://docs.anthropic.com/en/docs/claude-code/sdk',
  },
  {
    id: 'rate_limit.per_minute_quota',
    reason: 'provider_rate_limit',
    tier: 'specific',
    any: ['per minute', 'perminute', 'per_minute', 'per min', 'tokens per min', 'requests per min', '(tpm)', '(rpm)', 'token rate limit', 'call rate limit', 'per_min', 'permin'],
    re: /per ?_?min(?:ute)?|\((?:t|r)pm\)|(?:token|call) rate limit/,
    why: 'Quota/RESOURCE_EXHAUSTED errors that name a per-minute window are throttling, not a hard cap (Gemini per-minute quotas, OpenAI TPM/RPM, Azure token rate limits).',
    source: GEMINI_ERRORS,
  },
  {
    id: 'quota.billing',
    reason: 'provider_quota',
    tier: 'specific',
    any: ['insufficient_quota', 'exceeded your current quota', 'check your plan and billing', 'billing', 'credit balance', 'credits', 'payment required', 'usage limit', 'spending limit', 'hard limit', 'limit reached', 'quota exceeded', 'quota_exceeded', 'exceeded quota', 'per day', 'perday', 'daily limit', 'monthly limit', 'usage cap', 'out of credits', 'plan limit', 'insufficient balance', 'weekly limit', 'limit will reset', 'limit resets', 'limits will reset', 'upgrade to', 'hit your', 'daily', 'monthly', 'quota limit', 'tpd', 'rpd', 'quota exceeded', 'quota_exceeded', 'key limit', 'total limit', 'budget', 'exceeded your quota', 'credit', 'weekly', 'spend limit', 'limit reset', 'limits reset'],
    re: /insufficient_quota|exceeded your (?:current )?quota|billing|credit balance|(?:insufficient|more|out of|no) credits?|payment required|usage limit|spending limit|hard limit|(?<!rate )limit reached|per ?day|(?:daily|monthly|weekly) [^\n]{0,40}(?:quota|limit)|quota limit|usage cap|plan limit|insufficient balance|\b[tr]pd\b|(?:tokens|requests) per day|quota[_ ]exceeded(?!\s{1,3}for\s{1,3}(?:quota )?(?:metric|[a-z0-9-]{1,40}\.googleapis))|(?<!rate )limits? (?:will )?resets?|hit your (?!rate)(?:\w{1,20} )?limit|key limit exceeded|(?:total|budget|spend(?:ing)?) limit|budget (?:has been )?(?:exceeded|exhausted)|upgrade to (?:a )?(?:paid|pro|max|higher)/,
    none: ['rate_limit_error', 'context limit', 'context window', 'context length', 'context size', 'rate limited', 'not your usage limit', 'temporarily limiting'],
    why: 'OpenAI insufficient_quota, Anthropic "credit balance is too low", OpenRouter 402 credits, Claude Code/Codex usage limits, per-day quotas: they wait for a reset or a payment.',
    source: OPENAI_ERRORS,
  },
  // --- capacity --------------------------------------------------------------------------
  {
    id: 'overloaded.named',
    reason: 'provider_overloaded',
    tier: 'specific',
    any: ['overload', 'capacity', 'modelnotreadyexception', 'server is busy', 'servers are busy', 'high demand', 'too many connections', 'queue', 'available workers', 'available_workers', 'circuits open', 'server busy', 'currently busy'],
    re: /overload|(?:at|insufficient|no|out of|over|exceeded) (?:\w{1,20} )?capacity|capacity (?:exceeded|constraints|limit)|modelnotreadyexception|servers? (?:is |are )?(?:currently )?busy|high demand|too many connections|expectedqueuedelay|queue (?:is )?full|no[ _]available[ _]workers|all circuits open/,
    why: 'Anthropic 529 overloaded_error, Gemini 503 "The model is overloaded", capacity errors.',
    source: ANTHROPIC_ERRORS,
  },

  {
    id: 'rate_limit.named',
    reason: 'provider_rate_limit',
    tier: 'specific',
    any: ['rate_limit', 'rate limit', 'rate-limit', 'ratelimit', 'too many requests', 'throttl', 'resource_exhausted', 'resource exhausted', 'slow down', 'requests too quickly', 'quota exceeded', 'please wait before trying again', 'no deployments available'],
    re: /rate[ _-]?limit|too many requests|throttl|resource[_ ]exhausted|slow down|requests too quickly|quota exceeded\s{1,3}for\s{1,3}(?:quota )?(?:metric|[a-z0-9-]{1,40}\.googleapis\.com)|please wait before trying again|no deployments available/,
    why: 'Anthropic rate_limit_error, OpenAI rate_limit_exceeded, Gemini/Vertex 429 RESOURCE_EXHAUSTED "Quota exceeded for <per-minute metric>" (hard caps were caught above), Bedrock ThrottlingException, "Too Many Requests".',
    source: ANTHROPIC_ERRORS,
  },

  // --- credentials and configuration ----------------------------------------------------
  {
    id: 'model.no_access',
    reason: 'model_not_found',
    tier: 'specific',
    any: ['access to the model', 'access to model', 'model access'],
    re: /(?:access to (?:the )?model|model access)/,
    why: "Bedrock AccessDeniedException \"You don't have access to the model with the specified model ID\": the model is not enabled for the account.",
    source: BEDROCK_ERRORS,
  },
  {
    id: 'config.missing_credentials',
    reason: 'config_missing',
    tier: 'specific',
    any: ['environment variable', 'env var', 'not set', 'is missing', 'missing api key', 'missing credentials', 'no api key', 'api key not found', 'api key is required', 'api_key is required', 'auth method', 'could not resolve authentication', 'could not load credentials', 'must be set', 'not configured', 'no credentials', 'credentials not found', 'unable to locate credentials', 'missing required', 'must specify', 'did not find', 'no key is set', 'missing environment', 'missing', 'set the environment variable', 'default credentials', 'defaultcredentials', 'configured', 'configure', 'configuration', 'auth method', 'providerinit', 'required', 'must be provided', 'not registered', 'no auth', 'no api', 'missing api', 'missing auth', 'missing cred', 'trusted directory', 'untrusted', 'invalid configuration', 'unrecognized key', 'fix the configuration', 'unknown provider', 'missing key inputs', 'not found', 'not provided', 'load the credentials', 'were not found', 'authentication method', 'trusted folder', 'trusted workspace', 'initialize provider', 'initialise provider'],
    re: /(?:api[_ -]?key|token|credentials?|env(?:ironment)? var(?:iable)?|auth(?:entication)? method)[^\n]{0,80}(?:not (?:set|found|configured|provided)|is (?:missing|required)|must be (?:set|provided)|required)|(?:missing|no) (?:api[_ -]?key|credentials|auth)|missing [\w ]{0,30}api[ _-]?key|missing environment variable|did not find \w{0,40}(?:api_?key|token)|no key is set|you must specify|could not load (?:the )?(?:default )?credentials|default ?credentials ?error|(?:default )?credentials were not found|no (?:provider|model|api[ _-]?key|credentials|llm) (?:is )?configured|run '[^'\n]{1,40} configure'|failed to load required configuration|invalid auth(?:entication)? method|either [^\n]{1,80} (?:is|are) required|(?:header|parameter|endpoint|environment variable|env var)[^\n]{0,20} (?:is required|must be provided)|must be provided (?:either )?via|is not registered|not (?:running )?(?:inside |in )?a trusted (?:directory|folder|workspace)|untrusted (?:folder|directory|workspace)|invalid configuration|unrecognized key\(s\)|please fix the configuration|unknown provider|providerinit(?:ialization)?error|failed to (?:configure|initiali[sz]e) providers?|set the environment variable|could not resolve authentication|could not load credentials|unable to locate credentials|set an auth method|missing required (?:env|config)|missing key inputs argument/,
    none: ['invalid api key', 'api key not valid', 'incorrect api key', 'invalid x-api-key', 'pass a valid api key', 'authentication_error', 'no auth credentials found'],
    why: 'SDKs and CLIs refusing to start without credentials: "The OPENAI_API_KEY environment variable is missing", Anthropic SDK "Could not resolve authentication method", Gemini CLI "Please set an Auth method", AWS "Could not load credentials".',
    source: 'https://github.com/openai/openai-node/blob/master/src/client.ts',
  },
  {
    id: 'auth.rejected',
    reason: 'provider_auth',
    tier: 'specific',
    any: ['authentication', 'unauthorized', 'unauthenticated', 'api key', 'api_key', 'apikey', 'x-api-key', 'permission_error', 'permission_denied', 'not logged in', '/login', 'oauth', 'token has expired', 'token expired', 'expiredtoken', 'security token', 'invalid token', 'invalid bearer', 'unrecognizedclient', 'invalidsignature', 'accessdenied', 'access denied', 'forbidden', 'credentials', 'invalid_grant', 'login', 'country', 'region', 'can only be used', 'unauthorised', 'token', 'api-key'],
    re: /authentication|unauthori[sz]ed|unauthenticated|(?:invalid|incorrect|bad|revoked|expired|wrong|not valid|disabled)[^\n]{0,12}(?:api[ _-]?key|x-api-key|token|credentials)|api[ _-]?key[^\n]{0,40}(?:invalid|not valid|incorrect|expired|revoked|disabled)|pass a valid api key|no auth credentials found|can only be used (?:from )?(?:within|with|in) |not available in (?:this|your) (?:country|region)|unsupported (?:country|region)|permission_error|permission_denied|not logged in|please run \/login|oauth|token (?:has )?expired|expiredtoken|security token included in the request is invalid|unrecognizedclient|invalidsignature|access ?denied|forbidden|invalid_grant|login (?:required|expired)/,
    none: ['default credentials', 'defaultcredentials', 'failed, reason:'],
    why: 'Anthropic authentication_error/permission_error, OpenAI invalid_api_key, Gemini API_KEY_INVALID/PERMISSION_DENIED, Bedrock UnrecognizedClientException, Claude Code "Not logged in · Please run /login", expired OAuth tokens.',
    source: ANTHROPIC_ERRORS,
  },
  {
    id: 'model.not_found',
    reason: 'model_not_found',
    tier: 'specific',
    any: ['model_not_found', 'modelnotfound', 'does not exist', 'not found', 'unknown', 'invalid', 'unavailable', 'not available', 'deprecated', 'decommissioned', 'unsupported model', 'not a valid model', 'not supported', 'issue with the selected model', 'not exist', 'not allowed to use', 'unable to access', 'model_not_available', 'no endpoints found', 'deploymentnotfound', 'not_found_error'],
    none: ['modelbehaviorerror', 'not found in agent', 'firewall', 'stream ended', 'or newer', 'or later'],
    re: /model_not_found|modelnotfound|model(?! metadata)[^\n]{0,80}\b(?:does not exist|not found|is not found|invalid|unavailable|not available|has been deprecated|decommissioned)\b|(?:unknown|invalid|unsupported) model|not a valid model|model (?:is )?not supported|issue with the selected model|model[^\n]{0,60}(?:may|might) not exist|not allowed to use [^\n]{0,40}model|unable to access [^\n]{0,30}model|model_not_available|no endpoints found|deploymentnotfound|deployment[^\n]{0,60}(?:does not exist|not found)|not_found_error[^\n]{0,40}model/,
    why: 'OpenAI model_not_found "The model `x` does not exist", Anthropic not_found_error "model: x", Gemini "models/x is not found for API version", Azure DeploymentNotFound, OpenRouter "No endpoints found".',
    source: OPENAI_ERRORS,
  },

  // --- content policy --------------------------------------------------------------------
  {
    id: 'content.filtered',
    reason: 'content_filtered',
    tier: 'specific',
    any: ['content_filter', 'content filter', 'content management policy', 'responsibleai', 'safety', 'content policy', 'usage policy', 'usage policies', 'moderation', 'flagged', 'prohibited_content', 'blocklist', 'blockedreason', 'block_reason', 'recitation', 'harm_category', 'refused', 'violate', 'content exists risk', 'prohibitedcontent', 'datainspection', 'data_inspection', 'inappropriate', 'sensitive content', 'guardrail', 'tripwire', 'spii'],
    re: /content[_ ]filter|content management policy|responsibleaipolicyviolation|(?:blocked|finish ?reason|finishreason|block_?reason)[^\n]{0,30}(?:safety|prohibited_content|blocklist|recitation|spii)|safety (?:filter|settings|system|reasons?)|content policy|usage polic(?:y|ies)|moderation|flagged|prohibited_content|harm_category|refused (?:this|the|your) request|prohibited_?content|blockedreason|content exists risk|data_?inspection_?failed|inappropriate content|sensitive content|violates? [^\n]{0,60}(?:terms|polic(?:y|ies))|guardrail|tripwire/,
    why: 'Azure OpenAI content_filter / "content management policy", Gemini SAFETY/PROHIBITED_CONTENT blocks, OpenRouter moderation flags, Anthropic usage-policy refusals.',
    source: 'https://learn.microsoft.com/en-us/azure/ai-foundry/openai/concepts/content-filter',
  },

  // --- the agent process itself ----------------------------------------------------------
  {
    id: 'spawn.enoent',
    reason: 'cli_not_installed',
    tier: 'specific',
    any: ['enoent', 'not found', 'is not recognized', 'no such file or directory', 'cannot find the file', 'reconhecido', 'reconoce', 'reconnu', 'befehl', '不是内部或外部命令', 'path', 'module_not_found', 'cannot find package', 'cannot find module', 'failed to run command', '找不到', 'could not find', 'npm install -g', 'clinotfounderror', 'name of a cmdlet', 'npm install'],
    re: /enoent(?<=spawn(?:sync)? [^\n]{0,200}enoent)|command not found|command '[^'\n]{1,64}' not found|: not found|is not recognized as an internal or external command|env: [^\n]{1,80}: no such file or directory|executable (?:file )?not found|program not found|errno 2\] no such file or directory|clinotfounderror|failed to run command '[^'\n]{1,60}': no such file or directory|not found: \S{1,40} in \$?path|找不到 ?\S{1,30} ?命令|err_module_not_found|cannot find (?:package|module) '(?!node:)|not found in (?:your |the )?\$?path|\b(?:cli|executable|binary) not found\b|not recognized as the name of a cmdlet|(?:native )?(?:binary|executable) not found|\b(?:claude(?: code)?|codex|gemini(?: cli)?|opencode|aider|goose) not found at|cannot find the file specified|não é reconhecido como um comando|no se reconoce como un comando|n'est pas reconnu en tant que commande|wird nicht als interner oder externer befehl|不是内部或外部命令|could not find [^\n]{0,30}command|install [^\n]{1,30} with: npm install/,
    why: 'Node child_process "spawn claude ENOENT", sh "codex: not found", bash "command not found", Windows "is not recognized": the agent CLI is not installed.',
    source: NODE_ERRORS,
  },
  {
    id: 'spawn.resource',
    reason: 'spawn_failed',
    tier: 'specific',
    any: ['spawn', 'emfile', 'too many open files', 'e2big', 'argument list too long', 'eagain', 'resource temporarily unavailable', '_execute_child', 'exec format error', 'posix_spawn', 'failed to spawn pty', 'etxtbsy', 'text file busy', 'enoexec', 'win32', 'os error 193', 'relocating', 'symbol not found', 'syscall', 'failed to start', 'tmux', 'working directory', 'failed to spawn', 'launched inside', 'within timeout', 'timeout waiting for', 'ebadf', 'eperm', 'uv_cwd', 'batch file', 'enametoolong'],
    none: ['panicked', 'panic'],
    re: /(?:eacces|e2big|emfile|enfile|enomem|eagain|eperm|einval|enotdir|unknown system errno)(?<=spawn[^\n]{0,220})|emfile|too many open files|e2big|argument list too long|fork: (?:retry: )?resource temporarily unavailable|(?:permission denied|errno 13|errno 8)(?<=_execute_child[\s\S]{0,420})|exec format error|posix_spawnp? failed|failed to spawn pty|\bspawn failed\b|etxtbsy|text file busy|enoexec|not a valid win32 application|os error 193|error relocating|symbol not found|syscall[=:\s"']{1,4}spawn|(?:eperm|eacces|ebadf|enoexec)[^\n]{0,60}spawn|spawn ebadf|uv_cwd|failed to spawn\b|batch file arguments are invalid|failed to start (?:new |tmux )?session|timed out waiting for tmux|working directory[^\n]{0,40}(?:unavailable|does not exist|not found)|failed to spawn (?:the )?(?:claude|codex|gemini|opencode|agent|cli)[^\n]{0,20}(?:session|process)|cannot be launched inside another|failed to (?:re)?initiali[sz]e [^\n]{1,40} within timeout|timeout waiting for (?:claude|codex|gemini|opencode|the agent)|enametoolong/,
    why: 'Node child_process spawn errors other than ENOENT (EACCES, E2BIG, EMFILE): the process could not start.',
    source: NODE_ERRORS,
  },
  {
    id: 'cli.version',
    reason: 'cli_version_unsupported',
    tier: 'specific',
    any: ['unknown option', 'unknown argument', 'unexpected argument', 'unrecognized option', 'unrecognized argument', 'unknown flag', 'unknown command', 'unknown subcommand', 'invalid option', 'requires node', 'node.js version', 'node version', 'unsupported version', 'please upgrade', 'please update', 'no longer supported', 'minimum version', 'too old', 'not supported by this version', 'upgrade required', 'syntaxerror', "cannot find module 'node:", 'ebadengine', 'unsupported engine', 'not to run on node', 'cannot be used with', 'node js', 'or newer', 'or later', 'or higher', 'current version', 'out of date', 'outdated', '版本过旧', 'allowed choices', 'newer version', 'requires --', 'require node'],
    re: /unknown (?:option|argument|flag|command|subcommand)|unexpected argument|unrecognized (?:option|argument)s?|invalid option|the argument '--?[^'\n]{1,40}' cannot be used with|requires? node(?:[. ]?js)? ?(?:>=|v|version|\d)|ebadengine|unsupported engine|not to run on node|syntaxerror: (?:invalid regular expression flags|unexpected token '(?:\.|\?|\?\?=|\?\.|\|\|=|&&=|#)')|requires [^\n]{1,40} (?:or newer|or later|or higher)|your current version is|(?:is|are) out of date|argument \S{1,40} is invalid\.?\s{0,3}allowed choices|allowed choices are|or (?:newer|later|higher) (?:is )?required|outdated version|update to [^\n]{1,40} or (?:newer|later|higher)|版本过旧|(?:unsupported|old) node(?:\.js)? version|node(?:\.js)? version [^\n]{0,40}(?:not supported|required|too old)|unsupported version|please (?:upgrade|update)|no longer supported|minimum version|too old|not supported by this version|upgrade required|cannot find module 'node:|requires a newer version|newer version (?:of [^\n]{1,30} )?is required|--[a-z][a-z-]{1,40}(?:=[a-z-]{1,30})? requires --[a-z][a-z-]{1,40}/,
    why: 'Commander/clap errors for flags the installed CLI does not know ("unknown option \'--output-format\'", "unexpected argument \'--json\' found"), and runtime version checks.',
    source: 'https://github.com/tj/commander.js/blob/master/lib/command.js',
  },
  {
    id: 'tool.sandbox',
    reason: 'tool_error',
    tier: 'specific',
    any: ['sandbox', 'landlock', 'bwrap', 'seatbelt'],
    re: /sandbox(?:\(|denial| denied| error|executable|[-_](?:exec|apply))|landlock|bwrap: |seatbelt/,
    why: 'The sandbox around the agent\'s tool execution refused or failed (Codex landlock/bwrap/seatbelt errors): the tool, not the agent, failed.',
    source: 'https://github.com/openai/codex/issues',
  },
  {
    id: 'crash.runtime',
    reason: 'process_crash',
    tier: 'specific',
    any: ['heap out of memory', 'reached heap limit', 'allocation failed', 'segmentation fault', 'sigsegv', 'sigabrt', 'sigbus', 'core dumped', 'panicked at', 'panic:', 'fatal error', 'out of memory', 'killed', 'maximum call stack', 'oom', 'panic(', 'experienced a panic', 'panicked', 'enospc', 'no space left', 'aborted (core', 'bus error', 'illegal instruction', 'status: signal', 'by signal', '134', '137', '139', '143', 'pane is dead', '32212', '0xc0000', 'access violation', 'faulting', 'goroutine', 'stack_buffer_overrun'],
    re: /heap out of memory|reached heap limit|allocation failed|segmentation fault|sigsegv|sigabrt|sigbus|core dumped|panicked at|^panic: |panic\((?:main )?thread|experienced a panic|application panicked|goroutine \d{1,9} \[running\]|fatal error: (?:runtime|out of memory|reached|ineffective)|out of memory|^killed(?: ?: ?9)?$|oom[- ]?kill|maximum call stack size exceeded|bus error|illegal instruction|status: signal|(?:killed|terminated) by signal|(?:exit(?:ed)?|status|code)[^\n0-9]{0,12}1(?:34|37|39|43)(?![0-9])|pane is dead|enospc|no space left on device|(?:exit(?:ed)?|code)[^\n0-9]{0,12}32212\d{5}|0xc0000(?:005|409|374|0fd)|access violation|stack_buffer_overrun|faulting (?:app|module)/m,
    none: ['reqwest::error', 'hyper::error'],
    why: 'V8 "JavaScript heap out of memory", segfaults, Rust "thread \'main\' panicked at", Go panics, the shell\'s "Killed" after SIGKILL/OOM.',
    source: 'https://nodejs.org/api/cli.html#--max-old-space-sizesize-in-mib',
  },

  // --- tools and protocol ----------------------------------------------------------------
  {
    id: 'tool.mcp',
    reason: 'tool_error',
    tier: 'specific',
    any: ['mcp'],
    re: /mcp error:? -?\d{1,6}|mcp (?:server|client|extension)[^\n]{0,80}(?:failed|error|crashed|closed|disconnected|timed out)|failed to (?:load|initialize|start) mcp/,
    why: 'MCP servers are tools of the agent: "MCP error -32000: Connection closed", MCP clients that fail to start or time out.',
    source: 'https://modelcontextprotocol.io/specification/2025-06-18/basic/lifecycle',
  },
  {
    id: 'tool.failed',
    reason: 'tool_error',
    tier: 'specific',
    any: ['tool call', 'tool execution', 'tool use', 'tool failed', 'tool error', 'tool_error', 'toolexecutionerror', 'tool_use_failed', 'function call', 'function execution', 'function use', 'function failed', 'function error', 'error executing', 'error calling', 'error running', 'error in tool', 'error in function', 'failed to call', 'failed to execute', 'failed to run', 'failed to load extension', 'failed to initialize extension', 'failed to start extension', 'not found in agent', 'shellerror', 'shell command failed', 'bash command failed', 'shell host crashed', 'could not be executed', 'permission to use', 'auto-reject', 'autoreject', 'auto-denied', 'autodenied', 'permission requested', 'function arguments', 'tool arguments', 'search block', 'replace block', 'search marker', 'replace marker', 'unable to apply diff', 'apply_diff', 'exec_command failed', 'run_shell_command failed', 'blocked by policy', 'without value for required parameter', 'not found in file', 'string to replace', 'failed to apply edit', 'error editing file', 'has not been read yet', 'list of allowed tools', '_response', 'toolexception'],
    re: /failed to (?:load|initialize|start) extension|(?:search|replace) (?:block|marker)|unable to apply diff|apply_diff|tool [^\n]{1,80} not found in agent|(?:exec_command|run_shell_command|shell command|bash command) failed|blocked by policy|without value for required parameter|(?:tool|function) (?:call |execution |use )?(?:failed|error)|error (?:executing|calling|running|in) (?:tool|function)|failed to (?:call|execute|run) (?:tool|function)|tool_error|toolexecutionerror|tool_use_failed|shellerror|shell command failed|auto-?(?:rejecting|rejected|denied)|permission requested: |invalid (?:function|tool) arguments|shell host crashed|(?:command|tool) could not be executed|permission to use \w{1,40} has been denied|string to replace [^\n]{0,20}not found|(?:old_string|string) not found in file|failed to apply edit|error editing file|has not been read yet|not in the list of allowed tools|_response"?\s{0,3}:\s{0,3}\{\s{0,3}"error"|toolexception/,
    why: 'Tool executions that failed as agent CLIs report them: shell commands, edits whose old string is missing, sandbox/permission denials in headless mode, malformed tool arguments.',
    source: 'https://docs.anthropic.com/en/docs/claude-code/troubleshooting',
  },
  {
    id: 'protocol.jsonrpc',
    reason: 'protocol_error',
    tier: 'specific',
    any: ['-32700', '-32600', '-32601', '-32602', 'parse error', 'deserializ', 'validation error', 'in json', 'unterminated string', 'bad control character', 'invalid params', 'protocolversion', 'jsonrpc', 'json-rpc', 'json.parse', 'invalid json', 'not valid json', 'end of json input', 'character', 'failed to parse', 'failed to decode', 'protocol error', 'protocol violation', 'unexpected message', 'unexpected response', '"phase"', 'jsondecodeerror', 'unterminated string starting', 'expecting value', 'expecting property name'],
    re: /-32700|-3260[0-2]|json parse error|invalid params|protocolversion|parse error: \{|"phase": ?"deserialization"|failed to deserialize|deserialization error|validation errors? for \w{0,60}(?:request|response|notification|params|message)\b|jsonrpc[^\n]{0,80}(?:parse error|invalid request|method not found)|json-rpc[^\n]{0,40}error|unexpected token [^\n]{0,40}in json|in json at position \d|unterminated string in json|bad control character in string literal|is not valid json|unexpected end of json input|unexpected (?:non-whitespace )?character[^\n]{0,40}json|json\.parse|invalid json|failed to (?:parse|deserialize|decode) [^\n]{0,60}(?:json|message|event|frame|line)|protocol (?:error|violation)|unexpected (?:message|response) type|jsondecodeerror|unterminated string starting at|expecting (?:value|property name enclosed)/,
    why: 'JSON-RPC 2.0 error codes -32700/-32600/-32601/-32602, malformed stream-json/ACP lines ("Unexpected token < in JSON", "Unexpected end of JSON input").',
    source: JSONRPC_SPEC,
  },

  {
    id: 'output.empty_response',
    reason: 'empty_output',
    tier: 'specific',
    any: ['empty', 'no content', 'no output', '"result":""', 'did not return', 'no generations', 'returned no', 'no object generated', 'produced no output', 'emptystreamerror', 'missing finish reason', 'no text', '"result"', 'no content in', 'no reply generated'],
    re: /(?:returned|received|got) (?:an? )?empty (?:or \w{1,12} )?(?:response|result|output|completion|message)|ended with (?:an )?empty|empty response text|no object generated|produced no output|emptystreamerror|no text (?:message|content|output) found|"result"\s{0,3}:\s{0,3}""|invalid chunk or missing finish reason|empty (?:response|completion|reply) (?:from|returned|received)|did not return (?:a|any) (?:final )?(?:assistant )?(?:response|output|message|answer)|no generations found|returned no (?:content|output|text|choices)|no (?:content|output) (?:was )?(?:returned|generated|produced)|"subtype":"success"[^\n]{0,200}"result":""|no content in [^\n]{0,30}response|no reply generated/,
    why: 'The model or CLI answered with nothing: Gemini CLI "API returned an empty response", a Claude Code result with an empty "result".',
    source: 'https://github.com/google-gemini/gemini-cli/issues',
  },

  // --- transport ------------------------------------------------------------------------
  {
    id: 'timeout.provider_request',
    reason: 'provider_timeout',
    tier: 'specific',
    any: ['timed out', 'timeout', 'time-out', 'deadline', 'awaiting headers', 'timedout'],
    re: /request timed out|apiconnectiontimeout|und_err_(?:headers|body)_timeout|headers ?timeout|body ?timeout|gateway timeout|gateway time-out|deadline[_ ]exceeded|modeltimeoutexception|request timeout|esockettimedout|aborted due to timeout|timeouterror|read timeout|response timeout|timed out (?:waiting for|after)|client\.timeout exceeded|timeout exceeded while awaiting|awaiting headers|deadline expired|idle timeout|operation timed out|operation (?:was )?timeout|["']code["']: ?["']timeout["']|\btimedout\b/,
    none: ['connect timeout', 'connecttimeout', 'und_err_connect_timeout'],
    why: 'SDK APIConnectionTimeoutError "Request timed out.", undici UND_ERR_HEADERS_TIMEOUT/UND_ERR_BODY_TIMEOUT, 504/408, gRPC DEADLINE_EXCEEDED, Bedrock ModelTimeoutException.',
    source: UNDICI_ERRORS,
  },
  {
    id: 'server.processing_error',
    reason: 'provider_server_error',
    tier: 'specific',
    any: ['error occurred while'],
    re: /error occurred while\s{1,3}processing your request/,
    why: 'OpenAI Responses "An error occurred while processing your request" (response.failed), which Codex reports as "stream disconnected before completion: …": the server failed, not the socket.',
    source: 'https://github.com/openai/codex/issues',
  },
  {
    id: 'network.socket',
    reason: 'provider_network',
    tier: 'specific',
    any: ['und_err', 'econnreset', 'socket hang up', 'econnrefused', 'enotfound', 'eai_again', 'etimedout', 'epipe', 'ehostunreach', 'enetunreach', 'enetdown', 'econnaborted', 'fetch failed', 'other side closed', 'connection error', 'network error', 'networkerror', 'apiconnectionerror', 'stream disconnected', 'terminated', 'premature close', 'connection reset', 'connection refused', 'socket', 'unexpected eof', 'tls', 'certificate', 'getaddrinfo', 'network is unreachable', 'error sending request', 'connection closed before', 'connect timeout', 'connecttimeout', 'unable to connect', 'failed to connect', 'could not connect', 'cannot connect', 'connectionrefused', 'peer closed', 'remoteprotocolerror', 'dial tcp', 'firewall', 'failed, reason', 'unable to connect', 'access the url', 'lookup', 'misbehaving', 'no such host', 'i/o timeout', 'cannot connect', 'self-signed', 'self signed', 'certificate chain', 'incomplete', 'broken pipe', 'eof', 'server disconnected', 'connection aborted', 'error decoding response body', 'blocked by proxy', 'blocked by a proxy'],
    re: /und_err_(?:socket|connect_timeout|closed|destroyed|aborted)|econnreset|socket hang up|econnrefused|enotfound|eai_again|etimedout|epipe|ehostunreach|enetunreach|enetdown|econnaborted|fetch failed|other side closed|connection error|network ?error|apiconnectionerror|stream disconnected|(?:^|:\s?)terminated\s*$|premature close|connection (?:reset|refused)|socket (?:closed|disconnected|error)|unexpected eof|tls (?:handshake|connection)|certificate (?:has expired|verify failed)|unable to (?:get|verify) [^\n]{0,30}certificate|getaddrinfo|network is unreachable|error sending request|connection closed before|connect ?timeout|connectionrefused|peer closed connection|dial tcp|firewall|request to \S{1,200} failed, reason|unable to connect\.|is the computer able to access the url|blocked by (?:a |your )?(?:proxy|firewall)|lookup [^\s]{1,100} on [^\s]{1,60}|server misbehaving|no such host|i\/o timeout|cannot connect to (?:the )?api|self[- ]signed certificate|certificate chain|remoteprotocolerror|incomplete (?:chunked read|message|body)|incompletemessage|connection reset by peer|broken pipe|eof occurred|unexpected eof|server disconnected|connection aborted|(?:unable|failed) to connect to (?:the )?(?:api|server|host|endpoint)|could not connect to (?:the )?(?:api|server|host)|error decoding response body/m,
    none: ['service unavailable', 'internal server error', 'bad gateway', 'upstream connect error'],
    why: 'Node/undici transport errors: ECONNRESET, "socket hang up", undici "terminated" with UND_ERR_SOCKET, "fetch failed", DNS failures, OpenAI/Anthropic SDK "Connection error.", Codex "stream disconnected before completion".',
    source: UNDICI_ERRORS,
  },

  // --- provider-side failures and malformed requests by error name ---------------------
  {
    id: 'server.named',
    reason: 'provider_server_error',
    tier: 'specific',
    any: ['api_error', 'internal server error', 'internal_server_error', 'server_error', 'server error', 'bad gateway', 'service unavailable', 'serviceunavailable', 'internalserver', '"internal"', 'internal error', 'upstream', 'server had an error', 'backend error', 'unavailable', 'unable to process', 'error occurred while processing', 'unexpected error', 'encountered an', 'unknown error', 'failed to get'],
    re: /"?type"?\s{0,3}:\s{0,3}"api_error"|internal[ _]server[ _]error|server_error|server had an error|bad gateway|service (?:is )?(?:temporarily )?unavailable|serviceunavailable|internalserver(?:error|exception)|"status"\s{0,3}:\s{0,3}"(?:internal|unavailable)"|internal error|upstream (?:connect )?error|backend error|unable to process (?:your|the) request|unexpected error (?:occurred )?(?:during|while) processing|encountered an (?:unexpected|internal) error|web server is returning an unknown error|failed to get (?:a )?response from (?:the )?provider|error occurred while processing your request/,
    why: 'Anthropic api_error, OpenAI server_error "The server had an error while processing your request", Gemini 500 INTERNAL / 503 UNAVAILABLE, Bedrock InternalServerException/ServiceUnavailableException.',
    source: ANTHROPIC_ERRORS,
  },
  {
    id: 'request.invalid_named',
    reason: 'invalid_request',
    tier: 'specific',
    any: ['invalid_request', 'invalid_argument', 'validationexception', 'bad request', 'bad_request', 'unprocessable', 'tool_use', 'tool_result', 'invalid_parameter', 'invalid parameter', 'invalid value', 'unsupported parameter', 'unsupported_parameter', 'tool call', 'without its required', 'alternate', 'invalid request', "invalid '", 'input must be provided', 'tool_call', 'function call', 'function_call'],
    re: /invalid_request(?:_error)?|invalid_argument|validationexception|bad[ _]request|unprocessable|tool_use[^\n]{0,80}(?:without|must|ids?|block)|tool_result[^\n]{0,80}(?:without|must|block|corresponding)|invalid_parameter|invalid parameter|invalid value|unsupported[ _]parameter|no tool call found|input must be provided|invalid '[^'\n]{1,80}'|(?:should|must) alternate|invalid request: |(?:tool|function)[ _]call[^\n]{0,60}(?:not found|without|missing)|provided without its required/,
    why: 'Anthropic invalid_request_error, OpenAI invalid_request_error, Gemini INVALID_ARGUMENT, Bedrock ValidationException; broken tool_use/tool_result pairing poisons the session.',
    source: ANTHROPIC_ERRORS,
  },

  // --- generic wordings, tried after structured HTTP status evidence -------------------
  {
    id: 'quota.generic',
    reason: 'provider_quota',
    tier: 'generic',
    any: ['quota'],
    re: /quota/,
    why: 'A quota mentioned with no per-minute window or throttling wording: a cap, not a burst.',
    source: OPENAI_ERRORS,
  },
  {
    id: 'network.generic',
    reason: 'provider_network',
    tier: 'generic',
    any: ['connection', 'network', 'socket'],
    re: /(?:connection|network|socket)[^\n]{0,20}(?:closed|lost|dropped|failed|failure|reset|error|interrupted|unavailable)/,
    why: 'A connection to the provider that broke, in any wording.',
    source: NODE_ERRORS,
  },
  {
    id: 'crash.generic',
    reason: 'process_crash',
    tier: 'generic',
    any: ['crash', 'core dump', 'fatal'],
    re: /crash(?:ed|ing)?\b|core dump|\bfatal (?:exception|signal)/,
    why: 'A process that says it crashed.',
    source: NODE_ERRORS,
  },
  {
    id: 'cancel.generic',
    reason: 'cancelled',
    tier: 'generic',
    any: ['cancel', 'abort'],
    re: /\b(?:cancell?ed|aborted)\b/,
    none: ['timeout', 'timed out', 'deadline'],
    why: 'A run that says it was cancelled or aborted, with no timeout wording.',
    source: NODE_ERRORS,
  },
  {
    id: 'timeout.generic',
    reason: 'provider_timeout',
    tier: 'generic',
    any: ['timed out', 'timeout', 'time out', 'time-out'],
    re: /timed out|timeout|time-?out/,
    why: 'A bare "timed out" from the agent\'s model calls.',
    source: NODE_ERRORS,
  },
];
