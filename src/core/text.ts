/** Bounding and normalising free text before any rule looks at it. */

/** Default number of characters examined per evidence field. */
export const DEFAULT_MAX_TEXT_LENGTH = 16 * 1024;

/**
 * Keeps at most `max` characters. Stderr is bounded from the end, because a process
 * prints its fatal error last; other fields keep their head.
 */
export function boundText(text: string, max: number, keep: 'head' | 'tail' = 'head'): string {
  if (text.length <= max) return text;
  return keep === 'tail' ? text.slice(text.length - max) : text.slice(0, max);
}

// CSI/OSC escape sequences as terminals and CLIs print them; each alternative is linear.
const ANSI_ESCAPE = /\u001b(?:\[[0-?]{0,32}[ -/]{0,8}[@-~]|\][^\u0007\u001b]{0,512}(?:\u0007|\u001b\\)|[@-Z\\-_])/g;

/** Removes terminal escape sequences; a no-op without an ESC character. */
export function stripAnsi(text: string): string {
  return text.includes('\u001b') ? text.replace(ANSI_ESCAPE, '') : text;
}

/** Coerces an attribute-like value to text, or undefined when it carries none. */
export function asText(value: unknown): string | undefined {
  if (typeof value === 'string') return value.length > 0 ? value : undefined;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) {
    // Bounded: at most 32 items of at most 16 KiB each, so joining never copies megabytes.
    const parts: string[] = [];
    for (let i = 0; i < value.length && i < 32; i++) {
      const v = value[i];
      if (typeof v === 'string') parts.push(v.length > 16384 ? v.slice(0, 16384) : v);
      else if (typeof v === 'number' || typeof v === 'boolean') parts.push(String(v));
    }
    return parts.length > 0 ? parts.join('\n') : undefined;
  }
  return undefined;
}
