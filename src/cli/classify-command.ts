/** `classify`: count (and optionally stamp) the agent runs of an OTLP JSON traces file. */
import { classifyOtlpFile, type ClassifyOtlpResult } from './classify-otlp-file.js';
import { BIN, EXIT_INPUT, EXIT_OK, parse, UsageError, type Io } from './command.js';
import { HELP_CLASSIFY } from './help.js';
import { formatRecordError, OtlpInputError } from './otlp-records.js';
import { renderBefore, renderTally } from './tally.js';

function summaryJson(r: ClassifyOtlpResult): Record<string, unknown> {
  const tally = r.tally.toJSON();
  return {
    file: r.file,
    format: r.format,
    enabled: r.enabled,
    records: r.records,
    malformed: r.malformed,
    spans: r.spans,
    toolSpans: r.toolSpans,
    agentRuns: r.agentRuns,
    failedRuns: r.failedRuns,
    before: tally.before,
    failureReason: tally.failureReason,
    closeReason: tally.closeReason,
    retrySafe: tally.retrySafe,
    errors: r.errors.map((e) => ({ ...e, text: formatRecordError(e) })),
    ...(r.output !== undefined ? { output: r.output } : {}),
  };
}

export async function classify(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse('classify', args, {
    output: { type: 'string', short: 'o' },
    rules: { type: 'string' },
    json: { type: 'boolean' },
    progress: { type: 'boolean' },
  });
  if (values.help) {
    io.out(HELP_CLASSIFY);
    return EXIT_OK;
  }
  if (positionals.length === 0) throw new UsageError('classify needs a file', 'classify');
  if (positionals.length > 1)
    throw new UsageError(`classify takes one file, got ${positionals.length}: ${positionals.join(' ')}`, 'classify');
  const file = positionals[0] as string;
  const showProgress = values.progress === true || io.stderrIsTTY;
  const output = values.output as string | undefined;
  const rulesFile = values.rules as string | undefined;

  let result: ClassifyOtlpResult;
  try {
    result = await classifyOtlpFile(file, {
      env: io.env,
      ...(output !== undefined ? { output } : {}),
      ...(rulesFile !== undefined ? { rulesFile } : {}),
      warn: (m) => io.err(`warning: ${m}\n`),
      strictRules: true,
      ...(showProgress
        ? {
            onProgress: (p) =>
              io.err(
                p.phase === 'scan'
                  ? `${BIN}: scanned ${p.spans} spans for tool calls...\n`
                  : `${BIN}: classified ${p.spans}${p.totalSpans !== undefined ? `/${p.totalSpans}` : ''} spans...\n`,
              ),
          }
        : {}),
    });
  } catch (e) {
    if (e instanceof OtlpInputError) {
      io.err(`${BIN}: ${e.message}\n`);
      return EXIT_INPUT;
    }
    throw e;
  }

  if (result.malformed > 0) {
    io.err(
      `${BIN}: warning: ${result.malformed} malformed line(s)/record(s) in ${result.file} skipped${result.records > 0 ? '; the rest was processed' : ''}\n`,
    );
    for (const e of result.errors.slice(0, 5)) io.err(`  ${formatRecordError(e)}\n`);
    if (result.errors.length > 5 || result.malformed > 5) io.err(`  ... (${Math.max(result.malformed, result.errors.length) - 5} more)\n`);
  } else if (result.errors.length > 0) {
    io.err(`${BIN}: warning: ${result.errors.length} malformed part(s) in ${result.file} skipped\n`);
    for (const e of result.errors.slice(0, 5)) io.err(`  ${formatRecordError(e)}\n`);
  }
  if (result.records === 0) {
    const empty = file === '-' ? 'the input is empty' : 'the file is empty';
    const why = result.malformed > 0 ? `all ${result.malformed} line(s)/record(s) are malformed` : empty;
    io.err(`${BIN}: no OTLP trace records in ${result.file}: ${why}\n`);
    return EXIT_INPUT;
  }

  // With the stamped traces on stdout, the summary goes to stderr.
  const print = result.outputToStdout ? io.err : io.out;
  if (values.json) {
    print(`${JSON.stringify(summaryJson(result), null, 2)}\n`);
    return EXIT_OK;
  }
  const color = (result.outputToStdout ? io.stderrIsTTY : io.stdoutIsTTY) && io.env.NO_COLOR === undefined;
  print(
    `${result.file}: ${result.records} record(s), ${result.spans} span(s), ${result.agentRuns} agent run(s), ` +
      `${result.failedRuns} failed, ${result.toolSpans} tool span(s)${result.malformed > 0 ? `, ${result.malformed} malformed skipped` : ''}\n\n`,
  );
  if (result.agentRuns === 0) {
    print('No agent runs found (spans with gen_ai.operation.name=invoke_agent or a runtime_close event).\n');
  } else if (!result.enabled) {
    for (const line of renderBefore(result.tally, { color })) print(`${line}\n`);
    print('\nNot classified: AGENT_FAILURE_ENABLED=false turns classification off; nothing was stamped.\n');
  } else {
    const opts = io.columns !== undefined && !result.outputToStdout ? { color, columns: io.columns } : { color };
    for (const line of renderTally(result.tally, opts)) print(`${line}\n`);
    print(`\nretry.safe: ${result.tally.retrySafe.true} of ${result.failedRuns} failed runs are safe to retry as they are\n`);
  }
  if (result.output !== undefined) {
    const where = result.outputToStdout ? 'stdout' : result.output;
    print(`\n${result.enabled ? 'stamped traces' : 'traces (unchanged)'} written to ${where}\n`);
  }
  return EXIT_OK;
}
