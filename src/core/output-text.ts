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

/**
 * The plain text of an output value. GenAI `gen_ai.output.messages` holds JSON messages
 * (`[{"role":"assistant","parts":[{"type":"text","content":"…"}]}]`); their text parts are
 * joined. Other values are returned as they are. Bounded: large JSON is not parsed.
 */
export function outputText(value: string, maxJsonLength: number): string | undefined {
  const t = value.trim();
  if ((t[0] !== '[' && t[0] !== '{') || t.length > maxJsonLength) return value;
  let parsed: unknown;
  try {
    parsed = JSON.parse(t);
  } catch {
    return value;
  }
  if (isEmptyMessages(parsed)) return '';
  const parts: string[] = [];
  collectText(parsed, parts, 0);
  // Content without text (an image part, a tool call, {"answer": 42}) is output all the
  // same: neither empty nor a notice.
  return parts.length > 0 ? parts.join('\n') : undefined;
}

/** `[]`, or messages none of which has content or a part. */
function isEmptyMessages(node: unknown): boolean {
  if (!Array.isArray(node)) return false;
  return node.every((m) => {
    if (m === null || typeof m !== 'object') return false;
    const r = m as Record<string, unknown>;
    const noParts = r.parts === undefined || (Array.isArray(r.parts) && r.parts.length === 0);
    const noContent = r.content === undefined || r.content === '' || (Array.isArray(r.content) && r.content.length === 0);
    return noParts && noContent;
  });
}

function collectText(node: unknown, out: string[], depth: number): void {
  if (depth > 6 || out.length >= 64 || node === null || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const item of node) collectText(item, out, depth + 1);
    return;
  }
  const record = node as Record<string, unknown>;
  for (const key of ['content', 'text']) {
    const v = record[key];
    if (typeof v === 'string') out.push(v);
    else collectText(v, out, depth + 1);
  }
  if (Array.isArray(record.parts)) collectText(record.parts, out, depth + 1);
}
