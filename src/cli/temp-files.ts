/**
 * Temporary files and directories of this process (a spooled input, an output being written),
 * removed when it exits, even early (a closed stdout ends it with process.exit).
 */
import { rmSync } from 'node:fs';

const pending = new Set<string>();
let hooked = false;

function removeAll(): void {
  for (const path of pending) {
    try {
      rmSync(path, { recursive: true, force: true });
    } catch {
      // Nothing more to do at exit.
    }
  }
  pending.clear();
}

export function trackTemp(path: string): void {
  pending.add(path);
  if (!hooked) {
    hooked = true;
    process.once('exit', removeAll);
  }
}

/** The path is gone or was renamed into place: nothing to remove at exit. */
export function untrackTemp(path: string): void {
  pending.delete(path);
}
