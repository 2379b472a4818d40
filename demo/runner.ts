/**
 * Numbered steps printed as they run: `  3. title ........ ok (summary)  0.4 s`, then any detail
 * lines indented below. A step fails by throwing; the demo goes on with the next step unless the
 * failed one is `essential` (the rest would only fail for the same reason).
 */

export interface StepOutcome {
  /** One short line after "ok". */
  summary: string;
  /** A few more lines, shown indented under the step. */
  details?: string[];
}

export interface Step {
  title: string;
  /** If it fails, the remaining steps are reported as not run. */
  essential?: boolean;
  run(): Promise<StepOutcome>;
}

/** A step's expectation that did not hold; the message says what was expected and what came. */
export class StepFailed extends Error {
  constructor(
    message: string,
    readonly details: string[] = [],
  ) {
    super(message);
    this.name = 'StepFailed';
  }
}

export function check(condition: unknown, message: string, details: string[] = []): asserts condition {
  if (!condition) throw new StepFailed(message, details);
}

/** Polls `read` until `done` holds; throws StepFailed with the last value after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  read: () => Promise<T>,
  done: (value: T) => boolean,
  o: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
  const until = Date.now() + (o.timeoutMs ?? 15_000);
  let last: T;
  for (;;) {
    last = await read();
    if (done(last)) return last;
    if (Date.now() >= until) {
      throw new StepFailed(`timed out waiting for ${what}`, [
        `last answer: ${short(JSON.stringify(last), 400)}`,
      ]);
    }
    await new Promise((r) => setTimeout(r, o.intervalMs ?? 150));
  }
}

export function short(text: string, max = 90): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** Splits a long text into lines of at most `width` characters, at spaces. */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.replace(/\s+/g, ' ').trim().split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = `  ${word}`;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

const useColor = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code: number, text: string) => (useColor ? `\u001b[${code}m${text}\u001b[0m` : text);
export const green = (t: string) => paint(32, t);
export const red = (t: string) => paint(31, t);
export const dim = (t: string) => paint(2, t);

const TITLE_WIDTH = 56;
const DETAIL_INDENT = '       ';

export interface RunSummary {
  ok: number;
  failed: number;
  notRun: number;
  total: number;
}

export async function runSteps(
  steps: Step[],
  out: (text: string) => void,
  shouldStop: () => boolean = () => false,
): Promise<RunSummary> {
  const summary: RunSummary = { ok: 0, failed: 0, notRun: 0, total: steps.length };
  let abandoned: string | null = null;
  for (const [i, step] of steps.entries()) {
    const n = `${String(i + 1).padStart(3)}.`;
    const head = `${n} ${step.title} `;
    const dots = '.'.repeat(Math.max(3, TITLE_WIDTH - head.length));
    if (abandoned || shouldStop()) {
      summary.notRun += 1;
      out(`${head}${dots} ${dim(`not run (${abandoned ?? 'interrupted'})`)}\n`);
      continue;
    }
    out(`${head}${dots} `);
    const started = Date.now();
    try {
      const result = await step.run();
      const secs = dim(`${((Date.now() - started) / 1000).toFixed(1)} s`);
      out(`${green('ok')} (${result.summary})  ${secs}\n`);
      for (const line of result.details ?? []) out(`${DETAIL_INDENT}${line}\n`);
      summary.ok += 1;
    } catch (error) {
      if (shouldStop()) {
        out(`${dim('interrupted')}\n`);
        summary.notRun += steps.length - i;
        break;
      }
      const secs = dim(`${((Date.now() - started) / 1000).toFixed(1)} s`);
      const message = error instanceof Error ? error.message : String(error);
      out(`${red('FAILED')}: ${message}  ${secs}\n`);
      const details = error instanceof StepFailed ? error.details : [String((error as Error)?.stack ?? '')];
      for (const line of details.filter(Boolean)) out(`${DETAIL_INDENT}${line}\n`);
      summary.failed += 1;
      if (step.essential) abandoned = `step ${i + 1} failed`;
    }
  }
  return summary;
}
