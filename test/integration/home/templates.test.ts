/**
 * The App Home templates section end to end: signed interactions from the driver, Bolt's real
 * receiver, HomeService and TemplatesService on PostgreSQL, the sandbox as Slack. Rights are decided
 * on the server: a member's crafted payloads change nothing.
 */
import { NOTICE_TEXT } from '../../../src/app/app-home/home-service';

const ADMINS_ONLY = NOTICE_TEXT.admins_only;

import {
  HomeAction,
  ModalCallback,
  TemplateAction,
  TemplateBlock,
  templateBlockId,
} from '../../../views/ids';
import { TRANSPORTS } from '../../support/sandbox-env';
import { eventually, type HomeEnv, startHomeEnv } from './harness';

describe.each(TRANSPORTS)('over %s', (transport) => {
  let env: HomeEnv;
  let teamId: string;
  let admin: { id: string; email: string };
  let member: { id: string; email: string };
  const TENANT = 'tpl';

  beforeAll(async () => {
    env = await startHomeEnv('home-templates', transport);
    const ws = await env.connectTenant(TENANT, 10, 5);
    teamId = ws.teamId;
    [admin, member] = ws.people as [typeof admin, typeof admin];
    await env.users.upsert(TENANT, { id: 'boss', email: admin.email, name: 'The Boss', is_admin: true });
    await env.users.upsert(TENANT, { id: 'worker', email: member.email, name: 'Worker' });
  }, 60_000);
  afterAll(async () => {
    await env?.stop();
  });

  const homeText = (userId: string) => JSON.stringify(env.sb.homeView(teamId, userId) ?? null);
  const waitHome = (userId: string, needle: string) =>
    eventually(
      () => homeText(userId),
      (t) => t.includes(needle),
    );
  const click = (userId: string, actionId: string, value = '', extra: Record<string, unknown> = {}) =>
    env.driver.blockAction({
      team_id: teamId,
      user_id: userId,
      action: { action_id: actionId, value },
      view: { id: 'VHOME', type: 'home' },
      ...extra,
    });
  const values = (f: { header?: string; body: string; button_label?: string; context?: string }) => {
    const v = (value: string | undefined) => ({
      [TemplateAction.Input]: { type: 'plain_text_input', value: value ?? null },
    });
    return {
      [TemplateBlock.header]: v(f.header),
      [TemplateBlock.body]: v(f.body),
      [TemplateBlock.button_label]: v(f.button_label),
      [TemplateBlock.context]: v(f.context),
    };
  };
  const modalText = () => JSON.stringify(env.sb.modals(teamId, admin.id));

  describe('App Home templates', () => {
    it('shows admins the six kinds; members do not see the section', async () => {
      await env.driver.event(teamId, { type: 'app_home_opened', user: admin.id, channel: 'D1', tab: 'home' });
      const home = await waitHome(admin.id, 'Admin: notification templates');
      for (const kind of ['invite', 'enrollment', 'assignment', 'reminder', 'track_welcome', 'test_message'])
        expect(home).toContain(templateBlockId(kind));
      expect(home).toContain('reminder:off');
      expect(home).not.toContain('test_message:off');

      await env.driver.event(teamId, {
        type: 'app_home_opened',
        user: member.id,
        channel: 'D2',
        tab: 'home',
      });
      const memberHome = await waitHome(member.id, 'Your preferences');
      expect(memberHome).not.toContain('notification templates');
    });

    it('disables and re-enables reminder with a signed block_action', async () => {
      await click(admin.id, HomeAction.TemplateEnabled, 'reminder:off');
      await waitHome(admin.id, 'Reminder notifications are off');
      expect((await env.templates.get(TENANT, 'reminder')).enabled).toBe(false);
      expect(homeText(admin.id)).toContain('reminder:on');
      // test_message cannot be disabled, even with a crafted value.
      await click(admin.id, HomeAction.TemplateEnabled, 'test_message:off');
      await waitHome(admin.id, 'cannot be disabled');
      expect((await env.templates.get(TENANT, 'test_message')).enabled).toBe(true);
    });

    it('edits a template in the modal: errors with line and column, a preview, then save and reset', async () => {
      const trigger = env.sb.issueTriggerId({ teamId, userId: admin.id, clientId: env.sbApp.clientId });
      await click(admin.id, HomeAction.EditTemplate, 'reminder', { trigger_id: trigger });
      const [modal] = await eventually(
        () => env.sb.modals(teamId, admin.id),
        (m) => m.length === 1,
      );
      expect(modal!.callback_id).toBe(ModalCallback.Template);
      expect(modal!.private_metadata).toBe('reminder');
      expect(modalText()).toContain('{{content.title}}'); // prefilled with the default
      const viewId = modal!.id as string;

      const bad = await env.driver.viewSubmission({
        team_id: teamId,
        user_id: admin.id,
        view_id: viewId,
        callback_id: ModalCallback.Template,
        private_metadata: 'reminder',
        values: values({ header: 'Heads up', body: 'Hello\n{{content.titel}}' }),
      });
      expect(bad.status).toBe(200);
      expect(bad.body).toEqual({
        response_action: 'errors',
        errors: { [TemplateBlock.body]: expect.stringContaining('(line 2, column 1)') },
      });
      expect((await env.templates.get(TENANT, 'reminder')).isDefault).toBe(true);

      const preview = (body: string) =>
        env.driver.blockAction({
          team_id: teamId,
          user_id: admin.id,
          action: { action_id: TemplateAction.Preview, value: 'reminder' },
          view: {
            id: viewId,
            type: 'modal',
            callback_id: ModalCallback.Template,
            private_metadata: 'reminder',
          },
          state_values: values({ header: 'Heads up', body, context: 'Because <b>' }),
        });
      await preview('{{#content}}');
      await eventually(modalText, (t) => t.includes('Fix the template before previewing'));
      await preview('Soon: *{{content.title}}* with {{actor.name}}');
      const shown = await eventually(modalText, (t) =>
        t.includes('Soon: *Intro to Data Science* with Grace Hopper'),
      );
      expect(shown).toContain(TemplateAction.PreviewLink);
      expect((await env.templates.get(TENANT, 'reminder')).isDefault).toBe(true); // preview saves nothing

      const ok = await env.driver.viewSubmission({
        team_id: teamId,
        user_id: admin.id,
        view_id: viewId,
        callback_id: ModalCallback.Template,
        private_metadata: 'reminder',
        values: values({ header: 'Heads up', body: 'Soon: *{{content.title}}*' }),
      });
      expect(ok.status).toBe(200);
      expect(ok.body).toBe('');
      await waitHome(admin.id, 'The Reminder template is saved.');
      const saved = await env.templates.get(TENANT, 'reminder');
      expect(saved.isDefault).toBe(false);
      expect(saved.template).toEqual({ header: 'Heads up', body: 'Soon: *{{content.title}}*' });
      expect(homeText(admin.id)).toContain(HomeAction.ResetTemplate);

      await click(admin.id, HomeAction.ResetTemplate, 'reminder');
      await waitHome(admin.id, 'back to the default');
      expect((await env.templates.get(TENANT, 'reminder')).isDefault).toBe(true);
      expect((await env.templates.get(TENANT, 'reminder')).enabled).toBe(false); // reset keeps the flag
    });

    it("a member's crafted actions change nothing", async () => {
      env.sb.closeModals(teamId, member.id, env.sbApp.clientId);
      const before = await env.templates.list(TENANT);
      await click(member.id, HomeAction.TemplateEnabled, 'invite:off');
      await waitHome(member.id, ADMINS_ONLY);
      await click(member.id, HomeAction.ResetTemplate, 'reminder');
      const trigger = env.sb.issueTriggerId({ teamId, userId: member.id, clientId: env.sbApp.clientId });
      await click(member.id, HomeAction.EditTemplate, 'invite', { trigger_id: trigger });
      await env.driver.blockAction({
        team_id: teamId,
        user_id: member.id,
        action: { action_id: TemplateAction.Preview, value: 'invite' },
        view: { id: 'VFAKE', type: 'modal', callback_id: ModalCallback.Template, private_metadata: 'invite' },
        state_values: values({ body: 'x' }),
      });
      const submit = await env.driver.viewSubmission({
        team_id: teamId,
        user_id: member.id,
        callback_id: ModalCallback.Template,
        private_metadata: 'invite',
        values: values({ body: 'Pwned {{content.title}}' }),
      });
      expect(submit.body).toEqual({
        response_action: 'errors',
        errors: { [TemplateBlock.body]: ADMINS_ONLY },
      });
      await new Promise((r) => setTimeout(r, 500));
      expect(env.sb.modals(teamId, member.id)).toEqual([]);
      expect(homeText(member.id)).not.toContain('notification templates');
      expect(await env.templates.list(TENANT)).toEqual(before);
      expect(env.logText()).toContain('admin action refused');
    });
  });
});
