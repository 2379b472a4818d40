import fc from 'fast-check';
import {
  cleanLine,
  cleanMultiline,
  escapeSlack,
  splitText,
  truncate,
} from '../../../../src/domain/templates/text';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const BROKEN_ENTITY = /&(?!amp;|lt;|gt;)/;

/** Escaped text with the occasional `<!date^…|…>` token, as the renderer produces. */
const escapedText = fc
  .array(
    fc.oneof(
      fc
        .string({
          unit: fc.constantFrom('a', ' ', '\n', '&', '<', '>', 'é', '👍', '👩‍👩‍👧', '🇫🇷'),
          maxLength: 30,
        })
        .map(escapeSlack),
      fc.constant('<!date^1796137200^{date_long_pretty} at {time}|Tue, Dec 1, 2026, 3:00 PM UTC>'),
      fc.constant('<https://example.com/a|a link>'),
    ),
    { maxLength: 40 },
  )
  .map((parts) => parts.join(''));

/** Spans are whole: every `<` has its `>` before the next `<`. */
function spansWhole(s: string): boolean {
  return /^[^<>]*(<[^<>]*>[^<>]*)*$/.test(s.replace(/…$/, ''));
}

describe('escapeSlack', () => {
  it('escapes &, < and > only', () => {
    expect(escapeSlack(`a & b < c > d " ' / \``)).toBe(`a &amp; b &lt; c &gt; d " ' / \``);
    expect(escapeSlack('&amp;')).toBe('&amp;amp;');
  });
});

describe('clean', () => {
  it('makes one line of a line value and drops control characters and sentinels', () => {
    expect(cleanLine('  a\n\tb\r\n c\u2028d\u0000e\u0007\uE000f  ')).toBe('a b c def');
  });
  it('keeps line breaks in a multi-line value', () => {
    expect(cleanMultiline('a\r\nb\rc\u2029d\u0001\uE003')).toBe('a\nb\nc\nd');
  });
});

describe('truncate', () => {
  it('leaves short text alone and ends cut text with …', () => {
    expect(truncate('abc', 3)).toBe('abc');
    expect(truncate('abcdef', 4)).toBe('abc…');
  });
  it('never splits an escape sequence, a surrogate pair, an emoji sequence or a <…> span', () => {
    expect(truncate('ab&amp;cd', 5)).toBe('ab…');
    expect(truncate('ab&lt;cd', 6)).toBe('ab…');
    expect(truncate('a😀b', 3)).toBe('a…');
    expect(truncate('a👩‍👩‍👧b', 6)).toBe('a…');
    expect(truncate('x <https://a.example|a> y', 10)).toBe('x…');
  });
  it('keeps the limit and the text whole (property)', () => {
    fc.assert(
      fc.property(escapedText, fc.integer({ min: 1, max: 300 }), (s, max) => {
        const out = truncate(s, max);
        expect(out.length).toBeLessThanOrEqual(max);
        if (s.length <= max) expect(out).toBe(s);
        else expect(out.endsWith('…')).toBe(true);
        expect(out).not.toMatch(BROKEN_ENTITY);
        expect(out).not.toMatch(LONE_SURROGATE);
        expect(spansWhole(out)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});

describe('splitText', () => {
  it('prefers paragraph breaks, then line breaks, then spaces', () => {
    expect(splitText('aaaa bbbb\n\ncccc', 12)).toEqual(['aaaa bbbb', 'cccc']);
    expect(splitText('aaaaaaa\nbbb cc', 12)).toEqual(['aaaaaaa', 'bbb cc']);
    expect(splitText('aaaa bbbb cccc', 12)).toEqual(['aaaa bbbb', 'cccc']);
    expect(splitText('abcdefghijklmnop', 10)).toEqual(['abcdefghij', 'klmnop']);
  });
  it('caps the number of parts, cutting the last with …', () => {
    expect(splitText('aaa bbb ccc ddd', 4, 2)).toEqual(['aaa', 'bbb…']);
  });
  it('drops white-space-only parts', () => {
    expect(splitText('  \n\n  ', 10)).toEqual([]);
  });
  it('keeps limits, escapes and spans whole, and loses no text (property)', () => {
    fc.assert(
      fc.property(escapedText, fc.integer({ min: 120, max: 400 }), (s, max) => {
        const parts = splitText(s, max);
        for (const p of parts) {
          expect(p.length).toBeGreaterThan(0);
          expect(p.length).toBeLessThanOrEqual(max);
          expect(p).not.toMatch(BROKEN_ENTITY);
          expect(p).not.toMatch(LONE_SURROGATE);
          expect(spansWhole(p)).toBe(true);
        }
        expect(parts.join('').replace(/\s/g, '')).toBe(s.replace(/\s/g, ''));
      }),
      { numRuns: 500 },
    );
  });
});
