/**
 * The real error texts the demo fleet fails with: each copied verbatim from the public page
 * named next to it (the same texts as in the fixtures under test/fixtures/).
 */
/** By short name: provider, phenomenon, variant. */
export const T = {
  // https://github.com/anthropics/claude-code/issues/11429
  claude429:
    'Error: 429 {"type":"error","error":{"type":"rate_limit_error","message":"This request would exceed your account\'s rate limit. Please try again later."},"request_id":"req_011CV2S4jxpPs7x8XWqHUiM7"}\n    at D6.generate (file:///usr/local/lib/node_modules/@anthropic-ai/claude-code/cli.js:942:2624)\n    at sP.makeStatusError (file:///usr/local/lib/node_modules/@anthropic-ai/claude-code/cli.js:959:2101)\n    at sP.makeRequest (file:///usr/local/lib/node_modules/@anthropic-ai/claude-code/cli.js:959:5315)\n    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)',
  // https://github.com/openai/codex/issues/10550
  codex429: 'exceeded retry limit, last status: 429 Too Many Requests, request id: 9c84b52ce87fbe62-SJC',
  // https://github.com/googleapis/python-genai/issues/2001
  gemini429:
    '429 Resource exhausted. Please try again later.\nPlease refer to https://cloud.google.com/vertex-ai/generative-ai/docs/error-code-429',
  // https://github.com/anthropics/claude-code/issues/39745
  claude529:
    'API Error: 529 {"type":"error","error":{"type":"overloaded_error","message":"Overloaded.\nhttps://docs.claude.com/en/api/errors"},"request_id":"req_011CZTEFvft13DajMTp9pp64"}',
  // https://github.com/anthropics/claude-code/issues/87317
  claude529b:
    'API Error: 529 Overloaded. This is a server-side issue, usually temporary — try again in a moment. If it persists, check https://status.claude.com/.',
  // https://github.com/google-gemini/gemini-cli/issues/4597
  gemini503:
    '[API Error: got status: UNAVAILABLE. {"error":{"code":503,"message":"The model is overloaded. Please try again later.","status":"UNAVAILABLE"}}]',
  // https://github.com/earendil-works/pi/issues/102
  claudeContext:
    'Error: 400 {"type":"error","error":{"type":"invalid_request_error","message":"prompt is too long: 219898 tokens > 200000 maximum"},"request_id":"req_011CVjxiYzEFcAQC4Fk87zw2"}',
  // https://github.com/openai/codex/issues/36456
  codexContext: "■ Codex ran out of room in the model's context window. Start a new thread or clear earlier history before retrying.",
  // https://github.com/google-gemini/gemini-cli/issues/4118
  geminiContext:
    '[API Error: got status: INVALID_ARGUMENT. {"error":{"code":400,"message":"The input token count (132478) exceeds the maximum number of tokens allowed (131072).","status":"INVALID_ARGUMENT"}}]',
  // https://github.com/ericc-ch/copilot-api/issues/148
  undiciTerminated:
    "TypeError: terminated\n    at Fetch.onAborted (node:internal/deps/undici/undici:11736:53)\n    at Fetch.emit (node:events:508:28)\n    at Fetch.terminate (node:internal/deps/undici/undici:10895:14)\n    at Object.onError (node:internal/deps/undici/undici:11858:38)\n    at Request.onError (/home/user/.npm/_npx/b3c0db1118356182/node_modules/undici/lib/core/request.js:316:27)\n    at TLSSocket.onHttpSocketClose (/home/user/.npm/_npx/b3c0db1118356182/node_modules/undici/lib/dispatcher/client-h1.js:941:10)\n    at Socket.done (node:_tls_wrap:649:7) {\n  [cause]: SocketError: other side closed\n      at TLSSocket.onHttpSocketEnd (/home/user/.npm/_npx/b3c0db1118356182/node_modules/undici/lib/dispatcher/client-h1.js:904:22)\n      at TLSSocket.emit (node:events:520:35)\n      at endReadableNT (node:internal/streams/readable:1701:12)\n      at process.processTicksAndRejections (node:internal/process/task_queues:90:21) {\n    code: 'UND_ERR_SOCKET',",
  // https://github.com/dust-tt/dust/pull/15308
  undiciTerminatedShort: 'TypeError: terminated: other side closed',
  // https://github.com/openai/codex/issues/12207
  codexStream: 'stream disconnected before completion: error sending request for url (https://chatgpt.com/backend-api/codex/responses)',
  // https://github.com/anthropics/claude-code/issues/47426
  claude500:
    'API Error: 500 {"type":"error","error":{"type":"api_error","message":"Internal server\n     error"},"request_id":"req_011Ca21fM7Jz4Z76aE5c8DmF"}',
  // https://github.com/openai/codex/issues/19102
  codex500:
    'stream disconnected before completion: An error occurred while\nprocessing your request. You can retry your request, or contact us\nthrough our help center at help.openai.com if the error persists.\nPlease include the request ID 9a43a82f-c7d6-4b1a-9a2b-8f0f2231c475 in\nyour message.',
  // https://github.com/op7418/CodePilot/issues/48
  claudeExited: 'Error: Claude Code process exited with code 1',
  // https://github.com/anthropics/claude-code/issues/6822
  claudeAuth: 'Invalid API key · Please run /login',
  // https://github.com/openai/codex/issues/26497
  codexAuth:
    'unexpected status 401 Unauthorized: {"detail":"Unauthorized"}, url: https://chatgpt.com/backend-api/codex/responses, cf-ray:\na06b9c52d979eaa1-ICN, request id: 572c4a16-275a-4be4-9b9f-6577df485f52',
  // https://github.com/google-gemini/gemini-cli/issues/4690
  geminiAuth: '✕ [API Error: API key not valid. Please pass a valid API key. (Status: INVALID_ARGUMENT)]',
  // https://github.com/openai/codex/issues/3257
  codexQuota: "You've hit your usage limit. Try again in 4 days 20 hours 9 minutes.",
  // https://github.com/anthropics/claude-code/issues/21505
  claudeCancel: '[Request interrupted by user]',
  // https://github.com/openai/codex/issues/16241
  codexCancel:
    '■ Conversation interrupted - tell the model what to do differently. Something went wrong? Hit `/feedback` to report the issue.',
  // https://github.com/google-gemini/gemini-cli/blob/00f56800f25ca8256986c5124924ee1fde94e414/packages/cli/src/utils/errors.ts
  geminiCancel: 'Operation cancelled.',
  // https://github.com/multica-ai/multica/issues/2010 (the host's own message)
  hostTimeout: 'claude timed out after 2h0m0s',
  // https://github.com/anthropics/claude-code/issues/38706 (stdout of `claude -p --output-format json`)
  claudeEmptyResult:
    '{"type":"result","subtype":"success","is_error":false,"duration_ms":4047,"num_turns":1,"result":"","stop_reason":"\n  end_turn","session_id":"20dde46c-b21a-4475-ac07-6a190b80c4e3","total_cost_usd":0.079,"usage":{"output_tokens":13}}',
  // https://github.com/anthropics/claude-code/issues/24938
  claudeOom:
    'FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory\n----- Native stack trace -----\n\n 1: 0x7a0ebb node::OOMErrorHandler(char const*, v8::OOMDetails const&) [claude]\n 2: 0xbd72ea  [claude]\n 3: 0xe25325  [claude]\n 9: 0x7e1ebbe7aa36\nAborted (core dumped)',
  // https://github.com/tempoxyz/mpp/issues/454 (a remote MCP server's tool result; test/fixtures/blind/batch-k.json)
  mcpGithub401: 'Error: GitHub API error: 401',
  // https://github.com/ruvnet/ruflo/issues/820
  claudeEnoent: '❌ Failed to launch Claude Code: spawn claude ENOENT',
};
