/**
 * One table (rules/rules.json, `processEnd`) for what the end of a process means. A signal, and the exit code a shell
 * reports for it (128 + the signal's number), decide the same reason, whether the host
 * recorded the fact or the agent printed it ("exited with code 137").
 *
 * `decisive` facts beat any text (a SIGKILL is a crash, whatever half-written line stderr
 * ended on); `conventional` ones explain a run that no specific text explains; any other
 * signal is a crash only when nothing else explains the run.
 */
import { RULES } from './rules/rule-data.js';
import type { FailureReason } from './taxonomy.js';

export type FactWeight = 'decisive' | 'conventional';

export interface ProcessEndMeaning {
  reason: FailureReason;
  weight: FactWeight;
}

// Linux numbering (signal(7)); the shell reports death by signal n as exit code 128 + n.
const SIGNALS = RULES.processEnd.signals;

const BY_SIGNAL: ReadonlyMap<string, ProcessEndMeaning> = new Map(SIGNALS.map((s) => [s.name, { reason: s.reason, weight: s.weight }]));

const BY_EXIT_CODE: ReadonlyMap<number, ProcessEndMeaning> = new Map<number, ProcessEndMeaning>([
  ...RULES.processEnd.exitCodes.map((e): [number, ProcessEndMeaning] => [e.code, { reason: e.reason, weight: e.weight }]),
  ...SIGNALS.map((s): [number, ProcessEndMeaning] => [128 + s.number, { reason: s.reason, weight: s.weight }]),
]);

/** Exit codes that mean the process crashed, for rules that read them in text. */
export const CRASH_EXIT_CODES: readonly number[] = Object.freeze(
  [...BY_EXIT_CODE].filter(([, m]) => m.reason === 'process_crash').map(([code]) => code),
);

// Windows NTSTATUS failure codes as exit codes (0xC0000005 access violation, 0xC0000409
// stack overrun…), unsigned or as the signed 32-bit value.
function isWindowsCrashCode(code: number): boolean {
  return (code >= 0xc0000000 && code <= 0xcfffffff) || (code <= -0x30000000 && code >= -0x40000000);
}

/** `SIGKILL` for `kill`, `sigkill`, ` SIGKILL `; undefined for no signal. */
export function normalizeSignal(signal: unknown): string | undefined {
  if (typeof signal !== 'string' || signal.length === 0 || signal.length > 16) return undefined;
  const s = signal.trim().toUpperCase();
  return s.startsWith('SIG') ? s : `SIG${s}`;
}

/** What a terminating signal means, when the table knows it. */
export function signalMeaning(signal: string): ProcessEndMeaning | undefined {
  return BY_SIGNAL.get(signal);
}

/** What an exit code means, when the table knows it (0 and plain failures are not in it). */
export function exitCodeMeaning(code: number): ProcessEndMeaning | undefined {
  if (isWindowsCrashCode(code)) return { reason: 'process_crash', weight: 'decisive' };
  return BY_EXIT_CODE.get(code);
}
