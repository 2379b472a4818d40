/**
 * Text that JSON can carry but PostgreSQL cannot store, found before it reaches the database (where
 * it used to fail the request with a 500): U+0000, which text and jsonb both refuse, and UTF-16
 * surrogates without their pair, which jsonb refuses and text silently turns into U+FFFD. Both can
 * only arrive escaped (`\u0000`, `\ud800`): raw NUL is not valid JSON and invalid UTF-8 decodes to
 * U+FFFD, so a body without such an escape is not walked at all.
 */

export interface UnstorableText {
  /** Dotted path of the string or key (array items by index); '' for the body itself. */
  path: string;
  code: 'nul_character' | 'lone_surrogate';
  message: string;
}

const ESCAPE = /\\u(0000|[dD][89abcdefABCDEF])/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The first unstorable string or key of a parsed JSON body, given its raw text; or null. */
export function findUnstorableText(rawText: string, value: unknown): UnstorableText | null {
  return ESCAPE.test(rawText) ? walk(value, '') : null;
}

function check(text: string, path: string): UnstorableText | null {
  if (text.includes('\u0000')) return { path, code: 'nul_character', message: 'contains \\u0000' };
  if (LONE_SURROGATE.test(text)) {
    return { path, code: 'lone_surrogate', message: 'contains half of a UTF-16 surrogate pair' };
  }
  return null;
}

function walk(value: unknown, path: string): UnstorableText | null {
  if (typeof value === 'string') return check(value, path);
  if (value === null || typeof value !== 'object') return null;
  for (const [key, child] of Object.entries(value)) {
    const at = path === '' ? key : `${path}.${key}`;
    const found = check(key, at) ?? walk(child, at);
    if (found) return found;
  }
  return null;
}
