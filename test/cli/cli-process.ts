/**
 * Spawning the built CLI with more control than `cli()`: stdout closed by the reader, a FIFO
 * fed or drained by another process, a reader that may never finish.
 */
import { spawn } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { distFile, runNode, type RunOptions, type RunResult } from '../helpers/dist-helpers.js';

export const ENV = { PATH: process.env.PATH ?? '' };

/** Spawns `node dist/cli.js args`; `onSpawn` may act on the child before anything is read. */
export function spawnCli(args: string[], options: RunOptions = {}): Promise<RunResult> {
  return runNode([distFile('cli.js'), ...args], { ...options, env: options.env ?? ENV });
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
