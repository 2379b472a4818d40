/** The sandbox page's renderer: pure, no browser needed. Escaping first, then the mrkdwn subset. */
import { escapeHtml, mrkdwnToHtml } from '../../src/sandbox/page/mrkdwn';
import { renderPage } from '../../src/sandbox/page/render';

describe('mrkdwnToHtml', () => {
  it('formats bold, italic, code and links', () => {
    expect(mrkdwnToHtml('*Bold:* _it_ `a<b` <https://x.test/?a=1&amp;b=2|the &lt;site&gt;>')).toBe(
      '<b>Bold:</b> <i>it</i> <code>a&lt;b</code> <a href="https://x.test/?a=1&amp;b=2" target="_blank" rel="noopener noreferrer">the &lt;site&gt;</a>',
    );
  });

  it('never lets text become HTML', () => {
    const out = mrkdwnToHtml('&lt;script&gt;alert(1)&lt;/script&gt; <script>x</script> "q" \'s\'');
    expect(out).not.toMatch(/<script/i);
    expect(out).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(mrkdwnToHtml('<javascript:alert(1)|click>')).toBe('click');
    expect(mrkdwnToHtml('\uE0000\uE001')).toBe('0');
  });

  it('renders mentions, dates and newlines', () => {
    const names = { user: (id: string) => (id === 'U1' ? 'Ada <x>' : null), channel: () => null };
    expect(mrkdwnToHtml('<@U1> on <!date^0^{date_short}|fallback>\nnext', names)).toBe(
      '<span class="mention" data-user="U1">@Ada &lt;x&gt;</span> on <time datetime="1970-01-01T00:00:00.000Z">1970-01-01 00:00 UTC</time><br>next',
    );
  });
});

describe('renderPage', () => {
  it('escapes every dynamic string, including attributes', () => {
    const evil = '"><img src=x onerror=alert(1)>';
    const html = renderPage({
      teamId: evil,
      teamName: evil,
      userId: 'U1',
      userName: evil,
      appName: evil,
      home: {
        id: 'V1',
        type: 'home',
        hash: evil,
        callbackId: '',
        privateMetadata: '',
        blocks: [
          { type: 'header', text: { type: 'plain_text', text: evil } },
          {
            type: 'section',
            block_id: evil,
            text: { type: 'mrkdwn', text: evil },
            accessory: {
              type: 'button',
              action_id: evil,
              value: evil,
              style: 'danger',
              text: { type: 'plain_text', text: evil },
            },
          },
          { type: 'rich_text', block_id: 'r' },
        ],
      },
      modals: [],
      messages: [],
      notice: evil,
    });
    expect(html).not.toContain('<img');
    expect(html).toContain(escapeHtml(evil));
    expect(html).toContain('class="btn btn-danger"');
    expect(html).toContain('[unsupported block: rich_text]');
  });
});
