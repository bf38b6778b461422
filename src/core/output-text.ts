/**
 * Runs that look successful but are not: an agent CLI that hits its turn limit, runs out of
 * context, or swallows a provider error often exits 0 and prints a short notice as its
 * whole result. Only short outputs that *start* like such a notice count; a long answer
 * that merely quotes the phrase is a real result.
 */
// Anchored at the start of the (trimmed) output. Shapes from Claude Code's result text
// ("API Error: 529 …", "Prompt is too long", "Credit balance is too low",
// "Claude AI usage limit reached|…", "Invalid API key · Please run /login"), Codex
// ("You've hit your usage limit"), and agent frameworks' iteration-limit fallbacks.
const NOTICE_START =
  /^(?:\[?api error|execution error|i(?: have|'ve|’ve)? (?:reached|hit|exceeded)|(?:agent )?(?:reached|hit|exceeded) (?:the |my )?(?:max|maximum|iteration|turn|step)|(?:the )?conversation (?:is )?too long|prompt is too long|context (?:window|limit)|credit balance is too low|invalid api key|not logged in|claude ai usage limit reached|you've hit your usage limit|agent stopped due to (?:iteration|max)|stopped: (?:max|iteration))/i;

/**
 * True when the whole output is a short known fallback notice rather than a real answer.
 * @param output the run's whole output
 * @param maxLength outputs longer than this are never notices
 */
export function isFallbackNotice(output: string, maxLength: number): boolean {
  if (output.length > maxLength) return false;
  return NOTICE_START.test(output.trim());
}

/** What a run's output attribute holds. */
export interface OutputReading {
  /** Provably empty: nothing, blank text, `[]`, or messages whose every content-bearing part is empty. */
  empty: boolean;
  /** The output's plain text (text parts of JSON messages joined), when it has any. */
  text: string | undefined;
}

/** Longest JSON output parsed to look inside; a longer one counts as output, unread. */
const MAX_JSON_PARSED = 16 * 1024;
/** Keys of message and part objects that carry no output of their own. */
const METADATA_KEYS: ReadonlySet<string> = new Set(['role', 'type', 'finish_reason', 'index', 'id', 'status']);
/** Keys whose string values are the text an agent showed. */
const TEXT_KEYS = ['content', 'text', 'message', 'output', 'value'];
const MAX_DEPTH = 8;
const MAX_ITEMS = 256;

/**
 * Reads an output value (`gen_ai.output.messages` by default) in every shape the GenAI
 * conventions and the major SDKs use: GenAI `parts`, OpenAI `content`/`tool_calls`, Anthropic
 * content blocks (`{"type":"text","text":…}`, `tool_use`), plain `message`/`output` fields, or
 * plain text. Empty means provably empty; anything unrecognised counts as output.
 */
export function readOutput(value: unknown): OutputReading {
  if (Array.isArray(value)) {
    const strings = value.filter((v): v is string => typeof v === 'string');
    if (strings.length !== value.length) return { empty: value.length === 0, text: undefined };
    return strings.reduce<OutputReading>((acc, v) => mergeReadings(acc, readOutput(v)), { empty: true, text: undefined });
  }
  if (typeof value !== 'string') return { empty: value === undefined || value === null, text: undefined };
  const t = value.trim();
  if (t === '' || t === '""' || t === 'null') return { empty: true, text: undefined };
  if ((t[0] !== '[' && t[0] !== '{') || t.length > MAX_JSON_PARSED) return { empty: false, text: value };
  let parsed: unknown;
  try {
    parsed = JSON.parse(t);
  } catch {
    return { empty: false, text: value };
  }
  const parts: string[] = [];
  collectText(parsed, parts, 0);
  return { empty: isProvablyEmpty(parsed, 0), text: parts.length > 0 ? parts.join('\n') : undefined };
}

function mergeReadings(a: OutputReading, b: OutputReading): OutputReading {
  const text = a.text === undefined ? b.text : b.text === undefined ? a.text : `${a.text}\n${b.text}`;
  return { empty: a.empty && b.empty, text };
}

/** True only when nothing in the value can be output: unrecognised shapes are output. */
function isProvablyEmpty(node: unknown, depth: number): boolean {
  if (node === null || node === undefined) return true;
  if (typeof node === 'string') return node.trim() === '';
  if (typeof node !== 'object' || depth > MAX_DEPTH) return false;
  if (Array.isArray(node)) return node.length <= MAX_ITEMS && node.every((item) => isProvablyEmpty(item, depth + 1));
  for (const [key, v] of Object.entries(node as Record<string, unknown>)) {
    if (METADATA_KEYS.has(key)) continue;
    if (!isProvablyEmpty(v, depth + 1)) return false;
  }
  return true;
}

function collectText(node: unknown, out: string[], depth: number): void {
  if (depth > MAX_DEPTH || out.length >= 64 || node === null || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length && i < MAX_ITEMS; i++) collectText(node[i], out, depth + 1);
    return;
  }
  const record = node as Record<string, unknown>;
  for (const key of TEXT_KEYS) {
    const v = record[key];
    if (typeof v === 'string') out.push(v);
    else collectText(v, out, depth + 1);
  }
  if (Array.isArray(record.parts)) collectText(record.parts, out, depth + 1);
}
