/**
 * A tenant's templates per language (issue 22, docs/templates.md "Languages"): a complete
 * template for one kind in one BCP 47 locale, picked for members whose Slack locale (else the
 * tenant's default_locale) is that language. A per-content override still wins; the tenant's
 * edit and then the default in the member's language follow.
 */
import { canonicalLocale } from '../../domain/locale';
import type { TemplateKind, TemplateSource } from '../../domain/templates';
import { AppError, ErrorCode, notFound } from '../../errors';
import type {
  StoredLocaleVariant,
  TemplatesRepository,
} from '../../persistence/repositories/templates-repository';
import { applyPatch, assertValidTemplate, cleanTemplate, type TemplatePatch } from './template-model';

/** A language variant as the internal API writes it (`TemplateLocaleVariant`). */
export interface LocaleVariantView {
  locale: string;
  template: TemplateSource;
  createdAt: Date;
  updatedAt: Date;
}

export const localeVariantView = (v: StoredLocaleVariant): LocaleVariantView => ({
  locale: v.locale,
  template: cleanTemplate(v.template),
  createdAt: v.createdAt,
  updatedAt: v.updatedAt,
});

/** The canonical tag, or 422 invalid_request naming `field` (an ill-formed or unknown tag). */
export function requireLocale(tag: string, field = 'locale'): string {
  const canonical = canonicalLocale(tag);
  if (canonical) return canonical;
  throw new AppError(
    ErrorCode.InvalidRequest,
    `${field} must be a BCP 47 language tag such as de-DE, fr-FR, es-ES or ja-JP; ${JSON.stringify(tag.slice(0, 40))} is not one.`,
    undefined,
    { status: 422, extra: { field } },
  );
}

type Repo = Pick<TemplatesRepository, 'localeVariants' | 'saveLocaleVariant' | 'deleteLocaleVariant'>;

/** Creates or replaces the tenant's `kind` in `locale`: a complete template, validated. */
export async function putLocaleVariant(
  repo: Repo,
  tenantId: string,
  kind: TemplateKind,
  localeTag: string,
  template: TemplatePatch,
): Promise<LocaleVariantView> {
  const locale = requireLocale(localeTag);
  const full = applyPatch({ body: '' }, template);
  assertValidTemplate(kind, full);
  return localeVariantView(await repo.saveLocaleVariant(tenantId, kind, locale, full));
}

/** Deletes the tenant's `kind` in `locale`; 404 when there is none. */
export async function deleteLocaleVariant(
  repo: Repo,
  tenantId: string,
  kind: TemplateKind,
  localeTag: string,
): Promise<void> {
  const locale = requireLocale(localeTag);
  if (!(await repo.deleteLocaleVariant(tenantId, kind, locale)))
    throw notFound(`The ${locale} version of the ${kind} template`);
}

/** The tenant's language variants of `kind`. */
export async function localeVariantsOf(
  repo: Repo,
  tenantId: string,
  kind: TemplateKind,
): Promise<LocaleVariantView[]> {
  return (await repo.localeVariants(tenantId)).filter((v) => v.kind === kind).map(localeVariantView);
}
