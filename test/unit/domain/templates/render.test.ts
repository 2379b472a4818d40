import fc from 'fast-check';
import {
  CONTENT_LIMITS,
  DEFAULT_TEMPLATES,
  MAX_BODY_SECTIONS,
  OPT_OUT_TEXT,
  type RenderContext,
  TEMPLATE_KINDS,
  type TemplateKind,
} from '../../../../src/domain/templates';
import {
  blockKitProblems,
  type PostedMessage,
  renderPosted,
  safetyProblems,
  textObjects,
} from './message-checks';

// The real module object (an `import *` namespace copy would be read-only).
import Mustache = require('mustache');

const FULL: Omit<RenderContext, 'type'> = {
  content: {
    id: 'evt-4711',
    title: 'Data 101',
    url: 'https://acme.plusplus.app/events/4711?tab=details&x=1',
    starts_at: '2026-12-01T15:00:00Z',
    ends_at: '2026-12-01T16:30:00Z',
    location: 'Room 4, Building B',
    description: 'Bring a laptop.\nWe start on time.',
  },
  recipient: { name: 'Ada Lovelace' },
  actor: { name: 'Grace Hopper' },
  tenantName: 'Acme',
  timeZone: 'Europe/Berlin',
};
const LINK = '<https://acme.plusplus.app/events/4711?tab=details&amp;x=1|Data 101>';

function ctx(type: TemplateKind, over: Partial<RenderContext> = {}): RenderContext {
  return { ...FULL, type, ...over };
}

/** All the text a message shows, block texts and the fallback text. */
function allText(m: PostedMessage): string {
  return [m.text, ...textObjects(m.blocks).map((t) => t.text)].join('\n');
}

function blockTypes(m: PostedMessage): string[] {
  return m.blocks.map((b) => b.type);
}

function expectClean(m: PostedMessage, links: string[] = []): void {
  expect(blockKitProblems(m)).toEqual([]);
  expect(safetyProblems(m, links)).toEqual([]);
}

describe('default templates', () => {
  it.each(TEMPLATE_KINDS)('%s renders valid blocks with full content', (kind) => {
    const m = renderPosted(ctx(kind));
    expectClean(m);
    expect(m.usedDefaultTemplate).toBeUndefined();
    const types = blockTypes(m);
    expect(types[0]).toBe('header');
    expect(types).toContain('section');
    expect(types[types.length - 1]).toBe('context');
    // A link button to the content (test_message has one too when a URL is given).
    const actions = m.blocks.find((b) => b.type === 'actions') as unknown as {
      elements: { type: string; url: string }[];
    };
    expect(actions.elements[0]).toMatchObject({ type: 'button', url: FULL.content.url });
  });

  it.each(TEMPLATE_KINDS)('%s renders with only an id and a title', (kind) => {
    const m = renderPosted({ type: kind, content: { id: 'x', title: 'Data 101' } });
    expectClean(m);
    expect(blockTypes(m)).not.toContain('actions');
    expect(allText(m)).not.toMatch(/When:|Where:|undefined|null|\[object/);
  });

  it.each(TEMPLATE_KINDS)('%s says why it was sent and how to turn Slack notifications off', (kind) => {
    const m = renderPosted(ctx(kind));
    const context = m.blocks[m.blocks.length - 1] as unknown as { elements: { text: string }[] };
    expect(context.elements).toHaveLength(2);
    expect(context.elements[0].text).toMatch(/because/);
    expect(context.elements[1].text).toBe(OPT_OUT_TEXT);
    expect(OPT_OUT_TEXT).toContain('`/plusplus mute`');
    expect(OPT_OUT_TEXT).toContain('Home tab');
  });

  it('keeps the opt-out line even when a custom template has no context', () => {
    const m = renderPosted(ctx('invite'), { body: 'Hi' });
    expect(allText(m)).toContain(OPT_OUT_TEXT);
  });

  it('shows when (Slack date token with an escaped fallback) and where', () => {
    const m = renderPosted(ctx('invite'));
    const body = (m.blocks[1] as unknown as { text: { text: string; verbatim: boolean } }).text;
    expect(body.verbatim).toBe(true);
    expect(body.text).toContain('*Grace Hopper* invited you to *Data 101*.');
    expect(body.text).toContain(
      '*When:* <!date^1796137200^{date_long_pretty} at {time}|Tue, Dec 1, 2026, 4:00 PM GMT+1> – <!date^1796142600^{time}|5:30 PM GMT+1>',
    );
    expect(body.text).toContain('*Where:* Room 4, Building B');
    expect(body.text).toContain('Bring a laptop.\nWe start on time.');
  });

  it('the test message says who asked for it and that notifications are set up', () => {
    const m = renderPosted({
      type: 'test_message',
      content: { id: 't', title: 'Test' },
      actor: { name: 'Grace' },
    });
    expect(allText(m)).toContain('*Grace* sent this test message');
    expect(allText(m)).toContain('Slack notifications are set up');
    expect(m.text).toBe('Slack notifications are set up');
    const anonymous = renderPosted({ type: 'test_message', content: { id: 't', title: 'Test' } });
    expect(allText(anonymous)).toContain('This is a test message from PlusPlus');
  });

  it('has a plain fallback text: header, title and the written-out date, no markup', () => {
    const m = renderPosted(ctx('reminder'));
    expect(m.text).toBe('Reminder: Data 101 (Tue, Dec 1, 2026, 4:00 PM GMT+1 – 5:30 PM GMT+1)');
    const plain = renderPosted(ctx('invite', { content: { id: 'x', title: 'Q&A <!here>' } }));
    expect(plain.text).toBe("You're invited: Q&amp;A &lt;!here&gt;");
  });
});

describe('escaping', () => {
  it('escapes only &, < and > (no HTML entities for quotes)', () => {
    const title = `Tom & Jerry's "show" <b>bold</b> 'quoted' / \` =`;
    const m = renderPosted(ctx('invite', { content: { ...FULL.content, title } }));
    expectClean(m, [
      LINK.replace(
        '|Data 101>',
        `|${title.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}>`,
      ),
    ]);
    expect(allText(m)).toContain(`Tom &amp; Jerry's "show" &lt;b&gt;bold&lt;/b&gt; 'quoted' / \` =`);
    expect(allText(m)).not.toMatch(/&#|&quot;|&#x27;|&#x2F;|&#x60;|&#x3D;/);
  });

  it('does not touch the global Mustache settings, and ignores changes to them', () => {
    const savedEscape = Mustache.escape;
    const savedTags = Mustache.tags;
    renderPosted(ctx('invite'));
    expect(Mustache.escape).toBe(savedEscape);
    expect(Mustache.render('{{x}}', { x: "<'>" })).toBe('&lt;&#39;&gt;');
    try {
      Mustache.escape = (s: string) => s;
      Mustache.tags = ['<%', '%>'];
      const m = renderPosted(ctx('invite', { content: { ...FULL.content, title: '<!channel>' } }));
      expect(allText(m)).toContain('&lt;!channel&gt;');
      expect(allText(m)).not.toContain('<!channel>');
    } finally {
      Mustache.escape = savedEscape;
      Mustache.tags = savedTags;
    }
  });
});

const PAYLOADS = [
  '<!channel>',
  '<!here>',
  '<!everyone>',
  '<!subteam^S123|team>',
  '<@U123>',
  '<@U123|ada>',
  '<#C123>',
  '<#C123|general>',
  '<https://evil.example|click>',
  '<mailto:a@evil.example|mail>',
  '<!date^0^{date}|x>',
  '&lt;!channel&gt;',
  '{{actor.name}}',
  '{{{content.title}}}',
  '{{#data}}x{{/data}}',
  '{{> partial}}',
  '\uE000<!channel>\uE001',
  '\uE002<!channel>\uE003',
  '@channel @here @everyone',
  '*bold* _it_ ~s~ `code` > quote',
];

describe('injection attempts in every field', () => {
  const template = {
    header: '{{recipient.name}} {{actor.name}} {{tenant.name}} {{data.x}}',
    body: '{{content.title}} {{content.location}} {{content.description}} {{data.x}} {{data.nested.y}} {{data.list}} {{recipient.name}} {{actor.name}} {{tenant.name}} {{content.id}} {{content.url}} {{when}} {{when_text}}',
    button_label: '{{content.title}} {{data.x}}',
    context: '{{actor.name}} {{data.x}} {{tenant.name}} {{{data.x}}} {{& content.title}}',
  };

  it.each(PAYLOADS)('%j cannot create a mention or a link', (payload) => {
    const m = renderPosted(
      {
        type: 'invite',
        content: {
          id: payload,
          title: payload,
          url: FULL.content.url,
          starts_at: payload,
          location: payload,
          description: payload,
        },
        data: { x: payload, nested: { y: payload }, list: [payload, payload] },
        recipient: { name: payload },
        actor: { name: payload },
        tenantName: payload,
        timeZone: payload,
      },
      template,
    );
    expectClean(m);
    const json = JSON.stringify(m);
    expect(json).not.toMatch(/<[!@#]|<https?:|<mailto:/);
    expect(json).not.toMatch(/[\uE000-\uE003]/);
    // Values are never rendered again: template syntax in them shows as text.
    if (payload.startsWith('{{')) expect(allText(m)).toContain(payload.replace(/>/g, '&gt;'));
  });

  it('escapes triple mustache and {{& }} like {{ }}', () => {
    const m = renderPosted(ctx('invite', { content: { id: 'x', title: '<!channel> & co' } }), {
      body: '{{{content.title}}} | {{& content.title}} | {{content.title}}',
    });
    expect((m.blocks[0] as unknown as { text: { text: string } }).text.text).toBe(
      '&lt;!channel&gt; &amp; co | &lt;!channel&gt; &amp; co | &lt;!channel&gt; &amp; co',
    );
  });

  it('neutralises <…> in template text that contains a value, and broadcast mentions', () => {
    const m = renderPosted(
      ctx('invite', { data: { x: '!channel', u: '@U123', h: 'https://evil.example' } }),
      {
        body: 'a <{{data.x}}> b <{{data.u}}> c <{{data.h}}|click> d <!here> e <!subteam^S1> f <https://ok.example|ok> g <!date^1796137200^{time}|3 PM> h <#C123>',
      },
    );
    const text = (m.blocks[0] as unknown as { text: { text: string } }).text.text;
    expect(text).toBe(
      'a &lt;!channel&gt; b &lt;@U123&gt; c &lt;https://evil.example|click&gt; d &lt;!here&gt; e &lt;!subteam^S1&gt; f <https://ok.example|ok> g <!date^1796137200^{time}|3 PM> h <#C123>',
    );
  });

  it('escapes bare & and stray < > in template text, keeps entities the author wrote', () => {
    const m = renderPosted(ctx('invite'), {
      header: 'Q&A <now> &amp;',
      body: 'Q&A -> 1 < 2 &lt;ok&gt; <unclosed',
    });
    expect((m.blocks[0] as unknown as { text: { text: string } }).text.text).toBe(
      'Q&amp;A &lt;now&gt; &amp;',
    );
    expect((m.blocks[1] as unknown as { text: { text: string } }).text.text).toBe(
      'Q&amp;A -&gt; 1 &lt; 2 &lt;ok&gt; &lt;unclosed',
    );
  });

  it('offers no prototype properties, functions or lambdas to templates', () => {
    const lambda = () => (text: string, render: (s: string) => string) => render(`<!channel>${text}`);
    const m = renderPosted(
      ctx('invite', {
        data: {
          f: lambda,
          g: () => '<!channel>',
          obj: { toString: () => '<!channel>' },
          d: new Date('2026-01-01T00:00:00Z'),
        },
      }),
      {
        body: '[{{data.constructor}}][{{data.__proto__}}][{{data.hasOwnProperty}}][{{content.title.length}}][{{#data.f}}x{{/data.f}}][{{data.g}}][{{data.obj}}][{{data.d}}][{{when.mrkdwnText}}][{{.}}]',
      },
    );
    expect((m.blocks[0] as unknown as { text: { text: string } }).text.text).toBe(
      '[][][][][][][][2026-01-01T00:00:00.000Z][][]',
    );
  });

  it('renders data values: strings, numbers, booleans, lists, nested objects, sections over lists', () => {
    const m = renderPosted(
      ctx('invite', {
        data: {
          n: 3,
          b: true,
          s: 'x & y',
          list: ['a', 1, { no: 1 }],
          items: [{ name: 'one' }, { name: '<two>' }],
        },
      }),
      { body: '{{data.n}} {{data.b}} {{data.s}} {{data.list}} {{#data.items}}[{{name}}]{{/data.items}}' },
    );
    expect((m.blocks[0] as unknown as { text: { text: string } }).text.text).toBe(
      '3 true x &amp; y a, 1 [one][&lt;two&gt;]',
    );
  });

  it('survives arbitrary strings in every field (property)', () => {
    const str = fc.oneof(
      fc.string({ maxLength: 60 }),
      fc.string({
        unit: fc.constantFrom(
          '<',
          '>',
          '&',
          '!',
          '@',
          '|',
          '{',
          '}',
          '#',
          'a',
          ' ',
          '\n',
          '\uE000',
          '👩‍👩‍👧',
        ),
        maxLength: 40,
      }),
      fc.constantFrom(...PAYLOADS),
    );
    fc.assert(
      fc.property(fc.constantFrom(...TEMPLATE_KINDS), str, str, str, str, str, (kind, a, b, c, d, e) => {
        const m = renderPosted({
          type: kind,
          content: { id: a, title: b, url: c, location: d, description: e, starts_at: a },
          data: { a, b },
          recipient: { name: c },
          actor: { name: d },
          tenantName: e,
          timeZone: a,
        });
        expect(blockKitProblems(m)).toEqual([]);
        expect(safetyProblems(m)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});

describe('long and unusual content', () => {
  it('keeps unicode and emoji titles intact', () => {
    const title = '🎉 Ünïcødé 日本語 👩‍👩‍👧‍👦 Ελληνικά عربى';
    const m = renderPosted(ctx('invite', { content: { ...FULL.content, title } }), {
      header: '{{content.title}}',
      body: '*{{content.title}}*',
    });
    expect((m.blocks[0] as unknown as { text: { text: string } }).text.text).toBe(title);
    expect(allText(m)).toContain(`*${title}*`);
  });

  it.each([
    ['letters', 'x'.repeat(10_000)],
    ['ampersands', '&'.repeat(10_000)],
    ['brackets', '<>'.repeat(5_000)],
    ['emoji', '👩‍👩‍👧‍👦'.repeat(1_000)],
    ['mixed', 'a&👍<'.repeat(2_500)],
  ])('cuts a 10,000-character title of %s with … and keeps every limit', (_name, title) => {
    const m = renderPosted(ctx('invite', { content: { ...FULL.content, title } }), {
      header: '{{content.title}}',
      body: '*{{content.title}}* {{content.title}} {{content.title}} {{content.title}}',
      button_label: '{{content.title}}',
      context: '{{content.title}} {{content.title}}',
    });
    expectClean(m);
    const header = (m.blocks[0] as unknown as { text: { text: string } }).text.text;
    expect(header.length).toBeLessThanOrEqual(150);
    expect(header.endsWith('…')).toBe(true);
    const button = m.blocks.find((b) => b.type === 'actions') as unknown as {
      elements: { text: { text: string } }[];
    };
    expect(button.elements[0].text.text.length).toBeLessThanOrEqual(75);
    expect(button.elements[0].text.text.endsWith('…')).toBe(true);
    expect(m.text.length).toBeLessThan(4000);
  });

  it('cuts the title value itself at CONTENT_LIMITS.title', () => {
    const m = renderPosted(ctx('invite', { content: { id: 'x', title: 'y'.repeat(10_000) } }), {
      body: '{{content.title}}',
    });
    const text = (m.blocks[0] as unknown as { text: { text: string } }).text.text;
    expect(text).toBe(`${'y'.repeat(CONTENT_LIMITS.title - 1)}…`);
  });

  it('splits a long body into sections of at most 3000 characters', () => {
    const description = Array.from({ length: 60 }, (_, i) => `Paragraph ${i} ${'&<>'.repeat(15)}`).join(
      '\n\n',
    );
    const m = renderPosted(ctx('invite', { content: { ...FULL.content, description } }));
    expectClean(m);
    const sections = m.blocks.filter((b) => b.type === 'section');
    expect(sections.length).toBeGreaterThan(1);
    expect(m.blocks.length).toBeLessThanOrEqual(50);
  });

  it('keeps at most MAX_BODY_SECTIONS body sections, the last cut with …', () => {
    const m = renderPosted(ctx('invite', { data: { x: 'z'.repeat(1000) } }), {
      body: Array.from({ length: 80 }, () => '{{data.x}}').join('\n'),
    });
    expectClean(m);
    const sections = m.blocks.filter((b) => b.type === 'section') as unknown as { text: { text: string } }[];
    expect(sections).toHaveLength(MAX_BODY_SECTIONS);
    expect(sections[MAX_BODY_SECTIONS - 1].text.text.endsWith('…')).toBe(true);
  });

  it('drops an empty header and never sends an empty section', () => {
    const m = renderPosted(ctx('invite', { content: { id: 'x', title: '' } }), {
      header: '{{content.title}}',
      body: '{{content.location}}\n\n   ',
    });
    expectClean(m);
    expect(blockTypes(m)).toEqual(['context']);
  });
});

describe('content URL', () => {
  it.each([
    'javascript:alert(1)',
    'JAVASCRIPT:alert(1)',
    ' javascript:alert(1)',
    'data:text/html,<script>',
    'vbscript:x',
    'ftp://example.com/file',
    'mailto:a@example.com',
    '/relative/path',
    'example.com',
    'https://',
    `https://example.com/${'a'.repeat(3000)}`,
    '',
  ])('drops %j: no button, no {{content.url}}, no {{link}}', (url) => {
    const m = renderPosted(ctx('invite', { content: { ...FULL.content, url } }), {
      body: '[{{content.url}}][{{link}}]',
      button_label: 'Open',
    });
    expect(blockTypes(m)).not.toContain('actions');
    expect((m.blocks[0] as unknown as { text: { text: string } }).text.text).toBe('[][]');
  });

  it('keeps http and https URLs, percent-encoding characters that would break a link', () => {
    for (const [url, expected] of [
      ['http://example.com/a', 'http://example.com/a'],
      ['https://example.com/a|b>c<d', 'https://example.com/a%7Cb%3Ec%3Cd'],
    ]) {
      const m = renderPosted(ctx('invite', { content: { ...FULL.content, title: 'T', url } }), {
        body: '{{link}}',
      });
      const button = m.blocks.find((b) => b.type === 'actions') as unknown as { elements: { url: string }[] };
      expect(button.elements[0].url).toBe(expected);
      expect((m.blocks[0] as unknown as { text: { text: string } }).text.text).toBe(`<${expected}|T>`);
    }
  });
});

describe('dates and time zones', () => {
  const at = (starts_at: string, ends_at?: string, timeZone?: string) =>
    renderPosted(ctx('invite', { content: { id: 'x', title: 'T', starts_at, ends_at }, timeZone }), {
      header: '{{when_text}}',
      body: '{{when}}',
    });
  const header = (m: PostedMessage) => (m.blocks[0] as unknown as { text: { text: string } }).text.text;
  const body = (m: PostedMessage) => (m.blocks[1] as unknown as { text: { text: string } }).text.text;

  it('formats in the given IANA time zone', () => {
    expect(header(at('2026-12-01T15:00:00Z', undefined, 'America/New_York'))).toBe(
      'Tue, Dec 1, 2026, 10:00 AM EST',
    );
    expect(header(at('2026-07-01T15:00:00Z', undefined, 'America/New_York'))).toBe(
      'Wed, Jul 1, 2026, 11:00 AM EDT',
    );
    expect(header(at('2026-12-01T15:00:00Z', undefined, 'Asia/Kolkata'))).toBe(
      'Tue, Dec 1, 2026, 8:30 PM GMT+5:30',
    );
    expect(header(at('2026-12-01T23:30:00Z', undefined, 'Asia/Tokyo'))).toBe(
      'Wed, Dec 2, 2026, 8:30 AM GMT+9',
    );
  });

  it('defaults to UTC, and falls back to UTC for an unknown zone', () => {
    expect(header(at('2026-12-01T15:00:00Z'))).toBe('Tue, Dec 1, 2026, 3:00 PM UTC');
    expect(header(at('2026-12-01T15:00:00Z', undefined, 'Mars/Olympus'))).toBe(
      'Tue, Dec 1, 2026, 3:00 PM UTC',
    );
  });

  it('writes a Slack date token per end of the range', () => {
    expect(body(at('2026-12-01T15:00:00Z', '2026-12-03T09:00:00Z'))).toBe(
      '<!date^1796137200^{date_long_pretty} at {time}|Tue, Dec 1, 2026, 3:00 PM UTC> – <!date^1796288400^{date_long_pretty} at {time}|Thu, Dec 3, 2026, 9:00 AM UTC>',
    );
    expect(header(at('2026-12-01T15:00:00Z', '2026-12-01T16:00:00Z'))).toBe(
      'Tue, Dec 1, 2026, 3:00 PM UTC – 4:00 PM UTC',
    );
  });

  it('ignores an end before the start or unparsable, and shows an unparsable start as text', () => {
    expect(header(at('2026-12-01T15:00:00Z', '2026-11-01T15:00:00Z'))).toBe('Tue, Dec 1, 2026, 3:00 PM UTC');
    expect(header(at('2026-12-01T15:00:00Z', 'soon'))).toBe('Tue, Dec 1, 2026, 3:00 PM UTC');
    expect(body(at('next <!here> Tuesday'))).toBe('next &lt;!here&gt; Tuesday');
  });
});

describe('templates that cannot be used', () => {
  it.each([
    ['a syntax error', { body: 'Hi {{#content.title}}' }],
    ['a body that is not a string', { body: 42 }],
    ['a header that is not a string', { header: ['x'], body: 'Hi' }],
    ['a body over the source limit', { body: 'x'.repeat(20_000) }],
  ])('fall back to the default on %s', (_name, template) => {
    const m = renderPosted(ctx('invite'), template as never);
    expect(m.usedDefaultTemplate).toBe(true);
    expect(m).toEqual({
      ...renderPosted(ctx('invite'), DEFAULT_TEMPLATES.invite),
      usedDefaultTemplate: true,
      defaultTemplateReason: 'unrenderable',
    });
  });

  it('throws for an unknown kind (a programming error)', () => {
    expect(() => renderPosted(ctx('constructor' as TemplateKind))).toThrow(TypeError);
  });
});

describe('the render budget (a stored template that predates it, hostile data)', () => {
  // Four nested sections over a list of 100: 100,000,000 passes without the budget (issue 16).
  const fourDeep = { body: `${'{{#data.a}}'.repeat(4)}x${'{{/data.a}}'.repeat(4)}` };
  const hostile = ctx('reminder', { data: { a: Array.from({ length: 100 }, (_, i) => i) } });

  it('stops at the repeat limit and sends the default template, with the reason', () => {
    const started = performance.now();
    const m = renderPosted(hostile, fourDeep);
    expect(performance.now() - started).toBeLessThan(500);
    expect(m).toMatchObject({ usedDefaultTemplate: true, defaultTemplateReason: 'render_budget' });
    expect(m.renderBudgetMessage).toMatch(/repeat more than 10,000 times/);
    expect(m).toEqual({ ...renderPosted(hostile, DEFAULT_TEMPLATES.reminder), ...m });
  });

  it('renders the same template when the list is short', () => {
    const m = renderPosted(ctx('reminder', { data: { a: [1, 2] } }), fourDeep);
    expect(m.usedDefaultTemplate).toBeUndefined();
    expect(allText(m)).toContain('x'.repeat(16));
  });
});

describe('dates before 1970', () => {
  it('are written out, not a <!date^…> token with a negative timestamp (found by the property above)', () => {
    const m = renderPosted({
      type: 'invite',
      content: { id: 'c', title: 'Old', starts_at: '1950-01-01T00:00:00Z' },
    });
    expect(JSON.stringify(m.blocks)).not.toContain('<!date^-');
    expect(m.text).toContain('1950');
  });
});
