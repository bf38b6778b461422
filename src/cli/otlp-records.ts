/**
 * OTLP JSON files as records: JSON Lines (one request per line, as the Collector's file
 * exporter writes them) or one JSON document. A malformed line is a record with an error,
 * so the caller can report it with its line and go on.
 */
import { createReadStream, promises as fsp } from 'node:fs';
import { sanitizeDetail } from '../core/redact.js';

/**
 * Largest record read: one JSON Lines line, or one single-document file (which is read and
 * parsed whole). A longer line is skipped and reported; a larger document is refused.
 */
export const MAX_RECORD_BYTES = 256 * 1024 * 1024;

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
  /** The line as read (JSON Lines), to copy a record that gets no stamp unchanged. */
  text?: string;
  /** The same line's bytes (without its line break): copied out as they are, not encoded again. */
  bytes?: Uint8Array;
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
  // The engine's message may quote the line, i.e. span text: redacted like any excerpt.
  return `invalid JSON: ${sanitizeDetail(e instanceof Error ? e.message : String(e), 160)}`;
}

/** 16 GiB, 256 MiB, or 1000 bytes. */
export function formatBytes(n: number): string {
  const mib = 1024 * 1024;
  if (n >= 1024 * mib && n % (1024 * mib) === 0) return `${n / (1024 * mib)} GiB`;
  return n >= mib && n % mib === 0 ? `${n / mib} MiB` : `${n} bytes`;
}

interface Line {
  line: number;
  text?: string;
  bytes?: Uint8Array;
  /** The line is longer than the limit; its text was dropped. */
  tooLong?: true;
}

/**
 * The non-blank lines of a file, split on bytes so no line grows past `maxBytes` in memory
 * (readline would hold a line of any length: a device or a file with no newline).
 */
async function* lines(path: string, maxBytes: number): AsyncGenerator<Line> {
  const input = createReadStream(path);
  let parts: Buffer[] = [];
  let size = 0;
  let tooLong = false;
  let n = 0;
  const finish = (): Line | undefined => {
    n++;
    if (tooLong) return { line: n, tooLong: true };
    let bytes = Buffer.concat(parts, size);
    // The text and the bytes lose the same carriage return and byte order mark.
    if (bytes.length > 0 && bytes[bytes.length - 1] === 13) bytes = bytes.subarray(0, -1);
    if (n === 1 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
    const text = bytes.toString('utf8');
    return text.trim() === '' ? undefined : { line: n, text, bytes };
  };
  try {
    for await (const chunk of input as AsyncIterable<Buffer>) {
      for (let start = 0; start < chunk.length;) {
        const nl = chunk.indexOf(10, start);
        const end = nl === -1 ? chunk.length : nl;
        if (!tooLong && size + end - start > maxBytes) {
          tooLong = true;
          parts = [];
        }
        if (!tooLong) {
          parts.push(chunk.subarray(start, end));
          size += end - start;
        }
        if (nl === -1) break;
        const item = finish();
        parts = [];
        size = 0;
        tooLong = false;
        if (item !== undefined) yield item;
        start = nl + 1;
      }
    }
    if (size > 0 || tooLong) {
      const item = finish();
      if (item !== undefined) yield item;
    }
  } finally {
    input.destroy();
  }
}

/**
 * JSON Lines, or one (pretty-printed) JSON document read whole.
 * @throws OtlpInputError for a single document larger than `maxBytes`
 */
export async function detectFormat(path: string, label: string, size: number, maxBytes: number = MAX_RECORD_BYTES): Promise<Format> {
  let first: Line | undefined;
  for await (const l of lines(path, Math.min(maxBytes, 64 * 1024))) {
    first = l;
    break;
  }
  if (first === undefined || first.text === undefined) return { format: 'jsonl' };
  try {
    JSON.parse(first.text);
    return { format: 'jsonl' };
  } catch {
    // Perhaps one pretty-printed document.
  }
  // A pretty-printed document opens with a short line ("{", "[", '{"resourceSpans": ['); a
  // long first line that does not parse is a broken JSON Lines record.
  const start = first.text.trimStart()[0];
  if ((start !== '{' && start !== '[') || first.text.length > 4096) return { format: 'jsonl' };
  if (size > maxBytes) {
    throw new OtlpInputError(
      `${label} is one JSON document of ${size} bytes, over the limit of ${formatBytes(maxBytes)} for a single document: ` +
        'write it as JSON Lines (one ExportTraceServiceRequest per line, as the Collector file exporter does)',
      label,
    );
  }
  try {
    const text = await fsp.readFile(path, 'utf8');
    return { format: 'json', document: JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) };
  } catch {
    return { format: 'jsonl' };
  }
}

/**
 * The records of a file in order: a malformed line is an item with an error. With
 * `mayMatter`, JSON Lines lines it rejects are skipped unparsed.
 */
export async function* records(
  path: string,
  fmt: Format,
  maxBytes: number = MAX_RECORD_BYTES,
  mayMatter?: (line: string) => boolean,
): AsyncGenerator<RecordItem> {
  if (fmt.format === 'json') {
    if (Array.isArray(fmt.document)) {
      for (let i = 0; i < fmt.document.length; i++) yield { line: 1, record: i + 1, value: fmt.document[i] };
    } else {
      yield { line: 1, value: fmt.document };
    }
    return;
  }
  for await (const { line, text, bytes, tooLong } of lines(path, maxBytes)) {
    if (tooLong || text === undefined) {
      yield { line, error: `line longer than the limit of ${formatBytes(maxBytes)}; skipped` };
      continue;
    }
    // A caller that needs only some records says which lines may hold one: the rest are not parsed.
    if (mayMatter !== undefined && !mayMatter(text)) continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      yield { line, error: shortJsonError(e) };
      continue;
    }
    yield { line, value, text, bytes };
  }
}
