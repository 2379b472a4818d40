/**
 * Bounded evaluation of JMESPath: every evaluation gets a budget of work units and a deadline, and
 * one that exceeds either stops with a {@link BudgetExceeded} (the wrapper turns it into a runtime
 * ExpressionError, which the matcher treats as "no value" for that record). Records come from
 * PlusPlus and Slack, so even an expression that passed the static estimate (cost.ts)
 * must not be able to hold the event loop on an unusual record.
 *
 * How: the engine's tree interpreter is a synchronous recursive `visit(node, value)` and cannot be
 * interrupted from outside. Copying the data to a bounded size first would not help: the engine
 * shares references (`[@,@]` holds one value twice), so a small input can still read as a huge
 * value. Instead we run the engine's own interpreter with `visit` wrapped, which charges a unit per
 * node visited (a projection visits once per element, so the count follows the elements produced)
 * and, before each step that does native work proportional to the size of a value (flatten,
 * slice, comparisons, function calls: `to_string`, `sort`, `contains` and the argument type
 * checks), charges that size, measured by an iterative walk that itself stops at the budget. So no
 * single native call runs on more than the budget allows; the deadline is a backstop for the
 * per-unit cost varying (long strings, garbage collection) and is checked every 1,024 units.
 * Values nested deeper than {@link MAX_VALUE_DEPTH} are refused before a recursive native
 * function (JSON.stringify, strictDeepEqual, Array#toString) could overflow the stack.
 *
 * The engine does not export its interpreter (only compile, search, tokenize and
 * strictDeepEqual), so we load its source file once more with two lines appended to its export
 * list. That ties this file to jmespath 0.16's internals: the load fails loudly at start-up if the
 * export list or the version is not the one this was written for, and the compliance suite
 * (test/unit/domain/jmespath-compliance.test.ts) runs through this interpreter.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { JmespathNode } from './ast';

/**
 * Work units one evaluation may use: running out of them takes about 2 ms once the code is warm
 * (`items[*]` over a long array: median 2.0 ms, about 40 ns a unit, measured on the 2-core
 * development machine at load 7), and it is thousands of times what the attribute expressions in
 * use cost on a Slack profile or a PlusPlus user record (a few units to a few dozen).
 */
export const EVALUATION_UNIT_BUDGET = 50_000;
/**
 * Wall-clock backstop for one evaluation, in milliseconds, checked every 1,024 units (so the small
 * evaluations that make up nearly all of them never look at the clock, and cannot fail because the
 * process was busy). Generous on purpose: the unit budget is the limit that keeps an evaluation to
 * a few milliseconds; this only catches units that turn out far slower than measured. A tighter
 * clock would make a large but legitimate record fail now and then (a garbage-collection pause in
 * the middle of it), and a failed evaluation unlinks that user at the next re-match.
 */
export const EVALUATION_TIME_LIMIT_MS = 50;
/** Deepest value a comparison or function is given (the internal API accepts 64 levels). */
export const MAX_VALUE_DEPTH = 128;
/** A string counts one unit per this many UTF-16 code units (plus one for being a value). */
const STRING_CHARS_PER_UNIT = 64;
const TIME_CHECK_EVERY = 1024;

/** Thrown inside the interpreter when an evaluation runs out of budget. */
export class BudgetExceeded extends Error {
  constructor(readonly limit: 'units' | 'time' | 'depth') {
    super(
      limit === 'depth'
        ? `The data is nested deeper than ${MAX_VALUE_DEPTH} levels`
        : `The evaluation needed more than ${limit === 'units' ? `${EVALUATION_UNIT_BUDGET} steps` : `${EVALUATION_TIME_LIMIT_MS} ms`}`,
    );
    this.name = 'BudgetExceeded';
  }
}

/** The budget of one evaluation; also used to bound the walk that turns its result into JSON. */
export class Budget {
  private left: number;
  private nextCheck: number;
  private readonly deadline: number;

  constructor(units = EVALUATION_UNIT_BUDGET, timeLimitMs = EVALUATION_TIME_LIMIT_MS) {
    this.left = units;
    this.nextCheck = units - TIME_CHECK_EVERY;
    this.deadline = performance.now() + timeLimitMs;
  }

  charge(units: number): void {
    this.left -= units;
    if (this.left < 0) throw new BudgetExceeded('units');
    if (this.left <= this.nextCheck) {
      this.nextCheck = this.left - TIME_CHECK_EVERY;
      if (performance.now() > this.deadline) throw new BudgetExceeded('time');
    }
  }

  /**
   * Charge the size of a value read as a tree (shared references count every time they are
   * reached), walking it iteratively. An array or object is charged for all its children before
   * any is looked at, so the walk stops as soon as the budget is gone, however long the array.
   */
  chargeSize(value: unknown): void {
    this.charge(unitsOf(value));
    if (value === null || typeof value !== 'object') return;
    const stack: Array<[object, number]> = [[value, 1]];
    while (stack.length > 0) {
      const [node, depth] = stack.pop()!;
      if (depth > MAX_VALUE_DEPTH) throw new BudgetExceeded('depth');
      const children = Array.isArray(node) ? node : Object.values(node);
      this.charge(children.length);
      for (const child of children) {
        if (typeof child === 'string') {
          if (child.length >= STRING_CHARS_PER_UNIT) this.charge(unitsOf(child) - 1);
        } else if (child !== null && typeof child === 'object') {
          stack.push([child, depth + 1]);
        }
      }
    }
  }
}

function unitsOf(value: unknown): number {
  return typeof value === 'string' ? 1 + Math.floor(value.length / STRING_CHARS_PER_UNIT) : 1;
}

interface EngineInterpreter {
  runtime: { callFunction(name: string, args: unknown[]): unknown };
  visit(node: JmespathNode, value: unknown): unknown;
  budget: Budget;
}

interface LoadedEngine {
  TreeInterpreter: new (runtime: unknown) => EngineInterpreter;
  Runtime: new () => { _interpreter: unknown };
  strictDeepEqual(a: unknown, b: unknown): boolean;
}

const ENGINE_VERSION = '0.16.0';
const EXPORT_MARKER = 'exports.strictDeepEqual = strictDeepEqual;';

function loadEngine(): LoadedEngine {
  const file = require.resolve('jmespath');
  const { version } = JSON.parse(readFileSync(join(dirname(file), 'package.json'), 'utf8')) as {
    version: string;
  };
  const source = readFileSync(file, 'utf8');
  if (version !== ENGINE_VERSION || source.split(EXPORT_MARKER).length !== 2) {
    throw new Error(
      `src/domain/jmespath/budget.ts was written for jmespath ${ENGINE_VERSION} (found ${version}); ` +
        'check that its interpreter still works as described there before changing the version',
    );
  }
  const patched = source.replace(
    EXPORT_MARKER,
    `${EXPORT_MARKER} exports.TreeInterpreter = TreeInterpreter; exports.Runtime = Runtime;`,
  );
  const exported: Partial<LoadedEngine> = {};
  // The file is a plain script that fills the `exports` it is given; this runs it in this realm
  // (so its errors and arrays are ordinary ones) without touching the module cache.
  new Function('exports', patched)(exported);
  return exported as LoadedEngine;
}

const engine = loadEngine();
const baseVisit = engine.TreeInterpreter.prototype.visit as EngineInterpreter['visit'];

/** Functions whose work grows as n·log n in the length of their array argument. */
const SORTING = new Set(['sort', 'sort_by', 'min_by', 'max_by']);

function isExpressionReference(value: unknown): boolean {
  // The engine tags the node an `&expr` argument evaluates to (jmespathType "Expref").
  return typeof value === 'object' && value !== null && 'jmespathType' in value;
}

function boundedVisit(this: EngineInterpreter, node: JmespathNode, value: unknown): unknown {
  const budget = this.budget;
  budget.charge(1);
  switch (node.type) {
    case 'Slice':
      if (Array.isArray(value)) budget.charge(value.length);
      break;
    case 'Flatten':
      return flatten(this, node, value);
    case 'Comparator':
      return compare(this, node, value);
    case 'Function':
      return callFunction(this, node, value);
  }
  return baseVisit.call(this, node, value);
}

function childOf(node: JmespathNode, i: number): JmespathNode {
  return node.children?.[i] as JmespathNode;
}

/** The engine's Flatten, with the length of the result charged before it is built. */
function flatten(interpreter: EngineInterpreter, node: JmespathNode, value: unknown): unknown {
  const original = interpreter.visit(childOf(node, 0), value);
  if (!Array.isArray(original)) return null;
  let length = 0;
  for (const item of original) length += Array.isArray(item) ? item.length : 1;
  interpreter.budget.charge(length);
  const merged: unknown[] = [];
  for (const item of original) {
    if (Array.isArray(item)) for (const inner of item) merged.push(inner);
    else merged.push(item);
  }
  return merged;
}

/** The engine's Comparator, with the size of both operands charged before they are compared. */
function compare(interpreter: EngineInterpreter, node: JmespathNode, value: unknown): unknown {
  const first = interpreter.visit(childOf(node, 0), value) as never;
  const second = interpreter.visit(childOf(node, 1), value) as never;
  // `<` on arrays or objects converts them to strings (recursively), `==` compares deeply.
  interpreter.budget.chargeSize(first);
  interpreter.budget.chargeSize(second);
  switch (node.name) {
    case 'EQ':
      return engine.strictDeepEqual(first, second);
    case 'NE':
      return !engine.strictDeepEqual(first, second);
    case 'GT':
      return first > second;
    case 'GTE':
      return first >= second;
    case 'LT':
      return first < second;
    case 'LTE':
      return first <= second;
    default:
      throw new Error(`Unknown comparator: ${String(node.name)}`);
  }
}

/** The engine's Function node, with the size of the arguments charged before the call. */
function callFunction(interpreter: EngineInterpreter, node: JmespathNode, value: unknown): unknown {
  const args: unknown[] = [];
  for (const child of node.children ?? []) args.push(interpreter.visit(child as JmespathNode, value));
  for (const arg of args) {
    if (isExpressionReference(arg)) continue;
    interpreter.budget.chargeSize(arg);
    if (SORTING.has(String(node.name)) && Array.isArray(arg) && arg.length > 1) {
      interpreter.budget.charge(arg.length * Math.ceil(Math.log2(arg.length)));
    }
  }
  return interpreter.runtime.callFunction(String(node.name), args);
}

// One interpreter for the process: evaluations are synchronous, so they never overlap.
const runtime = new engine.Runtime();
const interpreter = new engine.TreeInterpreter(runtime);
runtime._interpreter = interpreter;
interpreter.visit = boundedVisit;

/**
 * Evaluate a parse tree (from the engine's `compile`) on `data` within `budget`. Throws
 * {@link BudgetExceeded} past the budget, or whatever the engine throws.
 */
export function evaluateWithin(ast: JmespathNode, data: unknown, budget: Budget): unknown {
  interpreter.budget = budget;
  return interpreter.visit(ast, data);
}
