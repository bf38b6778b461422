/**
 * Running the built package (dist/) as a user would: `node dist/cli.js ...` in a child
 * process. `npm test` builds first; run `npm run build` before running these files alone.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Absolute path of a built file; fails with a clear message when the build is missing. */
export function distFile(name: string): string {
  const path = join(ROOT, 'dist', name);
  if (!existsSync(path)) throw new Error(`${path} is missing: run "npm run build" first (npm test does)`);
  return path;
}

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  input?: string;
  timeoutMs?: number;
  /** Acts on the child before anything is read (close its stdout, feed a FIFO…). */
  onSpawn?: (child: ChildProcess) => void;
}

/** Runs `node <args>` and collects its output. */
export function runNode(args: string[], options: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: options.cwd ?? ROOT,
      env: options.env ?? { PATH: process.env.PATH ?? '' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    options.onSpawn?.(child);
    if (!child.stdout.destroyed) child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stdout.on('error', () => {});
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.stdin.on('error', () => {});
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 25_000);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });
}

/** Runs the built CLI. */
export function cli(args: string[], options: Parameters<typeof runNode>[1] = {}): Promise<RunResult> {
  return runNode([distFile('cli.js'), ...args], options);
}
