/**
 * A static upper bound on what a JMESPath expression can cost, computed on its parse tree before
 * it is saved or previewed (the run-time bound is in budget.ts).
 *
 * The engine never copies data it selects: `[@,@]` is an array holding the same reference twice.
 * So a pipe of k of them (`email|[@,@]|[@,@]|…`) builds, in k steps, a value that reads as 2^k
 * copies of `email`, and whatever reads it next (flatten, a comparison, `to_string`, turning the
 * result into JSON, the matcher) does 2^k work. The 1,000-character limit allows ~165 doublings.
 *
 * For every node we bound, relative to the size n of its input (nodes of the JSON value, read as a
 * tree):
 * - `growth`: the size of its result is at most growth·n;
 * - `work`: the work of evaluating it is at most work·n.
 *
 * Selections (fields, indexes, slices, `@`, literals) give at most their input: growth 1, work 1.
 * Chaining (`a.b`, `a|b`, `a[0]`, projections `a[*].b`, where b runs on a's result, or on each of
 * its elements, whose sizes add up to a's result) multiplies growth: g(a)·g(b), and costs
 * w(a) + g(a)·w(b). Multi-select lists and hashes `[a,b]`, `{x:a,y:b}` add their parts. Flatten,
 * comparisons and functions read their operands once more (their growth is added to the work);
 * `map(&e, a)` and `sort_by(a, &e)` run e on each element of a, like a projection.
 *
 * The bound is loose for expressions such as `[a,b]|[c,d]` (growth 4, although the result is never
 * larger than the input), which is why the limit is generous; doubling a value 10 times in a row
 * is what it is meant to refuse.
 */
import type { JmespathNode } from './ast';

/**
 * Highest accepted `work + growth` of an expression (see above). Attribute expressions in use are
 * below 20 (`email`: 2, `profile.email`: 3, `join('.', [profile.first_name, profile.last_name])`:
 * 13); seven `|[@,@]` doublings of a value cost 510 and pass, eight cost 1,022 and are refused.
 * Whatever passes is still bounded per record at run time (budget.ts).
 */
export const MAX_EXPRESSION_COST = 1000;

/** The estimate for one expression; `cost` = work + growth, compared with MAX_EXPRESSION_COST. */
export interface ExpressionCost {
  readonly growth: number;
  readonly work: number;
  readonly cost: number;
}

interface Estimate {
  g: number;
  w: number;
}

const SELECTION: Estimate = { g: 1, w: 1 };

/** Functions whose expression-reference argument runs once per element of their array argument. */
const PER_ELEMENT_FUNCTIONS = new Set(['map', 'sort_by', 'min_by', 'max_by']);

/**
 * Estimate an expression's cost from its parse tree. Numbers saturate at Infinity, which compares
 * above any limit, so an absurd tree cannot overflow into a small number.
 */
export function estimateCost(ast: JmespathNode): ExpressionCost {
  const { g, w } = estimate(ast);
  return { growth: g, work: w, cost: w + g };
}

function children(node: JmespathNode): JmespathNode[] {
  return (node.children ?? []).filter(isNode);
}

function isNode(value: unknown): value is JmespathNode {
  return typeof value === 'object' && value !== null && typeof (value as JmespathNode).type === 'string';
}

/** b evaluated on a's result (or on each element of it). */
function chain(a: Estimate, b: Estimate): Estimate {
  return { g: a.g * b.g, w: a.w + a.g * b.w };
}

function sum(parts: Estimate[]): Estimate {
  return parts.reduce((acc, p) => ({ g: acc.g + p.g, w: acc.w + p.w }), { g: 0, w: 1 });
}

// Recursion depth follows the parse tree, which the engine's own recursive parser already built
// from at most MAX_EXPRESSION_LENGTH characters, so it cannot go deeper than parsing did.
function estimate(node: JmespathNode): Estimate {
  const parts = children(node);
  switch (node.type) {
    case 'Field':
    case 'Identity':
    case 'Current':
    case 'Index':
    case 'Slice':
    case 'Literal':
      return SELECTION;
    case 'Subexpression':
    case 'Pipe':
    case 'IndexExpression':
    case 'Projection':
    case 'ValueProjection':
      return parts.map(estimate).reduce(chain, { g: 1, w: 0 });
    case 'FilterProjection': {
      // children: [left, right, condition]; the condition runs on each element of left's result.
      const [left, right, condition] = parts.map(estimate);
      const l = left ?? SELECTION;
      const perElement = sum([condition ?? SELECTION, right ?? SELECTION]);
      return { g: l.g * (right?.g ?? 1), w: l.w + l.g * perElement.w };
    }
    case 'Flatten': {
      const inner = estimate(parts[0] ?? node);
      return { g: inner.g, w: inner.w + inner.g };
    }
    case 'MultiSelectList':
      return sum(parts.map(estimate));
    case 'MultiSelectHash':
      return sum(parts.map((pair) => (isNode(pair.value) ? estimate(pair.value) : SELECTION)));
    case 'KeyValuePair':
      return isNode(node.value) ? estimate(node.value) : SELECTION;
    case 'OrExpression':
    case 'AndExpression': {
      const [a, b] = parts.map(estimate);
      return { g: Math.max(a?.g ?? 1, b?.g ?? 1), w: (a?.w ?? 1) + (b?.w ?? 1) };
    }
    case 'NotExpression':
      // `!x` only asks whether x is empty or false, which looks at one key or element at most.
      return { g: 1, w: estimate(parts[0] ?? node).w };
    case 'Comparator': {
      const both = sum(parts.map(estimate));
      return { g: 1, w: both.w + both.g };
    }
    case 'ExpressionReference':
      return estimate(parts[0] ?? node);
    case 'Function':
      return functionEstimate(node, parts);
    default:
      return SELECTION;
  }
}

function functionEstimate(node: JmespathNode, parts: JmespathNode[]): Estimate {
  const refs = parts.filter((p) => p.type === 'ExpressionReference').map(estimate);
  const args = parts.filter((p) => p.type !== 'ExpressionReference').map(estimate);
  const read = sum(args);
  const out: Estimate = { g: Math.max(1, read.g), w: read.w + read.g };
  if (typeof node.name === 'string' && PER_ELEMENT_FUNCTIONS.has(node.name)) {
    for (const ref of refs) {
      out.w += read.g * ref.w;
      if (node.name === 'map') out.g = read.g * ref.g;
    }
  }
  return out;
}
