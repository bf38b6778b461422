/**
 * Reading OTLP JSON traces (`ExportTraceServiceRequest`, as the OpenTelemetry Collector's
 * file exporter writes them: one request per line, or one JSON document), classifying the
 * agent runs in them with the same stamper the processor uses, and optionally writing the
 * traces back with the stamps added as OTLP attributes.
 *
 * Two passes over the file: the first remembers tool spans under their parent run (a tool
 * may be written after its run), the second stamps runs. A malformed line or record is
 * reported with its file and line and skipped; the rest is processed.
 */
import { once } from 'node:events';
import { createReadStream, createWriteStream, promises as fsp, type WriteStream } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import { createInterface } from 'node:readline';
import type { Attributes, AttributeValue } from '@opentelemetry/api';
import { ATTR_FAILURE_CLASSIFIER_VERSION } from './attributes.js';
import { FailureTally } from './bucket-table.js';
import { resolveConfig, type AgentFailureOptions, type Env } from './config.js';
import type { ReadableSpanLike, SpanEventLike } from './evidence.js';
import { FailureStamper, loadUserRules } from './failure-stamper.js';

// --- OTLP JSON shapes -------------------------------------------------------------------

export interface OtlpAnyValue {
  stringValue?: string;
  boolValue?: boolean;
  /** int64: a string in proto3 JSON (the collector writes "1"); numbers are accepted. */
  intValue?: string | number;
  doubleValue?: number | string;
  arrayValue?: { values?: OtlpAnyValue[] };
  kvlistValue?: { values?: OtlpKeyValue[] };
  bytesValue?: string;
}

export interface OtlpKeyValue {
  key: string;
  value?: OtlpAnyValue;
}

export interface OtlpEvent {
  name?: string;
  timeUnixNano?: string | number;
  attributes?: OtlpKeyValue[];
  [key: string]: unknown;
}

export interface OtlpSpan {
  traceId?: string;
  spanId?: string;
  parentSpanId?: string;
  name?: string;
  attributes?: OtlpKeyValue[];
  events?: OtlpEvent[];
  status?: { code?: number | string; message?: string };
  [key: string]: unknown;
}

/** Largest single-document JSON file read (JSON Lines files have no such limit). */
export const MAX_DOCUMENT_BYTES = 512 * 1024 * 1024;
const MAX_DEPTH = 8;

// --- values ---------------------------------------------------------------------------

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

type Plain = string | number | boolean | null | Plain[] | { [key: string]: Plain };

function decodePlain(value: unknown, depth: number): Plain | undefined {
  if (!isObject(value) || depth > MAX_DEPTH) return undefined;
  if (typeof value.stringValue === 'string') return value.stringValue;
  if (typeof value.boolValue === 'boolean') return value.boolValue;
  if (value.intValue !== undefined) {
    const v = value.intValue;
    if (typeof v === 'number' && Number.isFinite(v)) return Math.trunc(v);
    if (typeof v === 'string' && /^-?[0-9]{1,20}$/.test(v.trim())) {
      const n = Number(v.trim());
      return Number.isSafeInteger(n) ? n : v.trim();
    }
    return undefined;
  }
  if (value.doubleValue !== undefined) {
    const n = Number(value.doubleValue);
    return Number.isNaN(n) && typeof value.doubleValue !== 'string' ? undefined : n;
  }
  if (isObject(value.arrayValue)) {
    const values = Array.isArray(value.arrayValue.values) ? value.arrayValue.values : [];
    const out: Plain[] = [];
    for (const v of values) {
      const d = decodePlain(v, depth + 1);
      if (d !== undefined) out.push(d);
    }
    return out;
  }
  if (isObject(value.kvlistValue)) {
    const values = Array.isArray(value.kvlistValue.values) ? value.kvlistValue.values : [];
    const out: { [key: string]: Plain } = {};
    for (const kv of values) {
      if (!isObject(kv) || typeof kv.key !== 'string') continue;
      const d = decodePlain(kv.value, depth + 1);
      if (d !== undefined) out[kv.key] = d;
    }
    return out;
  }
  if (typeof value.bytesValue === 'string') return value.bytesValue;
  return undefined;
}

/** An OTLP `AnyValue` as an OpenTelemetry attribute value (maps become JSON text). */
export function decodeAnyValue(value: unknown): AttributeValue | undefined {
  const plain = decodePlain(value, 0);
  if (plain === undefined || plain === null) return undefined;
  if (typeof plain !== 'object') return plain;
  if (Array.isArray(plain)) {
    const kinds = new Set(plain.map((p) => typeof p));
    const primitive = plain.every((p) => p === null || typeof p !== 'object');
    if (primitive && kinds.size <= 1) return plain as AttributeValue;
    return JSON.stringify(plain);
  }
  return JSON.stringify(plain);
}

/** OTLP key/value list as attributes; malformed entries are skipped. */
export function decodeAttributes(list: unknown): Attributes {
  const out: Attributes = {};
  if (!Array.isArray(list)) return out;
  for (const kv of list) {
    if (!isObject(kv) || typeof kv.key !== 'string') continue;
    const v = decodeAnyValue(kv.value);
    if (v !== undefined) out[kv.key] = v;
  }
  return out;
}

/** An attribute value as an OTLP `AnyValue`, the way the collector writes it (int64 as a string). */
export function encodeAnyValue(value: unknown): OtlpAnyValue | undefined {
  if (typeof value === 'string') return { stringValue: value };
  if (typeof value === 'boolean') return { boolValue: value };
  if (typeof value === 'number') {
    if (Number.isSafeInteger(value)) return { intValue: String(value) };
    return Number.isFinite(value) ? { doubleValue: value } : undefined;
  }
  if (Array.isArray(value)) {
    const values: OtlpAnyValue[] = [];
    for (const v of value) {
      const e = v === null || v === undefined ? {} : encodeAnyValue(v);
      if (e !== undefined) values.push(e);
    }
    return { arrayValue: { values } };
  }
  return undefined;
}

/** OTLP status code: 0 unset, 1 ok, 2 error; string enum names are accepted. */
export function decodeStatusCode(code: unknown): number {
  if (typeof code === 'number') return code === 1 || code === 2 ? code : 0;
  if (typeof code === 'string') {
    const c = code.trim().toUpperCase();
    if (c === '2' || c === 'STATUS_CODE_ERROR' || c === 'ERROR') return 2;
    if (c === '1' || c === 'STATUS_CODE_OK' || c === 'OK') return 1;
  }
  return 0;
}

/** A span of an OTLP JSON request as the structural span the stamper reads. */
/** `[seconds, nanoseconds]` from an OTLP nanosecond timestamp (a string or a number). */
function hrTimeOf(value: unknown): [number, number] | undefined {
  const text = typeof value === 'number' && Number.isFinite(value) ? String(Math.trunc(value)) : typeof value === 'string' ? value.trim() : '';
  if (!/^[0-9]{1,20}$/.test(text)) return undefined;
  const seconds = text.length > 9 ? Number(text.slice(0, -9)) : 0;
  const nanos = Number(text.slice(-9));
  return [seconds, nanos];
}

export function adaptOtlpSpan(span: OtlpSpan): ReadableSpanLike {
  const traceId = typeof span.traceId === 'string' ? span.traceId : '';
  const spanId = typeof span.spanId === 'string' ? span.spanId : '';
  const parent = typeof span.parentSpanId === 'string' && span.parentSpanId.length > 0 ? span.parentSpanId : undefined;
  const events: SpanEventLike[] = [];
  if (Array.isArray(span.events)) {
    for (const e of span.events) {
      if (!isObject(e)) continue;
      events.push({ name: typeof e.name === 'string' ? e.name : '', attributes: decodeAttributes(e.attributes) });
    }
  }
  const status = isObject(span.status) ? span.status : {};
  const message = typeof status.message === 'string' && status.message.length > 0 ? status.message : undefined;
  const ctx = { traceId, spanId };
  const startTime = hrTimeOf(span.startTimeUnixNano);
  return {
    ...(startTime ? { startTime } : {}),
    name: typeof span.name === 'string' ? span.name : '',
    attributes: decodeAttributes(span.attributes),
    events,
    status: message === undefined ? { code: decodeStatusCode(status.code) } : { code: decodeStatusCode(status.code), message },
    spanContext: () => ctx,
    parentSpanId: parent,
  };
}

/** Sets attributes on an OTLP span: existing keys are replaced, new ones appended. */
export function setOtlpAttributes(span: OtlpSpan, attributes: Attributes): void {
  if (!Array.isArray(span.attributes)) span.attributes = [];
  const list = span.attributes;
  const index = new Map<string, number>();
  list.forEach((kv, i) => {
    if (isObject(kv) && typeof kv.key === 'string') index.set(kv.key, i);
  });
  for (const key of Object.keys(attributes)) {
    const value = encodeAnyValue(attributes[key]);
    if (value === undefined) continue;
    const at = index.get(key);
    if (at === undefined) {
      index.set(key, list.length);
      list.push({ key, value });
    } else {
      list[at] = { key, value };
    }
  }
}

/** The spans of one `ExportTraceServiceRequest`, with a message per malformed part. */
export function spansOfRequest(request: unknown): { spans: OtlpSpan[]; problems: string[] } {
  const spans: OtlpSpan[] = [];
  const problems: string[] = [];
  if (!isObject(request) || !Array.isArray(request.resourceSpans)) {
    const hint = isObject(request) && ('resourceMetrics' in request || 'resourceLogs' in request) ? ' (this looks like metrics or logs, not traces)' : '';
    problems.push(`not an OTLP traces request: no "resourceSpans" array${hint}`);
    return { spans, problems };
  }
  request.resourceSpans.forEach((rs: unknown, i: number) => {
    if (!isObject(rs)) {
      problems.push(`resourceSpans[${i}] is not an object`);
      return;
    }
    const scopes = Array.isArray(rs.scopeSpans) ? rs.scopeSpans : Array.isArray(rs.instrumentationLibrarySpans) ? rs.instrumentationLibrarySpans : [];
    scopes.forEach((ss: unknown, j: number) => {
      if (!isObject(ss) || (ss.spans !== undefined && !Array.isArray(ss.spans))) {
        problems.push(`resourceSpans[${i}].scopeSpans[${j}] is malformed`);
        return;
      }
      const list = Array.isArray(ss.spans) ? ss.spans : [];
      list.forEach((span: unknown, k: number) => {
        if (isObject(span)) spans.push(span as OtlpSpan);
        else problems.push(`resourceSpans[${i}].scopeSpans[${j}].spans[${k}] is not an object`);
      });
    });
  });
  return { spans, problems };
}

// --- files ----------------------------------------------------------------------------

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

export interface OtlpProgress {
  phase: 'scan' | 'classify';
  spans: number;
  /** Spans in the file (known in the classify phase). */
  totalSpans?: number;
}

export interface ClassifyOtlpOptions extends AgentFailureOptions {
  /** Environment for `AGENT_FAILURE_*` variables. Default: `process.env`. */
  env?: Env;
  /** Write the stamped traces here (same format as the input). */
  output?: string;
  /** Called every `progressEvery` spans. */
  onProgress?: (progress: OtlpProgress) => void;
  /** Default 10000. */
  progressEvery?: number;
  /** Errors kept in detail (all are counted). Default 100. */
  maxErrors?: number;
  /** Configuration warnings (bad rule file...). */
  warn?: (message: string) => void;
}

export interface ClassifyOtlpResult {
  file: string;
  format: 'jsonl' | 'json';
  /** Records (requests) read and processed. */
  records: number;
  /** Lines or records skipped. */
  malformed: number;
  spans: number;
  toolSpans: number;
  agentRuns: number;
  /** Agent runs that got failure stamps. */
  failedRuns: number;
  tally: FailureTally;
  /** The first `maxErrors` problems. */
  errors: OtlpRecordError[];
  /** Where the stamped traces were written. */
  output?: string;
}

type Format = { format: 'jsonl' } | { format: 'json'; document: unknown };

interface RecordItem {
  line: number;
  record?: number;
  value?: unknown;
  error?: string;
}

function describeFsError(e: unknown): string {
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

async function checkReadable(path: string): Promise<number> {
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

async function detectFormat(path: string, size: number): Promise<Format> {
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

async function* records(path: string, fmt: Format): AsyncGenerator<RecordItem> {
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
interface Output {
  stream: WriteStream;
  error: unknown;
}

async function write(out: Output, text: string): Promise<void> {
  if (out.error !== undefined) throw out.error;
  if (out.stream.write(text)) return;
  if (out.error !== undefined || out.stream.destroyed) throw out.error ?? new Error('output stream closed');
  // events.once rejects when 'error' is emitted while waiting.
  await once(out.stream, 'drain');
}

/**
 * Classifies the agent runs of an OTLP JSON traces file.
 * @throws OtlpInputError when the file cannot be read, or the output cannot be written
 */
export async function classifyOtlpFile(path: string, options: ClassifyOtlpOptions = {}): Promise<ClassifyOtlpResult> {
  const warn = options.warn ?? ((): void => {});
  // Every run of the file is tracked at once: the bound is the file, not a live service.
  const config = resolveConfig({ maxTrackedRuns: 10_000_000, trackedRunMaxAgeMs: 7 * 24 * 60 * 60 * 1000, ...options }, options.env ?? process.env, warn);
  const stamper = new FailureStamper(config, loadUserRules(config, warn));
  const maxErrors = options.maxErrors ?? 100;
  const every = options.progressEvery !== undefined && options.progressEvery > 0 ? options.progressEvery : 10_000;
  const onProgress = options.onProgress;

  const size = await checkReadable(path);
  const fmt = await detectFormat(path, size);
  const result: ClassifyOtlpResult = {
    file: path,
    format: fmt.format,
    records: 0,
    malformed: 0,
    spans: 0,
    toolSpans: 0,
    agentRuns: 0,
    failedRuns: 0,
    tally: new FailureTally(),
    errors: [],
  };
  const addError = (item: RecordItem, message: string): void => {
    if (result.errors.length < maxErrors) {
      const e: OtlpRecordError = { file: path, line: item.line, message };
      if (item.record !== undefined) e.record = item.record;
      result.errors.push(e);
    }
  };

  // Pass 1: tool spans, under their parent run.
  let scanned = 0;
  try {
    for await (const item of records(path, fmt)) {
      if (item.error !== undefined) continue;
      for (const span of spansOfRequest(item.value).spans) {
        const view = adaptOtlpSpan(span);
        if (stamper.roleOf(view) === 'tool') stamper.recordTool(view);
        scanned++;
        if (onProgress && scanned % every === 0) onProgress({ phase: 'scan', spans: scanned });
      }
    }
  } catch (e) {
    throw new OtlpInputError(`cannot read ${path}: ${describeFsError(e)}`, path);
  }

  // Pass 2: stamp agent runs, count, write.
  let out: Output | undefined;
  let tmp: string | undefined;
  if (options.output !== undefined) {
    const target = resolvePath(options.output);
    if (target === resolvePath(path)) throw new OtlpInputError(`refusing to write the output over the input file ${path}`, path);
    tmp = `${target}.tmp-${process.pid}`;
    const stream = createWriteStream(tmp);
    const o: Output = { stream, error: undefined };
    stream.on('error', (e) => {
      o.error ??= e;
    });
    try {
      await once(stream, 'open');
    } catch (e) {
      throw new OtlpInputError(`cannot write ${options.output}: ${describeFsError(e)}`, options.output);
    }
    out = o;
  }

  try {
    for await (const item of records(path, fmt)) {
      if (item.error !== undefined) {
        result.malformed++;
        addError(item, item.error);
        continue;
      }
      const { spans, problems } = spansOfRequest(item.value);
      if (problems.length > 0) {
        for (const p of problems.slice(0, 3)) addError(item, p);
        if (spans.length === 0) {
          result.malformed++;
          if (out !== undefined && fmt.format === 'jsonl') await write(out, `${JSON.stringify(item.value)}\n`);
          continue;
        }
      }
      result.records++;
      for (const span of spans) {
        result.spans++;
        if (onProgress && result.spans % every === 0) onProgress({ phase: 'classify', spans: result.spans, totalSpans: scanned });
        const view = adaptOtlpSpan(span);
        const role = stamper.roleOf(view);
        if (role === 'tool') {
          result.toolSpans++;
          continue;
        }
        if (role !== 'run') continue;
        result.agentRuns++;
        // Already classified (a live processor, or an earlier backfill): count it as it is.
        const stamps = view.attributes[ATTR_FAILURE_CLASSIFIER_VERSION] !== undefined ? undefined : stamper.stampsFor(view);
        if (stamps === undefined && view.attributes[ATTR_FAILURE_CLASSIFIER_VERSION] !== undefined) result.failedRuns++;
        if (stamps !== undefined) {
          result.failedRuns++;
          if (out !== undefined) setOtlpAttributes(span, stamps);
        }
        result.tally.addRun(stamps === undefined ? view.attributes : { ...view.attributes, ...stamps }, view.status);
      }
      if (out !== undefined && fmt.format === 'jsonl') await write(out, `${JSON.stringify(item.value)}\n`);
    }
    if (out !== undefined && fmt.format === 'json') await write(out, `${JSON.stringify((fmt as { document: unknown }).document)}\n`);
    if (out !== undefined && tmp !== undefined) {
      const o = out;
      await new Promise<void>((resolve, reject) => {
        if (o.error !== undefined) {
          reject(o.error);
          return;
        }
        o.stream.once('error', reject);
        o.stream.end(() => (o.error === undefined ? resolve() : reject(o.error)));
      });
      await fsp.rename(tmp, options.output as string);
      result.output = options.output;
    }
  } catch (e) {
    if (out !== undefined && tmp !== undefined) {
      out.stream.destroy();
      await fsp.rm(tmp, { force: true }).catch(() => {});
    }
    if (e instanceof OtlpInputError) throw e;
    throw new OtlpInputError(`${options.output !== undefined ? `cannot process ${path} into ${options.output}` : `cannot read ${path}`}: ${describeFsError(e)}`, path);
  }
  return result;
}
