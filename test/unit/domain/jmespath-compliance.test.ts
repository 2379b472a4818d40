/**
 * The official JMESPath compliance suite (jmespath/jmespath.test, test/fixtures/jmespath-compliance)
 * run through our wrapper. Every case must give the suite's result, or, where the suite expects an
 * error, an ExpressionError with the suite's error code as `reason` (`syntax` errors must come from
 * compileExpression, before any data is seen).
 *
 * KNOWN_DEVIATIONS lists the cases where the jmespath 0.16 engine disagrees with the suite and the
 * wrapper does not (or cannot) correct it. The list must be exact: a listed case that starts
 * passing fails this test, so the list (and docs/jmespath.md, which repeats it) stays honest.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { compileExpression, ExpressionError, evaluate } from '../../../src/domain/jmespath/jmespath';
import { fixturePath } from '../../support/fixtures';

interface ComplianceCase {
  expression: string;
  result?: unknown;
  error?: string;
  bench?: 'parse' | 'interpret' | 'full';
}
interface ComplianceGroup {
  given: unknown;
  cases: ComplianceCase[];
}

interface Deviation {
  file: string;
  expression: string;
  expected: string;
  actual: string;
}

/** Keep in sync with docs/jmespath.md ("Known deviations"). */
const KNOWN_DEVIATIONS: Deviation[] = [
  // Ordering comparisons on non-numbers must give null; the engine compares with JavaScript's < and >.
  { file: 'boolean.json', expression: 'emptylist < one', expected: 'null', actual: 'true' },
  { file: 'boolean.json', expression: 'emptylist < nullvalue', expected: 'null', actual: 'false' },
  { file: 'boolean.json', expression: 'emptylist < boolvalue', expected: 'null', actual: 'false' },
  { file: 'boolean.json', expression: 'one < boolvalue', expected: 'null', actual: 'false' },
  // The slice parser stops after the third colon and accepts `[:::]` as `[::]`.
  { file: 'syntax.json', expression: '[:::]', expected: 'error syntax', actual: 'null' },
];

const dir = fixturePath('jmespath-compliance');
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.json') && f !== '_schema.json')
  .sort();

/** Run one case; undefined when it agrees with the suite, else what we got instead. */
function runCase(given: unknown, c: ComplianceCase): string | undefined {
  let phase: 'compile' | 'evaluate' = 'compile';
  let actual: unknown;
  try {
    const compiled = compileExpression(c.expression);
    phase = 'evaluate';
    if (c.bench === 'parse') return undefined;
    actual = evaluate(compiled, given);
  } catch (error) {
    if (!(error instanceof ExpressionError)) return `non-ExpressionError ${String(error)}`;
    const got = `error ${error.reason} (${error.kind}, ${phase}): ${error.message}`;
    if (c.error === undefined) return got;
    if (error.reason !== c.error) return got;
    if (c.error === 'syntax' && (error.kind !== 'syntax' || phase !== 'compile')) return got;
    return undefined;
  }
  if (c.error !== undefined) return JSON.stringify(actual) ?? 'undefined';
  if (c.bench !== undefined) return undefined;
  return isEqual(actual, c.result) ? undefined : (JSON.stringify(actual) ?? 'undefined');
}

function isEqual(actual: unknown, expected: unknown): boolean {
  try {
    expect(actual).toEqual(expected);
    return true;
  } catch {
    return false;
  }
}

const encountered = new Set<Deviation>();
let totalCases = 0;

describe('JMESPath compliance suite through the wrapper', () => {
  it('has the 16 files described in SOURCES.md', () => {
    expect(files).toHaveLength(16);
  });

  describe.each(files)('%s', (file) => {
    const groups = JSON.parse(readFileSync(`${dir}/${file}`, 'utf8')) as ComplianceGroup[];

    it('matches the suite, except for the listed deviations', () => {
      const unexpected: string[] = [];
      for (const group of groups) {
        for (const c of group.cases) {
          totalCases++;
          const actual = runCase(group.given, c);
          const listed = KNOWN_DEVIATIONS.find((d) => d.file === file && d.expression === c.expression);
          if (listed) {
            encountered.add(listed);
            if (actual === undefined)
              unexpected.push(`${c.expression}: listed as a deviation but now passes`);
            else if (actual !== listed.actual)
              unexpected.push(`${c.expression}: deviation changed to ${actual}`);
          } else if (actual !== undefined) {
            const expected = c.error ? `error ${c.error}` : JSON.stringify(c.result);
            unexpected.push(`${c.expression}: expected ${expected}, got ${actual}`);
          }
        }
      }
      expect(unexpected).toEqual([]);
    });
  });

  it('ran every case, and every listed deviation exists in the suite', () => {
    expect(totalCases).toBe(908);
    expect(KNOWN_DEVIATIONS.filter((d) => !encountered.has(d))).toEqual([]);
  });
});
