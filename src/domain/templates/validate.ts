/**
 * validateTemplate: what an admin gets told before a template is saved. Checks each field's type,
 * length and Mustache syntax; walks the parsed tokens for unknown variables, unsupported tags
 * (triple mustache, partials) and unsafe markup; then renders the template with the longest
 * content CONTENT_LIMITS allow and reports any Block Kit limit the result would break.
 *
 * Over ~350 lines on purpose: every check an admin can be told about, in the order they are told.
 */
import { DATA_PREFIX, TEMPLATE_VARIABLES } from './defaults';
import { parseTemplate, RenderBudgetExceeded } from './engine';
import {
  BLOCK_KIT_LIMITS,
  CONTENT_LIMITS,
  MAX_BODY_SECTIONS,
  MAX_SECTION_DEPTH,
  RENDER_BUDGET,
  TEMPLATE_SOURCE_LIMITS,
} from './limits';
import { type RenderedFields, renderFields } from './render';
import { splitText } from './text';
import type {
  ChangedPart,
  TemplateField,
  TemplateKind,
  TemplateProblem,
  TemplateProblemCode,
  TemplateSource,
} from './types';
import { buildView } from './view-data';

const FIELDS: TemplateField[] = ['header', 'body', 'button_label', 'context'];

type Token = [string, string, number, number, Token[]?, number?];

function at(text: string, position: number): { position: number; line: number; column: number } {
  const before = text.slice(0, position);
  const line = before.split('\n').length;
  return { position, line, column: position - before.lastIndexOf('\n') };
}

function problem(
  field: TemplateField,
  code: TemplateProblemCode,
  message: string,
  text?: string,
  position?: number,
): TemplateProblem {
  return text !== undefined && position !== undefined
    ? { field, code, message, ...at(text, position) }
    : { field, code, message };
}

/** Every prefix of a documented variable (`content` for `content.title`): usable as a section. */
function prefixes(vars: string[]): Set<string> {
  const out = new Set<string>();
  for (const v of vars) {
    const parts = v.split('.');
    for (let i = 1; i < parts.length; i++) out.add(parts.slice(0, i).join('.'));
  }
  return out;
}

class TokenChecker {
  readonly problems: TemplateProblem[] = [];
  private readonly vars: Set<string>;
  private readonly parents: Set<string>;
  /** Offset of an unclosed literal `<` in the template text, or -1. */
  private openAngle = -1;
  /** The budget problems are reported once per field (the outermost place is the one to fix). */
  private budgetReported = false;

  constructor(
    private readonly kind: TemplateKind,
    private readonly field: TemplateField,
    private readonly text: string,
  ) {
    this.vars = new Set(TEMPLATE_VARIABLES[kind]);
    this.parents = prefixes(TEMPLATE_VARIABLES[kind]);
  }

  private add(code: TemplateProblemCode, message: string, position: number): void {
    this.problems.push(problem(this.field, code, message, this.text, position));
  }

  private known(name: string, stack: string[], asSection: boolean): boolean {
    if (name === '.') return stack.length > 0;
    // Inside a section over data, names may be relative to data we cannot see.
    if (stack.some((s) => s === 'data' || s.startsWith(DATA_PREFIX))) return true;
    const candidates = [name, ...stack.map((_, i) => `${stack.slice(0, i + 1).join('.')}.${name}`)];
    return candidates.some(
      (n) =>
        this.vars.has(n) ||
        (n.startsWith(DATA_PREFIX) && n.length > DATA_PREFIX.length) ||
        (asSection && (n === 'data' || this.parents.has(n))),
    );
  }

  private checkName(name: string, stack: string[], position: number, asSection: boolean): void {
    if (this.known(name, stack, asSection)) return;
    const list = [...this.vars].map((v) => `{{${v}}}`).join(', ');
    const what = asSection ? `Section on an unknown variable "${name}"` : `Unknown variable "{{${name}}}"`;
    this.add(
      'unknown_variable',
      `${what}. Templates for ${this.kind} can use ${list} and {{data.…}}.`,
      position,
    );
  }

  private checkInsideAngle(position: number): void {
    if (this.openAngle === -1) return;
    this.add(
      'unsafe_markup',
      'A variable inside <…> (a link or mention written in the template) is not allowed: it is shown as text. Use {{link}} or the button for the content link.',
      position,
    );
  }

  private literal(text: string, start: number): void {
    for (const m of text.matchAll(/<!(?!date\^)/g)) {
      this.add(
        'unsafe_markup',
        'Special mentions (<!channel>, <!here>, <!everyone>, user groups) are not allowed in templates: they are shown as text.',
        start + (m.index ?? 0),
      );
    }
    for (let i = 0; i < text.length; i++) {
      if (text[i] === '<') this.openAngle = start + i;
      else if (text[i] === '>') this.openAngle = -1;
    }
  }

  /**
   * Whether a section on `name` can repeat over a list: anything from `data` can be one (`.`, and
   * every name inside a section over data, may be an item of a list); the documented variables
   * (content.*, recipient.name, when, …) never are.
   */
  private canRepeat(name: string, stack: string[]): boolean {
    if (name === '.' || name === 'data' || name.startsWith(DATA_PREFIX)) return true;
    return stack.some((s) => s === 'data' || s.startsWith(DATA_PREFIX) || s === '.');
  }

  /**
   * The render budget, checked before saving: sections that can repeat, with lists of the longest
   * length the notifications API accepts, multiply to at most RENDER_BUDGET.iterations passes
   * (and nest at most MAX_SECTION_DEPTH deep, {@link checkNesting}).
   */
  private checkBudget(name: string, passes: number, position: number): void {
    if (this.budgetReported || passes <= RENDER_BUDGET.iterations) return;
    this.budgetReported = true;
    this.add(
      'too_expensive',
      `{{#${name}}} repeats inside other sections over lists: with lists of ${CONTENT_LIMITS.data_array_items} items (the most a notification's data may hold) it would render ${passes.toLocaleString('en-US')} times; at most ${RENDER_BUDGET.iterations.toLocaleString('en-US')} are allowed. Nest at most two sections over lists in data.`,
      position,
    );
  }

  /**
   * Sections nested deeper than MAX_SECTION_DEPTH: reported (once, at the first such section)
   * before the repeat count, as the more basic thing to fix.
   */
  checkNesting(tokens: Token[], depth = 0): void {
    for (const t of tokens) {
      if (this.budgetReported) return;
      if (t[0] !== '#' && t[0] !== '^') continue;
      if (depth + 1 > MAX_SECTION_DEPTH) {
        this.budgetReported = true;
        this.add(
          'nesting_too_deep',
          `Sections nest ${depth + 1} deep at {{${t[0]}${t[1]}}}; at most ${MAX_SECTION_DEPTH} are allowed. Move this section out of the ones around it.`,
          t[2],
        );
        return;
      }
      this.checkNesting(t[4] ?? [], depth + 1);
    }
  }

  walk(tokens: Token[], stack: string[], passes = 1): void {
    for (const t of tokens) {
      const [type, value, start] = t;
      switch (type) {
        case 'text':
          this.literal(value, start);
          break;
        case 'name':
          this.checkName(value, stack, start, false);
          this.checkInsideAngle(start);
          break;
        case '&':
          this.add(
            'unsupported_tag',
            `Triple mustache {{{${value}}}} / {{& ${value}}} is not supported: every value is escaped for Slack. Write {{${value}}}.`,
            start,
          );
          this.checkName(value, stack, start, false);
          break;
        case '#':
        case '^': {
          this.checkName(value, stack, start, true);
          const repeats = type === '#' && this.canRepeat(value, stack);
          const inner = repeats ? passes * CONTENT_LIMITS.data_array_items : passes;
          this.checkBudget(value, inner, start);
          this.walk(t[4] ?? [], [...stack, value], inner);
          break;
        }
        case '>':
          this.add('unsupported_tag', `Partials ({{> ${value}}}) are not supported.`, start);
          break;
        default:
          // '!' comments and '=' delimiter changes are fine.
          break;
      }
    }
  }
}

function syntaxProblem(field: TemplateField, text: string, error: unknown): TemplateProblem {
  const message = error instanceof Error ? error.message : String(error);
  const m = /at (\d+)$/.exec(message);
  let position = m ? Math.min(Number(m[1]), text.length) : undefined;
  // Mustache reports a section left open at the end of the text; point at its opening tag instead.
  const open = /^Unclosed section "(.*)" at \d+$/.exec(message);
  if (open && position === text.length) {
    const name = open[1].replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const tags = [...text.matchAll(new RegExp(`\\{\\{\\s*[#^]\\s*${name}\\s*\\}\\}`, 'g'))];
    if (tags.length > 0) position = tags[tags.length - 1].index;
  }
  // An unclosed tag is reported where the text ends; point at the last `{{` instead.
  if (/^Unclosed tag/.test(message) && position !== undefined) {
    const tag = text.lastIndexOf('{{', position);
    if (tag !== -1) position = tag;
  }
  return problem(
    field,
    'syntax',
    `Template syntax error: ${message.replace(/ at \d+$/, '')}.`,
    text,
    position,
  );
}

/** A RenderContext with every value at its longest, made of `&` (5 characters once escaped). */
function longestContext(kind: TemplateKind, template: TemplateSource) {
  const s = (n: number) => '&'.repeat(n);
  // Every data.* path the template names gets a longest string (nested paths become objects).
  const data: Record<string, unknown> = {};
  const text = FIELDS.map((f) => template[f] ?? '').join('\n');
  for (const m of text.matchAll(/data((?:\.[^\s{}.&^#/!>=]+)+)/g)) {
    const path = m[1].slice(1).split('.');
    let node = data;
    path.forEach((key, i) => {
      if (i === path.length - 1) {
        if (!(key in node)) node[key] = s(CONTENT_LIMITS.data_string);
      } else {
        if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
        node = node[key] as Record<string, unknown>;
      }
    });
  }
  return {
    type: kind,
    content: {
      id: s(CONTENT_LIMITS.id),
      title: s(CONTENT_LIMITS.title),
      url: `https://example.com/${'a'.repeat(1400)}`,
      starts_at: '2026-12-01T15:00:00Z',
      ends_at: '2026-12-03T15:00:00Z',
      location: s(CONTENT_LIMITS.location),
      description: s(CONTENT_LIMITS.description),
    },
    data,
    recipient: { name: s(CONTENT_LIMITS.name) },
    actor: { name: s(CONTENT_LIMITS.name) },
    tenantName: s(CONTENT_LIMITS.name),
    timeZone: 'Asia/Kathmandu',
    change: {
      parts: ['time', 'place', 'title', 'details'] as ChangedPart[],
      reason: s(CONTENT_LIMITS.reason),
      previous: {
        id: 'x',
        title: s(CONTENT_LIMITS.title),
        starts_at: '2026-11-30T15:00:00Z',
        ends_at: '2026-12-02T15:00:00Z',
        location: s(CONTENT_LIMITS.location),
      },
    },
  };
}

function limitProblems(kind: TemplateKind, template: TemplateSource): TemplateProblem[] {
  // Longest content, and no optional content at all (inverted sections may hold the long text).
  let longest: RenderedFields;
  let empty: RenderedFields;
  try {
    longest = renderFields(template, buildView(longestContext(kind, template)));
    empty = renderFields(template, buildView({ type: kind, content: { id: 'x', title: 'x' } }));
  } catch (error) {
    if (!(error instanceof RenderBudgetExceeded)) throw error;
    return [
      problem(
        error.field ?? 'body',
        'too_expensive',
        `With the longest content allowed, rendering would go past the render budget: ${error.message}.`,
      ),
    ];
  }
  const max = (f: keyof RenderedFields, fn: (s: string) => number) => Math.max(fn(longest[f]), fn(empty[f]));
  const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim().length;
  const out: TemplateProblem[] = [];
  const tooLong = (field: TemplateField, n: number, limit: number, what: string) =>
    out.push(
      problem(
        field,
        'exceeds_block_kit_limit',
        `With the longest content allowed, the ${what} can reach ${n} characters; Slack allows ${limit}, so it would be cut with "…".`,
      ),
    );
  const header = max('header', oneLine);
  if (header > BLOCK_KIT_LIMITS.header_text)
    tooLong('header', header, BLOCK_KIT_LIMITS.header_text, 'header');
  const button = max('button_label', oneLine);
  if (button > BLOCK_KIT_LIMITS.button_text)
    tooLong('button_label', button, BLOCK_KIT_LIMITS.button_text, 'button label');
  const context = max('context', (s) => s.trim().length);
  if (context > BLOCK_KIT_LIMITS.context_text)
    tooLong('context', context, BLOCK_KIT_LIMITS.context_text, 'context line');
  const sections = max('body', (s) => splitText(s, BLOCK_KIT_LIMITS.section_text).length);
  if (sections > MAX_BODY_SECTIONS) {
    out.push(
      problem(
        'body',
        'exceeds_block_kit_limit',
        `With the longest content allowed, the body needs ${sections} sections of ${BLOCK_KIT_LIMITS.section_text} characters; at most ${MAX_BODY_SECTIONS} are sent, so it would be cut with "…".`,
      ),
    );
  }
  return out;
}

/** Problems with a template for `kind`; `[]` when it can be saved. */
export function validateTemplate(kind: TemplateKind, template: TemplateSource): TemplateProblem[] {
  if (!Object.hasOwn(TEMPLATE_VARIABLES, kind)) throw new TypeError(`Unknown template kind: ${String(kind)}`);
  if (!template || typeof template !== 'object') {
    return [problem('body', 'invalid_type', 'A template is an object with a "body" string.')];
  }
  const problems: TemplateProblem[] = [];
  let renderable = true;
  for (const field of FIELDS) {
    const text: unknown = template[field];
    if (text === undefined || text === null) {
      if (field === 'body') {
        problems.push(problem(field, 'required', 'The body is required.'));
        renderable = false;
      }
      continue;
    }
    if (typeof text !== 'string') {
      problems.push(
        problem(field, field === 'body' ? 'required' : 'invalid_type', `"${field}" must be a string.`),
      );
      renderable = false;
      continue;
    }
    if (field === 'body' && text.trim() === '') {
      problems.push(problem(field, 'required', 'The body cannot be empty.'));
      continue;
    }
    if (text.length > TEMPLATE_SOURCE_LIMITS[field]) {
      problems.push(
        problem(
          field,
          'too_long',
          `"${field}" is ${text.length} characters; at most ${TEMPLATE_SOURCE_LIMITS[field]}.`,
        ),
      );
      renderable = false;
      continue;
    }
    let tokens: Token[];
    try {
      tokens = parseTemplate(text) as unknown as Token[];
    } catch (error) {
      problems.push(syntaxProblem(field, text, error));
      renderable = false;
      continue;
    }
    const checker = new TokenChecker(kind, field, text);
    checker.checkNesting(tokens);
    checker.walk(tokens, []);
    problems.push(...checker.problems);
  }
  if (typeof template.body !== 'string') renderable = false;
  if (renderable) problems.push(...limitProblems(kind, template));
  return problems;
}
