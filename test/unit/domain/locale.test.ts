import { canonicalLocale, pickLocale, supportedLocaleFor } from '../../../src/domain/locale';

describe('locale', () => {
  it('canonicalises well-formed tags and refuses others', () => {
    expect(canonicalLocale('de-de')).toBe('de-DE');
    expect(canonicalLocale('pt-BR')).toBe('pt-BR');
    expect(canonicalLocale('not a locale')).toBeNull();
    expect(canonicalLocale('xx-YY')).toBeNull();
    expect(canonicalLocale('')).toBeNull();
    expect(canonicalLocale(42)).toBeNull();
  });

  it('maps Slack locales to a catalogue by language', () => {
    expect(supportedLocaleFor('es-LA')).toBe('es-ES');
    expect(supportedLocaleFor('fr-CA')).toBe('fr-FR');
    expect(supportedLocaleFor('en-GB')).toBe('en-US');
    expect(supportedLocaleFor('ja-JP')).toBe('ja-JP');
    expect(supportedLocaleFor('pt-BR')).toBeNull();
  });

  it('falls back to the tenant default, then en-US', () => {
    expect(pickLocale('de-DE', 'fr-FR')).toBe('de-DE');
    expect(pickLocale('pt-BR', 'fr-FR')).toBe('fr-FR');
    expect(pickLocale('pt-BR', null)).toBe('en-US');
    expect(pickLocale(null, 'pt-BR')).toBe('en-US');
  });
});
