/** Characters nobody reads: removed before matching, so they cannot hide a secret. */
import { INVISIBLE } from './patterns.js';

/** Removes control and invisible characters (tab and newline stay). */
export function removeInvisible(text: string): string {
  INVISIBLE.lastIndex = 0;
  return INVISIBLE.test(text) ? text.replace(INVISIBLE, '') : text;
}

/** Replaces lone surrogates by U+FFFD, so the text is valid UTF-16 (and UTF-8 once encoded). */
export function toWellFormed(text: string): string {
  const s = text as string & { toWellFormed?: () => string };
  if (typeof s.toWellFormed === 'function') return s.toWellFormed();
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = i + 1 < text.length ? text.charCodeAt(i + 1) : 0;
      if (next >= 0xdc00 && next <= 0xdfff) {
        out += text[i]! + text[i + 1]!;
        i++;
      } else {
        out += '\ufffd';
      }
    } else if (c >= 0xdc00 && c <= 0xdfff) {
      out += '\ufffd';
    } else {
      out += text[i]!;
    }
  }
  return out;
}
