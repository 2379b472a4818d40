/**
 * JMESPath for the user-matching attributes, over the npm `jmespath` 0.16 engine (the engine of the
 * jmespath.org playground that admins are told to test their expressions with). We do not evaluate
 * JMESPath ourselves; this module only makes the engine safe to hand user input:
 *
 * - every failure becomes one {@link ExpressionError} (the engine throws plain `Error`s with names
 *   like `ParserError`, but also native `TypeError`/`SyntaxError`/`RangeError`);
 * - {@link compileExpression} catches at save time what the engine would only report (or crash on)
 *   for every user later: dangling dots (`foo.`), unknown functions, wrong argument counts;
 * - results are always JSON: the engine can return `undefined` (`max_by([])`), `NaN` (`avg([])`)
 *   and, through inherited properties such as `constructor`, JavaScript functions;
 * - input size is bounded ({@link MAX_EXPRESSION_LENGTH}) and stack overflows are caught;
 * - cost is bounded twice: expressions whose estimated cost can explode are refused when compiled
 *   (reason `too-expensive`, cost.ts), and every evaluation runs within a budget of work
 *   and time (budget.ts), because records are untrusted.
 *
 * Known disagreements between the engine and the JMESPath compliance suite are listed in
 * docs/jmespath.md and pinned by test/unit/domain/jmespath-compliance.test.ts.
 *
 * Over ~350 lines on purpose: each guard above sits next to the engine call it guards.
 */
import * as jmespathModule from 'jmespath';
import { BoundedCache } from '../bounded-cache';
import type { JmespathNode, JsonValue } from './ast';
import { Budget, evaluateWithin } from './budget';
import { estimateCost, MAX_EXPRESSION_COST } from './cost';
import { compileFailure, ExpressionError, runtimeFailure } from './errors';

export type { JmespathNode, JsonValue } from './ast';

export {
  answerReason,
  ExpressionError,
  type ExpressionErrorKind,
  type ExpressionErrorReason,
} from './errors';

/**
 * Longest expression accepted, in UTF-16 code units. Real attribute expressions are a few dozen
 * characters; the limit bounds parse time and recursion depth (each nesting level costs a few stack
 * frames in the engine's recursive-descent parser) for text that arrives over the internal API.
 */
export const MAX_EXPRESSION_LENGTH = 1000;

/** How many compiled expressions are kept (least recently used ones are dropped first). */
export const COMPILE_CACHE_SIZE = 500;

/** A validated expression, ready for {@link evaluate}. Immutable and shared through the cache. */
export interface CompiledExpression {
  /** The expression text exactly as given. */
  readonly expression: string;
  /** The engine's parse tree (read-only; useful for introspection, not for evaluation). */
  readonly ast: JmespathNode;
  /** Every field name the expression looks up, e.g. `{profile, email}` for `profile.email`. */
  readonly fieldNames: ReadonlySet<string>;
  /** Every function the expression calls, e.g. `{contains}`. */
  readonly functionNames: ReadonlySet<string>;
}

/** What the engine exports at run time; @types/jmespath only declares `search`. */
interface JmespathEngine {
  compile(expression: string): JmespathNode;
  /** Entries are `undefined` where the lexer met a lone "=" (an engine quirk). */
  tokenize(expression: string): Array<{ type: string; value: unknown; start: number } | undefined>;
  search(data: unknown, expression: string): unknown;
}
const engine = jmespathModule as unknown as JmespathEngine;

/**
 * The node types jmespath 0.16's TreeInterpreter visits (KeyValuePair is read by MultiSelectHash).
 * Any other type would fail at run time with "Unknown node type"; none is known to be produced
 * today, so this is a guard against a future engine version, not a known gap.
 */
const INTERPRETED_NODE_TYPES = new Set([
  'Field',
  'Subexpression',
  'IndexExpression',
  'Index',
  'Slice',
  'Projection',
  'ValueProjection',
  'FilterProjection',
  'Comparator',
  'Identity',
  'MultiSelectList',
  'MultiSelectHash',
  'KeyValuePair',
  'OrExpression',
  'AndExpression',
  'NotExpression',
  'Literal',
  'Function',
  'ExpressionReference',
  'Pipe',
  'Current',
  'Flatten',
]);

const compiled = new BoundedCache<string, CompiledExpression>(COMPILE_CACHE_SIZE);
/** `name/argc` → null when the engine accepts the call shape, else the error it gives. */
const functionCheckCache = new BoundedCache<string, ExpressionError | null>(COMPILE_CACHE_SIZE);

/**
 * Parse and validate an expression, or throw an {@link ExpressionError} of kind `syntax` that says
 * what is wrong and, when it can be located, where (`position`, 0-based).
 */
export function compileExpression(expression: string): CompiledExpression {
  if (typeof expression !== 'string') {
    throw new ExpressionError({
      kind: 'syntax',
      reason: 'syntax',
      expression: String(expression),
      message: 'The expression must be a string',
    });
  }
  const hit = compiled.get(expression);
  if (hit) return hit;
  if (expression.length > MAX_EXPRESSION_LENGTH) {
    throw new ExpressionError({
      kind: 'syntax',
      reason: 'too-long',
      expression,
      position: MAX_EXPRESSION_LENGTH,
      message: `The expression is longer than ${MAX_EXPRESSION_LENGTH} characters`,
    });
  }
  let ast: JmespathNode;
  try {
    ast = engine.compile(expression);
  } catch (error) {
    throw compileFailure(error, expression, engine);
  }
  const fieldNames = new Set<string>();
  const functionNames = new Set<string>();
  try {
    inspect(ast, expression, fieldNames, functionNames);
  } catch (error) {
    throw error instanceof ExpressionError ? error : compileFailure(error, expression, engine);
  }
  checkCost(ast, expression);
  const result: CompiledExpression = Object.freeze({ expression, ast, fieldNames, functionNames });
  compiled.set(expression, result);
  return result;
}

/**
 * Evaluate a compiled expression against a JSON document. Returns a JSON value (`null` when the
 * expression selects nothing) or throws an {@link ExpressionError} of kind `runtime`, e.g. when a
 * function gets an argument of the wrong type for this particular document, or (reason
 * `too-expensive`) when this document would take more than the evaluation budget
 * (budget.ts: work units, value depth, and a few milliseconds), turning the result into
 * JSON included.
 *
 * The parse tree is run by the engine's own interpreter (loaded by budget.ts), so
 * evaluation no longer parses the text again.
 */
export function evaluate(expression: CompiledExpression, data: unknown): JsonValue {
  const isolate = touchesPrototype(expression);
  try {
    const budget = new Budget();
    const input = isolate ? withoutPrototypes(data) : data;
    return toJson(evaluateWithin(expression.ast, input, budget), isolate, budget);
  } catch (error) {
    throw runtimeFailure(error, expression.expression);
  }
}

/** Compile (cached) and evaluate in one step. */
export function search(expression: string, data: unknown): JsonValue {
  return evaluate(compileExpression(expression), data);
}

/**
 * Refuse an expression whose static cost estimate (cost.ts) is above
 * {@link MAX_EXPRESSION_COST}, saying what makes it expensive.
 */
function checkCost(ast: JmespathNode, expression: string): void {
  const { growth, cost } = estimateCost(ast);
  if (cost <= MAX_EXPRESSION_COST) return;
  const what =
    growth > MAX_EXPRESSION_COST / 4
      ? `it can multiply the data it reads ${growth > 1e9 ? 'more than a billion' : Math.round(growth)} times ` +
        'through multi-select lists or hashes ([a, b], {x: a}) chained with "|", "." or projections. ' +
        'Use fewer multi-selects in a row, or select only the fields you need'
      : 'it runs projections, filters, comparisons or functions over the data too many times in a row. ' +
        'Use fewer nested projections and filters ([*], [?…], []) or fewer chained functions';
  throw new ExpressionError({
    kind: 'syntax',
    reason: 'too-expensive',
    expression,
    message: `The expression is too expensive to evaluate for every user (estimated cost ${cost > 1e9 ? 'over a billion' : Math.round(cost)}, limit ${MAX_EXPRESSION_COST}): ${what}`,
  });
}

/**
 * Walk the AST: collect field and function names, and reject trees the engine builds but cannot
 * run. jmespath 0.16 accepts `foo.`, `foo..bar` and `foo.|| bar` with an `undefined` child that
 * only crashes at evaluation (native TypeError), and `@(foo)` as a call of a function with no name.
 */
function inspect(node: unknown, expression: string, fields: Set<string>, functions: Set<string>): void {
  if (!isNode(node)) {
    throw syntaxAt(
      expression,
      danglingDotPosition(expression),
      'Expected a field name, "*", "[" or "{" after "."',
    );
  }
  if (!INTERPRETED_NODE_TYPES.has(node.type)) {
    throw new ExpressionError({
      kind: 'syntax',
      reason: 'unsupported',
      expression,
      message: `This form is not supported by the JMESPath engine (${node.type})`,
    });
  }
  if (node.type === 'Slice') return; // children are numbers or null
  if (node.type === 'Field' && typeof node.name === 'string') fields.add(node.name);
  if (node.type === 'KeyValuePair') {
    inspect(node.value, expression, fields, functions);
    return;
  }
  if (node.type === 'Function') {
    if (typeof node.name !== 'string') {
      throw syntaxAt(expression, callWithoutNamePosition(expression), 'Only a function name can be called');
    }
    functions.add(node.name);
    checkFunctionCall(node.name, node.children?.length ?? 0, expression);
  }
  for (const child of node.children ?? []) inspect(child, expression, fields, functions);
}

/**
 * The engine only looks a function up, and counts its arguments, when the call runs. Ask the engine
 * itself (so its function table stays the only list) by running the same call shape on `null`:
 * "Unknown function" and "ArgumentError" come before any argument is type-checked.
 */
function checkFunctionCall(name: string, argc: number, expression: string): void {
  const key = `${name}/${argc}`;
  let problem = functionCheckCache.get(key);
  if (problem === undefined) {
    problem = null;
    try {
      engine.search(null, `${name}(${Array(argc).fill('@').join(',')})`);
    } catch (error) {
      const mapped = runtimeFailure(error, expression);
      if (mapped.reason === 'unknown-function' || mapped.reason === 'invalid-arity') problem = mapped;
    }
    functionCheckCache.set(key, problem);
  }
  if (problem) {
    throw new ExpressionError({
      kind: 'syntax',
      reason: problem.reason,
      expression,
      position: functionPosition(expression, name),
      message: problem.message,
    });
  }
}

function isNode(value: unknown): value is JmespathNode {
  return typeof value === 'object' && value !== null && typeof (value as JmespathNode).type === 'string';
}

function syntaxAt(expression: string, position: number | undefined, message: string): ExpressionError {
  return new ExpressionError({ kind: 'syntax', reason: 'syntax', expression, position, message });
}

/** Where `foo.` goes wrong: the token after the first "." that the engine's parser silently skips. */
function danglingDotPosition(expression: string): number | undefined {
  const dotRhs = new Set(['UnquotedIdentifier', 'QuotedIdentifier', 'Star', 'Lbracket', 'Lbrace']);
  try {
    const tokens = engine.tokenize(expression);
    for (let i = 0; i < tokens.length; i++) {
      if (tokens[i]?.type !== 'Dot') continue;
      const next = tokens[i + 1];
      if (!next) return expression.length;
      if (!dotRhs.has(next.type)) return next.start;
    }
  } catch {
    // The expression already parsed, so it lexes; if not, we just do not know the position.
  }
  return undefined;
}

/** Where `@(foo)` goes wrong: the first "(" that does not follow a function name. */
function callWithoutNamePosition(expression: string): number | undefined {
  try {
    const tokens = engine.tokenize(expression);
    const at = tokens.findIndex(
      (t, i) => t?.type === 'Lparen' && tokens[i - 1]?.type !== 'UnquotedIdentifier',
    );
    return at >= 0 ? tokens[at]?.start : undefined;
  } catch {
    return undefined;
  }
}

function functionPosition(expression: string, name: string): number | undefined {
  try {
    const tokens = engine.tokenize(expression);
    const at = tokens.findIndex((t, i) => t?.value === name && tokens[i + 1]?.type === 'Lparen');
    return at >= 0 ? tokens[at]?.start : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The engine reads fields with `value[name]`, so `constructor`, `toString` or `__proto__` find
 * Object.prototype members on every object (`[?constructor]` would match everything). When an
 * expression names such a field, evaluate on a copy whose objects have no prototype. Only those
 * rare expressions pay for the copy.
 */
function touchesPrototype(expression: CompiledExpression): boolean {
  for (const name of expression.fieldNames) if (name in Object.prototype) return true;
  return false;
}

function withoutPrototypes(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutPrototypes);
  if (typeof value !== 'object' || value === null) return value;
  const copy: Record<string, unknown> = Object.create(null);
  for (const key of Object.keys(value))
    copy[key] = withoutPrototypes((value as Record<string, unknown>)[key]);
  return copy;
}

/**
 * Turn an engine result into JSON: `undefined`, `NaN`, ±Infinity and functions become `null`
 * (what JSON.stringify does inside arrays). Returns the same reference when nothing changes, so the
 * common case costs one walk and no allocation. `copyAll` rebuilds every object (used after
 * {@link withoutPrototypes}, so no prototype-less object leaks to callers). Each node read costs a
 * unit of the evaluation's budget: a result that shares references (`[@,@]` nested k times) reads
 * as its full expanded size, and must not be walked beyond the budget.
 */
function toJson(value: unknown, copyAll: boolean, budget: Budget): JsonValue {
  budget.charge(1);
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : null;
    case 'object': {
      if (value === null) return null;
      if (Array.isArray(value)) {
        let out: JsonValue[] | undefined = copyAll ? [] : undefined;
        value.forEach((item, i) => {
          const json = toJson(item, copyAll, budget);
          if (!out && json !== item) out = value.slice(0, i) as JsonValue[];
          out?.push(json);
        });
        return out ?? (value as JsonValue[]);
      }
      const source = value as Record<string, unknown>;
      const keys = Object.keys(source);
      let out: Record<string, JsonValue> | undefined = copyAll ? {} : undefined;
      keys.forEach((key, i) => {
        const json = toJson(source[key], copyAll, budget);
        if (!out && json !== source[key]) {
          out = {};
          for (const earlier of keys.slice(0, i)) setOwn(out, earlier, source[earlier] as JsonValue);
        }
        if (out) setOwn(out, key, json);
      });
      return out ?? (source as { [key: string]: JsonValue });
    }
    default:
      return null; // undefined, function, symbol, bigint
  }
}

/** Assignment would treat a "__proto__" key as the prototype setter; define it as a plain key. */
function setOwn(target: Record<string, JsonValue>, key: string, value: JsonValue): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}
