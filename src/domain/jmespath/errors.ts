/**
 * Turns whatever the jmespath engine throws into one ExpressionError. jmespath 0.16 throws:
 * - at parse time: `Error`s named `LexerError`, `ParserError` or `Parsererror` (sic), plain
 *   `Error`s ("Expecting an identifier token…", "Quoted identifier not allowed…"), native
 *   `SyntaxError`s from JSON.parse of bad quoted identifiers/literals, and a native `TypeError`
 *   for a lone "=";
 * - at run time: plain `Error`s whose message starts with "TypeError:", "ArgumentError:" or
 *   "Unknown function:", an `Error` named `RuntimeError` (slice step 0), and `RangeError` when
 *   the data or expression is nested deeper than the stack allows.
 * Other JMESPath engines throw objects named after the compliance suite's error codes
 * ("invalid-type", "unknown-function", …); those are recognised too.
 */

/** When the problem was found: `syntax` = the expression itself is invalid (found by
 * compileExpression, whatever the data); `runtime` = evaluating it on one document failed. */
export type ExpressionErrorKind = 'syntax' | 'runtime';

/**
 * What went wrong. The middle four are the JMESPath compliance suite's error codes.
 * `unsupported`: valid JMESPath the engine cannot run; `too-long`: over MAX_EXPRESSION_LENGTH;
 * `too-deep`: stack exhausted; `too-expensive`: the static cost estimate is over the limit (at
 * compile time) or an evaluation ran out of its budget (at run time; `BudgetExceeded` from
 * budget.ts); `internal`: an engine failure we could not classify.
 */
export type ExpressionErrorReason =
  | 'syntax'
  | 'unknown-function'
  | 'invalid-arity'
  | 'invalid-type'
  | 'invalid-value'
  | 'unsupported'
  | 'too-long'
  | 'too-deep'
  | 'too-expensive'
  | 'internal';

/** Constructor options for {@link ExpressionError}. */
export interface ExpressionErrorInit {
  kind: ExpressionErrorKind;
  reason: ExpressionErrorReason;
  /** The expression that failed. */
  expression: string;
  /** A human sentence (no stack, no engine jargon where we can avoid it). */
  message: string;
  /** 0-based index into the expression where the problem is, when known. */
  position?: number;
  /** The engine's original error. */
  cause?: unknown;
}

/** The only error the JMESPath wrapper throws. The internal API answers it with 422 `invalid_expression`. */
export class ExpressionError extends Error {
  override readonly name = 'ExpressionError';
  /** Stable code for API error mapping. */
  readonly code = 'invalid_expression';
  readonly kind: ExpressionErrorKind;
  readonly reason: ExpressionErrorReason;
  readonly expression: string;
  readonly position?: number;

  constructor(init: ExpressionErrorInit) {
    const where = init.position === undefined ? '' : ` (at character ${init.position + 1})`;
    super(`${init.message}${where}`, init.cause === undefined ? undefined : { cause: init.cause });
    this.kind = init.kind;
    this.reason = init.reason;
    this.expression = init.expression;
    if (init.position !== undefined) this.position = init.position;
  }
}

/** The parts of the engine this module uses to locate a parse error. */
export interface EngineForErrors {
  compile(expression: string): unknown;
  /** Entries are `undefined` where the lexer met a lone "=" (an engine quirk). */
  tokenize(expression: string): Array<{ type: string; value: unknown; start: number } | undefined>;
}

const SUITE_CODES = new Set<ExpressionErrorReason>([
  'syntax',
  'unknown-function',
  'invalid-arity',
  'invalid-type',
  'invalid-value',
]);

/** Map an error thrown by `engine.compile(expression)` (or while validating its AST). */
export function compileFailure(error: unknown, expression: string, engine: EngineForErrors): ExpressionError {
  const { name, message } = describe(error);
  if (name === 'RangeError') {
    return new ExpressionError({
      kind: 'syntax',
      reason: 'too-deep',
      expression,
      message: 'The expression is nested too deeply',
      cause: error,
    });
  }
  const reason = SUITE_CODES.has(name as ExpressionErrorReason) ? (name as ExpressionErrorReason) : 'syntax';
  const position = locateParseError(error, expression, engine);
  return new ExpressionError({
    kind: 'syntax',
    reason,
    expression,
    message: humanSyntaxMessage(name, message, tokenTextAt(expression, position, engine)),
    position,
    cause: error,
  });
}

/**
 * The `reason` an internal API answer (422 invalid_expression) carries, in the API's snake_case:
 * only `too_expensive` is named, so a client can tell "simplify it" from "fix it"; other problems
 * are described by the message (and `position`).
 */
export function answerReason(error: ExpressionError): 'too_expensive' | undefined {
  return error.reason === 'too-expensive' ? 'too_expensive' : undefined;
}

/** Map an error thrown while evaluating `expression`. */
export function runtimeFailure(error: unknown, expression: string): ExpressionError {
  if (error instanceof ExpressionError) return error;
  const { name, message } = describe(error);
  const base = { kind: 'runtime' as const, expression, cause: error };
  if (name === 'BudgetExceeded') {
    const depth = (error as { limit?: unknown }).limit === 'depth';
    return new ExpressionError({
      ...base,
      reason: depth ? 'too-deep' : 'too-expensive',
      message: depth ? message : `The expression took too much work on this record: ${message}`,
    });
  }
  if (name === 'RangeError') {
    return new ExpressionError({
      ...base,
      reason: 'too-deep',
      message: 'The data or the expression is nested too deeply to evaluate',
    });
  }
  if (SUITE_CODES.has(name as ExpressionErrorReason)) {
    return new ExpressionError({ ...base, reason: name as ExpressionErrorReason, message: message || name });
  }
  if (message.startsWith('Unknown function:')) {
    return new ExpressionError({
      ...base,
      reason: 'unknown-function',
      message: message.replace(/^Unknown function: /, 'Unknown function '),
    });
  }
  if (message.startsWith('ArgumentError:')) {
    return new ExpressionError({
      ...base,
      reason: 'invalid-arity',
      message: tidy(message.slice('ArgumentError:'.length)),
    });
  }
  if (name === 'Error' && message.startsWith('TypeError')) {
    const detail = withTypeNames(tidy(message.slice('TypeError'.length).replace(/^:/, '')));
    return new ExpressionError({
      ...base,
      reason: 'invalid-type',
      message:
        detail ||
        'A function received a value of the wrong type (sort_by, min_by and max_by need numbers or strings)',
    });
  }
  if (name === 'RuntimeError') {
    return new ExpressionError({ ...base, reason: 'invalid-value', message: message || 'Invalid value' });
  }
  return new ExpressionError({
    ...base,
    reason: 'internal',
    message: `The expression could not be evaluated: ${message || name}`,
  });
}

function describe(error: unknown): { name: string; message: string } {
  if (typeof error === 'object' && error !== null) {
    const { name, message } = error as { name?: unknown; message?: unknown };
    return {
      name: typeof name === 'string' ? name : 'Error',
      message: typeof message === 'string' ? message : '',
    };
  }
  return { name: 'Error', message: String(error) };
}

function tidy(text: string): string {
  // The engine writes "takes at least1 argument"; keep its wording otherwise.
  return text.trim().replace(/at least(\d)/, 'at least $1');
}

/** The token type a parse error message blames, e.g. "Rbracket" in "Invalid token (Rbracket): "]"". */
function blamedTokenType(message: string): string | undefined {
  const patterns = [
    /^Unexpected token type: (\w+)/,
    /^Invalid token \((\w+)\)/,
    /^Expected \w+, got: (\w+)/,
    /^Expecting an identifier token, got: (\w+)/,
    /unexpected token: .*\((\w+)\)$/,
    /^Unexpected token (\w+)$/,
  ];
  for (const pattern of patterns) {
    const match = pattern.exec(message);
    if (match) return match[1];
  }
  return undefined;
}

/** jmespath 0.16's internal type ids, which sort_by/min_by/max_by print as bare numbers. */
const TYPE_NAMES = [
  'number',
  'any',
  'string',
  'array',
  'object',
  'boolean',
  'expression',
  'null',
  'array of numbers',
  'array of strings',
];

function withTypeNames(message: string): string {
  if (!/^expected (one of )?[\d,]+, received \d+$/.test(message)) return message;
  const named = message.replace(/\d+/g, (id) => TYPE_NAMES[Number(id)] ?? id).replace(/,(?=\S)/g, ' or ');
  return `The key expression of sort_by, min_by or max_by must give numbers or strings: ${named}`;
}

function humanSyntaxMessage(name: string, message: string, tokenText: string | undefined): string {
  const blamed = blamedTokenType(message);
  if (blamed === 'EOF') return 'The expression ends too early';
  const unknownChar = /^Unknown character:(.*)$/s.exec(message);
  if (unknownChar) return `Unexpected character "${unknownChar[1]}"`;
  if (name === 'SyntaxError') return `Invalid quoted name or JSON literal: ${message}`;
  if (message.startsWith('Quoted identifier not allowed')) return 'A function name must not be quoted';
  if (name === 'Parsererror') return 'A slice [start:stop:step] may only contain numbers and colons';
  if (name === 'TypeError') return 'Unexpected "=" (compare with "==")';
  if (blamed) return tokenText ? `Unexpected "${tokenText}"` : 'Unexpected token';
  return `Invalid expression: ${message}`;
}

/** The source text of the token that starts at `position`, for messages like `Unexpected ","`. */
function tokenTextAt(
  expression: string,
  position: number | undefined,
  engine: EngineForErrors,
): string | undefined {
  if (position === undefined || position >= expression.length) return undefined;
  try {
    const tokens = engine.tokenize(expression);
    const i = tokens.findIndex((t) => t?.start === position);
    if (i < 0) return expression[position];
    const end = tokens.slice(i + 1).find((t) => t !== undefined)?.start ?? expression.length;
    return expression.slice(position, end).trim();
  } catch {
    return expression[position];
  }
}

/**
 * The engine's parse errors carry no position, but its lexer does record each token's start. The
 * parser reads left to right, so the shortest prefix of the expression that fails with the very
 * same error ends at the offending token (or character, for lexer errors). Only used on the error
 * path: every prefix for short expressions, a binary search over prefixes for longer ones.
 */
function locateParseError(error: unknown, expression: string, engine: EngineForErrors): number | undefined {
  const { name, message } = describe(error);
  const blamed = blamedTokenType(message);
  if (blamed === 'EOF') return expression.length;
  if (name === 'TypeError') return loneEqualsPosition(expression, engine);
  const isLexerError = name === 'LexerError';
  // The slice parser's message names no token ("unexpected token: undefined(undefined)").
  const checkType = name !== 'Parsererror';
  if (!isLexerError && !blamed) return undefined;
  const failsTheSameWay = (end: number): boolean => {
    try {
      engine.compile(expression.slice(0, end));
      return false;
    } catch (other) {
      const again = describe(other);
      return again.name === name && again.message === message;
    }
  };
  let end: number | undefined;
  if (expression.length <= LINEAR_SCAN_MAX) {
    for (let e = 1; e <= expression.length && end === undefined; e++) if (failsTheSameWay(e)) end = e;
  } else {
    // A scan of every prefix is quadratic: up to 1,000 parses of up to 1,000 characters, half a
    // second for deeply nested parentheses (issue 16). Prefixes that stop before the offending
    // token do not fail this way and those that include it do, so a binary search finds the same
    // prefix in about ten parses; the token check below still rejects a wrong answer.
    if (!failsTheSameWay(expression.length)) return undefined;
    let lo = 1;
    let hi = expression.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (failsTheSameWay(mid)) hi = mid;
      else lo = mid + 1;
    }
    end = lo;
  }
  if (end === undefined) return undefined;
  if (isLexerError) return end - 1;
  try {
    const last = engine.tokenize(expression.slice(0, end)).at(-1);
    return last && (!checkType || last.type === blamed) ? last.start : undefined;
  } catch {
    return undefined;
  }
}

/** Expressions up to this long are located by scanning every prefix (exact, and cheap at this size). */
const LINEAR_SCAN_MAX = 64;

/**
 * A lone "=" makes the engine's lexer emit an `undefined` token (the parser then crashes with a
 * native TypeError). Only whitespace separates it from the next token, so it is the last "="
 * between the neighbouring tokens' starts.
 */
function loneEqualsPosition(expression: string, engine: EngineForErrors): number | undefined {
  try {
    const tokens = engine.tokenize(expression);
    const hole = tokens.indexOf(undefined);
    if (hole < 0) return undefined;
    const from = hole > 0 ? (tokens[hole - 1]?.start ?? 0) : 0;
    const to = tokens.slice(hole + 1).find((t) => t !== undefined)?.start ?? expression.length;
    const at = expression.lastIndexOf('=', to - 1);
    return at >= from ? at : undefined;
  } catch {
    return undefined;
  }
}
