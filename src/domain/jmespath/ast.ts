/**
 * The engine's data types, in a file of their own so that the engine wrapper (jmespath.ts), its
 * run-time budget (budget.ts) and its cost estimate (cost.ts) share them without importing each
 * other in a circle.
 */

/** A JSON value, which is all an evaluation ever returns. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** One node of the engine's AST (`jmespath.compile`), as far as this module needs to know it. */
export interface JmespathNode {
  readonly type: string;
  readonly name?: unknown;
  readonly value?: unknown;
  readonly children?: readonly unknown[];
}
