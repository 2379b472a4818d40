/**
 * App Home and its modals as pure builders: what admins and members see, escaping of every
 * user-supplied string, and Block Kit limits (checked with the sandbox's Slack-faithful checker),
 * including the unmatched list with 10,000 unmatched users.
 */

import {
  type AdminModel,
  type HomeModel,
  UNMATCHED_PAGE_SIZE,
  type UnmatchedPageModel,
} from '../../../../src/app/app-home/home-model';
import { checkView } from '../../../../src/sandbox/block-kit';
import { SCOPE_PURPOSES } from '../../../../src/slack/scopes';
import { homeView } from '../../../../views/home/home-view';
import { HomeAction, MappingBlock, PRIVACY_URL, UnmatchedAction } from '../../../../views/ids';
import { mappingModal } from '../../../../views/modals/mapping-modal';
import { unmatchedModal } from '../../../../views/modals/unmatched-modal';

type Obj = Record<string, unknown>;
const json = (v: unknown) => JSON.stringify(v);
const actionIds = (view: { blocks: Obj[] }) => {
  const ids: string[] = [];
  for (const b of view.blocks) {
    if (b.accessory) ids.push((b.accessory as Obj).action_id as string);
    for (const e of (b.elements as Obj[] | undefined) ?? []) if (e.action_id) ids.push(e.action_id as string);
  }
  return ids;
};
const sectionTexts = (view: { blocks: Obj[] }) =>
  view.blocks.filter((b) => b.type === 'section' && b.text).map((b) => (b.text as { text: string }).text);

const admin = (over: Partial<AdminModel> = {}): AdminModel => ({
  connection: {
    teamId: 'T123',
    teamName: 'Acme <!channel>',
    installedBy: 'U0INSTALLER',
    installedAt: '2025-01-02T03:04:05.000Z',
    connected: true,
    missingScopes: [],
    reconnectRequired: false,
    reconnectUrl: null,
    message: null,
  },
  notificationsEnabled: false,
  mapping: { plusplus: 'email', slack: 'profile.email' },
  matching: {
    available: true,
    total: 120,
    matched: 100,
    unmatched: 15,
    ambiguous: 3,
    errors: 2,
    slackMatchable: 110,
    directoryWarm: true,
  },
  ...over,
});
const me = { userId: 'u1', name: 'Ada <b>&</b>', email: 'ada@example.com', receiveSlackNotifications: true };

describe('homeView', () => {
  it('shows admins the connection, the switch, the mapping and the counts', () => {
    const model: HomeModel = { notice: null, connected: true, me, admin: admin() };
    const view = homeView(model);
    expect(checkView(view, 'home')).toEqual([]);
    expect(actionIds(view)).toEqual([
      HomeAction.TenantNotifications,
      HomeAction.EditMapping,
      HomeAction.Rematch,
      HomeAction.ShowUnmatched,
      HomeAction.MyNotifications,
      HomeAction.TestMe,
      HomeAction.Privacy,
    ]);
    const text = json(view);
    expect(text).toContain('Allow PlusPlus to send Slack notifications:* Off');
    expect(text).toContain('Acme &lt;!channel&gt;');
    expect(text).not.toContain('<!channel>');
    expect(text).toContain('<@U0INSTALLER>');
    expect(text).toContain('<!date^1735787045^');
    expect(text).toContain('100 users matched');
    expect(text).toContain('PlusPlus User Attribute:\\nemail');
    expect(text).toContain(PRIVACY_URL);
    expect(text).not.toContain(HomeAction.Reconnect);
  });

  it('offers Reconnect as a URL button when scopes are missing', () => {
    const a = admin();
    a.connection = {
      ...a.connection,
      missingScopes: ['channels:manage'],
      reconnectRequired: true,
      reconnectUrl: 'http://127.0.0.1/slack/install?ticket=abc',
      message: 'PlusPlus lacks <b>',
    };
    const view = homeView({ notice: null, connected: true, me: null, admin: a });
    expect(checkView(view, 'home')).toEqual([]);
    const reconnect = view.blocks
      .map((b) => b.accessory as Obj | undefined)
      .find((x) => x?.action_id === HomeAction.Reconnect);
    expect(reconnect).toMatchObject({ type: 'button', url: 'http://127.0.0.1/slack/install?ticket=abc' });
    expect(json(view)).toContain('`channels:manage`');
    // With what the missing scope is for, from the same text as the admin guide's table.
    expect(json(view)).toContain(JSON.stringify(SCOPE_PURPOSES['channels:manage']).slice(1, 40));
    expect(json(view)).toContain('PlusPlus lacks &lt;b&gt;');
  });

  it('says when match counts are unavailable', () => {
    const view = homeView({
      notice: null,
      connected: true,
      me,
      admin: admin({ matching: { available: false, reason: 'Slack is not connected <here>' } }),
    });
    expect(json(view)).toContain('Match counts are unavailable: Slack is not connected &lt;here&gt;');
  });

  it('shows members only their account, their switch, the test button and privacy', () => {
    const view = homeView({ notice: 'Muted <@U1>', connected: true, me, admin: null });
    expect(checkView(view, 'home')).toEqual([]);
    expect(actionIds(view)).toEqual([HomeAction.MyNotifications, HomeAction.TestMe, HomeAction.Privacy]);
    const text = json(view);
    expect(text).toContain('Ada &lt;b&gt;&amp;&lt;/b&gt;');
    expect(text).toContain('Receive Slack notifications:* On');
    expect(text).toContain('Muted &lt;@U1&gt;');
    expect(text).not.toContain('Admin');
    const my = view.blocks.find(
      (b) => (b.accessory as Obj | undefined)?.action_id === HomeAction.MyNotifications,
    );
    expect((my!.accessory as Obj).value).toBe('off');
  });

  it('explains a missing account and a missing connection', () => {
    expect(json(homeView({ notice: null, connected: true, me: null, admin: null }))).toContain(
      "couldn't find your PlusPlus account",
    );
    const view = homeView({ notice: null, connected: false, me: null, admin: null });
    expect(checkView(view, 'home')).toEqual([]);
    expect(json(view)).toContain('not connected');
    expect(actionIds(view)).toEqual([]);
  });

  it('stays within limits with huge user-supplied strings', () => {
    const long = '<&>'.repeat(5000);
    const a = admin({ mapping: { plusplus: long, slack: long } });
    a.connection = { ...a.connection, teamName: long, message: long };
    const view = homeView({
      notice: long,
      connected: true,
      me: { ...me, name: long, email: long, userId: long },
      admin: a,
    });
    expect(checkView(view, 'home')).toEqual([]);
  });
});

describe('mappingModal', () => {
  it('is a form with two inputs, a preview button, and no preview yet', () => {
    const view = mappingModal({ plusplus: 'metadata.`x`', slack: 'profile.email', preview: null });
    expect(checkView(view, 'modal')).toEqual([]);
    const inputs = view.blocks.filter((b) => b.type === 'input');
    expect(inputs.map((b) => b.block_id)).toEqual([MappingBlock.PlusPlus, MappingBlock.Slack]);
    expect((inputs[0]!.element as Obj).initial_value).toBe('metadata.`x`');
    expect(view.submit).toBeDefined();
  });

  it('shows expression errors and the impact preview, escaped', () => {
    const errors = mappingModal({
      plusplus: 'email[',
      slack: 'profile.email',
      preview: { kind: 'errors', plusplus: 'Syntax error <near> [', slack: null },
    });
    expect(checkView(errors, 'modal')).toEqual([]);
    expect(json(errors)).toContain('Syntax error &lt;near&gt;');

    const ok = mappingModal({
      plusplus: 'email',
      slack: 'profile.email',
      preview: {
        kind: 'ok',
        current: { matched: 10, total: 20 },
        proposed: { matched: 12, total: 20 },
        gained: 3,
        lost: 1,
        changed: 0,
        examples: { gained: ['a', 'b', '<c>'], lost: ['d'], changed: [] },
        directoryWarm: false,
        customFieldsMissing: 5,
      },
    });
    expect(checkView(ok, 'modal')).toEqual([]);
    const text = json(ok);
    expect(text).toContain('*Gained:* 3 · *Lost:* 1 · *Changed:* 0');
    expect(text).toContain('12 users matched (now 10, +2)');
    expect(text).toContain('`&lt;c&gt;`');
    expect(text).toContain('still being read');
  });
});

describe('unmatchedModal', () => {
  const entries = (n: number, offset = 0, nameLength = 20) =>
    Array.from({ length: n }, (_, i) => ({
      userId: `user-${offset + i}`,
      name: `<@U${i}> ${'x'.repeat(nameLength)}`,
      email: `u${offset + i}@example.com`,
      reason: i % 2 ? 'not_found' : 'no_value',
    }));
  const page = (offset: number, list = entries(UNMATCHED_PAGE_SIZE, offset)): UnmatchedPageModel => ({
    total: 10_000,
    offset,
    pageSize: UNMATCHED_PAGE_SIZE,
    entries: list,
    counts: { total: 12_000, matched: 1_990, ambiguous: 5, errors: 5 },
  });

  it('pages 10,000 unmatched users 20 at a time within Block Kit limits', () => {
    for (const offset of [0, 20, 5_000, 9_980]) {
      const view = unmatchedModal(page(offset));
      expect(checkView(view, 'modal')).toEqual([]);
      expect(view.blocks.length).toBeLessThanOrEqual(100);
      for (const t of sectionTexts(view)) expect(t.length).toBeLessThanOrEqual(3000);
      const ids = actionIds(view);
      expect(ids.includes(UnmatchedAction.Previous)).toBe(offset > 0);
      expect(ids.includes(UnmatchedAction.Next)).toBe(offset < 9_980);
      expect(json(view)).toContain(`Showing ${(offset + 1).toLocaleString('en-US')}–`);
    }
    const first = unmatchedModal(page(0));
    expect(json(first)).toContain('10,000 unmatched users');
    const next = first.blocks.find((b) => b.type === 'actions')!.elements as Obj[];
    expect(next.find((e) => e.action_id === UnmatchedAction.Next)!.value).toBe('20');
  });

  it('never lists more than a page, even when handed all 10,000 with very long names', () => {
    const view = unmatchedModal(page(0, entries(10_000, 0, 10_000)));
    expect(checkView(view, 'modal')).toEqual([]);
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    expect(view.blocks.filter((b) => json(b).includes('user-')).length).toBe(UNMATCHED_PAGE_SIZE);
    for (const t of sectionTexts(view)) expect(t.length).toBeLessThanOrEqual(3000);
    expect(json(view)).toContain('&lt;@U0&gt;');
    expect(json(view)).not.toContain('<@U0>');
  });

  it('says when everyone is matched', () => {
    const view = unmatchedModal({ ...page(0, []), total: 0 });
    expect(checkView(view, 'modal')).toEqual([]);
    expect(json(view)).toContain('Everyone is matched.');
    expect(actionIds(view)).toEqual([]);
  });
});
