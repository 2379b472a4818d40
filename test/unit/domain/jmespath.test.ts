import { BoundedCache } from '../../../src/domain/bounded-cache';
import { runtimeFailure } from '../../../src/domain/jmespath/errors';
import {
  compileExpression,
  ExpressionError,
  evaluate,
  MAX_EXPRESSION_LENGTH,
  search,
} from '../../../src/domain/jmespath/jmespath';

function compileError(expression: string): ExpressionError {
  try {
    compileExpression(expression);
  } catch (error) {
    expect(error).toBeInstanceOf(ExpressionError);
    return error as ExpressionError;
  }
  throw new Error(`expected ${JSON.stringify(expression)} not to compile`);
}

function runtimeError(expression: string, data: unknown): ExpressionError {
  const compiled = compileExpression(expression);
  try {
    evaluate(compiled, data);
  } catch (error) {
    expect(error).toBeInstanceOf(ExpressionError);
    return error as ExpressionError;
  }
  throw new Error(`expected ${JSON.stringify(expression)} to fail at run time`);
}

describe('compileExpression', () => {
  it('compiles the default attributes and reports the fields they read', () => {
    expect([...compileExpression('profile.email').fieldNames]).toEqual(['profile', 'email']);
    expect([...compileExpression("contains(email, '@')").functionNames]).toEqual(['contains']);
  });

  it('returns the cached compilation for the same text', () => {
    expect(compileExpression('a.b')).toBe(compileExpression('a.b'));
    expect(Object.isFrozen(compileExpression('a.b'))).toBe(true);
  });

  it.each([
    ['foo.', 4, 'Expected a field name'],
    ['foo..bar', 4, 'Expected a field name'],
    ['foo]', 3, 'Unexpected "]"'],
    ['foo[0, 1]', 5, 'Unexpected ","'],
    ['foo[#]', 4, 'Unexpected character "#"'],
    ['foo[?a = b]', 7, 'Unexpected "="'],
    ['foo[2:a:3]', 5, 'slice'],
    ['@(foo)', 1, 'Only a function name'],
    ['a.{foo: bar, baz}', 16, 'Unexpected "}"'],
    ['', 0, 'ends too early'],
    ['profile.', 8, 'Expected a field name'],
    ['{', 1, 'ends too early'],
  ])('rejects %j as a syntax error at position %d', (expression, position, message) => {
    const error = compileError(expression);
    expect(error).toMatchObject({
      kind: 'syntax',
      reason: 'syntax',
      position,
      expression,
      code: 'invalid_expression',
    });
    expect(error.message).toContain(message);
    expect(error.message).toContain(`at character ${position + 1}`);
  });

  it('maps native errors from the engine (JSON.parse SyntaxError) without a position', () => {
    const error = compileError('"foo');
    expect(error).toMatchObject({ kind: 'syntax', reason: 'syntax', position: undefined });
    expect(error.cause).toBeInstanceOf(SyntaxError);
  });

  it('rejects unknown functions and wrong argument counts at compile time, not per user', () => {
    expect(compileError('lower(email)')).toMatchObject({
      kind: 'syntax',
      reason: 'unknown-function',
      position: 0,
    });
    expect(compileError('a | length(a, b)')).toMatchObject({
      kind: 'syntax',
      reason: 'invalid-arity',
      position: 4,
    });
    expect(compileError('not_null()').reason).toBe('invalid-arity');
    expect(compileError('"length"(a)').message).toContain('must not be quoted');
  });

  it(`rejects expressions over ${MAX_EXPRESSION_LENGTH} characters`, () => {
    expect(compileError('a'.repeat(MAX_EXPRESSION_LENGTH + 1))).toMatchObject({
      reason: 'too-long',
      kind: 'syntax',
    });
    expect(() => compileExpression('a'.repeat(MAX_EXPRESSION_LENGTH))).not.toThrow();
  });

  it('survives the deepest nesting the length limit allows', () => {
    const half = (MAX_EXPRESSION_LENGTH - 1) / 2;
    expect(search(`${'('.repeat(half)}a${')'.repeat(half)}`, { a: 1 })).toBe(1);
    expect(search(`${'!'.repeat(MAX_EXPRESSION_LENGTH - 1)}a`, { a: 1 })).toBe(false);
  });
});

describe('evaluate', () => {
  it('evaluates nested paths, filters, pipes and functions', () => {
    const member = {
      profile: { email: 'Ana@Example.com', fields: { Xf1: { value: 'E-17' } } },
      teams: ['a', 'b'],
    };
    expect(search('profile.email', member)).toBe('Ana@Example.com');
    expect(search('profile.fields.Xf1.value', member)).toBe('E-17');
    expect(search('teams[?@ == `b`] | [0]', member)).toBe('b');
    expect(search('profile.missing', member)).toBeNull();
  });

  it('maps runtime failures to kind runtime with the suite’s reason', () => {
    expect(runtimeError('abs(a)', { a: 'x' })).toMatchObject({ kind: 'runtime', reason: 'invalid-type' });
    expect(runtimeError('foo[::0]', { foo: [1] })).toMatchObject({
      kind: 'runtime',
      reason: 'invalid-value',
    });
    const sortBy = runtimeError('sort_by(@, &a)', [{ a: 1 }, { a: {} }]);
    expect(sortBy).toMatchObject({ reason: 'invalid-type' });
    expect(sortBy.message).toContain('received object');
  });

  it('returns JSON only: NaN and undefined become null', () => {
    expect(search('avg(@)', [])).toBeNull();
    expect(search('max_by(@, &a)', [])).toBeNull();
    expect(search('[avg(@)]', [])).toEqual([null]);
  });

  it('does not expose Object.prototype members as fields', () => {
    expect(search('constructor', {})).toBeNull();
    expect(search('[?constructor]', [{}, { constructor: 'x' }])).toEqual([{ constructor: 'x' }]);
    expect(search('toString', { toString: 'own' })).toBe('own');
    const withProtoKey = JSON.parse('{"__proto__": {"a": 1}}');
    const result = search('{p: __proto__}', withProtoKey) as Record<string, unknown>;
    expect(result.p).toEqual({ a: 1 });
    expect(Object.getPrototypeOf(result.p)).toBe(Object.prototype);
  });

  it('returns the input object itself when nothing needs converting', () => {
    const data = { a: { b: [1, 2] } };
    expect(search('a', data)).toBe(data.a);
  });

  it('turns stack exhaustion on deeply nested data into a runtime error', () => {
    let deep: unknown = [];
    for (let i = 0; i < 200_000; i++) deep = [deep];
    expect(runtimeError('to_string(@)', deep)).toMatchObject({ kind: 'runtime', reason: 'too-deep' });
  });
});

describe('runtimeFailure (error mapping)', () => {
  const map = (error: unknown) => runtimeFailure(error, 'x');

  it.each([
    [new RangeError('Maximum call stack size exceeded'), 'too-deep'],
    [new Error('TypeError: abs() expected argument 1 to be type number'), 'invalid-type'],
    [new Error('ArgumentError: abs() takes 1 argument but received 2'), 'invalid-arity'],
    [new Error('Unknown function: foo()'), 'unknown-function'],
    [Object.assign(new Error('Invalid slice, step cannot be 0'), { name: 'RuntimeError' }), 'invalid-value'],
    [{ name: 'invalid-type', message: 'expected a number' }, 'invalid-type'],
    [{ name: 'unknown-function', message: 'nope()' }, 'unknown-function'],
    [new TypeError("Cannot read properties of undefined (reading 'type')"), 'internal'],
    ['a string', 'internal'],
    [undefined, 'internal'],
  ])('%p → %s', (error, reason) => {
    const mapped = map(error);
    expect(mapped).toBeInstanceOf(ExpressionError);
    expect(mapped).toMatchObject({ kind: 'runtime', reason, expression: 'x' });
    expect(mapped.message.length).toBeGreaterThan(0);
  });

  it('fixes the engine’s "at least1" wording and keeps the original as cause', () => {
    const cause = new Error('ArgumentError: not_null() takes at least1 argument but received 0');
    const mapped = map(cause);
    expect(mapped.message).toBe('not_null() takes at least 1 argument but received 0');
    expect(mapped.cause).toBe(cause);
  });
});

describe('BoundedCache', () => {
  it('drops the least recently used entry', () => {
    const cache = new BoundedCache<string, number>(2);
    cache.set('a', 1);
    cache.set('b', 2);
    cache.get('a');
    cache.set('c', 3);
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual([1, undefined, 3]);
    expect(cache.size).toBe(2);
  });

  it('keeps a hit in the newer half where it is, and moves one from the older half up', () => {
    const cache = new BoundedCache<number, number>(10);
    for (let i = 0; i < 10; i++) cache.set(i, i);
    // 8 and 9 were inserted fewer than 5 insertions ago: hits leave them in place.
    cache.get(9);
    cache.get(8);
    // 0 is in the older half: the hit makes it the most recently used.
    cache.get(0);
    for (let i = 10; i < 19; i++) cache.set(i, i);
    // Nine more insertions dropped 1…9 (in that order, 8 and 9 last) and kept 0.
    expect(cache.get(0)).toBe(0);
    expect([1, 7, 8, 9].map((k) => cache.get(k))).toEqual([undefined, undefined, undefined, undefined]);
    expect(cache.size).toBe(10);
  });
});

describe('cost', () => {
  const doublings = (n: number) => `email${'|[@,@]'.repeat(n)}`;

  it('refuses an expression whose estimated cost is over the limit, saying what to simplify', () => {
    expect(() => compileExpression(doublings(7))).not.toThrow();
    const error = compileError(doublings(22));
    expect(error).toMatchObject({ kind: 'syntax', reason: 'too-expensive' });
    expect(error.message).toMatch(/multi-select/);
    expect(compileError(`@${'|{a: @, b: @}'.repeat(10)}`).reason).toBe('too-expensive');
    expect(compileError(`@${'.[@, @][*]'.repeat(10)}`).reason).toBe('too-expensive');
    // Chained projections and filters do not multiply: each element is read once per step.
    expect(() => compileExpression('a[*].b[*].c[*].d[*][?x == y][?x == y][?x == y][?x == y]')).not.toThrow();
  });

  it('keeps ordinary expressions cheap', () => {
    for (const e of [
      'email',
      'profile.email',
      "join('.', [profile.first_name, profile.last_name])",
      'profile.fields.Xf1.value',
      'sort_by(people, &age)[].name',
      "emails[?type == 'work'].address | [0]",
      `${'!'.repeat(999)}a`,
    ]) {
      expect(() => compileExpression(e)).not.toThrow();
    }
  });

  it('stops an evaluation past its budget (a record too big for the expression): runtime too-expensive', () => {
    const started = performance.now();
    const error = runtimeError('big[*].[@, @, @]', { big: new Array(100_000).fill(0) });
    expect(error).toMatchObject({ kind: 'runtime', reason: 'too-expensive' });
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('counts shared references at their full size (a value built by doubling)', () => {
    // Six doublings pass the static estimate; on a long string, reading the result is what costs.
    const error = runtimeError(`${doublings(6)}|to_string(@)`, { email: 'x'.repeat(100_000) });
    expect(error.reason).toBe('too-expensive');
    expect(search(doublings(6), { email: 'a' })).toHaveLength(2);
  });
});
