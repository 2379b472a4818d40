/**
 * Mustache set up for Slack.
 *
 * - A private `Writer` (never the global `Mustache.render`/`Mustache.escape`/`Mustache.tags`, which
 *   other code may change), with fixed `{{ }}` tags and our own bounded parse cache.
 * - Every value is escaped for Slack (`&`, `<`, `>` only). `{{{x}}}` and `{{& x}}` are rendered
 *   exactly like `{{x}}` (validateTemplate also rejects them); partials render nothing.
 * - Lookups only see own properties of the plain data we build (no prototype methods, no
 *   functions, so no lambdas and no re-rendering of a value: `{{` inside a value is just text).
 * - Values are wrapped in private-use sentinels while rendering; afterwards a `<…>` span in the
 *   output that holds any value, and any `<!…>` special other than `<!date^…>`, is escaped, so
 *   template text like `<{{data.x}}>` cannot turn a value into a mention or a link.
 */
import * as Mustache from 'mustache';
import { BoundedCache } from '../bounded-cache';
import { RENDER_BUDGET } from './limits';
import { escapeSlack, SENTINELS } from './text';

const VALUE_OPEN = '\uE000';
const VALUE_CLOSE = '\uE001';
const MARKUP_OPEN = '\uE002';
const MARKUP_CLOSE = '\uE003';

/** Tags are always passed explicitly so a change to the global `Mustache.tags` cannot reach us. */
export const TAGS: Mustache.OpeningAndClosingTags = ['{{', '}}'];

/** Slack markup that we built ourselves (date tokens, links): inserted as is in mrkdwn. */
export class SlackMarkup {
  // Private fields: invisible to Mustache lookups (`{{when.mrkdwn}}` finds nothing).
  readonly #mrkdwn: string;
  readonly #plain: string;
  /** @param mrkdwn trusted mrkdwn; @param plain escaped plain text used in plain_text fields */
  constructor(mrkdwn: string, plain: string) {
    this.#mrkdwn = mrkdwn;
    this.#plain = plain;
  }
  mrkdwnText(): string {
    return this.#mrkdwn;
  }
  plainText(): string {
    return this.#plain;
  }
}

/** `mrkdwn`: section and context text; `plain`: header and button text (no markup at all). */
export type RenderMode = 'mrkdwn' | 'plain';

function scalarText(v: unknown): string | undefined {
  if (typeof v === 'string') return escapeSlack(v.replace(SENTINELS, ''));
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  if (typeof v === 'boolean') return String(v);
  return undefined;
}

function emitValue(v: unknown, mode: RenderMode): string {
  if (v instanceof SlackMarkup) {
    return mode === 'mrkdwn'
      ? MARKUP_OPEN + v.mrkdwnText() + MARKUP_CLOSE
      : VALUE_OPEN + v.plainText() + VALUE_CLOSE;
  }
  const scalar = scalarText(v);
  if (scalar !== undefined) return VALUE_OPEN + scalar + VALUE_CLOSE;
  if (Array.isArray(v)) {
    const items = v.map(scalarText).filter((s): s is string => s !== undefined && s !== '');
    return VALUE_OPEN + items.join(', ') + VALUE_CLOSE;
  }
  // Objects (and anything else) render as nothing rather than "[object Object]".
  return '';
}

function ownValue(obj: unknown, key: string): { found: boolean; value?: unknown } {
  if (obj === null || typeof obj !== 'object' || obj instanceof SlackMarkup) return { found: false };
  return Object.hasOwn(obj, key)
    ? { found: true, value: (obj as Record<string, unknown>)[key] }
    : { found: false };
}

/**
 * Name resolution as in the Mustache spec (a dotted name is resolved against the innermost
 * context that has its first part), but on own properties only and never calling anything.
 */
class SafeContext extends Mustache.Context {
  override push(view: unknown): Mustache.Context {
    return new SafeContext(view, this);
  }

  override lookup(name: string): unknown {
    if (name === '.') return this.view;
    const [first, ...rest] = name.split('.');
    for (let ctx: Mustache.Context | undefined = this; ctx; ctx = ctx.parent) {
      const hit = ownValue(ctx.view, first);
      if (!hit.found) continue;
      let value = hit.value;
      for (const part of rest) value = ownValue(value, part).value;
      return typeof value === 'function' ? undefined : value;
    }
    return undefined;
  }
}

/**
 * Thrown while rendering when one field goes past {@link RENDER_BUDGET}'s repeats or steps:
 * notification `data` is untrusted, and nested sections over its lists multiply (four nested
 * sections over a list of 100 are 100,000,000 passes), so rendering stops instead of using seconds
 * and gigabytes.
 */
export class RenderBudgetExceeded extends Error {
  readonly code = 'render_budget_exceeded';
  /** The template field being rendered (set by renderFields). */
  field?: 'header' | 'body' | 'button_label' | 'context';

  constructor(readonly limit: 'iterations' | 'tokens') {
    super(
      limit === 'iterations'
        ? `sections would repeat more than ${RENDER_BUDGET.iterations.toLocaleString('en-US')} times in all`
        : `rendering would take more than ${RENDER_BUDGET.tokens.toLocaleString('en-US')} steps`,
    );
    this.name = 'RenderBudgetExceeded';
  }
}

/**
 * What one field's rendering may still use; a new one for each renderField (rendering is
 * synchronous). Repeats and steps past the budget throw; output past it is not an error but the
 * end of the text: the rest would be cut anyway (Slack shows 60,000 characters of a body at most),
 * so the remaining pieces are dropped and the sections still to come are skipped.
 */
class RenderBudget {
  private output: number = RENDER_BUDGET.output_chars;
  private iterations: number = RENDER_BUDGET.iterations;
  private tokens: number = RENDER_BUDGET.tokens;

  get outputFull(): boolean {
    return this.output <= 0;
  }

  /** `text` if it still fits, else '' (and no later piece fits either). */
  emit(text: string): string {
    if (text.length > this.output) {
      this.output = 0;
      return '';
    }
    this.output -= text.length;
    return text;
  }

  repeat(times: number): void {
    this.iterations -= times;
    if (this.iterations < 0) throw new RenderBudgetExceeded('iterations');
  }

  visit(tokens: number): void {
    this.tokens -= tokens;
    if (this.tokens < 0) throw new RenderBudgetExceeded('tokens');
  }
}

/** The writer's Mustache signature, for the methods overridden below. */
type Rest = [partials?: Mustache.PartialsOrLookupFn, originalTemplate?: string, config?: unknown];

class SlackWriter extends Mustache.Writer {
  budget = new RenderBudget();

  constructor(private readonly mode: RenderMode) {
    super();
    // The writer's own cache would grow without bound with admin-edited templates; we cache tokens.
    (this as unknown as { templateCache: undefined }).templateCache = undefined;
  }

  // Every piece of output goes through escapedValue or rawValue, every pass through a section
  // through renderTokens: counting there bounds the output, the work and the section repeats
  // before any of them happens (the budget is checked before the work, not after).
  override renderTokens(tokens: string[][], context: Mustache.Context, ...rest: Rest): string {
    if (this.budget.outputFull) return '';
    this.budget.visit(tokens.length);
    return super.renderTokens(tokens, context, ...(rest as [undefined, undefined]));
  }

  override renderSection(token: string[], context: Mustache.Context, ...rest: Rest): string {
    if (this.budget.outputFull) return '';
    const value = context.lookup(token[1]);
    this.budget.repeat(Array.isArray(value) ? value.length : 1);
    return (Mustache.Writer.prototype as unknown as SectionRenderer).renderSection.call(
      this,
      token,
      context,
      ...rest,
    );
  }

  override rawValue(token: string[]): string {
    return this.budget.emit(token[1]);
  }

  override escapedValue(token: string[], context: Mustache.Context): string {
    return this.budget.emit(emitValue(context.lookup(token[1]), this.mode));
  }

  /** `{{{x}}}` and `{{& x}}`: escaped like `{{x}}`. */
  override unescapedValue(token: string[], context: Mustache.Context): string {
    return this.escapedValue(token, context);
  }

  /** No partials exist; `{{> x}}` renders nothing even if a caller passed some. */
  override renderPartial(): string {
    return '';
  }
}

/** Mustache's own renderSection, which @types/mustache does not declare. */
interface SectionRenderer {
  renderSection(token: string[], context: Mustache.Context, ...rest: Rest): string;
}

const writers: Record<RenderMode, SlackWriter> = {
  mrkdwn: new SlackWriter('mrkdwn'),
  plain: new SlackWriter('plain'),
};
const parseCache = new BoundedCache<string, Mustache.TemplateSpans>(500);

/** Mustache tokens of a template (cached); throws Mustache's Error on a syntax error. */
export function parseTemplate(template: string): Mustache.TemplateSpans {
  const cached = parseCache.get(template);
  if (cached) return cached;
  const tokens = writers.plain.parse(template, TAGS) as Mustache.TemplateSpans;
  parseCache.set(template, tokens);
  return tokens;
}

const ENTITY_AT = /^&(?:amp|lt|gt);/;

/** `<!…>` specials allowed in template text: only date tokens (no @channel, @here, user groups). */
function isAllowedSpan(inner: string): boolean {
  return !inner.startsWith('!') || inner.startsWith('!date^');
}

/** Longer literal spans are escaped: keeps every markup span splittable into 3000-char sections. */
const MAX_SPAN = 2000;

/**
 * Turns the sentinel-marked Mustache output into Slack text. Literal template text gets its bare
 * `&` escaped (an `&amp;`/`&lt;`/`&gt;` the author typed stays); in plain mode every literal `<`/`>`
 * is escaped; in mrkdwn mode a literal `<…>` span stays only if it holds no value and is allowed.
 */
export function finish(raw: string, mode: RenderMode): string {
  let out = '';
  let open = -1; // index in `out` of an unmatched literal '<'
  let tainted = false;
  const escapeOpen = () => {
    out = `${out.slice(0, open)}&lt;${out.slice(open + 1)}`;
    open = -1;
  };
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (c === MARKUP_OPEN || c === VALUE_OPEN) {
      const end = raw.indexOf(c === MARKUP_OPEN ? MARKUP_CLOSE : VALUE_CLOSE, i + 1);
      if (end === -1) continue; // cannot happen: templates and values are stripped of sentinels
      out += raw.slice(i + 1, end);
      i = end;
      if (open !== -1) tainted = true;
    } else if (c === MARKUP_CLOSE || c === VALUE_CLOSE) {
      // a stray closing sentinel: drop it
    } else if (c === '&') {
      out += ENTITY_AT.test(raw.slice(i, i + 5)) ? '&' : '&amp;';
    } else if (c === '<') {
      if (mode === 'plain') out += '&lt;';
      else {
        if (open !== -1) escapeOpen();
        open = out.length;
        tainted = false;
        out += '<';
      }
    } else if (c === '>') {
      if (open === -1) out += '&gt;';
      else {
        const inner = out.slice(open + 1);
        if (tainted || inner.length > MAX_SPAN || !isAllowedSpan(inner)) {
          escapeOpen();
          out += '&gt;';
        } else {
          out += '>';
          open = -1;
        }
      }
    } else {
      out += c;
    }
  }
  if (open !== -1) escapeOpen();
  return out;
}

/**
 * Renders one template field against a view built by `buildView`; throws on a syntax error, and a
 * {@link RenderBudgetExceeded} when the field would go past {@link RENDER_BUDGET}.
 */
export function renderField(template: string, view: object, mode: RenderMode): string {
  const tokens = parseTemplate(template.replace(SENTINELS, ''));
  const writer = writers[mode];
  writer.budget = new RenderBudget();
  const raw = writer.renderTokens(
    tokens as unknown as string[][],
    new SafeContext(view),
    undefined,
    template,
  );
  return finish(raw, mode);
}
