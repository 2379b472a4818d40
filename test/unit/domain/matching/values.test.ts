import { matchKeys, scalarKey, stringKey } from '../../../../src/domain/matching/values';

describe('matchKeys', () => {
  it('trims and lower-cases strings', () => {
    expect(matchKeys('  Ada@Example.COM\n')).toEqual(['ada@example.com']);
    expect(matchKeys('\u00a0ada\ufeff')).toEqual(['ada']); // no-break space and BOM are white space
  });

  it('puts non-ASCII text in NFC, so composed and decomposed accents match', () => {
    const composed = 'Jos\u00e9';
    const decomposed = 'Jose\u0301';
    expect(matchKeys(decomposed)).toEqual(matchKeys(composed));
    expect(matchKeys('ÉMILE')).toEqual(['émile']);
  });

  it('lower-cases but does not case-fold fully (documented)', () => {
    expect(stringKey('STRASSE')).not.toBe(stringKey('straße'));
  });

  it('compares numbers and booleans as their string form', () => {
    expect(matchKeys(42)).toEqual(['42']);
    expect(matchKeys(4.5)).toEqual(['4.5']);
    expect(matchKeys(true)).toEqual(['true']);
    expect(matchKeys(false)).toEqual(['false']);
    expect(matchKeys(42)).toEqual(matchKeys(' 42 '));
    expect(matchKeys(42)).not.toEqual(matchKeys('042'));
  });

  it.each([null, undefined, '', '   ', {}, { email: 'a@b.c' }, [], [null, {}, [['x']]], Number.NaN])(
    'treats %j as no value',
    (value) => {
      expect(matchKeys(value)).toEqual([]);
    },
  );

  it('keeps the scalar elements of an array, one level deep, without duplicates', () => {
    expect(matchKeys(['A@x.io', 'a@X.io ', null, 7, { x: 1 }, ['nested'], '', false])).toEqual([
      'a@x.io',
      '7',
      'false',
    ]);
  });

  it('scalarKey gives null for arrays (the matcher flattens them with matchKeys)', () => {
    expect(scalarKey(['a'])).toBeNull();
    expect(scalarKey('A')).toBe('a');
  });
});
