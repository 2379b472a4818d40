/**
 * Which language the app speaks to a member (issue 22, design §4 "Language"): the member's Slack
 * locale if we have a catalogue for it, else the tenant's `default_locale`, else en-US. Pure: the
 * catalogues themselves live in views/i18n (the domain never needs them).
 */

/** The locales with a message catalogue (views/i18n) and translated default templates. */
export const SUPPORTED_LOCALES = ['en-US', 'de-DE', 'fr-FR', 'es-ES', 'ja-JP'] as const;
export type SupportedLocale = (typeof SUPPORTED_LOCALES)[number];

export const FALLBACK_LOCALE: SupportedLocale = 'en-US';

/**
 * The canonical form of a BCP 47 tag (`de-de` → `de-DE`), or null if it is ill-formed or
 * `Intl` knows no such language. Slack's own tags (`es-LA`, `zh-TW`) are well-formed.
 */
export function canonicalLocale(tag: unknown): string | null {
  if (typeof tag !== 'string' || tag.length === 0 || tag.length > 35) return null;
  try {
    const [canonical] = Intl.getCanonicalLocales(tag);
    if (!canonical) return null;
    // A tag Intl accepts syntactically but has no data for falls back silently; refuse it so that
    // an admin's typo (`xx-YY`) is reported rather than stored.
    if (Intl.DateTimeFormat.supportedLocalesOf([canonical]).length === 0) return null;
    return canonical;
  } catch {
    return null;
  }
}

/**
 * The catalogue for one tag: the exact locale, else one of the same language (Slack's `es-LA`
 * reads es-ES, `fr-CA` fr-FR, `en-GB` en-US), else null.
 */
export function supportedLocaleFor(tag: string | null | undefined): SupportedLocale | null {
  const canonical = canonicalLocale(tag);
  if (!canonical) return null;
  const exact = SUPPORTED_LOCALES.find((l) => l.toLowerCase() === canonical.toLowerCase());
  if (exact) return exact;
  const language = canonical.split('-')[0]!.toLowerCase();
  return SUPPORTED_LOCALES.find((l) => l.split('-')[0] === language) ?? null;
}

/** The member's locale, else the tenant's default, else en-US. */
export function pickLocale(
  memberLocale: string | null | undefined,
  tenantDefault?: string | null,
): SupportedLocale {
  return supportedLocaleFor(memberLocale) ?? supportedLocaleFor(tenantDefault) ?? FALLBACK_LOCALE;
}

/** The locale a Slack member object carries (only when asked with `include_locale=true`). */
export function memberLocale(member: unknown): string | null {
  const locale = (member as { locale?: unknown } | null)?.locale;
  return typeof locale === 'string' ? locale : null;
}

/** The member's IANA time zone (`tz`), if Slack gave one. */
export function memberTimeZone(member: unknown): string | null {
  const tz = (member as { tz?: unknown } | null)?.tz;
  return typeof tz === 'string' && tz.length > 0 ? tz : null;
}

/** How to speak to one member: the catalogue's locale and the zone for dates and times. */
export interface MemberLanguage {
  locale: SupportedLocale;
  /** IANA zone (the member's `tz`, else UTC). */
  timeZone: string;
  /**
   * The canonical tags asked for, in fallback order (the member's Slack locale, the tenant's
   * default_locale), even ones without a catalogue: a tenant's template variant may exist for them.
   */
  candidates?: string[];
}

export const DEFAULT_LANGUAGE: MemberLanguage = { locale: FALLBACK_LOCALE, timeZone: 'UTC' };
