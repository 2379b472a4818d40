import type { DigestModel } from '../../../src/domain/timing/digest';
import { digestBlocks, digestMessage, digestText } from '../../../views/messages/digest';

const item = (i: number, title = `Course ${i}`) => ({
  type: 'invite',
  title,
  url: `https://acme.plusplus.example/e/${i}`,
  whenMrkdwn: `<!date^1796630400^{date_long_pretty}|Dec ${i}>`,
  whenPlain: `Dec ${i}`,
});

describe('the digest message (issue 21)', () => {
  it('lists the items with title link, kind and time, counts the rest, and carries the opt-out line', () => {
    const m: DigestModel = {
      items: Array.from({ length: 10 }, (_, i) => item(i)),
      more: 5,
      moreUrl: 'https://acme.plusplus.example/',
    };
    const blocks = digestBlocks(m) as Array<{
      type: string;
      text?: { text: string };
      elements?: Array<{ text: string }>;
    }>;
    expect(blocks[0]).toMatchObject({ type: 'header', text: { text: '15 new PlusPlus notifications' } });
    const sections = blocks.filter((b) => b.type === 'section');
    expect(sections).toHaveLength(11);
    expect(sections[0]!.text!.text).toBe(
      "*<https://acme.plusplus.example/e/0|Course 0>*\nYou're invited · <!date^1796630400^{date_long_pretty}|Dec 0>",
    );
    expect(sections[10]!.text!.text).toBe(
      '…and 5 more: <https://acme.plusplus.example/|see them all in PlusPlus>',
    );
    expect(blocks.at(-1)!.elements![0]!.text).toContain('/plusplus mute');
    expect(blocks.length).toBeLessThanOrEqual(50);
    expect(digestText(m)).toBe(
      `15 new PlusPlus notifications: ${m.items.map((x) => `${x.title} (${x.whenPlain})`).join('; ')}; and 5 more`,
    );
  });

  it('escapes titles, refuses non-http links and markup-breaking characters, and stays within the limits', () => {
    const m: DigestModel = {
      items: [
        item(1, '<!channel> & <@U123> '.repeat(400)),
        { type: 'reminder', title: 'x|y>z', url: 'javascript:alert(1)' },
        { type: 'reminder', title: 'pipes', url: 'https://a.example/x|y>z' },
      ],
      more: 0,
    };
    const { text, blocks } = digestMessage(m);
    const json = JSON.stringify(blocks);
    expect(json).not.toContain('<!channel>');
    expect(json).not.toContain('<@U123>');
    expect(json).toContain('&lt;!channel&gt; &amp;');
    expect(json).not.toContain('javascript:');
    expect(json).toContain('*x|y&gt;z*');
    expect(json).toContain('<https://a.example/x%7Cy%3Ez|pipes>');
    for (const b of blocks as Array<{ text?: { text: string } }>) {
      if (b.text) expect(b.text.text.length).toBeLessThanOrEqual(3000);
    }
    expect(text.length).toBeLessThanOrEqual(3000);
    expect(text).not.toContain('<!channel>');
  });
});
