/**
 * Built-in rules, part 2 of 2 (order matters: see builtin-rules.ts): the agent process, its
 * tools and protocol, the transport, provider errors by name, and the generic wordings.
 */
import { CRASH_EXIT_CODES } from '../exit-status.js';
import { SOURCES } from './sources.js';
import type { TextRule } from './text-rule.js';

// Shell-style crash exit codes (not the NTSTATUS ones, which have rules of their own).
const CRASH_CODES_IN_TEXT = CRASH_EXIT_CODES.filter((code) => code > 128 && code < 256).map(String);

export const RUNTIME_AND_TRANSPORT_RULES: readonly TextRule[] = [
  // --- the agent process itself ----------------------------------------------------------
  {
    id: 'spawn.enoent',
    reason: 'cli_not_installed',
    tier: 'specific',
    any: ['enoent', 'not found', 'is not recognized', 'no such file or directory', 'cannot find the file', 'reconhecido', 'reconoce', 'reconnu', 'befehl', '不是内部或外部命令', 'path', 'module_not_found', 'cannot find package', 'cannot find module', 'failed to run command', '找不到', 'could not find', 'npm install -g', 'clinotfounderror', 'name of a cmdlet', 'npm install'],
    re: /enoent(?<=spawn(?:sync)? [^\n]{0,200}enoent)|command not found|command '[^'\n]{1,64}' not found|: not found|is not recognized as an internal or external command|env: [^\n]{1,80}: no such file or directory|executable (?:file )?not found|program not found|errno 2\] no such file or directory|clinotfounderror|failed to run command '[^'\n]{1,60}': no such file or directory|not found: \S{1,40} in \$?path|找不到 ?\S{1,30} ?命令|err_module_not_found|cannot find (?:package|module) '(?!node:)|not found in (?:your |the )?\$?path|\b(?:cli|executable|binary) not found\b|not recognized as the name of a cmdlet|(?:native )?(?:binary|executable) not found|\b(?:claude(?: code)?|codex|gemini(?: cli)?|opencode|aider|goose) not found at|cannot find the file specified|não é reconhecido como um comando|no se reconoce como un comando|n'est pas reconnu en tant que commande|wird nicht als interner oder externer befehl|不是内部或外部命令|could not find [^\n]{0,30}command|install [^\n]{1,30} with: npm install/,
    why: 'Node child_process "spawn claude ENOENT", sh "codex: not found", bash "command not found", Windows "is not recognized": the agent CLI is not installed.',
    source: SOURCES.NODE_ERRORS,
  },
  {
    id: 'spawn.resource',
    reason: 'spawn_failed',
    tier: 'specific',
    any: ['spawn', 'emfile', 'too many open files', 'e2big', 'argument list too long', 'eagain', 'resource temporarily unavailable', '_execute_child', 'exec format error', 'posix_spawn', 'failed to spawn pty', 'etxtbsy', 'text file busy', 'enoexec', 'win32', 'os error 193', 'relocating', 'symbol not found', 'syscall', 'failed to start', 'tmux', 'working directory', 'failed to spawn', 'launched inside', 'within timeout', 'timeout waiting for', 'ebadf', 'eperm', 'uv_cwd', 'batch file', 'enametoolong'],
    none: ['panicked', 'panic'],
    re: /(?:eacces|e2big|emfile|enfile|enomem|eagain|eperm|einval|enotdir|unknown system errno)(?<=spawn[^\n]{0,220})|emfile|too many open files|e2big|argument list too long|fork: (?:retry: )?resource temporarily unavailable|(?:permission denied|errno 13|errno 8)(?<=_execute_child[\s\S]{0,420})|exec format error|posix_spawnp? failed|failed to spawn pty|\bspawn failed\b|etxtbsy|text file busy|enoexec|not a valid win32 application|os error 193|error relocating|symbol not found|syscall[=:\s"']{1,4}spawn|(?:eperm|eacces|ebadf|enoexec)[^\n]{0,60}spawn|spawn ebadf|uv_cwd|failed to spawn\b|batch file arguments are invalid|failed to start (?:new |tmux )?session|timed out waiting for tmux|working directory[^\n]{0,40}(?:unavailable|does not exist|not found)|failed to spawn (?:the )?(?:claude|codex|gemini|opencode|agent|cli)[^\n]{0,20}(?:session|process)|cannot be launched inside another|failed to (?:re)?initiali[sz]e [^\n]{1,40} within timeout|timeout waiting for (?:claude|codex|gemini|opencode|the agent)|enametoolong/,
    why: 'Node child_process spawn errors other than ENOENT (EACCES, E2BIG, EMFILE): the process could not start.',
    source: SOURCES.NODE_ERRORS,
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
    any: ['heap out of memory', 'reached heap limit', 'allocation failed', 'segmentation fault', 'sigsegv', 'sigabrt', 'sigbus', 'core dumped', 'panicked at', 'panic:', 'fatal error', 'out of memory', 'killed', 'maximum call stack', 'oom', 'panic(', 'experienced a panic', 'panicked', 'enospc', 'no space left', 'aborted (core', 'bus error', 'illegal instruction', 'status: signal', 'by signal', 'pane is dead', '32212', '0xc0000', 'access violation', 'faulting', 'goroutine', 'stack_buffer_overrun'],
    re: /heap out of memory|reached heap limit|allocation failed|segmentation fault|sigsegv|sigabrt|sigbus|core dumped|panicked at|^panic: |panic\((?:main )?thread|experienced a panic|application panicked|goroutine \d{1,9} \[running\]|fatal error: (?:runtime|out of memory|reached|ineffective)|out of memory|^killed(?: ?: ?9)?$|oom[- ]?kill|maximum call stack size exceeded|bus error|illegal instruction|status: signal|(?:killed|terminated) by signal|pane is dead|enospc|no space left on device|(?:exit(?:ed)?|code)[^\n0-9]{0,12}32212\d{5}|0xc0000(?:005|409|374|0fd)|access violation|stack_buffer_overrun|faulting (?:app|module)/m,
    none: ['reqwest::error', 'hyper::error'],
    why: 'V8 "JavaScript heap out of memory", segfaults, Rust "thread \'main\' panicked at", Go panics, the shell\'s "Killed" after SIGKILL/OOM.',
    source: 'https://nodejs.org/api/cli.html#--max-old-space-sizesize-in-mib',
  },
  {
    id: 'crash.exit_code',
    reason: 'process_crash',
    tier: 'specific',
    any: CRASH_CODES_IN_TEXT,
    // The same table decides a recorded exit code (core/exit-status.ts), so text and fact agree.
    re: new RegExp(String.raw`(?:exit(?:ed)?|status|code)[^\n0-9]{0,12}(?:${CRASH_CODES_IN_TEXT.join('|')})(?![0-9])`),
    none: ['reqwest::error', 'hyper::error'],
    why: 'An exit code a shell reports for death by a crash signal (128 + n: 137 SIGKILL, 139 SIGSEGV, 143 SIGTERM), printed by a wrapper.',
    source: 'https://man7.org/linux/man-pages/man7/signal.7.html',
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
    source: SOURCES.JSONRPC_SPEC,
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
    source: SOURCES.UNDICI_ERRORS,
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
    source: SOURCES.UNDICI_ERRORS,
  },

  // --- provider-side failures and malformed requests by error name ---------------------
  {
    id: 'server.named',
    reason: 'provider_server_error',
    tier: 'specific',
    any: ['api_error', 'internal server error', 'internal_server_error', 'server_error', 'server error', 'bad gateway', 'service unavailable', 'serviceunavailable', 'internalserver', '"internal"', 'internal error', 'upstream', 'server had an error', 'backend error', 'unavailable', 'unable to process', 'error occurred while processing', 'unexpected error', 'encountered an', 'unknown error', 'failed to get'],
    re: /"?type"?\s{0,3}:\s{0,3}"api_error"|internal[ _]server[ _]error|server_error|server had an error|bad gateway|service (?:is )?(?:temporarily )?unavailable|serviceunavailable|internalserver(?:error|exception)|"status"\s{0,3}:\s{0,3}"(?:internal|unavailable)"|internal error|upstream (?:connect )?error|backend error|unable to process (?:your|the) request|unexpected error (?:occurred )?(?:during|while) processing|encountered an (?:unexpected|internal) error|web server is returning an unknown error|failed to get (?:a )?response from (?:the )?provider|error occurred while processing your request/,
    why: 'Anthropic api_error, OpenAI server_error "The server had an error while processing your request", Gemini 500 INTERNAL / 503 UNAVAILABLE, Bedrock InternalServerException/ServiceUnavailableException.',
    source: SOURCES.ANTHROPIC_ERRORS,
  },
  {
    id: 'request.invalid_named',
    reason: 'invalid_request',
    tier: 'specific',
    any: ['invalid_request', 'invalid_argument', 'validationexception', 'bad request', 'bad_request', 'unprocessable', 'tool_use', 'tool_result', 'invalid_parameter', 'invalid parameter', 'invalid value', 'unsupported parameter', 'unsupported_parameter', 'tool call', 'without its required', 'alternate', 'invalid request', "invalid '", 'input must be provided', 'tool_call', 'function call', 'function_call'],
    re: /invalid_request(?:_error)?|invalid_argument|validationexception|bad[ _]request|unprocessable|tool_use[^\n]{0,80}(?:without|must|ids?|block)|tool_result[^\n]{0,80}(?:without|must|block|corresponding)|invalid_parameter|invalid parameter|invalid value|unsupported[ _]parameter|no tool call found|input must be provided|invalid '[^'\n]{1,80}'|(?:should|must) alternate|invalid request: |(?:tool|function)[ _]call[^\n]{0,60}(?:not found|without|missing)|provided without its required/,
    why: 'Anthropic invalid_request_error, OpenAI invalid_request_error, Gemini INVALID_ARGUMENT, Bedrock ValidationException; broken tool_use/tool_result pairing poisons the session.',
    source: SOURCES.ANTHROPIC_ERRORS,
  },

  // --- generic wordings, tried after structured HTTP status evidence -------------------
  {
    id: 'quota.generic',
    reason: 'provider_quota',
    tier: 'generic',
    any: ['quota'],
    re: /quota/,
    why: 'A quota mentioned with no per-minute window or throttling wording: a cap, not a burst.',
    source: SOURCES.OPENAI_ERRORS,
  },
  {
    id: 'network.generic',
    reason: 'provider_network',
    tier: 'generic',
    any: ['connection', 'network', 'socket'],
    re: /(?:connection|network|socket)[^\n]{0,20}(?:closed|lost|dropped|failed|failure|reset|error|interrupted|unavailable)/,
    why: 'A connection to the provider that broke, in any wording.',
    source: SOURCES.NODE_ERRORS,
  },
  {
    id: 'crash.generic',
    reason: 'process_crash',
    tier: 'generic',
    any: ['crash', 'core dump', 'fatal'],
    re: /crash(?:ed|ing)?\b|core dump|\bfatal (?:exception|signal)/,
    why: 'A process that says it crashed.',
    source: SOURCES.NODE_ERRORS,
  },
  {
    id: 'cancel.generic',
    reason: 'cancelled',
    tier: 'generic',
    any: ['cancel', 'abort'],
    re: /\b(?:cancell?ed|aborted)\b/,
    none: ['timeout', 'timed out', 'deadline'],
    why: 'A run that says it was cancelled or aborted, with no timeout wording.',
    source: SOURCES.NODE_ERRORS,
  },
  {
    id: 'timeout.generic',
    reason: 'provider_timeout',
    tier: 'generic',
    any: ['timed out', 'timeout', 'time out', 'time-out'],
    re: /timed out|timeout|time-?out/,
    why: 'A bare "timed out" from the agent\'s model calls.',
    source: SOURCES.NODE_ERRORS,
  },
];
