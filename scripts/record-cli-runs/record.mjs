#!/usr/bin/env node
// Records real agent-CLI failure runs into test/fixtures/cli-runs.json.
//
//   node scripts/record-cli-runs/record.mjs [--clis DIR] [--out FILE] [--only REGEX]
//        [--timeout MS] [--concurrency N] [--merge] [--dry-run]
//
// Each CLI is run non-interactively in a fresh HOME (a temp dir) with a minimal environment,
// against no credentials, the default endpoint (no internet here), or the fake provider in
// fake-provider.mjs. Exit code, signal, duration and the last 4 KiB of stdout and stderr are
// kept, with the temp HOME, the real home directory and the fake keys redacted.
// Node built-ins only. See README.md.

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { startFakeProvider } from './fake-provider.mjs';
import { CLIS, FAKE_KEYS, RUNS } from './runs.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '..', '..');
const TAIL_BYTES = 4096;
const CAPTURE_BYTES = 1024 * 1024;
const HOME_PLACEHOLDER = '/tmp/cli-home';

const { values: opts } = parseArgs({
  options: {
    clis: { type: 'string', default: process.env.AGENT_CLIS_DIR ?? '/tmp/agent-clis' },
    out: { type: 'string', default: path.join(REPO, 'test', 'fixtures', 'cli-runs.json') },
    only: { type: 'string' },
    timeout: { type: 'string', default: '45000' },
    concurrency: { type: 'string', default: '2' },
    merge: { type: 'boolean', default: false },
    'dry-run': { type: 'boolean', default: false },
  },
});

const DEFAULT_TIMEOUT_MS = Number(opts.timeout);
const CONCURRENCY = Math.max(1, Number(opts.concurrency));

function binOf(cli) {
  const c = CLIS[cli];
  return path.join(opts.clis, c.dir, 'node_modules', '.bin', c.bin);
}

/** The CLI's own --version, first line, or undefined when it cannot run. */
function versionOf(cli) {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-version-'));
  try {
    const r = spawnSync(binOf(cli), ['--version'], { env: baseEnv(home), cwd: home, encoding: 'utf8', timeout: 60_000 });
    if (r.status !== 0) return undefined;
    const lines = `${r.stdout}`.trim().split('\n');
    const line = lines[lines.length - 1] ?? '';
    const m = line.match(/\d+\.\d+\.\d+[^\s]*/);
    return m ? m[0] : line.trim();
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
}

/** A host's minimal environment: node and the system tools on PATH, the run's HOME, nothing else. */
function baseEnv(home) {
  return {
    PATH: [path.dirname(process.execPath), '/usr/local/bin', '/usr/bin', '/bin'].join(':'),
    HOME: home,
    LANG: 'C.UTF-8',
  };
}

/** Last `max` bytes of a UTF-8 buffer, never starting inside a character. */
function tail(buf, max = TAIL_BYTES) {
  let b = buf.length > max ? buf.subarray(buf.length - max) : buf;
  let start = 0;
  while (start < b.length && start < 3 && (b[start] & 0xc0) === 0x80) start++;
  return b.subarray(start).toString('utf8');
}

function escapeRegExp(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Removes the temp HOME (realpath too), the real home directory and the fake keys. */
function redact(text, home) {
  let out = text;
  const homes = new Set([home]);
  try {
    homes.add(fs.realpathSync(home));
  } catch {}
  for (const h of homes) out = out.replace(new RegExp(escapeRegExp(h), 'g'), HOME_PLACEHOLDER);
  // ... and its slugified forms (Claude Code's project dirs: -tmp-cli-home-AbC123-work).
  out = out.replace(/cli-home-[A-Za-z0-9]{6}/g, 'cli-home');
  const realHome = os.homedir();
  if (realHome && realHome !== '/') out = out.replace(new RegExp(escapeRegExp(realHome) + '(?=[/\\s"\'):]|$)', 'g'), '~');
  for (const key of Object.values(FAKE_KEYS)) {
    out = out.split(key).join('[REDACTED-FAKE-KEY]');
    // CLIs sometimes echo a masked key: keep the mask, drop the recognisable ends.
    out = out.split(key.slice(0, 12)).join('[REDACTED]');
  }
  return out;
}

/** A ring that keeps the last `cap` bytes of a stream. */
function collector(cap = CAPTURE_BYTES) {
  const chunks = [];
  let size = 0;
  return {
    push(chunk) {
      chunks.push(chunk);
      size += chunk.length;
      while (size > cap && chunks.length > 1) size -= chunks.shift().length;
    },
    buffer: () => Buffer.concat(chunks),
  };
}

/** Spawns one run, kills its process group on timeout, resolves with what a host sees. */
function execute(bin, args, { env, cwd, timeoutMs }) {
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    const out = collector();
    const err = collector();
    let timedOut = false;
    let exit;
    const child = spawn(bin, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    child.stdout.on('data', (c) => out.push(c));
    child.stderr.on('data', (c) => err.push(c));
    const killGroup = (sig) => {
      try {
        process.kill(-child.pid, sig);
      } catch {}
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup('SIGKILL');
    }, timeoutMs);
    let closeGrace;
    const finish = (spawnError) => {
      clearTimeout(timer);
      clearTimeout(closeGrace);
      // Leftover grandchildren (wrappers, helpers) go with the run.
      killGroup('SIGKILL');
      const durationMs = Math.round(Number(process.hrtime.bigint() - started) / 1e6);
      resolve({
        exitCode: exit?.code ?? null,
        signal: exit?.signal ?? null,
        timedOut,
        durationMs,
        stdout: out.buffer(),
        stderr: err.buffer(),
        spawnError: spawnError ? String(spawnError.message ?? spawnError) : undefined,
      });
    };
    let done = false;
    const once = (e) => {
      if (!done) {
        done = true;
        finish(e);
      }
    };
    child.on('error', (e) => once(e));
    child.on('exit', (code, signal) => {
      exit = { code, signal };
      // stdio may be held open by a grandchild: do not wait for 'close' forever.
      closeGrace = setTimeout(() => once(), 3000);
    });
    child.on('close', () => once());
  });
}

function renderCommand(cli, args, envExtra) {
  const bin = CLIS[cli].bin;
  const q = (s) => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);
  const envPart = Object.entries(envExtra)
    .map(([k, v]) => `${k}=${q(String(v))}`)
    .join(' ');
  return `${envPart ? `HOME=$(mktemp -d) ${envPart} ` : 'HOME=$(mktemp -d) '}${bin} ${args.map(q).join(' ')}`;
}

async function recordRun(run, versions) {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-home-'));
  const cwd = path.join(home, 'work');
  fs.mkdirSync(cwd);
  let provider;
  try {
    if (run.mode) provider = await startFakeProvider({ mode: run.mode });
    const ctx = { home, cwd, url: provider?.url };
    run.setup?.(ctx);
    const args = run.args(ctx);
    const envExtra = run.env(ctx);
    const timeoutMs = run.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const r = await execute(binOf(run.cli), args, { env: { ...baseEnv(home), ...envExtra }, cwd, timeoutMs });
    const requests = provider ? provider.requests.slice() : undefined;
    const expected = r.timedOut ? 'run_timeout' : run.expected;
    const notes = [run.note];
    if (r.timedOut && run.expected !== 'run_timeout')
      notes.push(`host killed it after ${timeoutMs} ms (underlying cause: ${run.expected})`);
    if (requests)
      notes.push(
        `fake provider saw ${requests.length} request(s): ${[...new Set(requests.map((q) => `${q.method} ${q.path}`))].join(', ') || 'none'}`,
      );
    const record = {
      id: run.id,
      cli: run.cli,
      cliVersion: versions[run.cli],
      node: process.version,
      scenario: run.scenario,
      command: redact(renderCommand(run.cli, args, envExtra), home),
      exitCode: r.exitCode,
      signal: r.signal,
      timedOut: r.timedOut,
      durationMs: r.durationMs,
      stdoutTail: redact(tail(r.stdout), home),
      stderrTail: redact(tail(r.stderr), home),
      expected,
      ...(r.timedOut && run.expected !== 'run_timeout' ? { underlyingCause: run.expected } : {}),
      ...(requests ? { providerRequests: requests.length } : {}),
      note: redact(notes.join('; '), home),
    };
    if (r.spawnError) record.spawnError = redact(r.spawnError, home);
    return record;
  } finally {
    await provider?.close();
    fs.rmSync(home, { recursive: true, force: true });
  }
}

async function main() {
  const only = opts.only ? new RegExp(opts.only) : undefined;
  const selected = RUNS.filter((r) => !only || only.test(r.id));
  const versions = {};
  const skipped = {};
  for (const cli of new Set(selected.map((r) => r.cli))) {
    const v = versionOf(cli);
    if (v) versions[cli] = v;
    else skipped[cli] = `${binOf(cli)} --version failed`;
  }
  for (const [cli, why] of Object.entries(skipped)) console.error(`skip ${cli}: ${why}`);
  const todo = selected.filter((r) => versions[r.cli]);
  console.error(`recording ${todo.length} run(s), concurrency ${CONCURRENCY}: ${JSON.stringify(versions)}`);
  if (opts['dry-run']) {
    for (const r of todo) console.error(`  ${r.id}`);
    return;
  }
  const results = new Array(todo.length);
  let next = 0;
  const t0 = Date.now();
  async function worker() {
    while (next < todo.length) {
      const i = next++;
      const run = todo[i];
      const rec = await recordRun(run, versions);
      results[i] = rec;
      console.error(
        `  ${rec.id.padEnd(48)} exit=${rec.exitCode} signal=${rec.signal} timedOut=${rec.timedOut} ${rec.durationMs} ms -> expected ${rec.expected}`,
      );
    }
  }
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, todo.length) }, worker));

  let runs = results;
  if (opts.merge && fs.existsSync(opts.out)) {
    const old = JSON.parse(fs.readFileSync(opts.out, 'utf8')).runs ?? [];
    const fresh = new Map(results.map((r) => [r.id, r]));
    const order = RUNS.map((r) => r.id);
    runs = [...old.filter((r) => !fresh.has(r.id)), ...results].sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id));
  }
  const fixture = {
    description:
      'Real failure outputs of real agent CLIs (Claude Code, Codex CLI, Gemini CLI, opencode) run non-interactively under failure conditions: no credentials, a fake key with no internet, and a local fake provider answering with documented provider error bodies or transport faults. `expected` is the failure reason a human assigns from the scenario, not the classifier output. Recorded by scripts/record-cli-runs/record.mjs.',
    recorded: new Date().toISOString().slice(0, 10),
    recorder: { node: process.version, platform: `${process.platform}-${process.arch}`, defaultTimeoutMs: DEFAULT_TIMEOUT_MS },
    cliVersions: {
      ...(opts.merge && fs.existsSync(opts.out) ? JSON.parse(fs.readFileSync(opts.out, 'utf8')).cliVersions : {}),
      ...versions,
    },
    skipped,
    runs,
  };
  fs.mkdirSync(path.dirname(opts.out), { recursive: true });
  fs.writeFileSync(opts.out, JSON.stringify(fixture, null, 2) + '\n');
  console.error(`wrote ${runs.length} run(s) to ${path.relative(process.cwd(), opts.out)} in ${Math.round((Date.now() - t0) / 1000)} s`);
}

await main();
