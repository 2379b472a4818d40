import fc from 'fast-check';
import {
  channelNameFor,
  isNameFor,
  MAX_CHANNEL_NAME,
  slugify,
  withSuffix,
} from '../../../../src/domain/tracks/channel-name';

const VALID = /^[a-z0-9_-]{1,80}$/;

describe('channelNameFor', () => {
  it.each([
    ['Data Science 101', 'data-science-101'],
    ['🚀 Rocket LAUNCH 🚀', 'rocket-launch'],
    ['Café Crème — Über Straße', 'cafe-creme-uber-strasse'],
    ['Ærø Łódź Øresund', 'aero-lodz-oresund'],
    ['  --Leading and trailing--  ', 'leading-and-trailing'],
    ['a - b', 'a-b'],
    ['snake_case_kept', 'snake_case_kept'],
    ['Ｆｕｌｌｗｉｄｔｈ １２３', 'fullwidth-123'],
    ['İstanbul', 'istanbul'],
  ])('%s → %s', (title, expected) => {
    expect(channelNameFor(title, 't1')).toBe(expected);
  });

  it('cuts to 80 characters without a trailing hyphen', () => {
    const title = `${'Advanced Topics In Machine Learning '.repeat(4)}`.slice(0, 120);
    const name = channelNameFor(title, 't1');
    expect(title).toHaveLength(120);
    expect(name.length).toBeLessThanOrEqual(80);
    expect(name).toMatch(VALID);
    expect(name.endsWith('-')).toBe(false);
    expect(name.startsWith('advanced-topics-in-machine-learning-advanced')).toBe(true);
  });

  it('falls back to track-<id> when nothing usable is left', () => {
    expect(channelNameFor('!!! ??? ...', 'trk-42')).toBe('track-trk-42');
    expect(channelNameFor('🎉🎉🎉', 'T_9')).toBe('track-t_9');
    expect(channelNameFor('___', 'x')).toBe('track-x');
    expect(channelNameFor('日本語のトラック', 'abc')).toBe('track-abc');
    expect(channelNameFor('', '@@')).toBe('track');
  });

  it('always gives a valid, non-empty Slack name', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 200 }),
        fc.string({ maxLength: 128 }),
        (title, id) => {
          const name = channelNameFor(title, id);
          expect(name).toMatch(VALID);
          expect(name).toMatch(/[a-z0-9]/);
          expect(name.startsWith('-') || name.endsWith('-')).toBe(false);
          expect(name).not.toMatch(/--/);
        },
      ),
    );
  });
});

describe('withSuffix and isNameFor', () => {
  it('adds -2, -3 … within 80 characters', () => {
    expect(withSuffix('data-101', 1)).toBe('data-101');
    expect(withSuffix('data-101', 2)).toBe('data-101-2');
    const long = 'x'.repeat(80);
    expect(withSuffix(long, 2)).toBe(`${'x'.repeat(78)}-2`);
    expect(withSuffix(long, 12)).toHaveLength(80);
    const hyphenAtCut = `${'a'.repeat(77)}-bbb`;
    expect(withSuffix(hyphenAtCut, 3)).toBe(`${'a'.repeat(77)}-3`);
  });

  it('recognises the base and its suffixed forms only', () => {
    expect(isNameFor('data-101', 'data-101')).toBe(true);
    expect(isNameFor('data-101-2', 'data-101')).toBe(true);
    expect(isNameFor('data-101-17', 'data-101')).toBe(true);
    expect(isNameFor('data-102', 'data-101')).toBe(false);
    expect(isNameFor('data-101-1', 'data-101')).toBe(false);
    expect(isNameFor('data', 'data-101')).toBe(false);
    const long = 'y'.repeat(80);
    expect(isNameFor(withSuffix(long, 5), long)).toBe(true);
  });

  it('slugify respects its maximum', () => {
    expect(slugify('a'.repeat(200))).toHaveLength(MAX_CHANNEL_NAME);
    expect(slugify('Hello World', 5)).toBe('hello');
  });
});
