/** Authoritative error lists the built-in rules cite as their source. */
export const SOURCES = Object.freeze({
  ANTHROPIC_ERRORS: 'https://docs.anthropic.com/en/api/errors',
  OPENAI_ERRORS: 'https://platform.openai.com/docs/guides/error-codes',
  GEMINI_ERRORS: 'https://ai.google.dev/gemini-api/docs/troubleshooting',
  BEDROCK_ERRORS: 'https://docs.aws.amazon.com/bedrock/latest/APIReference/CommonErrors.html',
  NODE_ERRORS: 'https://nodejs.org/api/errors.html#common-system-errors',
  UNDICI_ERRORS: 'https://undici.nodejs.org/#/docs/api/Errors',
  JSONRPC_SPEC: 'https://www.jsonrpc.org/specification#error_object',
});
