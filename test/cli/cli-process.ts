/**
 * Spawning the built CLI with more control than `cli()`: stdout closed by the reader, a FIFO
 * fed or drained by another process, a reader that may never finish.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { distFile, ROOT, type RunResult } from '../helpers/dist-helpers.js';

export const ENV = { PATH: process.env.PATH ?? '' };

/** Spawns `node dist/cli.js args`; `onSpawn` may act on the child before anything is read. */
export function spawnCli(
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string; timeoutMs?: number; onSpawn?: (child: ChildProcess) => void } = {},
): Promise<RunResult & { ms: number }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(process.execPath, [distFile('cli.js'), ...args], {
      cwd: options.cwd ?? ROOT,
      env: options.env ?? ENV,
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
      resolve({ code, signal, stdout, stderr, ms: Date.now() - started });
    });
    child.stdin.end(options.input ?? '');
  });
}

/** Reads a FIFO with `cat` in a child process; `stop()` gives what it read (killing it if it still waits). */
export function drainFifo(path: string): { stop: (waitMs?: number) => Promise<string> } {
  const cat = spawn('cat', [path], { stdio: ['ignore', 'pipe', 'ignore'] });
  let text = '';
  let closed = false;
  cat.stdout.setEncoding('utf8').on('data', (d: string) => (text += d));
  const done = new Promise<void>((r) => cat.on('close', () => ((closed = true), r())));
  return {
    stop: async (waitMs = 3000) => {
      await Promise.race([done, new Promise((r) => setTimeout(r, waitMs))]);
      if (!closed) {
        cat.kill('SIGKILL');
        await done;
      }
      return text;
    },
  };
}

export function mkfifo(path: string): void {
  execFileSync('mkfifo', [path]);
}
