/**
 * The App Home templates section and the template modal as pure builders: buttons per kind,
 * escaping, the preview, and Block Kit limits (the sandbox's Slack-faithful checker).
 */

import {
  type AdminModel,
  type HomeModel,
  TEMPLATE_INPUT_MAX,
  type TemplateFormModel,
  type TemplateKindModel,
} from '../../../../src/app/app-home/home-model';
import { renderMessage, TEMPLATE_KINDS, TEMPLATE_VARIABLES } from '../../../../src/domain/templates';
import { checkView } from '../../../../src/sandbox/block-kit';
import { homeView } from '../../../../views/home/home-view';
import { HomeAction, TemplateAction, TemplateBlock, templateBlockId } from '../../../../views/ids';
import { templateModal } from '../../../../views/modals/template-modal';

type Obj = Record<string, unknown>;
const json = (v: unknown) => JSON.stringify(v);

const kinds = (
  over: (k: TemplateKindModel) => Partial<TemplateKindModel> = () => ({}),
): TemplateKindModel[] =>
  TEMPLATE_KINDS.map((kind) => {
    const base = {
      kind,
      label: kind,
      enabled: true,
      canDisable: kind !== 'test_message',
      isDefault: true,
      overrideCount: 0,
    };
    return { ...base, ...over(base) };
  });

const admin = (templates: TemplateKindModel[], failures = 10): AdminModel => ({
  connection: {
    teamId: 'T123',
    teamName: 'Acme',
    installedBy: 'U0INSTALLER',
    installedAt: '2025-01-02T03:04:05.000Z',
    connected: false,
    missingScopes: ['chat:write'],
    reconnectRequired: true,
    reconnectUrl: 'https://example.com/connect',
    message: 'x'.repeat(3000),
  },
  notificationsEnabled: true,
  mapping: { plusplus: 'email', slack: 'profile.email' },
  matching: {
    available: true,
    total: 1,
    matched: 1,
    unmatched: 0,
    ambiguous: 0,
    errors: 0,
    slackMatchable: 1,
    directoryWarm: false,
  },
  templates,
  recentFailures: Array.from({ length: failures }, (_, i) => ({
    userId: `u${i}`,
    slackUserId: 'U1',
    type: 'invite',
    reason: 'channel_not_found',
    at: '2025-01-02T03:04:05.000Z',
  })),
});
const me = { userId: 'u1', name: 'Ada', email: 'ada@example.com', receiveSlackNotifications: true };
const templateBlocks = (view: { blocks: Obj[] }, kind: string) =>
  view.blocks.find((b) => b.block_id === templateBlockId(kind)) as { elements: Obj[] } | undefined;

describe('homeView templates section', () => {
  it('lists the six kinds with state and buttons; no Disable for test_message, Reset only when edited', () => {
    const model: HomeModel = {
      notice: 'n'.repeat(2000),
      connected: true,
      me,
      admin: admin(
        kinds((k) =>
          k.kind === 'reminder'
            ? { enabled: false, isDefault: false, overrideCount: 3, label: 'Reminder' }
            : {},
        ),
      ),
    };
    const view = homeView(model);
    expect(checkView(view, 'home')).toEqual([]);
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    const text = json(view);
    expect(text).toContain('Admin: notification templates');
    for (const kind of TEMPLATE_KINDS) expect(templateBlocks(view, kind)).toBeDefined();

    const reminder = templateBlocks(view, 'reminder')!.elements;
    expect(reminder.map((e) => e.action_id)).toEqual([
      HomeAction.TemplateEnabled,
      HomeAction.EditTemplate,
      HomeAction.ResetTemplate,
    ]);
    expect(reminder[0]!.value).toBe('reminder:on');
    expect(reminder[2]!.confirm).toBeDefined();
    expect(text).toContain('3 content overrides');

    const invite = templateBlocks(view, 'invite')!.elements;
    expect(invite.map((e) => [e.action_id, e.value])).toEqual([
      [HomeAction.TemplateEnabled, 'invite:off'],
      [HomeAction.EditTemplate, 'invite'],
    ]);
    const test = templateBlocks(view, 'test_message')!.elements;
    expect(test.map((e) => e.action_id)).toEqual([HomeAction.EditTemplate]);
  });

  it('escapes labels and kinds and stays far below 100 blocks with every section at its largest', () => {
    const model: HomeModel = {
      notice: 'hi',
      connected: true,
      me,
      admin: admin(kinds(() => ({ label: '<!channel> & <@U1>', isDefault: false, overrideCount: 1000 }))),
    };
    const view = homeView(model);
    expect(checkView(view, 'home')).toEqual([]);
    expect(view.blocks.length).toBeLessThan(60);
    const text = json(view);
    expect(text).not.toContain('<!channel>');
    expect(text).toContain('&lt;!channel&gt; &amp; &lt;@U1&gt;');
  });

  it('leaves the section out without templates and for members', () => {
    const a = admin([]);
    delete a.templates;
    expect(json(homeView({ notice: null, connected: true, me, admin: a }))).not.toContain('templates');
    expect(json(homeView({ notice: null, connected: true, me, admin: null }))).not.toContain(
      HomeAction.EditTemplate,
    );
  });
});

const form = (over: Partial<TemplateFormModel> = {}): TemplateFormModel => ({
  kind: 'reminder',
  label: 'Reminder',
  isDefault: true,
  variables: [...TEMPLATE_VARIABLES.reminder],
  fields: { header: 'Reminder', body: '*{{content.title}}*', button_label: '', context: 'Why <b>' },
  preview: null,
  ...over,
});
const inputs = (view: { blocks: Obj[] }) => view.blocks.filter((b) => b.type === 'input');

describe('templateModal', () => {
  it('prefills four inputs (body multiline and required), carries the kind, has a Preview button', () => {
    const view = templateModal(form());
    expect(checkView(view, 'modal')).toEqual([]);
    expect(view.private_metadata).toBe('reminder');
    const ins = inputs(view);
    expect(ins.map((b) => b.block_id)).toEqual([
      TemplateBlock.header,
      TemplateBlock.body,
      TemplateBlock.button_label,
      TemplateBlock.context,
    ]);
    const body = ins[1]!;
    expect(body.optional).toBe(false);
    expect(body.element).toMatchObject({
      type: 'plain_text_input',
      action_id: TemplateAction.Input,
      multiline: true,
      max_length: TEMPLATE_INPUT_MAX.body,
      initial_value: '*{{content.title}}*',
    });
    expect((ins[2]!.element as Obj).initial_value).toBeUndefined(); // empty button label
    expect(ins[3]!.element).toMatchObject({ initial_value: 'Why <b>' }); // plain text input: as typed
    expect(json(view)).toContain(TemplateAction.Preview);
  });

  it('shows problems with line and column, escaped', () => {
    const view = templateModal(
      form({
        preview: {
          kind: 'invalid',
          problems: [{ field: 'body', message: 'Unknown variable "<!here>"', line: 2, column: 5 }],
        },
      }),
    );
    expect(checkView(view, 'modal')).toEqual([]);
    const text = json(view);
    expect(text).toContain('Body, line 2, column 5: Unknown variable \\"&lt;!here&gt;\\"');
    expect(text).not.toContain('<!here>');
  });

  it('shows the rendered preview of the largest template within the modal limits', () => {
    const r = renderMessage(
      {
        type: 'reminder',
        content: {
          id: 'c',
          title: 'Data 101',
          url: 'https://plusplus.co/x',
          description: 'd'.repeat(3000),
        },
      },
      { header: 'H', body: `{{content.description}}\n\n`.repeat(25), button_label: 'Go', context: 'Because' },
    );
    const view = templateModal(form({ preview: { kind: 'ok', text: r.text, message: r.view } }));
    expect(checkView(view, 'modal')).toEqual([]);
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    const text = json(view);
    expect(text).toContain('Preview');
    expect(text).toContain(TemplateAction.PreviewLink);
    expect(text).not.toContain('notification_open_url');
  });
});
