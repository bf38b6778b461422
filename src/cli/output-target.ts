/**
 * Where `classify --output` writes. The target is judged by what it really is:
 *
 * - `-`, or the file this process's stdout already is (`/dev/stdout`): written to stdout;
 * - a character device or a FIFO: streamed straight into it (never replaced);
 * - a regular file, or a new one: a temporary file in the directory of the real target
 *   (symlinks resolved), renamed over it at the end, with the existing file's mode (and, for
 *   root, owner), so a symlink stays a symlink and a failed run leaves the old file intact.
 *
 * The input is compared by real path and identity, so a symlink or hard link to it is refused.
 */
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, promises as fsp, type Stats } from 'node:fs';
import { basename, dirname, join, resolve as resolvePath } from 'node:path';
import type { Writable } from 'node:stream';
import type { InputSource } from './input-source.js';
import { isFd } from './input-source.js';
import { describeFsError, OtlpInputError } from './otlp-records.js';
import { trackTemp, untrackTemp } from './temp-files.js';

export interface OutputTarget {
  /** The target as given. */
  name: string;
  /** True when the traces go to this process's stdout (the summary then goes to stderr). */
  toStdout: boolean;
  /**
   * True when nothing written is visible before `commit` (a regular file, written to a
   * temporary copy first): the writer may then `abort` and open the output again.
   */
  rewindable: boolean;
  /** Writes; rejects with the stream's first error. */
  write(data: string | Uint8Array): Promise<void>;
  /** Writes a file's bytes unchanged. */
  copyFrom(path: string): Promise<void>;
  /** Flushes, and puts a regular file in place. */
  commit(): Promise<void>;
  /** Gives up: a regular file's temporary copy is removed, the old file stays. */
  abort(): Promise<void>;
}

/** A stream whose first error is kept, so an error between writes cannot crash the process. */
class StreamTarget implements OutputTarget {
  private error: unknown;

  constructor(
    readonly name: string,
    private readonly stream: Writable,
    readonly toStdout: boolean,
    private readonly onCommit: () => Promise<void> = async () => {},
    private readonly onAbort?: () => Promise<void>,
  ) {
    stream.on('error', (e) => {
      this.error ??= e;
    });
  }

  async write(data: string | Uint8Array): Promise<void> {
    if (this.error !== undefined) throw this.error;
    if (this.stream.write(data)) return;
    if (this.error !== undefined || this.stream.destroyed) throw this.error ?? new Error('output stream closed');
    // events.once rejects when 'error' is emitted while waiting.
    await once(this.stream, 'drain');
  }

  async copyFrom(path: string): Promise<void> {
    for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) await this.write(chunk);
  }

  async commit(): Promise<void> {
    if (this.error !== undefined) throw this.error;
    if (this.toStdout) {
      await new Promise<void>((resolve, reject) => this.stream.write('', (e) => (e ? reject(e) : resolve())));
    } else {
      const closed = once(this.stream, 'close');
      this.stream.end();
      await closed;
      if (this.error !== undefined) throw this.error;
    }
    await this.onCommit();
  }

  get rewindable(): boolean {
    // Only a temporary copy has something to undo on abort; stdout, a device or a FIFO does not.
    return this.onAbort !== undefined;
  }

  async abort(): Promise<void> {
    if (!this.toStdout) this.stream.destroy();
    await this.onAbort?.();
  }
}

async function statOrUndefined(path: string): Promise<Stats | undefined> {
  try {
    return await fsp.stat(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

/** The real path a write to `path` lands on: symlinks followed, also dangling ones and a new file's directory. */
async function realTarget(path: string): Promise<string> {
  let p = resolvePath(path);
  for (let hops = 0; hops < 40; hops++) {
    try {
      return await fsp.realpath(p);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    const link = await fsp.readlink(p).catch(() => undefined);
    if (link === undefined) return join(await fsp.realpath(dirname(p)), basename(p));
    p = resolvePath(dirname(p), link);
  }
  throw Object.assign(new Error('too many levels of symbolic links'), { code: 'ELOOP' });
}

function sameAsInput(input: InputSource, real: string, st: Stats | undefined): boolean {
  const file = input.file;
  return file !== undefined && (file.real === real || (st !== undefined && st.dev === file.dev && st.ino === file.ino));
}

/**
 * Opens the output for writing.
 * @throws OtlpInputError when it is the input or cannot be written
 */
export async function openOutput(output: string, input: InputSource): Promise<OutputTarget> {
  if (output === '-') return new StreamTarget(output, process.stdout, true);
  const refuse = (): OtlpInputError => new OtlpInputError(`refusing to write the output over the input file ${input.label}`, output);
  try {
    const st = await statOrUndefined(output);
    if (st?.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    if (st !== undefined && !st.isFile()) {
      if (input.file !== undefined && st.dev === input.file.dev && st.ino === input.file.ino) throw refuse();
      if (isFd(st, 1)) return new StreamTarget(output, process.stdout, true);
      // A device or a FIFO (opening a FIFO waits for its reader).
      const fh = await fsp.open(output, 'w');
      return new StreamTarget(output, fh.createWriteStream(), false);
    }
    const real = await realTarget(output);
    if (sameAsInput(input, real, st)) throw refuse();
    if (st !== undefined && isFd(st, 1)) return new StreamTarget(output, process.stdout, true);
    return await replaceFile(output, real, st);
  } catch (e) {
    if (e instanceof OtlpInputError) throw e;
    throw new OtlpInputError(`cannot write ${output}: ${describeFsError(e)}`, output);
  }
}

/** A temporary file next to the real target, renamed over it on commit. */
async function replaceFile(name: string, real: string, existing: Stats | undefined): Promise<OutputTarget> {
  const tmp = join(dirname(real), `.${basename(real)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  // A new file gets the usual mode (umask applies); an existing one keeps its own.
  const fh = await fsp.open(tmp, 'wx', existing === undefined ? 0o666 : 0o600);
  trackTemp(tmp);
  const remove = async (): Promise<void> => {
    await fsp.rm(tmp, { force: true }).catch(() => {});
    untrackTemp(tmp);
  };
  try {
    if (existing !== undefined) {
      if (process.getuid?.() === 0 && (existing.uid !== 0 || existing.gid !== 0))
        await fh.chown(existing.uid, existing.gid).catch(() => {});
      await fh.chmod(existing.mode & 0o7777);
    }
  } catch (e) {
    await fh.close().catch(() => {});
    await remove();
    throw e;
  }
  return new StreamTarget(
    name,
    fh.createWriteStream(),
    false,
    async () => {
      await fsp.rename(tmp, real);
      untrackTemp(tmp);
    },
    remove,
  );
}
