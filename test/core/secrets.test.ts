/**
 * Nothing we stamp may carry API keys, tokens, emails or home paths. Realistic secrets are
 * embedded in error texts of every evidence source; none may reach any exported attribute.
 *
 * The corpus (test/fixtures/secrets/corpus.json) holds fake values in the real formats of
 * many providers. Each text goes through the real SDK pipeline, in the span status message
 * and in the `runtime_close` event's `stderr_tail`, and the exported `failure.detail` must
 * hold neither the secret nor any 8-character window of it, and secretlint (the
 * recommended preset, used as an independent oracle) must find nothing in it.
 */
import { SpanStatusCode } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { classifyFailure } from '../../src/index.js';
import { redactSecrets, sanitizeDetail } from '../../src/core/redact.js';
import { CORPUS, leaksOf, secretlintFindings } from '../helpers/secret-oracle.js';
import { SDK_LINES, setupPipeline, type RegistrationStyle } from '../helpers/test-helpers.js';

// Shapes of real credentials (values are made up).
const SECRETS: Record<string, string> = {
  anthropic: 'sk-ant-api03-R2D2c3poXwingYwing1234567890abcdefGHIJKLmnopQRSTuvwxyz-_AAAAAAAAAAAAAAAAAAAAAAAAAAAA',
  openai_project: 'sk-proj-Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2Ji1Hg0FeDcBa0987654321zyxwvu',
  openai_legacy: 'sk-Abc123Def456Ghi789Jkl012Mno345Pqr678Stu901Vwx',
  openrouter: 'sk-or-v1-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
  google: 'AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY',
  groq: 'gsk_8hG2kLmN4pQrS6tUvW8xYz0aBcDeFgHiJkLmNoPqRsTuVwXyZ12',
  xai: 'xai-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789AbCdEfGhIjKlMnOp',
  github_classic: 'ghp_16C7e42F292c6912E7710c838347Ae178B4a',
  github_fine: 'github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUV',
  aws_access_key: 'AKIAIOSFODNN7EXAMPLE',
  aws_secret: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  jwt: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c',
  bearer: 'ya29.a0AfB_byC1234567890abcdefghijklmnopqrstuvwxyzABCDEF',
  email: 'jane.doe+agents@example-corp.io',
  url_token: 'access_token=9f8e7d6c5b4a39281706f5e4d3c2b1a0',
  home_linux: '/home/jdoe',
  home_mac: '/Users/jane.doe',
  home_windows: 'C:\\Users\\JaneDoe',
  slack: 'xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx',
  hf: 'hf_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789',
};

const TEMPLATES = [
  (s: Record<string, string>) =>
    `API Error: 401 {"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key: ${s.anthropic}"}}`,
  (s: Record<string, string>) =>
    `Incorrect API key provided: ${s.openai_project}. You can find your API key at https://platform.openai.com/account/api-keys.`,
  (s: Record<string, string>) => `Error code: 429 - rate_limit_exceeded for key ${s.openai_legacy} (user ${s.email})`,
  (s: Record<string, string>) =>
    `POST https://openrouter.ai/api/v1/chat/completions?key=${s.openrouter}&${s.url_token} failed: 402 requires more credits`,
  (s: Record<string, string>) => `400 API key not valid. Please pass a valid API key. key=${s.google} API_KEY_INVALID`,
  (s: Record<string, string>) => `groq: 429 Too Many Requests (api_key: "${s.groq}") xai=${s.xai}`,
  (s: Record<string, string>) => `MCP error -32603: GitHub API 401 Bad credentials (token ${s.github_classic}, ${s.github_fine})`,
  (s: Record<string, string>) =>
    `The security token included in the request is invalid. AWS_ACCESS_KEY_ID=${s.aws_access_key} AWS_SECRET_ACCESS_KEY=${s.aws_secret}`,
  (s: Record<string, string>) => `401 Unauthorized: Authorization: Bearer ${s.jwt}`,
  (s: Record<string, string>) => `oauth token has expired: Bearer ${s.bearer}`,
  (s: Record<string, string>) =>
    `Error: spawn claude ENOENT at ${s.home_linux}/.npm-global/bin/claude (cwd ${s.home_mac}/src, ${s.home_windows}\\AppData)`,
  (s: Record<string, string>) => `MCP error -32000: Connection closed (slack ${s.slack}, hf ${s.hf})`,
];

function allSecretsIn(text: string): string[] {
  const found: string[] = [];
  for (const [name, value] of Object.entries(SECRETS)) {
    // The distinctive part of each secret: the user name of a home path, the body of a key.
    const needle = name.startsWith('home_') ? value.split(/[\\/]/).pop()! : value.slice(-12);
    if (text.includes(needle)) found.push(name);
  }
  return found;
}

describe('redaction', () => {
  it.each(TEMPLATES.map((t, i) => [i, t(SECRETS)]))('template %i leaves no secret in the sanitised detail', (_i, text) => {
    const detail = sanitizeDetail(text as string, 4096);
    expect(allSecretsIn(detail)).toEqual([]);
  });

  it('keeps safe evidence: error codes, status codes, type names', () => {
    const out = redactSecrets(
      'TypeError: terminated; cause SocketError: other side closed UND_ERR_SOCKET; HTTP 529 overloaded_error req_011CSHoE',
    );
    expect(out).toContain('UND_ERR_SOCKET');
    expect(out).toContain('529');
    expect(out).toContain('overloaded_error');
    expect(out).toContain('SocketError');
  });

  it('keeps the host of a URL but not its query string', () => {
    expect(redactSecrets('GET https://api.example.com/v1/models?api_key=abc123def456&x=1 failed')).toBe(
      'GET https://api.example.com/v1/models?[REDACTED] failed',
    );
  });

  it('never splits a secret at the cut of a bounded detail', () => {
    for (let max = 20; max < 200; max += 7) {
      const detail = sanitizeDetail(`prefix ${SECRETS.anthropic} suffix ${SECRETS.openai_project}`, max);
      expect(detail.length).toBeLessThanOrEqual(max);
      expect(allSecretsIn(detail)).toEqual([]);
      expect(detail).not.toMatch(/R2D2c3po|Zx9Yw8Vu/);
    }
  });
});

describe('redaction holds where text is cut, coloured or oddly spaced', () => {
  it('keeps case-sensitive key shapes recognisable when the text carries ANSI escapes', () => {
    const v = classifyFailure({ stderrTail: '\u001b[31mError\u001b[0m\nunauthorized: AWS key AKIAIOSFODNN7EXAMPLE rejected' });
    expect(v.detail.toLowerCase()).not.toContain('akiaiosfodnn7example');
    expect(v.detail).toContain('unauthorized');
  });

  it('never cuts a key away from its value', () => {
    for (let pad = 0; pad < 120; pad += 3) {
      const text = `retry log password: hunter2secret ${'x '.repeat(pad)} read ECONNRESET`;
      const v = classifyFailure({ stderrTail: text }, { maxDetailLength: 120 });
      expect(v.reason).toBe('provider_network');
      expect(v.detail, `pad ${pad}`).not.toContain('hunter2secret');
    }
  });

  it.each([
    ['connect ECONNREFUSED http://admin:S3cr3tP4ssw0rd@localhost:3128', 'S3cr3tP4ssw0rd'],
    ['proxy https://bob:p!ss-w0rd@proxy.example.com:8080 socket hang up', 'p!ss-w0rd'],
    ['auth failed password =     hunter2hunter2 unauthorized', 'hunter2hunter2'],
    ['spawn claude ENOENT at C:\\\\Users\\\\alice.smith\\\\AppData', 'alice.smith'],
  ])('%s', (text, secret) => {
    expect(classifyFailure({ statusMessage: text }).detail).not.toContain(secret);
  });
});

describe('no secret reaches an exported attribute', () => {
  const newest = SDK_LINES.find((l) => l.name === 'sdk-trace-base 2.x (newest)')!;
  for (const style of ['beside', 'wrapper', 'exporter'] as const) {
    it(`through every evidence source (${style}, detail on)`, async () => {
      const p = setupPipeline(newest, style, { detail: true, maxDetailLength: 4096 });
      TEMPLATES.forEach((t, i) => {
        const text = t(SECRETS);
        const span = p.tracer.startSpan(`run ${i}`, { attributes: { 'gen_ai.operation.name': 'invoke_agent', 'error.message': text } });
        span.recordException(new Error(text));
        span.addEvent('runtime_close', { close_reason: 'exit_nonzero', exit_code: 1, stderr_tail: text, message: text });
        span.setStatus({ code: SpanStatusCode.ERROR, message: text });
        span.end();
      });
      const spans = await p.finished();
      expect(spans).toHaveLength(TEMPLATES.length);
      const stampedKeys = [
        'failure.reason',
        'failure.close_reason',
        'failure.category',
        'failure.rule',
        'failure.evidence',
        'failure.detail',
        'error.type',
      ];
      for (const span of spans) {
        expect(span.attributes['failure.detail'], span.name).toBeTypeOf('string');
        const stamped = stampedKeys.map((k) => String(span.attributes[k] ?? '')).join('\n');
        expect(allSecretsIn(stamped), span.name).toEqual([]);
      }
    });
  }

  it('classifier verdicts carry no secret in any field', () => {
    for (const t of TEMPLATES) {
      const v = classifyFailure({ stderrTail: t(SECRETS) }, { maxDetailLength: 4096 });
      expect(allSecretsIn(JSON.stringify(v))).toEqual([]);
    }
  });
});

describe('the secret corpus through the real SDK pipeline', () => {
  const newest = SDK_LINES.find((l) => l.name === 'sdk-trace-base 2.x (newest)')!;
  type Field = 'status' | 'stderr' | 'both';
  const FIELDS: readonly Field[] = ['status', 'stderr', 'both'];

  /** Ends one failing agent-run span per corpus case and field; returns the exported spans by name. */
  async function stampCorpus(style: RegistrationStyle): Promise<Map<string, string>> {
    const p = setupPipeline(newest, style, { detail: true, maxDetailLength: 4096 });
    for (const c of CORPUS) {
      for (const field of FIELDS) {
        const span = p.tracer.startSpan(`${c.id} ${field}`, { attributes: { 'gen_ai.operation.name': 'invoke_agent' } });
        span.addEvent('runtime_close', {
          close_reason: 'exit_nonzero',
          exit_code: 1,
          stderr_tail: field === 'status' ? 'agent exited' : c.text,
        });
        span.setStatus(field === 'stderr' ? { code: SpanStatusCode.ERROR } : { code: SpanStatusCode.ERROR, message: c.text });
        span.end();
      }
    }
    const spans = await p.finished();
    const details = new Map<string, string>();
    for (const span of spans) details.set(span.name, String(span.attributes['failure.detail'] ?? ''));
    return details;
  }

  for (const style of ['beside', 'exporter'] as const) {
    it(`${CORPUS.length} cases, in the status message and in stderr_tail (${style}): no secret, no 8-character window of one`, async () => {
      const details = await stampCorpus(style);
      expect(details.size).toBe(CORPUS.length * FIELDS.length);
      const leaks: string[] = [];
      const empty: string[] = [];
      for (const c of CORPUS) {
        for (const field of FIELDS) {
          const detail = details.get(`${c.id} ${field}`) ?? '';
          if (detail === '') empty.push(`${c.id} ${field}`);
          const found = leaksOf(detail, c.secret);
          if (found.length > 0) leaks.push(`${c.id} [${field}]: ${JSON.stringify(found.slice(0, 3))} in ${JSON.stringify(detail)}`);
        }
      }
      // Every text is a real error: the classifier stamps an excerpt of it, so the check is not vacuous.
      expect(empty).toEqual([]);
      expect(leaks).toEqual([]);
    });

    it(`${CORPUS.length} cases (${style}): secretlint finds nothing in any stamped detail`, async () => {
      const details = await stampCorpus(style);
      const findings: string[] = [];
      for (const [name, detail] of details) {
        for (const f of await secretlintFindings(detail)) findings.push(`${name}: ${f}`);
      }
      expect(findings).toEqual([]);
    });
  }

  it('the oracle is live: secretlint flags many of the raw corpus texts', async () => {
    let flagged = 0;
    for (const c of CORPUS) if ((await secretlintFindings(c.text)).length > 0) flagged++;
    expect(flagged).toBeGreaterThanOrEqual(25);
  });
});
