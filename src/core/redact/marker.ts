/** What replaces a secret in exported text. */
export const REDACTED = '[REDACTED]';

/** What replaces an e-mail address. */
export const EMAIL_MARKER = '[EMAIL]';

/** What replaces a home directory (and the user name in it). */
export const HOME_MARKER = '~';
