/**
 * How deeply a JSON body of the internal API may nest. Bodies are parsed by JSON.parse (which is
 * iterative and copes with any depth), but everything after it recurses over the value: zod,
 * JSON.stringify on the way to PostgreSQL, canonical JSON for idempotency hashes, the template
 * renderer and the JMESPath engine. At a few thousand levels those overflow the stack (a 500, and
 * a stored value no later reader could handle), so a deeper body is refused with 400 before any of
 * them sees it. Real bodies nest a handful of levels; 64 leaves notification `data` ample room.
 */
export const MAX_JSON_DEPTH = 64;

/**
 * The nesting depth of a parsed JSON value (a scalar is 0, `[]` and `{}` are 1, `[[1]]` is 2),
 * counted without recursion and stopping as soon as `limit` is exceeded, so a hostile body costs at
 * most one walk of the nodes above the limit. Returns `limit + 1` when the value is deeper.
 */
export function jsonDepth(value: unknown, limit = MAX_JSON_DEPTH): number {
  let deepest = 0;
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    const here = depth + 1;
    if (here > limit) return limit + 1;
    if (here > deepest) deepest = here;
    const children = Array.isArray(node) ? node : Object.values(node);
    for (const child of children) if (child !== null && typeof child === 'object') stack.push([child, here]);
  }
  return deepest;
}
