/**
 * Classifying the agent runs of an OTLP JSON traces file with the same stamper the processor
 * uses, and optionally writing the traces back with the stamps added as OTLP attributes.
 *
 * Two passes over the file: the first remembers tool spans in their trace (a tool may be
 * written after its run), the second stamps runs. The first pass parses only the JSON Lines
 * lines that may hold a tool span, and adapts only the tool spans. (Keeping the parsed
 * records for the second pass was tried: the garbage collector ate what parsing once saved.) Stdin and FIFOs are copied once to a
 * temporary file first (see input-source.ts). A malformed or unprocessable line or record is
 * reported with its file and line and skipped; the rest is processed. A record that gets no
 * stamp is written back exactly as it was read.
 */
import type { Attributes } from '@opentelemetry/api';
import { resolveConfig, type AgentFailureOptions } from '../otel/config.js';
import type { Env } from '../otel/env.js';
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

/** Characters of JSON Lines output gathered before one write. */
const WRITE_BATCH = 256 * 1024;

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

async function classifyInput(input: InputSource, stamper: FailureStamper, enabled: boolean, options: ClassifyOtlpOptions) {
  const maxErrors = options.maxErrors ?? 100;
  const maxBytes = options.maxRecordBytes ?? MAX_RECORD_BYTES;
  const every = options.progressEvery !== undefined && options.progressEvery > 0 ? options.progressEvery : 10_000;
  const onProgress = options.onProgress;
  const label = input.label;
  const fmt = await detectFormat(input.path, label, input.size, maxBytes);
  const result: ClassifyOtlpResult = {
    file: label,
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
  const addError = (item: Pick<RecordItem, 'line' | 'record'>, message: string): void => {
    if (result.errors.length < maxErrors) {
      const e: OtlpRecordError = { file: label, line: item.line, message };
      if (item.record !== undefined) e.record = item.record;
      result.errors.push(e);
    }
  };
  const readError = (e: unknown): OtlpInputError =>
    e instanceof OtlpInputError ? e : new OtlpInputError(`cannot read ${label}: ${describeFsError(e)}`, label);

  const out: OutputTarget | undefined = options.output !== undefined ? await openOutput(options.output, input) : undefined;
  try {
    // Pass 1: tool spans, in their trace (not needed when nothing is classified).
    let scanned = 0;
    // Lines pass 1 skipped unparsed: their spans are not counted, so pass 2 knows no total.
    let skipped = 0;
    const mayMatter = (line: string): boolean => {
      if (mayHoldTool(line)) return true;
      skipped++;
      return false;
    };
    if (enabled) {
      try {
        for await (const item of records(input.path, fmt, maxBytes, mayMatter)) {
          if (item.error !== undefined) continue;
          try {
            for (const span of spansOfRequest(item.value).spans) {
              if (isToolSpan(span)) stamper.recordTool(adaptOtlpSpan(span));
              scanned++;
              if (onProgress && scanned % every === 0) onProgress({ phase: 'scan', spans: scanned });
            }
          } catch {
            // Reported by pass 2.
          }
        }
      } catch (e) {
        throw readError(e);
      }
    }

    // Pass 2: stamp agent runs, count, write (JSON Lines: record by record).
    const stampSpans = (spans: OtlpSpan[]): RecordCounts => {
      const counts: RecordCounts = { spans: spans.length, toolSpans: 0, runs: [], changed: false };
      for (const span of spans) {
        // The role first, off the raw span: only runs are adapted.
        const role = stamper.roleOf(otlpRoleProbe(span));
        if (role === 'tool') counts.toolSpans++;
        if (role !== 'run') continue;
        const view = adaptOtlpSpan(span);
        // Already classified (a live processor, or an earlier backfill): counted as it is.
        const alreadyStamped = isStamped(view);
        const stamps = enabled ? stamper.endRun(view) : undefined;
        if (stamps !== undefined && out !== undefined) setOtlpAttributes(span, stamps);
        counts.changed ||= stamps !== undefined;
        const attributes = stamps === undefined ? view.attributes : { ...view.attributes, ...stamps };
        counts.runs.push({ attributes, status: view.status, stamped: alreadyStamped || stamps !== undefined });
      }
      return counts;
    };
    const addCounts = (counts: RecordCounts): void => {
      result.records++;
      for (let i = 0; i < counts.spans; i++) {
        result.spans++;
        if (onProgress && result.spans % every === 0)
          onProgress({ phase: 'classify', spans: result.spans, ...(enabled && skipped === 0 ? { totalSpans: scanned } : {}) });
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
    const writeOut = async (data: string | Uint8Array): Promise<void> => {
      try {
        await out?.write(data);
      } catch (e) {
        throw new OtlpInputError(`cannot write ${options.output}: ${describeFsError(e)}`, options.output ?? '');
      }
    };
    const writeLines = out !== undefined && enabled && fmt.format === 'jsonl';
    // JSON Lines go out in batches of about WRITE_BATCH characters: one stream write per line
    // (a few KiB each) cost more CPU than stamping the runs.
    let batch: string[] = [];
    let batched = 0;
    const flushLines = async (): Promise<void> => {
      if (batch.length === 0) return;
      const data = batch.join('');
      batch = [];
      batched = 0;
      await writeOut(data);
    };
    let changed = false;
    try {
      for await (const item of records(input.path, fmt, maxBytes)) {
        if (item.error !== undefined) {
          result.malformed++;
          addError(item, item.error);
          continue;
        }
        let text = item.text;
        try {
          const { spans, problems } = spansOfRequest(item.value);
          for (const p of problems.slice(0, 3)) addError(item, p);
          if (spans.length === 0 && problems.length > 0) {
            result.malformed++;
          } else {
            const counts = stampSpans(spans);
            if (counts.changed && writeLines) text = stringifyRecord(item.value);
            addCounts(counts);
            changed ||= counts.changed;
          }
        } catch (e) {
          // One record the stamper or the writer cannot handle: skipped and reported, the rest goes on.
          result.malformed++;
          addError(item, `record skipped${writeLines ? ' (written unchanged)' : ''}: ${describe(e)}`);
          text = item.text;
        }
        if (writeLines) {
          batch.push(text as string, '\n');
          batched += (text as string).length + 1;
          if (batched >= WRITE_BATCH) await flushLines();
        }
      }
    } catch (e) {
      throw readError(e);
    }
    await flushLines();

    if (out !== undefined) {
      if (!enabled || (fmt.format === 'json' && !changed)) {
        // Nothing to stamp: the input, byte for byte.
        await out.copyFrom(input.path).catch((e: unknown) => {
          throw new OtlpInputError(`cannot write ${options.output}: ${describeFsError(e)}`, options.output ?? '');
        });
      } else if (fmt.format === 'json') {
        const onSkip = (part: string, e: unknown): void => {
          result.malformed++;
          addError({ line: 1 }, `${part} left out of the output: ${describe(e)}`);
        };
        for (const piece of documentPieces((fmt as { document: unknown }).document, onSkip)) await writeOut(piece);
      }
      await out.commit();
      result.output = options.output;
      if (out.toStdout) result.outputToStdout = true;
    }
  } catch (e) {
    await out?.abort();
    if (e instanceof OtlpInputError) throw e;
    throw new OtlpInputError(
      `${options.output !== undefined ? `cannot process ${label} into ${options.output}` : `cannot read ${label}`}: ${describeFsError(e)}`,
      label,
    );
  }
  return result;
}
