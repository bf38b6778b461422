/**
 * Classifying the agent runs of an OTLP JSON traces file with the same stamper the processor
 * uses, and optionally writing the traces back with the stamps added as OTLP attributes.
 *
 * One pass over the file when its output can be taken back (a regular file or none): each
 * record's tool spans are remembered in their trace, then its runs are stamped. A tool may be
 * written after its run, though exporters rarely do (a tool span ends first): when one is, the
 * file is classified again in two passes, the first remembering the tool spans, the second
 * stamping runs. Stdout, devices and FIFOs get the two passes from the start. The first of two
 * passes parses only the JSON Lines lines that may hold a tool span, and adapts only the tool
 * spans. (Keeping the parsed records for the second pass was tried: the garbage collector ate
 * what parsing once saved.) Stdin and FIFOs are copied once to a temporary file first (see
 * input-source.ts). A malformed or unprocessable line or record is reported with its file and
 * line and skipped; the rest is processed. A record that gets no stamp is written back exactly
 * as it was read.
 */
import type { Attributes } from '@opentelemetry/api';
import { resolveConfig, type AgentFailureOptions } from '../otel/config.js';
import type { Env } from '../otel/env.js';
import type { SpanRole } from '../otel/span-role.js';
import { FailureStamper, isStamped } from '../otel/stamper.js';
import { openInput, type InputSource } from './input-source.js';
import { documentPieces, stringifyRecord } from './json-write.js';
import { ATTR_GEN_AI_OPERATION_NAME, GEN_AI_OPERATION_EXECUTE_TOOL } from '../otel/attributes.js';
import { adaptOtlpSpan, decodeAttribute, otlpRoleProbe, setOtlpAttributes, spansOfRequest, type OtlpSpan } from './otlp-codec.js';
import {
  describeFsError,
  detectFormat,
  MAX_RECORD_BYTES,
  OtlpInputError,
  records,
  type Format,
  type OtlpRecordError,
  type RecordItem,
} from './otlp-records.js';
import { openOutput, type OutputTarget } from './output-target.js';
import { rulesFileMessage } from './rules-check.js';
import { FailureTally } from './tally.js';

export interface OtlpProgress {
  phase: 'scan' | 'classify';
  spans: number;
  /** Spans in the file (known in the classify phase when pass 1 parsed every line). */
  totalSpans?: number;
}

export interface ClassifyOtlpOptions extends AgentFailureOptions {
  /** Environment for `AGENT_FAILURE_*` variables. Default: `process.env`. */
  env?: Env;
  /** Write the stamped traces here (same format as the input); `-` is stdout. */
  output?: string;
  /** Called every `progressEvery` spans. */
  onProgress?: (progress: OtlpProgress) => void;
  /** Default 10000. */
  progressEvery?: number;
  /** Errors kept in detail (all are counted). Default 100. */
  maxErrors?: number;
  /** Configuration warnings (bad variable...), and rule-file problems unless `strictRules`. */
  warn?: (message: string) => void;
  /** A rules file with problems throws OtlpInputError (the CLI's exit 1) instead of warning. */
  strictRules?: boolean;
  /** Longest JSON Lines line, and largest single-document file. Default MAX_RECORD_BYTES (256 MiB). */
  maxRecordBytes?: number;
}

export interface ClassifyOtlpResult {
  /** The input as messages name it (`<stdin>` for `-`). */
  file: string;
  format: 'jsonl' | 'json';
  /** False when AGENT_FAILURE_ENABLED=false (or `enabled: false`): nothing was classified or stamped. */
  enabled: boolean;
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
  /** The stamped traces went to stdout. */
  outputToStdout?: boolean;
}

/** What one record adds to the counts; applied only when the whole record went through. */
interface RecordCounts {
  spans: number;
  toolSpans: number;
  runs: { attributes: Attributes; status: { code: number; message?: string }; stamped: boolean }[];
  changed: boolean;
}

/**
 * Whether a JSON Lines line may hold a tool span: its operation name is written either
 * plainly or with a `\u` escape somewhere. Other lines cannot, and pass 1 skips them unparsed.
 */
function mayHoldTool(line: string): boolean {
  return line.includes(GEN_AI_OPERATION_EXECUTE_TOOL) || line.includes('\\u');
}

/** A tool span, read off the raw OTLP attributes as the span's role reads them (spanRole). */
function isToolSpan(span: OtlpSpan): boolean {
  return decodeAttribute(span.attributes, ATTR_GEN_AI_OPERATION_NAME) === GEN_AI_OPERATION_EXECUTE_TOOL;
}

/** Bytes of JSON Lines output gathered before one write. */
const WRITE_BATCH = 256 * 1024;

/**
 * JSON Lines gathered into one buffer per write: a record that got no stamp is copied as the
 * bytes it was read from, a stamped one encoded once. (One stream write per line cost more CPU
 * than stamping the runs; joining the lines into one string, then encoding it, about a tenth of
 * the command's time.)
 */
class LineBatch {
  private _buffer = Buffer.allocUnsafe(WRITE_BATCH);
  private _used = 0;

  constructor(private readonly _write: (data: Uint8Array) => Promise<void>) {}

  async add(line: string | Uint8Array): Promise<void> {
    // A string takes at most 3 bytes per UTF-16 code unit.
    const most = (typeof line === 'string' ? 3 * line.length : line.length) + 1;
    if (this._used + most > this._buffer.length) await this.flush();
    if (most > this._buffer.length) {
      await this._write(typeof line === 'string' ? Buffer.from(`${line}\n`) : Buffer.concat([line, NEWLINE]));
      return;
    }
    if (typeof line === 'string') this._used += this._buffer.write(line, this._used);
    else this._used += Buffer.from(line.buffer, line.byteOffset, line.byteLength).copy(this._buffer, this._used);
    this._buffer[this._used++] = 10;
  }

  async flush(): Promise<void> {
    if (this._used === 0) return;
    const data = this._buffer.subarray(0, this._used);
    // The stream may still hold the bytes written: the next lines go to a fresh buffer.
    this._buffer = Buffer.allocUnsafe(WRITE_BATCH);
    this._used = 0;
    await this._write(data);
  }
}

const NEWLINE = Buffer.from('\n');

function describe(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * Classifies the agent runs of an OTLP JSON traces file (`-` reads stdin).
 * @throws OtlpInputError when the input cannot be read, the output cannot be written, or (strictRules) the rules file is unusable
 */
export async function classifyOtlpFile(path: string, options: ClassifyOtlpOptions = {}): Promise<ClassifyOtlpResult> {
  const warn = options.warn ?? ((): void => {});
  // Every run of the file is tracked at once: the bound is the file, not a live service.
  const config = resolveConfig(
    { maxTrackedTraces: 10_000_000, trackedTraceMaxAgeMs: 7 * 24 * 60 * 60 * 1000, ...options },
    options.env ?? process.env,
    warn,
  );
  const ruleProblems: string[] = [];
  const stamper = new FailureStamper(config, options.strictRules ? (m) => ruleProblems.push(m) : warn, warn);
  if (ruleProblems.length > 0) {
    throw new OtlpInputError(rulesFileMessage(config.rulesFile, ruleProblems), config.rulesFile ?? '');
  }
  const input = await openInput(path);
  try {
    return await classifyInput(input, stamper, config.enabled, options);
  } finally {
    await input.release();
  }
}

/**
 * Traces whose runs the single pass remembers, to notice a tool span written after a run of
 * its trace. A file with more runs than this is classified in two passes.
 */
const MAX_SINGLE_PASS_RUN_TRACES = 1_000_000;

/** Where a pass stands: the result so far, and whether the stamped document changed. */
interface PassState {
  result: ClassifyOtlpResult;
  changed: boolean;
}

async function classifyInput(input: InputSource, stamper: FailureStamper, enabled: boolean, options: ClassifyOtlpOptions) {
  const maxBytes = options.maxRecordBytes ?? MAX_RECORD_BYTES;
  const label = input.label;
  let fmt = await detectFormat(input.path, label, input.size, maxBytes);
  let out: OutputTarget | undefined = options.output !== undefined ? await openOutput(options.output, input) : undefined;
  try {
    // One pass when its output can be taken back: tools and runs in file order, which is the
    // order an exporter writes them (a tool span ends before its run). A tool span written
    // after a run of its trace could change that run's stamps: the pass then stops, and the
    // file is classified again in two passes (tools first, then runs), with the output opened
    // anew and the document read again (stamps were set on it).
    let state: PassState | undefined;
    if (enabled && (out === undefined || out.rewindable)) {
      state = await stampPass(input, fmt, stamper, enabled, options, out, true);
      if (state === undefined) {
        stamper.tools.clear();
        if (out !== undefined) {
          await out.abort();
          out = await openOutput(options.output!, input);
        }
        fmt = await detectFormat(input.path, label, input.size, maxBytes);
      }
    }
    if (state === undefined) {
      const scan = enabled ? await scanTools(input, fmt, stamper, options) : undefined;
      state = await stampPass(input, fmt, stamper, enabled, options, out, false, scan);
    }
    const { result, changed } = state!;

    if (out !== undefined) {
      const target = out;
      if (!enabled || (fmt.format === 'json' && !changed)) {
        // Nothing to stamp: the input, byte for byte.
        await target.copyFrom(input.path).catch((e: unknown) => {
          throw writeError(options, e);
        });
      } else if (fmt.format === 'json') {
        const onSkip = (part: string, e: unknown): void => {
          result.malformed++;
          addError(result, options, { line: 1 }, `${part} left out of the output: ${describe(e)}`);
        };
        for (const piece of documentPieces((fmt as { document: unknown }).document, onSkip)) {
          await target.write(piece).catch((e: unknown) => {
            throw writeError(options, e);
          });
        }
      }
      await target.commit();
      result.output = options.output;
      if (target.toStdout) result.outputToStdout = true;
    }
    return result;
  } catch (e) {
    await out?.abort();
    if (e instanceof OtlpInputError) throw e;
    throw new OtlpInputError(
      `${options.output !== undefined ? `cannot process ${label} into ${options.output}` : `cannot read ${label}`}: ${describeFsError(e)}`,
      label,
    );
  }
}

function addError(
  result: ClassifyOtlpResult,
  options: ClassifyOtlpOptions,
  item: Pick<RecordItem, 'line' | 'record'>,
  message: string,
): void {
  if (result.errors.length < (options.maxErrors ?? 100)) {
    const e: OtlpRecordError = { file: result.file, line: item.line, message };
    if (item.record !== undefined) e.record = item.record;
    result.errors.push(e);
  }
}

/** A failure to write the output, as the command reports it. */
function writeError(options: ClassifyOtlpOptions, e: unknown): OtlpInputError {
  return new OtlpInputError(`cannot write ${options.output}: ${describeFsError(e)}`, options.output ?? '');
}

/** A failure to read the input, as the command reports it. */
function readError(input: InputSource, e: unknown): OtlpInputError {
  return e instanceof OtlpInputError ? e : new OtlpInputError(`cannot read ${input.label}: ${describeFsError(e)}`, input.label);
}

function progressEvery(options: ClassifyOtlpOptions): number {
  return options.progressEvery !== undefined && options.progressEvery > 0 ? options.progressEvery : 10_000;
}

/** What the two-pass mode's first pass saw: spans read, and lines it skipped unparsed. */
interface ToolScan {
  scanned: number;
  skipped: number;
}

/**
 * The first of two passes: tool spans, in their trace. It parses only the JSON Lines lines that
 * may hold a tool span, and adapts only the tool spans.
 */
async function scanTools(input: InputSource, fmt: Format, stamper: FailureStamper, options: ClassifyOtlpOptions): Promise<ToolScan> {
  const every = progressEvery(options);
  const scan: ToolScan = { scanned: 0, skipped: 0 };
  const mayMatter = (line: string): boolean => {
    if (mayHoldTool(line)) return true;
    scan.skipped++;
    return false;
  };
  try {
    for await (const item of records(input.path, fmt, options.maxRecordBytes ?? MAX_RECORD_BYTES, mayMatter)) {
      if (item.error !== undefined) continue;
      try {
        for (const span of spansOfRequest(item.value).spans) {
          if (isToolSpan(span)) stamper.recordTool(adaptOtlpSpan(span));
          scan.scanned++;
          if (options.onProgress && scan.scanned % every === 0) options.onProgress({ phase: 'scan', spans: scan.scanned });
        }
      } catch {
        // Reported by the stamping pass.
      }
    }
  } catch (e) {
    throw readError(input, e);
  }
  return scan;
}

/**
 * Stamps agent runs, counts, writes (JSON Lines: record by record). With `single`, it also
 * records each record's tool spans before stamping its runs, and returns undefined as soon as a
 * tool span comes after a run of its trace (or the runs' traces are too many to remember).
 */
async function stampPass(
  input: InputSource,
  fmt: Format,
  stamper: FailureStamper,
  enabled: boolean,
  options: ClassifyOtlpOptions,
  out: OutputTarget | undefined,
  single: boolean,
  scan?: ToolScan,
): Promise<PassState | undefined> {
  const every = progressEvery(options);
  const onProgress = options.onProgress;
  const result: ClassifyOtlpResult = {
    file: input.label,
    format: fmt.format,
    enabled,
    records: 0,
    malformed: 0,
    spans: 0,
    toolSpans: 0,
    agentRuns: 0,
    failedRuns: 0,
    tally: new FailureTally(),
    errors: [],
  };
  // The spans in the file are known when the first pass parsed every line.
  const totalSpans = scan !== undefined && scan.skipped === 0 ? { totalSpans: scan.scanned } : {};
  // Single pass: the traces whose runs have been stamped.
  const runTraces = new Set<string>();
  let toolAfterRun = false;
  const recordTools = (spans: OtlpSpan[], roles: SpanRole[]): void => {
    for (let i = 0; i < spans.length; i++) {
      if (roles[i] !== 'tool') continue;
      try {
        const view = adaptOtlpSpan(spans[i]!);
        if (runTraces.has(view.spanContext().traceId)) toolAfterRun = true;
        stamper.recordTool(view);
      } catch {
        // As in the first of two passes: a tool span that cannot be read is left out.
      }
    }
  };
  const stampSpans = (spans: OtlpSpan[]): RecordCounts => {
    const counts: RecordCounts = { spans: spans.length, toolSpans: 0, runs: [], changed: false };
    // The role first, off the raw span: only runs (and, in a single pass, tools) are adapted.
    const roles = spans.map((span) => stamper.roleOf(otlpRoleProbe(span)));
    if (single) recordTools(spans, roles);
    for (let i = 0; i < spans.length; i++) {
      const role = roles[i];
      if (role === 'tool') counts.toolSpans++;
      if (role !== 'run') continue;
      const span = spans[i]!;
      const view = adaptOtlpSpan(span);
      if (single) runTraces.add(view.spanContext().traceId);
      // Already classified (a live processor, or an earlier backfill): counted as it is.
      const alreadyStamped = isStamped(view);
      const stamps = enabled ? stamper.endRun(view) : undefined;
      if (stamps !== undefined && out !== undefined) setOtlpAttributes(span, stamps);
      counts.changed ||= stamps !== undefined;
      const attributes = stamps === undefined ? view.attributes : Object.assign({}, view.attributes, stamps);
      counts.runs.push({ attributes, status: view.status, stamped: alreadyStamped || stamps !== undefined });
    }
    return counts;
  };
  const addCounts = (counts: RecordCounts): void => {
    result.records++;
    for (let i = 0; i < counts.spans; i++) {
      result.spans++;
      if (onProgress && result.spans % every === 0) onProgress({ phase: 'classify', spans: result.spans, ...totalSpans });
    }
    result.toolSpans += counts.toolSpans;
    for (const run of counts.runs) {
      result.agentRuns++;
      if (!enabled) {
        result.tally.countRun(run.status);
        continue;
      }
      if (run.stamped) result.failedRuns++;
      result.tally.addRun(run.attributes, run.status);
    }
  };
  const writeOut = async (data: Uint8Array): Promise<void> => {
    try {
      await out?.write(data);
    } catch (e) {
      throw writeError(options, e);
    }
  };
  const writeLines = out !== undefined && enabled && fmt.format === 'jsonl';
  const batch = new LineBatch(writeOut);
  let changed = false;
  try {
    for await (const item of records(input.path, fmt, options.maxRecordBytes ?? MAX_RECORD_BYTES)) {
      if (item.error !== undefined) {
        result.malformed++;
        addError(result, options, item, item.error);
        continue;
      }
      let line: string | Uint8Array | undefined = item.bytes ?? item.text;
      try {
        const { spans, problems } = spansOfRequest(item.value);
        for (const p of problems.slice(0, 3)) addError(result, options, item, p);
        if (spans.length === 0 && problems.length > 0) {
          result.malformed++;
        } else {
          const counts = stampSpans(spans);
          if (toolAfterRun || runTraces.size > MAX_SINGLE_PASS_RUN_TRACES) return undefined;
          if (counts.changed && writeLines) line = stringifyRecord(item.value);
          addCounts(counts);
          changed ||= counts.changed;
        }
      } catch (e) {
        // One record the stamper or the writer cannot handle: skipped and reported, the rest goes on.
        result.malformed++;
        addError(result, options, item, `record skipped${writeLines ? ' (written unchanged)' : ''}: ${describe(e)}`);
        line = item.bytes ?? item.text;
      }
      if (writeLines) await batch.add(line as string | Uint8Array);
    }
  } catch (e) {
    throw readError(input, e);
  }
  await batch.flush();
  return { result, changed };
}
