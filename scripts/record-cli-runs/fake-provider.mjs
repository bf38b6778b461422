// A local fake model provider on 127.0.0.1 for recording real agent-CLI failures.
//
// Every request it receives is answered according to one fixed `mode`: an HTTP error with
// the provider's documented error body (Anthropic, OpenAI, Gemini shapes), a streaming
// response whose socket is destroyed after the first SSE event, or no answer at all.
// Node built-ins only. Run it alone with `node fake-provider.mjs <mode> [port]` to poke at it.

import http from 'node:http';
import { pathToFileURL } from 'node:url';

const anthropicError = (type, message) => ({
  type: 'error',
  error: { type, message },
  request_id: 'req_011CZfakeRecordedLocally0001',
});

const openaiError = (message, type, code, param = null) => ({ error: { message, type, param, code } });

const geminiError = (code, status, message, details) => ({
  error: details ? { code, message, status, details } : { code, message, status },
});

/** HTTP error modes: status, extra headers, JSON body. */
export const ERROR_MODES = {
  // Anthropic Messages API (https://docs.claude.com/en/api/errors)
  'anthropic-429-rate-limit': {
    status: 429,
    headers: {
      'retry-after': '17',
      'anthropic-ratelimit-input-tokens-limit': '30000',
      'anthropic-ratelimit-input-tokens-remaining': '0',
      'anthropic-ratelimit-input-tokens-reset': '2026-01-01T00:00:17Z',
    },
    body: anthropicError(
      'rate_limit_error',
      'This request would exceed the rate limit for your organization of 30,000 input tokens per minute. For details, refer to: https://docs.claude.com/en/api/rate-limits. You can see the response headers for current usage. Please reduce the prompt length or the maximum tokens requested, or try again later. You may also contact sales at https://www.anthropic.com/contact-sales to discuss your options for a rate limit increase.',
    ),
  },
  'anthropic-529-overloaded': { status: 529, body: anthropicError('overloaded_error', 'Overloaded') },
  'anthropic-401-auth': { status: 401, body: anthropicError('authentication_error', 'invalid x-api-key') },
  'anthropic-400-prompt-too-long': {
    status: 400,
    body: anthropicError('invalid_request_error', 'prompt is too long: 250000 tokens > 200000 maximum'),
  },
  'anthropic-500-api-error': { status: 500, body: anthropicError('api_error', 'Internal server error') },

  // OpenAI (https://platform.openai.com/docs/guides/error-codes)
  'openai-429-rate-limit': {
    status: 429,
    headers: {
      'retry-after': '2',
      'x-ratelimit-limit-tokens': '30000',
      'x-ratelimit-remaining-tokens': '0',
      'x-ratelimit-reset-tokens': '2s',
    },
    body: openaiError(
      'Rate limit reached for gpt-5 in organization org-FAKE on tokens per min (TPM): Limit 30000, Used 29522, Requested 2310. Please try again in 3.664s. Visit https://platform.openai.com/account/rate-limits to learn more.',
      'tokens',
      'rate_limit_exceeded',
    ),
  },
  'openai-429-insufficient-quota': {
    status: 429,
    body: openaiError(
      'You exceeded your current quota, please check your plan and billing details. For more information on this error, read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors.',
      'insufficient_quota',
      'insufficient_quota',
    ),
  },
  'openai-401-invalid-key': {
    status: 401,
    body: openaiError(
      'Incorrect API key provided: sk-proj-********************FAKE. You can find your API key at https://platform.openai.com/account/api-keys.',
      'invalid_request_error',
      'invalid_api_key',
    ),
  },
  'openai-400-context-length': {
    status: 400,
    body: openaiError(
      "This model's maximum context length is 128000 tokens. However, your messages resulted in 250000 tokens. Please reduce the length of the messages.",
      'invalid_request_error',
      'context_length_exceeded',
      'messages',
    ),
  },

  // Gemini API (https://ai.google.dev/gemini-api/docs/troubleshooting)
  'gemini-429-resource-exhausted': {
    status: 429,
    body: geminiError(429, 'RESOURCE_EXHAUSTED', 'Resource has been exhausted (e.g. check quota).'),
  },
  'gemini-503-overloaded': {
    status: 503,
    body: geminiError(503, 'UNAVAILABLE', 'The model is overloaded. Please try again later.'),
  },
  'gemini-400-token-count': {
    status: 400,
    body: geminiError(400, 'INVALID_ARGUMENT', 'The input token count (1250000) exceeds the maximum number of tokens allowed (1048576).'),
  },
};

/** The first SSE event each provider sends on a streaming answer, before we cut the socket. */
const FIRST_EVENT = {
  anthropic:
    'event: message_start\ndata: {"type":"message_start","message":{"id":"msg_01FAKE","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":12,"output_tokens":1}}}\n\n',
  openai:
    'event: response.created\ndata: {"type":"response.created","sequence_number":0,"response":{"id":"resp_FAKE","object":"response","created_at":1767225600,"status":"in_progress","model":"gpt-5","output":[]}}\n\n',
  // Gemini streamGenerateContent?alt=sse: unnamed data events
  gemini:
    'data: {"candidates":[{"content":{"parts":[{"text":"Hel"}],"role":"model"},"index":0}],"usageMetadata":{"promptTokenCount":5,"candidatesTokenCount":1,"totalTokenCount":6},"modelVersion":"gemini-2.5-pro"}\n\r\n',
};

/** Every mode the server knows. */
export const MODES = [
  ...Object.keys(ERROR_MODES),
  'anthropic-drop-mid-stream',
  'openai-drop-mid-stream',
  'gemini-drop-mid-stream',
  'never-answer',
];

/**
 * Starts the fake provider.
 * @param {{ mode: string, port?: number }} options
 * @returns {Promise<{ url: string, port: number, requests: Array<{ method: string, path: string }>, close: () => Promise<void> }>}
 */
export async function startFakeProvider({ mode, port = 0 }) {
  if (!MODES.includes(mode)) throw new Error(`unknown mode ${mode}; known: ${MODES.join(', ')}`);
  const requests = [];
  const sockets = new Set();
  const server = http.createServer((req, res) => {
    requests.push({ method: req.method, path: (req.url ?? '').split('?')[0] });
    req.resume(); // drain the body; we answer the same whatever was asked
    const err = ERROR_MODES[mode];
    if (err) {
      const body = JSON.stringify(err.body);
      res.writeHead(err.status, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
        'request-id': 'req_011CZfakeRecordedLocally0001',
        'x-request-id': 'req_fake_recorded_locally_0001',
        ...(err.headers ?? {}),
      });
      res.end(body);
      return;
    }
    if (mode.endsWith('-drop-mid-stream')) {
      const provider = mode.split('-')[0];
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
      res.write(FIRST_EVENT[provider]);
      // Let the headers and first event reach the client, then cut the connection.
      setTimeout(() => req.socket.destroy(), 150);
      return;
    }
    // never-answer: keep the socket open and say nothing.
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const actualPort = server.address().port;
  return {
    url: `http://127.0.0.1:${actualPort}`,
    port: actualPort,
    requests,
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const mode = process.argv[2];
  const port = Number(process.argv[3] ?? 0);
  const p = await startFakeProvider({ mode, port });
  console.log(`fake provider (${mode}) on ${p.url}`);
  process.on('SIGINT', async () => {
    console.log(JSON.stringify(p.requests));
    await p.close();
    process.exit(0);
  });
}
