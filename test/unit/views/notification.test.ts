/**
 * The notification view against Slack's real Block Kit shapes: every key we send for a block,
 * element or text object must be one Slack has been seen to use for that type (the python-slack-sdk
 * views and the java-slack-sdk chat.postMessage shapes in test/fixtures).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { renderMessage, TEMPLATE_KINDS } from '../../../src/domain/templates';
import type { NotificationViewModel } from '../../../src/domain/templates/types';
import { NOTIFICATION_OPEN_ACTION_ID, notificationBlocks } from '../../../views/messages/notification';
import { fixturePath } from '../../support/fixtures';

type Obj = Record<string, unknown>;

/** type → keys seen on objects of that type; '(block)' → keys seen on any block. */
function fixtureKeys(): Map<string, Set<string>> {
  const keys = new Map<string, Set<string>>();
  const add = (type: string, o: Obj) => {
    const set = keys.get(type) ?? new Set<string>();
    for (const k of Object.keys(o)) set.add(k);
    keys.set(type, set);
  };
  const walk = (v: unknown, inBlocks: boolean) => {
    if (Array.isArray(v)) {
      for (const item of v) {
        if (inBlocks && item && typeof item === 'object') add('(block)', item as Obj);
        walk(item, false);
      }
    } else if (v && typeof v === 'object') {
      const o = v as Obj;
      if (typeof o.type === 'string') add(o.type, o);
      for (const [k, child] of Object.entries(o)) walk(child, k === 'blocks');
    }
  };
  const viewsDir = fixturePath('slack-views');
  for (const f of readdirSync(viewsDir)) walk(JSON.parse(readFileSync(`${viewsDir}/${f}`, 'utf8')), false);
  walk(
    JSON.parse(
      readFileSync(fixturePath('slack-payloads', 'java-sdk-shapes', 'api', 'chat.postMessage.json'), 'utf8'),
    ),
    false,
  );
  return keys;
}

/** Our objects that have a `type`, with the keys they use. */
function ourObjects(
  v: unknown,
  out: { type: string; keys: string[]; isBlock: boolean }[] = [],
  isBlock = false,
) {
  if (Array.isArray(v)) for (const item of v) ourObjects(item, out, isBlock);
  else if (v && typeof v === 'object') {
    const o = v as Obj;
    if (typeof o.type === 'string') out.push({ type: o.type, keys: Object.keys(o), isBlock });
    for (const child of Object.values(o)) ourObjects(child, out, false);
  }
  return out;
}

const FULL_VM: NotificationViewModel = {
  header: 'You&apos;re invited',
  sections: ['*Data 101*', 'more'],
  button: { label: 'Open', url: 'https://example.com/x' },
  context: ['why', 'how to stop'],
};

describe('notificationBlocks', () => {
  const seen = fixtureKeys();

  it('reads the fixtures', () => {
    for (const type of ['section', 'context', 'actions', 'button', 'mrkdwn', 'plain_text', '(block)']) {
      expect(seen.get(type)?.size).toBeGreaterThan(0);
    }
  });

  it.each(TEMPLATE_KINDS)('uses only keys Slack uses, per type (%s)', (kind) => {
    const m = renderMessage({
      type: kind,
      content: { id: 'x', title: 'T', url: 'https://example.com', starts_at: '2026-12-01T15:00:00Z' },
    });
    const blocks = notificationBlocks(m.view);
    const objects = ourObjects(blocks);
    for (const block of blocks) objects.push({ type: '(block)', keys: Object.keys(block), isBlock: true });
    for (const o of objects) {
      const allowed = seen.get(o.type) ?? seen.get('(block)');
      expect({ type: o.type, extra: o.keys.filter((k) => !allowed?.has(k)) }).toEqual({
        type: o.type,
        extra: [],
      });
    }
  });

  it('shapes header, sections, one link button and one context block', () => {
    expect(notificationBlocks(FULL_VM)).toEqual([
      { type: 'header', text: { type: 'plain_text', text: 'You&apos;re invited', emoji: true } },
      { type: 'section', text: { type: 'mrkdwn', text: '*Data 101*', verbatim: true } },
      { type: 'section', text: { type: 'mrkdwn', text: 'more', verbatim: true } },
      {
        type: 'actions',
        elements: [
          {
            type: 'button',
            action_id: NOTIFICATION_OPEN_ACTION_ID,
            text: { type: 'plain_text', text: 'Open', emoji: true },
            url: 'https://example.com/x',
            style: 'primary',
          },
        ],
      },
      {
        type: 'context',
        elements: [
          { type: 'mrkdwn', text: 'why', verbatim: true },
          { type: 'mrkdwn', text: 'how to stop', verbatim: true },
        ],
      },
    ]);
  });

  it('leaves out what is absent', () => {
    expect(notificationBlocks({ sections: ['x'], context: [] })).toEqual([
      { type: 'section', text: { type: 'mrkdwn', text: 'x', verbatim: true } },
    ]);
  });
});
