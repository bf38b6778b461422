/**
 * A user rules file (`--rules`, or `AGENT_FAILURE_RULES_FILE`) the CLI cannot use is an input
 * problem (exit 1), where the processor only warns and keeps the built-ins.
 */
import { InputError } from './command.js';

const SHOWN = 10;

/** The message for a rules file with problems; each problem already names the file. */
export function rulesFileMessage(file: string | undefined, problems: readonly string[]): string {
  const lines = problems.slice(0, SHOWN).map((p) => `  ${p}`);
  if (problems.length > SHOWN) lines.push(`  ... (${problems.length - SHOWN} more)`);
  return `cannot use the rules file ${file ?? '(inline rules)'}:\n${lines.join('\n')}`;
}

export function rulesFileError(file: string | undefined, problems: readonly string[]): InputError {
  return new InputError(rulesFileMessage(file, problems));
}
