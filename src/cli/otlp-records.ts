/**
 * OTLP JSON files as records: JSON Lines (one request per line, as the Collector's file
 * exporter writes them) or one JSON document. A malformed line is a record with an error,
 * so the caller can report it with its line and go on.
 */
import { once } from 'node:events';
import { createReadStream, promises as fsp, type WriteStream } from 'node:fs';
import { createInterface } from 'node:readline';

/** Largest single-document JSON file read (JSON Lines files have no such limit). */
export const MAX_DOCUMENT_BYTES = 512 * 1024 * 1024;

/** A problem with one line or record; processing went on without it. */
export interface OtlpRecordError {
  file: string;
  /** 1-based line (JSON Lines), or 1 for a single document. */
  line: number;
  /** 1-based record index inside a single JSON document holding an array. */
  record?: number;
  message: string;
}

export function formatRecordError(e: OtlpRecordError): string {
  return `${e.file}:${e.line}${e.record !== undefined ? ` (record ${e.record})` : ''}: ${e.message}`;
}

/** The file cannot be read at all, or holds nothing usable. */
export class OtlpInputError extends Error {
  constructor(
    message: string,
    readonly file: string,
  ) {
    super(message);
    this.name = 'OtlpInputError';
  }
}

export type Format = { format: 'jsonl' } | { format: 'json'; document: unknown };

export interface RecordItem {
  line: number;
  record?: number;
  value?: unknown;
  error?: string;
}

export function describeFsError(e: unknown): string {
  const code = (e as NodeJS.ErrnoException | null)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory (ENOENT)';
    case 'EACCES':
    case 'EPERM':
      return `permission denied (${code})`;
    case 'EISDIR':
      return 'is a directory, not a file (EISDIR)';
    default:
      return e instanceof Error ? e.message : String(e);
  }
}

function shortJsonError(e: unknown): string {
  const m = e instanceof Error ? e.message : String(e);
  return `invalid JSON: ${m.length > 160 ? `${m.slice(0, 157)}...` : m}`;
}

export async function checkReadable(path: string): Promise<number> {
  let size: number;
  try {
    const st = await fsp.stat(path);
    if (st.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    size = st.size;
    const fh = await fsp.open(path, 'r');
    await fh.close();
  } catch (e) {
    throw new OtlpInputError(`cannot read ${path}: ${describeFsError(e)}`, path);
  }
  return size;
}

async function* lines(path: string): AsyncGenerator<{ line: number; text: string }> {
  const input = createReadStream(path, { encoding: 'utf8' });
  const rl = createInterface({ input, crlfDelay: Infinity });
  let n = 0;
  try {
    for await (const raw of rl) {
      n++;
      const text = n === 1 && raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
      if (text.trim() === '') continue;
      yield { line: n, text };
    }
  } finally {
    rl.close();
    input.destroy();
  }
}

export async function detectFormat(path: string, size: number): Promise<Format> {
  let first: string | undefined;
  for await (const { text } of lines(path)) {
    first = text;
    break;
  }
  if (first === undefined) return { format: 'jsonl' };
  try {
    JSON.parse(first);
    return { format: 'jsonl' };
  } catch {
    // Perhaps one pretty-printed document.
  }
  // A pretty-printed document opens with a short line ("{", "[", '{"resourceSpans": ['); a
  // long first line that does not parse is a broken JSON Lines record.
  const start = first.trimStart()[0];
  if ((start !== '{' && start !== '[') || first.length > 4096 || size > MAX_DOCUMENT_BYTES) return { format: 'jsonl' };
  try {
    const text = await fsp.readFile(path, 'utf8');
    return { format: 'json', document: JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) };
  } catch {
    return { format: 'jsonl' };
  }
}

export async function* records(path: string, fmt: Format): AsyncGenerator<RecordItem> {
  if (fmt.format === 'json') {
    if (Array.isArray(fmt.document)) {
      for (let i = 0; i < fmt.document.length; i++) yield { line: 1, record: i + 1, value: fmt.document[i] };
    } else {
      yield { line: 1, value: fmt.document };
    }
    return;
  }
  for await (const { line, text } of lines(path)) {
    try {
      yield { line, value: JSON.parse(text) };
    } catch (e) {
      yield { line, error: shortJsonError(e) };
    }
  }
}

/** A write stream whose first error is kept (so a failure between writes cannot crash the process). */
export interface Output {
  stream: WriteStream;
  error: unknown;
}

export async function write(out: Output, text: string): Promise<void> {
  if (out.error !== undefined) throw out.error;
  if (out.stream.write(text)) return;
  if (out.error !== undefined || out.stream.destroyed) throw out.error ?? new Error('output stream closed');
  // events.once rejects when 'error' is emitted while waiting.
  await once(out.stream, 'drain');
}
