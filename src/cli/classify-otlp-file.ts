/**
 * Classifying the agent runs of an OTLP JSON traces file with the same stamper the processor
 * uses, and optionally writing the traces back with the stamps added as OTLP attributes.
 *
 * Two passes over the file: the first remembers tool spans in their trace (a tool may be
 * written after its run), the second stamps runs. A malformed line or record is reported
 * with its file and line and skipped; the rest is processed.
 */
import { once } from 'node:events';
import { createWriteStream, promises as fsp } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import { resolveConfig, type AgentFailureOptions } from '../otel/config.js';
import type { Env } from '../otel/env.js';
import { FailureStamper, isStamped } from '../otel/stamper.js';
import { adaptOtlpSpan, setOtlpAttributes, spansOfRequest } from './otlp-codec.js';
import {
  checkReadable,
  describeFsError,
  detectFormat,
  OtlpInputError,
  records,
  write,
  type OtlpRecordError,
  type Output,
  type RecordItem,
} from './otlp-records.js';
import { FailureTally } from './tally.js';

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

/**
 * Classifies the agent runs of an OTLP JSON traces file.
 * @throws OtlpInputError when the file cannot be read, or the output cannot be written
 */
export async function classifyOtlpFile(path: string, options: ClassifyOtlpOptions = {}): Promise<ClassifyOtlpResult> {
  const warn = options.warn ?? ((): void => {});
  // Every run of the file is tracked at once: the bound is the file, not a live service.
  const config = resolveConfig(
    { maxTrackedTraces: 10_000_000, trackedTraceMaxAgeMs: 7 * 24 * 60 * 60 * 1000, ...options },
    options.env ?? process.env,
    warn,
  );
  const stamper = new FailureStamper(config, warn, warn);
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

  // Pass 1: tool spans, in their trace.
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
        // Already classified (a live processor, or an earlier backfill): counted as it is.
        const stamped = isStamped(view);
        const stamps = stamper.endRun(view);
        if (stamped) result.failedRuns++;
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
    throw new OtlpInputError(
      `${options.output !== undefined ? `cannot process ${path} into ${options.output}` : `cannot read ${path}`}: ${describeFsError(e)}`,
      path,
    );
  }
  return result;
}
