/**
 * Built-in rules, part 1 of 2 (order matters: see builtin-rules.ts): what the caller meant,
 * and what the provider said about the request, the account and its capacity.
 */
import { SOURCES } from './sources.js';
import type { TextRule } from './text-rule.js';

export const CALLER_AND_PROVIDER_RULES: readonly TextRule[] = [
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
    source: SOURCES.ANTHROPIC_ERRORS,
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
    source: SOURCES.GEMINI_ERRORS,
  },
  {
    id: 'quota.billing',
    reason: 'provider_quota',
    tier: 'specific',
    any: ['insufficient_quota', 'exceeded your current quota', 'check your plan and billing', 'billing', 'credit balance', 'credits', 'payment required', 'usage limit', 'spending limit', 'hard limit', 'limit reached', 'quota exceeded', 'quota_exceeded', 'exceeded quota', 'per day', 'perday', 'daily limit', 'monthly limit', 'usage cap', 'out of credits', 'plan limit', 'insufficient balance', 'weekly limit', 'limit will reset', 'limit resets', 'limits will reset', 'upgrade to', 'hit your', 'daily', 'monthly', 'quota limit', 'tpd', 'rpd', 'quota exceeded', 'quota_exceeded', 'key limit', 'total limit', 'budget', 'exceeded your quota', 'credit', 'weekly', 'spend limit', 'limit reset', 'limits reset'],
    re: /insufficient_quota|exceeded your (?:current )?quota|billing|credit balance|(?:insufficient|more|out of|no) credits?|payment required|usage limit|spending limit|hard limit|(?<!rate )limit reached|per ?day|(?:daily|monthly|weekly) [^\n]{0,40}(?:quota|limit)|quota limit|usage cap|plan limit|insufficient balance|\b[tr]pd\b|(?:tokens|requests) per day|quota[_ ]exceeded(?!\s{1,3}for\s{1,3}(?:quota )?(?:metric|[a-z0-9-]{1,40}\.googleapis))|(?<!rate )limits? (?:will )?resets?|hit your (?!rate)(?:\w{1,20} )?limit|key limit exceeded|(?:total|budget|spend(?:ing)?) limit|budget (?:has been )?(?:exceeded|exhausted)|upgrade to (?:a )?(?:paid|pro|max|higher)/,
    none: ['rate_limit_error', 'context limit', 'context window', 'context length', 'context size', 'rate limited', 'not your usage limit', 'temporarily limiting'],
    why: 'OpenAI insufficient_quota, Anthropic "credit balance is too low", OpenRouter 402 credits, Claude Code/Codex usage limits, per-day quotas: they wait for a reset or a payment.',
    source: SOURCES.OPENAI_ERRORS,
  },
  // --- capacity --------------------------------------------------------------------------
  {
    id: 'overloaded.named',
    reason: 'provider_overloaded',
    tier: 'specific',
    any: ['overload', 'capacity', 'modelnotreadyexception', 'server is busy', 'servers are busy', 'high demand', 'too many connections', 'queue', 'available workers', 'available_workers', 'circuits open', 'server busy', 'currently busy'],
    re: /overload|(?:at|insufficient|no|out of|over|exceeded) (?:\w{1,20} )?capacity|capacity (?:exceeded|constraints|limit)|modelnotreadyexception|servers? (?:is |are )?(?:currently )?busy|high demand|too many connections|expectedqueuedelay|queue (?:is )?full|no[ _]available[ _]workers|all circuits open/,
    why: 'Anthropic 529 overloaded_error, Gemini 503 "The model is overloaded", capacity errors.',
    source: SOURCES.ANTHROPIC_ERRORS,
  },

  {
    id: 'rate_limit.named',
    reason: 'provider_rate_limit',
    tier: 'specific',
    any: ['rate_limit', 'rate limit', 'rate-limit', 'ratelimit', 'too many requests', 'throttl', 'resource_exhausted', 'resource exhausted', 'slow down', 'requests too quickly', 'quota exceeded', 'please wait before trying again', 'no deployments available'],
    re: /rate[ _-]?limit|too many requests|throttl|resource[_ ]exhausted|slow down|requests too quickly|quota exceeded\s{1,3}for\s{1,3}(?:quota )?(?:metric|[a-z0-9-]{1,40}\.googleapis\.com)|please wait before trying again|no deployments available/,
    why: 'Anthropic rate_limit_error, OpenAI rate_limit_exceeded, Gemini/Vertex 429 RESOURCE_EXHAUSTED "Quota exceeded for <per-minute metric>" (hard caps were caught above), Bedrock ThrottlingException, "Too Many Requests".',
    source: SOURCES.ANTHROPIC_ERRORS,
  },

  // --- credentials and configuration ----------------------------------------------------
  {
    id: 'model.no_access',
    reason: 'model_not_found',
    tier: 'specific',
    any: ['access to the model', 'access to model', 'model access'],
    re: /(?:access to (?:the )?model|model access)/,
    why: "Bedrock AccessDeniedException \"You don't have access to the model with the specified model ID\": the model is not enabled for the account.",
    source: SOURCES.BEDROCK_ERRORS,
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
    source: SOURCES.ANTHROPIC_ERRORS,
  },
  {
    id: 'model.not_found',
    reason: 'model_not_found',
    tier: 'specific',
    any: ['model_not_found', 'modelnotfound', 'does not exist', 'not found', 'unknown', 'invalid', 'unavailable', 'not available', 'deprecated', 'decommissioned', 'unsupported model', 'not a valid model', 'not supported', 'issue with the selected model', 'not exist', 'not allowed to use', 'unable to access', 'model_not_available', 'no endpoints found', 'deploymentnotfound', 'not_found_error'],
    none: ['modelbehaviorerror', 'not found in agent', 'firewall', 'stream ended', 'or newer', 'or later'],
    re: /model_not_found|modelnotfound|model(?! metadata)[^\n]{0,80}\b(?:does not exist|not found|is not found|invalid|unavailable|not available|has been deprecated|decommissioned)\b|(?:unknown|invalid|unsupported) model|not a valid model|model (?:is )?not supported|issue with the selected model|model[^\n]{0,60}(?:may|might) not exist|not allowed to use [^\n]{0,40}model|unable to access [^\n]{0,30}model|model_not_available|no endpoints found|deploymentnotfound|deployment[^\n]{0,60}(?:does not exist|not found)|not_found_error[^\n]{0,40}model/,
    why: 'OpenAI model_not_found "The model `x` does not exist", Anthropic not_found_error "model: x", Gemini "models/x is not found for API version", Azure DeploymentNotFound, OpenRouter "No endpoints found".',
    source: SOURCES.OPENAI_ERRORS,
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

];
