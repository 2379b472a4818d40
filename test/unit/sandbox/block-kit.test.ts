import { checkMessageBlocks, checkView } from '../../../src/sandbox/block-kit';
import { fixturePath } from '../../support/fixtures';

const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });

describe('checkMessageBlocks', () => {
  it('accepts the real home views from python-slack-sdk fixtures as message-sized blocks', () => {
    expect(
      checkMessageBlocks([
        section('a'),
        { type: 'divider' },
        { type: 'context', elements: [{ type: 'mrkdwn', text: 'c' }] },
      ]),
    ).toEqual([]);
  });

  it('reports limits with Slack json-pointers', () => {
    expect(checkMessageBlocks([section('x'.repeat(3001))])).toEqual([
      'must be less than 3001 characters [json-pointer:/blocks/0/text/text]',
    ]);
    expect(checkMessageBlocks([section('')])).toEqual([
      'must be more than 0 characters [json-pointer:/blocks/0/text/text]',
    ]);
    expect(checkMessageBlocks([{ type: 'section' }])).toEqual([
      'must provide either text or fields [json-pointer:/blocks/0]',
    ]);
    expect(checkMessageBlocks([{ type: 'header', text: { type: 'mrkdwn', text: 'h' } }])).toEqual([
      'must be a valid enum value [json-pointer:/blocks/0/text/type]',
    ]);
    expect(checkMessageBlocks([{ type: 'banner' }])).toEqual([
      'unsupported type: banner [json-pointer:/blocks/0/type]',
    ]);
    expect(
      checkMessageBlocks([
        { type: 'divider', block_id: 'a' },
        { type: 'divider', block_id: 'a' },
      ]),
    ).toEqual(['duplicate block_id: a [json-pointer:/blocks/1/block_id]']);
    expect(checkMessageBlocks(Array.from({ length: 51 }, () => ({ type: 'divider' })))).toEqual([
      'must contain at most 50 items [json-pointer:/blocks]',
    ]);
    const button = { type: 'button', text: { type: 'plain_text', text: 'b'.repeat(76) }, action_id: 'x' };
    expect(checkMessageBlocks([{ type: 'actions', elements: [button] }])).toEqual([
      'must be less than 76 characters [json-pointer:/blocks/0/elements/0/text/text]',
    ]);
  });
});

describe('checkView', () => {
  it('accepts real views from the fixtures', () => {
    const { readFileSync, readdirSync } = require('node:fs') as typeof import('node:fs');
    const dir = fixturePath('slack-views');
    for (const f of readdirSync(dir)) {
      const view = JSON.parse(readFileSync(`${dir}/${f}`, 'utf8'));
      expect({ f, errors: checkView(view, 'any') }).toEqual({ f, errors: [] });
    }
  });

  it('answers like the views.open recording for a view without type', () => {
    expect(checkView({ blocks: [] }, 'modal')).toEqual([
      '[ERROR] failed to match all allowed schemas [json-pointer:/view]',
      '[ERROR] missing required field: type [json-pointer:/view]',
    ]);
  });

  it('checks modal titles, submit with inputs, and the 100-block limit', () => {
    expect(
      checkView({ type: 'modal', title: { type: 'plain_text', text: 't'.repeat(25) }, blocks: [] }, 'modal'),
    ).toEqual(['[ERROR] must be less than 25 characters [json-pointer:/view/title/text]']);
    const input = {
      type: 'input',
      label: { type: 'plain_text', text: 'L' },
      element: { type: 'plain_text_input' },
    };
    expect(
      checkView({ type: 'modal', title: { type: 'plain_text', text: 't' }, blocks: [input] }, 'modal'),
    ).toEqual(['[ERROR] must provide submit when input blocks are present [json-pointer:/view]']);
    expect(
      checkView({ type: 'home', blocks: Array.from({ length: 101 }, () => ({ type: 'divider' })) }, 'home'),
    ).toEqual(['[ERROR] must contain at most 100 items [json-pointer:/view/blocks]']);
    expect(
      checkView({ type: 'modal', title: { type: 'plain_text', text: 't' }, blocks: [] }, 'home'),
    ).toEqual(['[ERROR] must be home [json-pointer:/view/type]']);
  });
});
