/**
 * Reads the machine-checkable parts of docs/admin-guide.md:
 *
 * - fenced blocks whose info string carries `admin-guide-example:<id>` (what is sent) or
 *   `admin-guide-answer:<id>` (what the app answers), possibly indented inside a list item;
 * - tables right after an `<!-- admin-guide-table:<id> -->` comment.
 *
 * and compares answers the way the guide says to read them: fields left out don't matter, `…`
 * stands for left-out text (inside a string) or left-out items (as an array element).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface GuideBlock {
  id: string;
  lang: string;
  text: string;
  /** 1-based line of the opening fence, for messages. */
  line: number;
}

export interface GuideTable {
  header: string[];
  rows: string[][];
}

export interface Guide {
  examples: Map<string, GuideBlock>;
  answers: Map<string, GuideBlock>;
  tables: Map<string, GuideTable>;
}

export const GUIDE_PATH = join(__dirname, '../../../docs/admin-guide.md');

const FENCE = /^(\s*)```(\S*)(.*)$/;
const MARK = /\badmin-guide-(example|answer):([a-z0-9-]+)\b/;
const TABLE_MARK = /^<!-- admin-guide-table:([a-z0-9-]+) -->$/;

function put<T>(map: Map<string, T>, id: string, value: T, what: string): void {
  if (map.has(id)) throw new Error(`docs/admin-guide.md has two ${what} "${id}"`);
  map.set(id, value);
}

/** Splits `| a | b |` into trimmed cells (the guide's tables never put `|` inside a cell). */
function cells(line: string): string[] {
  return line
    .trim()
    .replace(/^\||\|$/g, '')
    .split('|')
    .map((c) => c.trim());
}

export function parseGuide(markdown: string): Guide {
  const lines = markdown.split('\n');
  const guide: Guide = { examples: new Map(), answers: new Map(), tables: new Map() };
  for (let i = 0; i < lines.length; i++) {
    const fence = FENCE.exec(lines[i]!);
    if (fence) {
      const [, indent = '', lang = '', info = ''] = fence;
      const body: string[] = [];
      let j = i + 1;
      for (; j < lines.length && lines[j]!.trim() !== '```'; j++) body.push(lines[j]!.slice(indent.length));
      const mark = MARK.exec(info);
      if (mark) {
        const block = { id: mark[2]!, lang, text: body.join('\n').trim(), line: i + 1 };
        if (mark[1] === 'example') put(guide.examples, block.id, block, 'examples');
        else put(guide.answers, block.id, block, 'answers');
      }
      i = j;
      continue;
    }
    const table = TABLE_MARK.exec(lines[i]!.trim());
    if (table) {
      let j = i + 1;
      while (j < lines.length && lines[j]!.trim() === '') j++;
      const rows: string[][] = [];
      for (; j < lines.length && lines[j]!.trim().startsWith('|'); j++) rows.push(cells(lines[j]!));
      if (rows.length < 2) throw new Error(`table "${table[1]}" (line ${i + 1}) has no rows`);
      put(guide.tables, table[1]!, { header: rows[0]!, rows: rows.slice(2) }, 'tables');
      i = j - 1;
    }
  }
  return guide;
}

export function readGuide(): Guide {
  return parseGuide(readFileSync(GUIDE_PATH, 'utf8'));
}

/** The text between backticks in a table cell (`` `x` `` → x), or null for an empty cell. */
export function code(cell: string): string | null {
  const m = /^`([^`]*)`$/.exec(cell.trim());
  return m ? m[1]! : null;
}

export interface HttpRequest {
  method: string;
  path: string;
  body: unknown;
}

export interface HttpAnswer {
  status: number;
  body: unknown;
}

/** `METHOD /path`, then (after a blank line) an optional JSON body. */
export function parseRequest(block: GuideBlock): HttpRequest {
  const [head = '', ...rest] = block.text.split('\n');
  const m = /^(GET|POST|PUT|PATCH|DELETE) (\S+)$/.exec(head.trim());
  if (!m) throw new Error(`example "${block.id}" (line ${block.line}) does not start with METHOD /path`);
  const body = rest.join('\n').trim();
  return { method: m[1]!, path: m[2]!, body: body ? JSON.parse(body) : undefined };
}

/** `HTTP/1.1 <status> <text>`, then (after a blank line) an optional JSON body. */
export function parseAnswer(block: GuideBlock): HttpAnswer {
  const [head = '', ...rest] = block.text.split('\n');
  const m = /^HTTP\/1\.1 (\d{3})\b/.exec(head.trim());
  if (!m) throw new Error(`answer "${block.id}" (line ${block.line}) does not start with HTTP/1.1 <status>`);
  const body = rest.join('\n').trim();
  return { status: Number(m[1]), body: body ? JSON.parse(body) : undefined };
}

const ELLIPSIS = '…';

/** Whether `actual` fits a string with `…` gaps, in order, anchored at both ends. */
function fitsPattern(actual: string, pattern: string): boolean {
  const parts = pattern.split(ELLIPSIS);
  if (!actual.startsWith(parts[0]!)) return false;
  let at = parts[0]!.length;
  for (let i = 1; i < parts.length - 1; i++) {
    const found = actual.indexOf(parts[i]!, at);
    if (found < 0) return false;
    at = found + parts[i]!.length;
  }
  const last = parts.at(-1)!;
  return actual.length - last.length >= at && actual.endsWith(last);
}

/**
 * Where `actual` differs from the abbreviated `expected`, as readable lines (empty: it fits).
 * Objects: only the keys shown count. Strings: exact, `…` alone means "any value", `…` inside
 * stands for left-out text. Arrays: item by item and the same length, unless one item is `…`,
 * which stands for any number of items (the items before and after must match the ends).
 */
export function mismatches(actual: unknown, expected: unknown, path = '$'): string[] {
  const show = (v: unknown) => JSON.stringify(v);
  if (typeof expected === 'string' && expected.includes(ELLIPSIS)) {
    if (expected === ELLIPSIS) return actual === undefined ? [`${path}: missing`] : [];
    return typeof actual === 'string' && fitsPattern(actual, expected)
      ? []
      : [`${path}: ${show(actual)} does not fit ${show(expected)}`];
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return [`${path}: expected a list, got ${show(actual)}`];
    const gap = expected.indexOf(ELLIPSIS);
    if (gap < 0) {
      if (actual.length !== expected.length) {
        return [`${path}: ${actual.length} items, the guide shows ${expected.length}: ${show(actual)}`];
      }
      return expected.flatMap((e, i) => mismatches(actual[i], e, `${path}[${i}]`));
    }
    const head = expected.slice(0, gap);
    const tail = expected.slice(gap + 1);
    if (actual.length < head.length + tail.length) return [`${path}: too few items: ${show(actual)}`];
    const start = actual.length - tail.length;
    return [
      ...head.flatMap((e, i) => mismatches(actual[i], e, `${path}[${i}]`)),
      ...tail.flatMap((e, i) => mismatches(actual[start + i], e, `${path}[${start + i}]`)),
    ];
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) {
      return [`${path}: expected an object, got ${show(actual)}`];
    }
    return Object.entries(expected).flatMap(([k, e]) =>
      mismatches((actual as Record<string, unknown>)[k], e, `${path}.${k}`),
    );
  }
  return Object.is(actual, expected) ? [] : [`${path}: ${show(actual)}, the guide says ${show(expected)}`];
}
