/**
 * Where `classify` reads from. A regular file is read in place (two passes over it). Stdin
 * (`-`, `/dev/stdin`), a FIFO or a device can be read only once: it is copied once into a
 * temporary file (in the system temp directory, at most MAX_SPOOL_BYTES, removed when done)
 * and both passes read the copy.
 */
import { createReadStream, createWriteStream, fstatSync, promises as fsp, type Stats } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describeFsError, formatBytes, OtlpInputError } from './otlp-records.js';
import { trackTemp, untrackTemp } from './temp-files.js';

/** Largest input read from stdin, a FIFO or a device (it is copied to disk first). */
export const MAX_SPOOL_BYTES = 16 * 1024 * 1024 * 1024;

/** The name stdin goes by in messages. */
export const STDIN_LABEL = '<stdin>';

export interface InputSource {
  /** The file both passes read: the input itself, or its temporary copy. */
  path: string;
  /** The input as messages name it: the path given, or `<stdin>`. */
  label: string;
  size: number;
  /** True when `path` is a temporary copy of a stream. */
  spooled: boolean;
  /** A regular input file: its real path and identity (an output must not be it). */
  file?: { real: string; dev: number; ino: number };
  /** Removes the temporary copy. */
  release(): Promise<void>;
}

function sameFile(a: Pick<Stats, 'dev' | 'ino'>, b: Pick<Stats, 'dev' | 'ino'>): boolean {
  return a.dev === b.dev && a.ino === b.ino;
}

/** True when `st` is this process's stdin (or stdout: fd 1). */
export function isFd(st: Pick<Stats, 'dev' | 'ino'>, fd: 0 | 1): boolean {
  try {
    return sameFile(fstatSync(fd), st);
  } catch {
    return false;
  }
}

/**
 * Opens the input named on the command line.
 * @throws OtlpInputError when it cannot be read
 */
export async function openInput(path: string, maxBytes: number = MAX_SPOOL_BYTES): Promise<InputSource> {
  if (path === '-') return spool(process.stdin, STDIN_LABEL, maxBytes);
  const fail = (e: unknown): OtlpInputError => new OtlpInputError(`cannot read ${path}: ${describeFsError(e)}`, path);
  let st: Stats;
  try {
    st = await fsp.stat(path);
  } catch (e) {
    throw fail(e);
  }
  if (st.isDirectory()) throw fail(Object.assign(new Error('is a directory'), { code: 'EISDIR' }));
  // /dev/stdin, /proc/self/fd/0: our own stdin, which may be a socket that cannot be reopened.
  if (!st.isFile() && isFd(st, 0)) return spool(process.stdin, path, maxBytes);
  if (!st.isFile()) return spool(createReadStream(path), path, maxBytes);
  try {
    await (await fsp.open(path, 'r')).close();
    const real = await fsp.realpath(path);
    return { path, label: path, size: st.size, spooled: false, file: { real, dev: st.dev, ino: st.ino }, release: async () => {} };
  } catch (e) {
    throw fail(e);
  }
}

async function spool(input: Readable, label: string, maxBytes: number): Promise<InputSource> {
  const dir = await fsp.mkdtemp(join(tmpdir(), 'otel-agent-failure-'));
  trackTemp(dir);
  const release = async (): Promise<void> => {
    await fsp.rm(dir, { recursive: true, force: true });
    untrackTemp(dir);
  };
  const path = join(dir, 'input');
  let size = 0;
  const limit = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      size += chunk.length;
      if (size > maxBytes) callback(new Error(`more than ${formatBytes(maxBytes)}, the limit for a stream (copy it to a file)`));
      else callback(null, chunk);
    },
  });
  try {
    await pipeline(input, limit, createWriteStream(path, { mode: 0o600 }));
  } catch (e) {
    await release().catch(() => {});
    throw new OtlpInputError(`cannot read ${label}: ${describeFsError(e)}`, label);
  }
  return { path, label, size, spooled: true, release };
}
