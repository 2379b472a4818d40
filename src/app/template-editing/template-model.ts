/**
 * The pure part of per-tenant templates (issue 9): which template applies (content override, then
 * the tenant's version in the reader's language (issue 22), then the tenant's edit, then the default
 * in the reader's language), how a partial edit merges, the sample content of previews,
 * and the 422 error a refused template gets. No I/O; unit-tested in test/unit/templates.
 */
import {
  type ChangeContext,
  type NotificationContent,
  TEMPLATE_KINDS,
  type TemplateKind,
  type TemplateProblem,
  type TemplateSource,
  VARIANT_KINDS,
  validateTemplate,
} from '../../domain/templates';
import { defaultTemplate } from '../../domain/templates/defaults-i18n';
import { AppError, ErrorCode } from '../../errors';

/** Where the template that applies came from; `locale`: the tenant's version in the reader's language (issue 22). */
export type TemplateOrigin = 'override' | 'locale' | 'tenant' | 'default';

/**
 * An edit: each field a string (set), null (remove an optional field; `body` cannot be removed)
 * or absent (keep).
 */
export type TemplatePatch = { [F in keyof TemplateSource]?: string | null };

const OPTIONAL_FIELDS = ['header', 'button_label', 'context'] as const;

export const isTemplateKind = (v: unknown): v is TemplateKind =>
  typeof v === 'string' && (TEMPLATE_KINDS as readonly string[]).includes(v);

/**
 * Kinds that cannot be switched off: Test Slack must always be able to send its DM, and a DM
 * already sent must always be edited when its event moves or is called off (a stale invite is
 * worse than none). Why each one, for the refusal's message.
 */
export const ALWAYS_ENABLED: ReadonlyMap<TemplateKind, string> = new Map<TemplateKind, string>([
  ['test_message', 'Test Slack always sends it'],
  ...VARIANT_KINDS.map((k) => [k, 'a DM already sent is always edited when its event changes'] as const),
]);

/** A preview's sample change for the `<type>_updated` / `<type>_cancelled` / `track_cancelled` kinds (none for others). */
export function sampleChange(kind: TemplateKind, content: NotificationContent): ChangeContext | undefined {
  if (kind === 'track_cancelled') return { cancelled: true, reason: 'Not enough people signed up.' };
  if (!(VARIANT_KINDS as readonly string[]).includes(kind)) return undefined;
  if (kind.endsWith('_cancelled')) return { cancelled: true, reason: 'The speaker is ill.' };
  const earlier = (iso: string | undefined) =>
    iso ? new Date(Date.parse(iso) - 24 * 3600_000).toISOString() : undefined;
  return {
    parts: ['time', 'place'],
    previous: {
      ...content,
      starts_at: earlier(content.starts_at),
      ends_at: earlier(content.ends_at),
      location: 'Room 2',
    },
  };
}

/** Test Slack's message is about no content item, so it has no per-content overrides. */
export const NO_OVERRIDES: ReadonlySet<TemplateKind> = new Set<TemplateKind>(['test_message']);

/** The template that applies, by precedence: override > tenant's edit > default. */
export function effectiveTemplate(
  kind: TemplateKind,
  tenantEdit: TemplateSource | null | undefined,
  override?: TemplateSource | null,
  localeVariant?: { template: TemplateSource } | null,
  locale?: string,
): { template: TemplateSource; origin: TemplateOrigin } {
  if (override) return { template: override, origin: 'override' };
  if (localeVariant) return { template: localeVariant.template, origin: 'locale' };
  if (tenantEdit) return { template: tenantEdit, origin: 'tenant' };
  return { template: defaultTemplate(kind, locale), origin: 'default' };
}

/** A copy holding only the four template fields, optional ones only when set. */
export function cleanTemplate(t: TemplateSource): TemplateSource {
  const out: TemplateSource = { body: t.body };
  for (const f of OPTIONAL_FIELDS) if (typeof t[f] === 'string') out[f] = t[f];
  return out;
}

/** `base` with the patch applied (null removes an optional field; an empty string does too). */
export function applyPatch(base: TemplateSource, patch: TemplatePatch): TemplateSource {
  const out: TemplateSource = cleanTemplate(base);
  if (patch.body !== undefined) out.body = patch.body ?? '';
  for (const f of OPTIONAL_FIELDS) {
    const v = patch[f];
    if (v === undefined) continue;
    if (v === null || v === '') delete out[f];
    else out[f] = v;
  }
  return out;
}

export function sameTemplate(a: TemplateSource, b: TemplateSource): boolean {
  const x = cleanTemplate(a);
  const y = cleanTemplate(b);
  return (['body', ...OPTIONAL_FIELDS] as const).every((f) => x[f] === y[f]);
}

/**
 * The 422 of a refused template: the first problem's place at the top level (like
 * `invalid_expression`'s `field`), every problem in `problems`.
 */
export function invalidTemplate(kind: TemplateKind, problems: TemplateProblem[]): AppError {
  const first = problems[0]!;
  const where = first.line !== undefined ? ` (line ${first.line}, column ${first.column})` : '';
  return new AppError(
    ErrorCode.InvalidTemplate,
    `The ${kind} template cannot be saved: ${first.field}${where}: ${first.message}`,
    undefined,
    {
      extra: {
        field: first.field,
        code: first.code,
        ...(first.position !== undefined
          ? { position: first.position, line: first.line, column: first.column }
          : {}),
        problems,
      },
    },
  );
}

/** Throws the 422 when `validateTemplate` finds anything. */
export function assertValidTemplate(kind: TemplateKind, template: TemplateSource): void {
  const problems = validateTemplate(kind, template);
  if (problems.length > 0) throw invalidTemplate(kind, problems);
}

/**
 * What a preview shows when the caller sends no content: a plausible item a week from `now`,
 * with every optional field filled so every part of the template shows.
 */
export function sampleContent(kind: TemplateKind, now: Date): NotificationContent {
  const start = new Date(now.getTime() + 7 * 24 * 3600_000);
  start.setUTCHours(15, 0, 0, 0);
  const end = new Date(start.getTime() + 90 * 60_000);
  const title =
    kind === 'track_welcome' || kind === 'track_cancelled'
      ? 'Data Science Foundations'
      : 'Intro to Data Science';
  return {
    id: 'sample-content',
    title,
    url: 'https://plusplus.co/',
    starts_at: start.toISOString(),
    ends_at: end.toISOString(),
    location: 'Room 4 & Zoom',
    description: 'A hands-on introduction: bring a laptop.',
  };
}

export const SAMPLE_PEOPLE = { recipient: 'Ada Lovelace', actor: 'Grace Hopper', tenant: 'PlusPlus' };

/**
 * The tenant's variant for the first candidate tag that has one (issue 22): the exact canonical
 * tag, else a variant of the same language (`de` for `de-AT`). Candidates are canonical tags in
 * fallback order (the member's Slack locale, then the tenant's default_locale).
 */
export function pickLocaleVariant<T>(
  variants: ReadonlyMap<string, T> | undefined,
  candidates: readonly string[],
): T | null {
  if (!variants || variants.size === 0) return null;
  for (const tag of candidates) {
    const exact = variants.get(tag);
    if (exact) return exact;
    const language = tag.split('-')[0]!.toLowerCase();
    for (const [locale, v] of variants) if (locale.split('-')[0]!.toLowerCase() === language) return v;
  }
  return null;
}
