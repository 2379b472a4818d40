/**
 * How an expression result becomes the keys it is matched on (design §6: "Values compare as
 * strings after trimming and case-folding; an array result matches on any of its scalar elements;
 * null, "", objects and errors are 'no value'"). Both sides go through the same function, so a
 * PlusPlus user and a Slack member match when they share at least one key.
 *
 * Decisions:
 * - **Strings** are trimmed (JavaScript `trim`: Unicode white space, including no-break space and
 *   the BOM), lower-cased with `toLowerCase()` and put in Unicode NFC, so `"José"` typed with a
 *   combining accent equals the precomposed one. `toLowerCase()` is locale-independent (Unicode's
 *   default mapping; no Turkish dotless-i rules). It is lower-casing, not full case folding: `ß`
 *   and `ss` stay different, as do compatibility forms such as full-width letters (no NFKC).
 *   E-mail addresses, ids and names compare as people expect; the rare exceptions are documented
 *   in docs/matching.md. A string that is empty after trimming is no value.
 * - **Numbers and booleans** compare as their JavaScript string form: `42` equals `"42"`, `4.50`
 *   equals `"4.5"`, `true` equals `"true"`; `"042"` does not equal `42`. The result of a JMESPath
 *   expression is JSON, so there is no NaN or Infinity (the wrapper turns them into `null`).
 * - **Arrays** match on any of their scalar elements (strings, numbers, booleans), one level
 *   deep: nested arrays, objects and `null` elements are ignored. An array with no scalar
 *   element is no value. Use `[]` (flatten) or a projection in the expression to go deeper.
 * - **`null`, objects** (and anything else) are no value. Evaluation errors are handled by the
 *   matcher (the user's outcome is `expression_error`; a member with an error has no value).
 */

const NON_ASCII = /[\u0080-\uffff]/;

/**
 * The comparison key of one scalar result, or `null` for no value. This is the hot path of
 * matching: for an ASCII string it is one `trim`, one `toLowerCase` and one regex test.
 */
export function scalarKey(value: unknown): string | null {
  switch (typeof value) {
    case 'string':
      return stringKey(value);
    case 'number':
      return Number.isFinite(value) ? String(value) : null;
    case 'boolean':
      return value ? 'true' : 'false';
    default:
      return null;
  }
}

/** The comparison key of a string: trimmed, lower-cased, NFC; `null` when empty after trimming. */
export function stringKey(value: string): string | null {
  const trimmed = value.trim();
  if (trimmed === '') return null;
  const lower = trimmed.toLowerCase();
  // normalize() is the slow part and never changes ASCII text.
  return NON_ASCII.test(lower) ? lower.normalize('NFC') : lower;
}

/**
 * Every key an expression result matches on, without duplicates, in first-seen order. Empty when
 * the result is no value.
 */
export function matchKeys(result: unknown): string[] {
  if (!Array.isArray(result)) {
    const key = scalarKey(result);
    return key === null ? [] : [key];
  }
  const keys = new Set<string>();
  for (const element of result) {
    const key = scalarKey(element);
    if (key !== null) keys.add(key);
  }
  return [...keys];
}
