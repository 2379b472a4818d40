/**
 * The app's own words in the member's language (issue 22): message catalogues in ICU
 * MessageFormat, formatted with FormatJS `intl-messageformat` on Node's built-in Intl (decision
 * in docs/decisions.md, how to add a language in docs/i18n.md). Views are pure and take a `Lang`;
 * the use cases decide which one (src/domain/locale.ts `pickLocale`).
 */
import { IntlMessageFormat } from 'intl-messageformat';
import {
  DEFAULT_LANGUAGE,
  type MemberLanguage,
  SUPPORTED_LOCALES,
  type SupportedLocale,
} from '../../src/domain/locale';
import { deDE } from './catalogues/de-DE';
import { type Catalogue, enUS, type MessageKey } from './catalogues/en-US';
import { esES } from './catalogues/es-ES';
import { frFR } from './catalogues/fr-FR';
import { jaJP } from './catalogues/ja-JP';

export type { Catalogue, MessageKey };

export const CATALOGUES: Record<SupportedLocale, Catalogue> = {
  'en-US': enUS,
  'de-DE': deDE,
  'fr-FR': frFR,
  'es-ES': esES,
  'ja-JP': jaJP,
};

export type MessageArgs = Record<string, string | number>;

// One compiled formatter per (locale, key): 5 × ~150, built on first use.
const compiled = new Map<string, IntlMessageFormat>();

function formatter(locale: SupportedLocale, key: MessageKey): IntlMessageFormat {
  const id = `${locale}\u0000${key}`;
  let f = compiled.get(id);
  if (!f) {
    f = new IntlMessageFormat(CATALOGUES[locale][key], locale, undefined, { ignoreTag: true });
    compiled.set(id, f);
  }
  return f;
}

/** ICU puts narrow no-break spaces in times and numbers; plain spaces read the same in Slack. */
const tidy = (s: string) => s.replace(/[\u202F\u2009]/g, ' ');

/** The words, numbers and dates of one locale and time zone. */
export interface Lang extends MemberLanguage {
  /** The message `key` with `args` (already escaped by the caller where they are user text). */
  t(key: MessageKey, args?: MessageArgs): string;
  /** A number as the locale writes it (`1,234`, `1.234`, `1 234`). */
  n(value: number): string;
  /** Date and time (medium date, short time) in the member's zone, e.g. `6. Dez. 2026, 14:30`. */
  dateTime(date: Date): string;
}

const languages = new Map<string, Lang>();
/**
 * The Lang last made for a language object: the member caches (src/app/directory-sync) hand the
 * same object out on every command, and the ack of `/plusplus help` asks for its Lang each time
 * (issue 15), so the second ask is one look-up instead of a check, a key and a map look-up.
 */
const byObject = new WeakMap<Partial<MemberLanguage>, Lang>();

/** The Lang for a locale and zone (an unsupported locale speaks en-US; an unknown zone is UTC). */
export function lang(language: Partial<MemberLanguage> = DEFAULT_LANGUAGE): Lang {
  const seen = byObject.get(language);
  if (seen) return seen;
  const found = langFor(language);
  byObject.set(language, found);
  return found;
}

function langFor(language: Partial<MemberLanguage>): Lang {
  const locale = (SUPPORTED_LOCALES as readonly string[]).includes(language.locale ?? '')
    ? (language.locale as SupportedLocale)
    : DEFAULT_LANGUAGE.locale;
  let timeZone = language.timeZone || 'UTC';
  const id = `${locale}|${timeZone}`;
  const known = languages.get(id);
  if (known) return known;
  let dates: Intl.DateTimeFormat;
  try {
    dates = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone });
  } catch {
    timeZone = 'UTC';
    dates = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone });
  }
  const numbers = new Intl.NumberFormat(locale);
  // A message without arguments reads the same every time: formatted once (the help text is
  // formatted on every /plusplus help ack, issue 15).
  const plain = new Map<MessageKey, string>();
  const made: Lang = {
    locale,
    timeZone,
    t: (key, args) => {
      if (args === undefined) {
        let text = plain.get(key);
        if (text === undefined) {
          text = tidy(String(formatter(locale, key).format()));
          plain.set(key, text);
        }
        return text;
      }
      return tidy(String(formatter(locale, key).format(args)));
    },
    n: (value) => tidy(numbers.format(value)),
    dateTime: (date) => tidy(dates.format(date)),
  };
  if (languages.size < 1000) languages.set(id, made);
  return made;
}

/** en-US in UTC: what views speak when nobody said otherwise (and what existing tests read). */
export const EN: Lang = lang(DEFAULT_LANGUAGE);

/** The language a view model carries (`language`, set by the use case), else en-US. */
export const langOf = (model: { language?: MemberLanguage } | null | undefined): Lang =>
  model?.language ? lang(model.language) : EN;
