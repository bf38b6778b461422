/**
 * The built CLI's input and output ends: a stdout closed by its reader (`| head`), `--output`
 * through symlinks, onto existing files, FIFOs, devices and stdout, and input from stdin and
 * FIFOs. Every test runs `node dist/cli.js` in a child process, in a scratch directory.
 */
import { chmodSync, lstatSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, distFile } from '../helpers/dist-helpers.js';
import { fleetSpans, jsonLines, otlpRequests } from '../helpers/otlp-helpers.js';
import { drainFifo, ENV, mkfifo, spawnCli } from './cli-process.js';

let dir: string;
let fleetFile: string;
let bigFile: string;
beforeAll(async () => {
  distFile('cli.js');
  dir = mkdtempSync(join(tmpdir(), 'cli-io-test-'));
  fleetFile = join(dir, 'fleet.jsonl');
  writeFileSync(fleetFile, jsonLines(otlpRequests(await fleetSpans(42, 200), 50, true)));
  bigFile = join(dir, 'big.jsonl');
  writeFileSync(bigFile, jsonLines(otlpRequests(await fleetSpans(99, 3000), 20, true)));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Stamped runs in JSON Lines text. */
function stampedRuns(text: string): number {
  let n = 0;
  for (const line of text.trimEnd().split('\n'))
    for (const rs of JSON.parse(line).resourceSpans)
      for (const ss of rs.scopeSpans)
        for (const span of ss.spans) if (span.attributes.some((kv: { key: string }) => kv.key === 'failure.classifier.version')) n++;
  return n;
}

describe('a stdout closed by its reader (| head)', () => {
  const closed = { onSpawn: (child: { stdout: { destroy: () => void } | null }) => child.stdout?.destroy() };

  it('ends quietly with status 0 instead of an EPIPE stack trace', async () => {
    for (const args of [['classify', fleetFile], ['classify', fleetFile, '--json'], ['explain', 'socket hang up'], ['--help']]) {
      const r = await spawnCli(args, closed);
      expect(r.stderr, args.join(' ')).toBe('');
      expect(r.code, args.join(' ')).toBe(0);
    }
  });

  it('stops the work when the stamped traces go to a closed stdout', async () => {
    const r = await spawnCli(['classify', bigFile, '-o', '-'], { ...closed, cwd: dir });
    expect(r.stderr).not.toMatch(/EPIPE|Error/);
    expect(r.code).toBe(0);
  });
});

describe('--output targets', () => {
  it('writes through a symlink to the file it points to, keeping the link and the mode', async () => {
    const real = join(dir, 'real-target.jsonl');
    const link = join(dir, 'link-target.jsonl');
    writeFileSync(real, 'old\n');
    chmodSync(real, 0o600);
    symlinkSync(real, link);
    const r = await cli(['classify', fleetFile, '-o', link, '--json'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(statSync(real).mode & 0o777).toBe(0o600);
    expect(stampedRuns(readFileSync(real, 'utf8'))).toBe(JSON.parse(r.stdout).failedRuns);
  });

  it('keeps the mode of an existing file', async () => {
    const target = join(dir, 'private.jsonl');
    writeFileSync(target, '');
    chmodSync(target, 0o600);
    expect((await cli(['classify', fleetFile, '-o', target], { cwd: dir })).code).toBe(0);
    expect(statSync(target).mode & 0o777).toBe(0o600);
    expect(readFileSync(target, 'utf8')).toContain('failure.reason');
  });

  it('refuses an output that is the input under another name (a symlink to it)', async () => {
    const alias = join(dir, 'alias-of-input.jsonl');
    symlinkSync(fleetFile, alias);
    const before = readFileSync(fleetFile, 'utf8');
    const r = await cli(['classify', fleetFile, '-o', alias], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('refusing to write the output over the input');
    expect(lstatSync(alias).isSymbolicLink()).toBe(true);
    expect(readFileSync(fleetFile, 'utf8')).toBe(before);
  });

  it('streams into a FIFO instead of replacing it', async () => {
    const fifo = join(dir, 'out.fifo');
    mkfifo(fifo);
    const reader = drainFifo(fifo);
    const r = await cli(['classify', fleetFile, '-o', fifo, '--json'], { cwd: dir, timeoutMs: 15_000 });
    const text = await reader.stop();
    expect(r.code).toBe(0);
    expect(statSync(fifo).isFIFO()).toBe(true);
    expect(stampedRuns(text)).toBe(JSON.parse(r.stdout).failedRuns);
  });

  it('"-" and /dev/stdout write the traces to stdout, the summary to stderr', async () => {
    for (const target of ['-', '/dev/stdout']) {
      const r = await cli(['classify', fleetFile, '-o', target, '--json'], { cwd: dir });
      expect(r.code, target).toBe(0);
      const summary = JSON.parse(r.stderr);
      expect(summary.output, target).toBe(target);
      expect(stampedRuns(r.stdout), target).toBe(summary.failedRuns);
    }
    expect(lstatSync('/dev/stdout').isSymbolicLink()).toBe(true);
  });

  it('writes into a character device without replacing it', async () => {
    const r = await cli(['classify', fleetFile, '-o', '/dev/null'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
  });
});

describe('input from stdin and FIFOs', () => {
  it('reads "-" and /dev/stdin once, with the same counts as the file', async () => {
    const expected = JSON.parse((await cli(['classify', fleetFile, '--json'])).stdout);
    const input = readFileSync(fleetFile, 'utf8');
    for (const name of ['-', '/dev/stdin']) {
      const r = await cli(['classify', name, '--json'], { input });
      expect(r.code, name).toBe(0);
      const s = JSON.parse(r.stdout);
      for (const key of ['agentRuns', 'failedRuns', 'failureReason', 'closeReason', 'retrySafe', 'toolSpans'])
        expect(s[key], `${name} ${key}`).toEqual(expected[key]);
    }
  });

  it('names stdin in its messages and reports an empty stdin as empty', async () => {
    const r = await cli(['classify', '-'], { input: 'not json\n' });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('<stdin>:1: invalid JSON');
    const empty = await cli(['classify', '-'], { input: '' });
    expect(empty.code).toBe(1);
    expect(empty.stderr).toMatch(/no OTLP trace records in .*stdin.*empty/);
  });

  it('reads a FIFO once', async () => {
    const fifo = join(dir, 'in.fifo');
    mkfifo(fifo);
    const run = spawnCli(['classify', fifo, '--json'], { env: ENV, timeoutMs: 15_000 });
    await writeFile(fifo, readFileSync(fleetFile));
    const r = await run;
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ agentRuns: 200, malformed: 0 });
  });

  it('documents how stdin is read', async () => {
    expect((await cli(['classify', '--help'])).stdout).toMatch(/stdin/);
  });
});
