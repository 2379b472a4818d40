import {
  changedParts,
  changedWords,
  changeReply,
  DEFAULT_TEMPLATES,
  renderMessage,
  VARIANT_KINDS,
  validateTemplate,
} from '../../../src/domain/templates';
import { changeReplyText } from '../../../views/messages/change-reply';

const base = {
  id: 'evt-1',
  title: 'Data 101',
  url: 'https://example.com/e/1',
  starts_at: '2026-12-01T15:00:00Z',
  location: 'Room 1',
};

describe('changedParts', () => {
  it('names time, place, title and details, in that order', () => {
    expect(changedParts(base, base)).toEqual([]);
    expect(changedParts(base, { ...base, starts_at: '2026-12-01T15:00:00+00:00' })).toEqual([]);
    expect(changedParts(base, { ...base, starts_at: '2026-12-02T15:00:00Z', location: 'Room 2' })).toEqual([
      'time',
      'place',
    ]);
    expect(changedParts(base, { ...base, title: 'Data 102', ends_at: '2026-12-01T16:00:00Z' })).toEqual([
      'time',
      'title',
    ]);
    expect(changedParts(base, { ...base, description: 'new' })).toEqual(['details']);
    expect(changedParts(base, base, true)).toEqual(['details']);
  });

  it('says them in words', () => {
    expect(changedWords(['time'])).toBe('time');
    expect(changedWords(['time', 'place'])).toBe('time and place');
    expect(changedWords(['time', 'place', 'title'])).toBe('time, place and title');
    expect(changedWords([])).toBe('details');
  });
});

describe('the thread reply (views/messages/change-reply.ts)', () => {
  it('escapes user text and never pings', () => {
    const c = { ...base, title: '<!channel> & co', location: '<@U1>' };
    const moved = changeReplyText(changeReply(c, { parts: ['time', 'place'] }));
    expect(moved).toContain('&lt;!channel&gt; &amp; co');
    expect(moved).toContain('&lt;@U1&gt;');
    expect(moved).not.toMatch(/<!channel>|<@U1>/);
    const off = changeReplyText(changeReply(c, { cancelled: true, reason: '<!here> ill' }));
    expect(off).toContain('has been cancelled');
    expect(off).toContain('&lt;!here&gt; ill');
  });
});

describe('the updated and cancelled variants', () => {
  it.each(VARIANT_KINDS)('%s: the default is valid and renders escaped', (kind) => {
    expect(validateTemplate(kind, DEFAULT_TEMPLATES[kind])).toEqual([]);
    const m = renderMessage({
      type: kind,
      content: { ...base, title: '<!channel>', location: 'A & B' },
      change: kind.endsWith('_cancelled')
        ? { cancelled: true, reason: '<b>ill</b>' }
        : { parts: ['place'], previous: { ...base, location: 'Old <room>' } },
    });
    const all = JSON.stringify([m.text, m.view]);
    expect(all).not.toMatch(/<!channel>|<b>|<room>/);
    if (kind.endsWith('_cancelled')) {
      expect(all).toContain('Cancelled');
      expect(all).toContain('&lt;b&gt;ill&lt;/b&gt;');
    } else {
      expect(all).toContain('*Updated:* the place changed.');
      expect(all).toContain('It was at Old &lt;room&gt;.');
    }
  });
});
