/**
 * Counting stamped agent runs into buckets and printing them as plain tables with a bar per
 * bucket. Shared by the CLI (`classify`) and the demo. No colours unless asked for.
 */
import type { Attributes } from '@opentelemetry/api';
import { sanitizeDetail } from '../core/redact.js';
import {
  ATTR_FAILURE_CLASSIFIER_VERSION,
  ATTR_FAILURE_CLOSE_REASON,
  ATTR_FAILURE_REASON,
  ATTR_RETRY_SAFE,
  STATUS_CODE_ERROR,
} from '../otel/attributes.js';

/** Distinct "before" labels kept; further ones are counted under `(other)`. */
const MAX_BEFORE_LABELS = 200;
const MAX_LABEL_TEXT = 48;

/**
 * A label made of span text (a status message, a reason read from the file): redacted like
 * `failure.detail` (keys, tokens, e-mails), cleaned of control characters, on one line, clipped.
 */
function clipLabel(text: string): string {
  return sanitizeDetail(text, MAX_LABEL_TEXT);
}

function bump(map: Map<string, number>, key: string, by = 1): void {
  map.set(key, (map.get(key) ?? 0) + by);
}

/** Counts of agent runs, before (status as a backend groups it today) and after stamping. */
export class FailureTally {
  /** Agent runs seen. */
  runs = 0;
  /** Agent runs that carry failure stamps. */
  failed = 0;
  /** What a backend groups by without this package: span status and status message. */
  readonly before = new Map<string, number>();
  readonly reasons = new Map<string, number>();
  readonly closeReasons = new Map<string, number>();
  readonly retrySafe = { true: 0, false: 0 };

  /**
   * Counts one agent run.
   * @param attributes the run's attributes after stamping
   * @param status the run's status as it was recorded
   */
  addRun(attributes: Attributes, status: { code: number; message?: string | undefined } | undefined): void {
    this.countRun(status);
    const stamped = attributes[ATTR_FAILURE_CLASSIFIER_VERSION] !== undefined || typeof attributes[ATTR_RETRY_SAFE] === 'boolean';
    if (!stamped) return;
    this.failed++;
    const reason = attributes[ATTR_FAILURE_REASON];
    bump(this.reasons, typeof reason === 'string' && reason.length > 0 ? clipLabel(reason) : '(none)');
    const close = attributes[ATTR_FAILURE_CLOSE_REASON];
    bump(this.closeReasons, typeof close === 'string' && close.length > 0 ? clipLabel(close) : '(no close reason)');
    if (attributes[ATTR_RETRY_SAFE] === true) this.retrySafe.true++;
    else this.retrySafe.false++;
  }

  /** Counts one agent run in the BEFORE table only (classification is off). */
  countRun(status: { code: number; message?: string | undefined } | undefined): void {
    this.runs++;
    const label = beforeLabel(status);
    if (this.before.has(label) || this.before.size < MAX_BEFORE_LABELS) bump(this.before, label);
    else bump(this.before, '(other)');
  }

  toJSON(): Record<string, unknown> {
    return {
      runs: this.runs,
      failed: this.failed,
      before: Object.fromEntries(sortedEntries(this.before)),
      failureReason: Object.fromEntries(sortedEntries(this.reasons)),
      closeReason: Object.fromEntries(sortedEntries(this.closeReasons)),
      retrySafe: { ...this.retrySafe },
    };
  }
}

function beforeLabel(status: { code: number; message?: string | undefined } | undefined): string {
  if (status === undefined || status.code !== STATUS_CODE_ERROR) return 'OK / UNSET';
  const message = typeof status.message === 'string' ? clipLabel(status.message) : '';
  return message === '' ? 'ERROR (no message)' : `ERROR ${message}`;
}

/** Entries by count (highest first), then by label. */
export function sortedEntries(map: ReadonlyMap<string, number>): [string, number][] {
  return [...map.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

export interface TableOptions {
  /** Denominator of the share column. Default: the sum of the rows. */
  total?: number;
  /** Width of the longest bar. Default 24. */
  barWidth?: number;
  /** ANSI colours (only for a terminal). Default false. */
  color?: boolean;
  /** `#` bars instead of Unicode blocks. Default false. */
  ascii?: boolean;
  /** Keep the given row order instead of sorting by count. */
  keepOrder?: boolean;
  /** Header of the label column. */
  labelHeader?: string;
}

const EIGHTHS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

/** A bar of `value / max * width` cells. */
export function bar(value: number, max: number, width: number, ascii = false): string {
  if (max <= 0 || value <= 0 || width <= 0) return '';
  const cells = (value / max) * width;
  if (ascii) return '#'.repeat(Math.max(1, Math.round(cells)));
  const full = Math.floor(cells);
  const rest = Math.round((cells - full) * 8);
  let out = '█'.repeat(full);
  if (rest === 8) out += '█';
  else out += EIGHTHS[rest] ?? '';
  return out === '' ? '▏' : out;
}

const ANSI = /\u001b\[[0-9;]*m/g;

/** Printed width of a line (ANSI colour codes take none). */
export function visibleWidth(text: string): number {
  return [...text.replace(ANSI, '')].length;
}

function padEnd(text: string, width: number): string {
  const w = visibleWidth(text);
  return w >= width ? text : text + ' '.repeat(width - w);
}

/**
 * A table: title line, one line per bucket with count, share and bar.
 * @param rows a map or entries; sorted by count unless `keepOrder`
 */
export function renderTable(
  title: string,
  rows: ReadonlyMap<string, number> | readonly [string, number][],
  options: TableOptions = {},
): string[] {
  const entries: [string, number][] = rows instanceof Map ? [...rows.entries()] : [...(rows as readonly [string, number][])];
  const list = options.keepOrder ? entries : sortedEntries(new Map(entries));
  const sum = list.reduce((s, [, n]) => s + n, 0);
  const total = options.total ?? sum;
  const max = list.reduce((m, [, n]) => Math.max(m, n), 0);
  const barWidth = options.barWidth ?? 24;
  const color = options.color === true;
  const labelWidth = Math.max(options.labelHeader?.length ?? 0, ...list.map(([l]) => visibleWidth(l)), 8);
  const countWidth = Math.max(5, ...list.map(([, n]) => String(n).length));
  const bold = (s: string): string => (color ? `\u001b[1m${s}\u001b[0m` : s);
  const cyan = (s: string): string => (color && s ? `\u001b[36m${s}\u001b[0m` : s);
  const dim = (s: string): string => (color ? `\u001b[2m${s}\u001b[0m` : s);

  const lines = [bold(title)];
  lines.push(dim(`  ${padEnd(options.labelHeader ?? '', labelWidth)}  ${'count'.padStart(countWidth)}  ${'share'.padStart(6)}`));
  if (list.length === 0) lines.push(dim('  (none)'));
  for (const [label, n] of list) {
    const share = total > 0 ? `${((n / total) * 100).toFixed(1)}%` : '-';
    lines.push(
      `  ${padEnd(label, labelWidth)}  ${String(n).padStart(countWidth)}  ${share.padStart(6)}  ${cyan(bar(n, max, barWidth, options.ascii))}`,
    );
  }
  return lines;
}

/** Two blocks of lines next to each other; the left one is padded to its widest line. */
export function sideBySide(left: readonly string[], right: readonly string[], gap = 4): string[] {
  const width = left.reduce((w, l) => Math.max(w, visibleWidth(l)), 0);
  const out: string[] = [];
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const l = left[i] ?? '';
    const r = right[i] ?? '';
    out.push(r === '' ? l.trimEnd() : `${padEnd(l, width)}${' '.repeat(gap)}${r}`.trimEnd());
  }
  return out;
}

/** Width of the widest line of a block. */
export function blockWidth(lines: readonly string[]): number {
  return lines.reduce((w, l) => Math.max(w, visibleWidth(l)), 0);
}

export interface TallyRenderOptions extends TableOptions {
  /** Terminal width; side by side only when both blocks fit. Default: side by side. */
  columns?: number;
  /** Print the BEFORE block next to the AFTER block. Default true. */
  before?: boolean;
}

/** The AFTER tables of a tally: per failure.reason, per close reason, retry.safe. */
export function renderAfter(tally: FailureTally, options: TableOptions = {}): string[] {
  const total = tally.failed;
  const lines = [
    ...renderTable(`AFTER: failure.reason (${total} failed runs)`, tally.reasons, { ...options, total, labelHeader: 'failure.reason' }),
    '',
    ...renderTable('AFTER: failure.close_reason', tally.closeReasons, { ...options, total, labelHeader: 'failure.close_reason' }),
    '',
    ...renderTable(
      'AFTER: retry.safe',
      [
        ['retry.safe=true', tally.retrySafe.true],
        ['retry.safe=false', tally.retrySafe.false],
      ],
      { ...options, total, keepOrder: true, labelHeader: 'retry.safe' },
    ),
  ];
  return lines;
}

/** The BEFORE table: span status as a backend groups it today. */
export function renderBefore(tally: FailureTally, options: TableOptions = {}): string[] {
  return renderTable(`BEFORE: span status (${tally.runs} agent runs)`, tally.before, {
    ...options,
    total: tally.runs,
    labelHeader: 'status + message',
  });
}

/** BEFORE and AFTER, side by side when they fit in `columns`, else one under the other. */
export function renderTally(tally: FailureTally, options: TallyRenderOptions = {}): string[] {
  const after = renderAfter(tally, options);
  if (options.before === false) return after;
  const before = renderBefore(tally, options);
  const fits = options.columns === undefined || blockWidth(before) + 4 + blockWidth(after) <= options.columns;
  return fits ? sideBySide(before, after) : [...before, '', ...after];
}
