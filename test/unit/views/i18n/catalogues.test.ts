/**
 * The catalogue contract (issue 22): every locale has exactly en-US's keys, every message parses
 * as ICU MessageFormat, and uses exactly the argument names of its en-US original (a translation
 * that drops `{title}` or invents `{titel}` fails here, not in a member's DM).
 */
import { IntlMessageFormat } from 'intl-messageformat';
import { SUPPORTED_LOCALES } from '../../../../src/domain/locale';
import { CATALOGUES, lang, type MessageKey } from '../../../../views/i18n';

type Node = { type: number; value?: unknown; options?: Record<string, { value: Node[] }>; children?: Node[] };

/** Argument names with how they are used (`title`, `count:plural`), from the parsed message. */
function argumentsOf(message: string, locale: string): string[] {
  const ast = new IntlMessageFormat(message, locale, undefined, { ignoreTag: true }).getAst() as Node[];
  const found = new Set<string>();
  const walk = (nodes: Node[]) => {
    for (const n of nodes) {
      // 0 literal, 1 argument, 2 number, 3 date, 4 time, 5 select, 6 plural, 7 pound, 8 tag
      if (n.type === 1) found.add(String(n.value));
      if (n.type === 2) found.add(`${String(n.value)}:number`);
      if (n.type === 3 || n.type === 4) found.add(`${String(n.value)}:date`);
      if (n.type === 5) found.add(`${String(n.value)}:select`);
      if (n.type === 6) found.add(`${String(n.value)}:plural`);
      for (const option of Object.values(n.options ?? {})) walk(option.value);
      if (n.children) walk(n.children);
    }
  };
  walk(ast);
  return [...found].sort();
}

const en = CATALOGUES['en-US'];
const keys = Object.keys(en).sort() as MessageKey[];

describe.each(SUPPORTED_LOCALES.filter((l) => l !== 'en-US'))('catalogue %s', (locale) => {
  const catalogue = CATALOGUES[locale];

  it('has exactly the keys of en-US', () => {
    expect(Object.keys(catalogue).sort()).toEqual(keys);
  });

  it.each(keys)('%s parses and takes the same arguments as en-US', (key) => {
    expect(typeof catalogue[key]).toBe('string');
    expect(catalogue[key].trim()).not.toBe('');
    expect(argumentsOf(catalogue[key], locale)).toEqual(argumentsOf(en[key], 'en-US'));
  });

  it('is not en-US copied (most messages differ)', () => {
    const same = keys.filter((k) => catalogue[k] === en[k]);
    expect(same.length).toBeLessThan(keys.length / 10);
  });
});

describe('catalogue en-US', () => {
  it.each(keys)('%s parses', (key) => {
    expect(() => argumentsOf(en[key], 'en-US')).not.toThrow();
  });
});

describe('lang', () => {
  it('formats plurals, numbers and dates in the locale and zone', () => {
    const de = lang({ locale: 'de-DE', timeZone: 'Europe/Berlin' });
    expect(de.t('home.templates.overrides', { count: 2 })).toBe('2 Anpassungen für Inhalte');
    expect(de.n(1234)).toBe('1.234');
    expect(de.dateTime(new Date('2026-12-01T15:00:00Z'))).toBe('01.12.2026, 16:00');
    const ja = lang({ locale: 'ja-JP', timeZone: 'Asia/Tokyo' });
    expect(ja.dateTime(new Date('2026-12-01T15:00:00Z'))).toBe('2026/12/02 0:00');
  });

  it('speaks en-US for an unknown locale and UTC for an unknown zone', () => {
    const l = lang({ locale: 'pt-BR' as never, timeZone: 'Mars/Olympus' });
    expect(l.locale).toBe('en-US');
    expect(l.timeZone).toBe('UTC');
  });
});
