/**
 * App Home end to end: signed events and interactions from the driver, through Bolt's real
 * receiver, to real services on PostgreSQL and the sandbox as Slack. Rights are decided on the
 * server: crafted payloads from a non-admin change nothing and say so.
 */
import { NOTICE_TEXT } from '../../../src/app/app-home/home-service';

const ADMINS_ONLY = NOTICE_TEXT.admins_only;

import { HomeAction, MappingAction, MappingBlock, ModalCallback, UnmatchedAction } from '../../../views/ids';
import { TRANSPORTS } from '../../support/sandbox-env';
import { eventually, type HomeEnv, startHomeEnv } from './harness';

describe.each(TRANSPORTS)('over %s', (transport) => {
  let env: HomeEnv;
  let teamId: string;
  let admin: { id: string; email: string };
  let member: { id: string; email: string };
  let stranger: { id: string; email: string };
  let installer: { id: string; email: string };
  const TENANT = 'home';

  beforeAll(async () => {
    env = await startHomeEnv('home', transport);
    const ws = await env.connectTenant(TENANT, 30, 21);
    teamId = ws.teamId;
    [admin, member, stranger] = ws.people as [typeof admin, typeof admin, typeof admin];
    installer = ws.people[ws.people.length - 1]!;
    await env.users.upsert(TENANT, { id: 'boss', email: admin.email, name: 'The Boss', is_admin: true });
    await env.users.upsert(TENANT, { id: 'worker', email: member.email, name: 'A <b>Worker</b>' });
    await env.users.upsert(TENANT, { id: 'inst', email: installer.email, name: 'Installer' });
    for (let i = 0; i < 25; i++) {
      await env.users.upsert(TENANT, {
        id: `ghost-${String(i).padStart(2, '0')}`,
        email: `ghost${i}@nowhere.test`,
      });
    }
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
  const openHome = (userId: string) =>
    env.driver.event(teamId, {
      type: 'app_home_opened',
      user: userId,
      channel: `D${userId.slice(1)}`,
      tab: 'home',
    });
  const click = (userId: string, actionId: string, value = '', extra: Record<string, unknown> = {}) =>
    env.driver.blockAction({
      team_id: teamId,
      user_id: userId,
      action: { action_id: actionId, value },
      view: { id: 'VHOME', type: 'home' },
      ...extra,
    });
  const mappingValues = (plusplus: string, slack: string) => ({
    [MappingBlock.PlusPlus]: { [MappingAction.Input]: { type: 'plain_text_input', value: plusplus } },
    [MappingBlock.Slack]: { [MappingAction.Input]: { type: 'plain_text_input', value: slack } },
  });

  describe('App Home', () => {
    it('shows admins the settings and members only their preferences; the Messages tab gets no home', async () => {
      expect((await openHome(admin.id)).status).toBe(200);
      const adminHome = await waitHome(admin.id, 'Admin: connection');
      expect(adminHome).toContain('Allow PlusPlus to send Slack notifications:* Off');
      expect(adminHome).toContain(HomeAction.EditMapping);
      expect(adminHome).toContain('*3 users matched* of 28 PlusPlus users · 25 unmatched'); // boss, worker, installer
      expect(adminHome).toContain('The Boss');
      expect(adminHome).toContain('https://plusplus.co/privacy');
      expect(adminHome).not.toContain(HomeAction.Reconnect);

      await openHome(member.id);
      const memberHome = await waitHome(member.id, 'Your preferences');
      expect(memberHome).not.toContain('Admin:');
      expect(memberHome).toContain('A &lt;b&gt;Worker&lt;/b&gt; (`worker`)');
      expect(memberHome).toContain(HomeAction.TestMe);

      await openHome(installer.id);
      expect(await waitHome(installer.id, 'Your preferences')).toContain('Admin: connection');

      await openHome(stranger.id);
      expect(await waitHome(stranger.id, 'Your preferences')).toContain(
        "couldn't find your PlusPlus account",
      );

      const other = env.sb
        .workspace(teamId)
        .members.find(
          (m) =>
            ![admin, member, stranger, installer].some((p) => p.id === m.id) &&
            m.email &&
            !m.isBot &&
            !m.deleted,
        )!;
      await env.driver.event(teamId, {
        type: 'app_home_opened',
        user: other.id,
        channel: `D${other.id.slice(1)}`,
        tab: 'messages',
      });
      await new Promise((r) => setTimeout(r, 300));
      expect(env.sb.homeView(teamId, other.id)).toBeNull();
    });

    it('the admin turns tenant notifications on and off from the home', async () => {
      await click(admin.id, HomeAction.TenantNotifications, 'on');
      await waitHome(admin.id, 'Allow PlusPlus to send Slack notifications:* On');
      expect(homeText(admin.id)).toContain('PlusPlus may now send Slack notifications.');
      expect((await env.tenants.settings(TENANT)).notificationsEnabled).toBe(true);
      await click(admin.id, HomeAction.TenantNotifications, 'off');
      await waitHome(admin.id, 'Allow PlusPlus to send Slack notifications:* Off');
      expect((await env.tenants.settings(TENANT)).notificationsEnabled).toBe(false);
    });

    it('a member mutes and unmutes with the home switch', async () => {
      await click(member.id, HomeAction.MyNotifications, 'off');
      await waitHome(member.id, 'Receive Slack notifications:* Off');
      expect((await env.users.get(TENANT, 'worker'))!.receiveSlackNotifications).toBe(false);
      await click(member.id, HomeAction.MyNotifications, 'on');
      await waitHome(member.id, 'Receive Slack notifications:* On');
      expect((await env.users.get(TENANT, 'worker'))!.receiveSlackNotifications).toBe(true);
    });

    it('sends the member a test message', async () => {
      await click(member.id, HomeAction.TestMe, 'test');
      await waitHome(member.id, 'Test message sent');
      const dms = env.sb.messages({ teamId, user: member.id, ephemeral: false });
      expect(dms.length).toBeGreaterThan(0);
    });

    it('refuses crafted admin payloads from a member and changes nothing', async () => {
      const before = await env.tenants.settings(TENANT);
      await click(member.id, HomeAction.TenantNotifications, 'on');
      await waitHome(member.id, ADMINS_ONLY);
      expect(homeText(member.id)).not.toContain('Admin:');

      const trigger = env.sb.issueTriggerId({ teamId, userId: member.id, clientId: env.sbApp.clientId });
      await click(member.id, HomeAction.EditMapping, 'edit', { trigger_id: trigger });
      await click(member.id, HomeAction.Rematch, 'rematch');
      const submit = await env.driver.viewSubmission({
        team_id: teamId,
        user_id: member.id,
        callback_id: ModalCallback.Mapping,
        values: mappingValues('name', 'profile.real_name'),
      });
      expect(submit.status).toBe(200);
      expect(submit.body).toEqual({
        response_action: 'errors',
        errors: { [MappingBlock.PlusPlus]: ADMINS_ONLY },
      });
      await env.driver.blockAction({
        team_id: teamId,
        user_id: member.id,
        action: { action_id: MappingAction.Preview, value: 'preview' },
        view: { id: 'VFAKE', type: 'modal', callback_id: ModalCallback.Mapping },
        state_values: mappingValues('name', 'profile.real_name'),
      });
      await new Promise((r) => setTimeout(r, 500));
      expect(env.sb.modals(teamId, member.id)).toEqual([]);
      const after = await env.tenants.settings(TENANT);
      expect(after.notificationsEnabled).toBe(before.notificationsEnabled);
      expect(after.plusplusUserAttribute).toBe('email');
      expect(after.slackUserAttribute).toBe('profile.email');
      expect(env.logText()).toContain('admin action refused');
    });

    it('edits the mapping in a modal: inline errors, a preview, then save and a refreshed home', async () => {
      const trigger = env.sb.issueTriggerId({ teamId, userId: admin.id, clientId: env.sbApp.clientId });
      await click(admin.id, HomeAction.EditMapping, 'edit', { trigger_id: trigger });
      const [modal] = await eventually(
        () => env.sb.modals(teamId, admin.id),
        (m) => m.length === 1,
      );
      expect(modal!.callback_id).toBe(ModalCallback.Mapping);
      const viewId = modal!.id as string;
      const modalText = () => JSON.stringify(env.sb.modals(teamId, admin.id));
      const preview = (plusplus: string, slack: string) =>
        env.driver.blockAction({
          team_id: teamId,
          user_id: admin.id,
          action: { action_id: MappingAction.Preview, value: 'preview' },
          view: { id: viewId, type: 'modal', callback_id: ModalCallback.Mapping },
          state_values: mappingValues(plusplus, slack),
        });

      await preview('email[', 'profile.email');
      await eventually(modalText, (t) => t.includes('Fix the expression'));
      const bad = await env.driver.viewSubmission({
        team_id: teamId,
        user_id: admin.id,
        view_id: viewId,
        callback_id: ModalCallback.Mapping,
        values: mappingValues('email[', ''),
      });
      expect(bad.body).toMatchObject({
        response_action: 'errors',
        errors: {
          [MappingBlock.PlusPlus]: expect.any(String),
          [MappingBlock.Slack]: 'Enter a JMESPath expression.',
        },
      });

      // An expression whose cost explodes (issue 16: the preview held the event loop 3.5 s) is
      // refused in the modal, before anything is evaluated.
      const exploding = `email${'|[@,@]'.repeat(22)}`;
      const started = Date.now();
      await preview(exploding, 'profile.email');
      await eventually(modalText, (t) => t.includes('too expensive'));
      expect(Date.now() - started).toBeLessThan(2000);
      const refused = await env.driver.viewSubmission({
        team_id: teamId,
        user_id: admin.id,
        view_id: viewId,
        callback_id: ModalCallback.Mapping,
        values: mappingValues(exploding, 'profile.email'),
      });
      expect((refused.body as { errors: Record<string, string> }).errors[MappingBlock.PlusPlus]).toMatch(
        /too expensive/,
      );

      // Matching on names instead of emails: nobody's PlusPlus record has a Slack-shaped name.
      await preview('name', 'profile.real_name');
      const shown = await eventually(modalText, (t) => t.includes('Gained:'));
      expect(shown).toMatch(/\*Lost:\* [1-9]/);
      expect((await env.tenants.settings(TENANT)).plusplusUserAttribute).toBe('email');

      const ok = await env.driver.viewSubmission({
        team_id: teamId,
        user_id: admin.id,
        view_id: viewId,
        callback_id: ModalCallback.Mapping,
        values: mappingValues(' email ', 'profile.email'),
      });
      expect(ok.status).toBe(200);
      expect(ok.body).toBe('');
      await waitHome(admin.id, 'User matching saved');
      const saved = await env.tenants.settings(TENANT);
      expect(saved.plusplusUserAttribute).toBe('email');
      expect(saved.slackUserAttribute).toBe('profile.email');
    });

    it('re-matches and pages through unmatched users', async () => {
      await click(admin.id, HomeAction.Rematch, 'rematch');
      await waitHome(admin.id, 'Re-match done');
      expect((await env.users.get(TENANT, 'worker'))!.slack?.userId).toBe(member.id);

      env.sb.closeModals(teamId, admin.id, env.sbApp.clientId);
      const trigger = env.sb.issueTriggerId({ teamId, userId: admin.id, clientId: env.sbApp.clientId });
      await click(admin.id, HomeAction.ShowUnmatched, '0', { trigger_id: trigger });
      const modalText = () => JSON.stringify(env.sb.modals(teamId, admin.id));
      const first = await eventually(modalText, (t) => t.includes('Showing 1–20 of 25'));
      expect(first).toContain('ghost-00');
      expect(first).toContain(UnmatchedAction.Next);
      expect(first).not.toContain(UnmatchedAction.Previous);
      const viewId = env.sb.modals(teamId, admin.id)[0]!.id as string;
      await env.driver.blockAction({
        team_id: teamId,
        user_id: admin.id,
        action: { action_id: UnmatchedAction.Next, value: '20' },
        view: { id: viewId, type: 'modal', callback_id: ModalCallback.Unmatched },
      });
      const second = await eventually(modalText, (t) => t.includes('Showing 21–25 of 25'));
      expect(second).toContain('ghost-24');
      expect(second).toContain(UnmatchedAction.Previous);
      expect(second).not.toContain(UnmatchedAction.Next);

      // A member paging the same modal id gets a refusal in it, not the list.
      await env.driver.blockAction({
        team_id: teamId,
        user_id: member.id,
        action: { action_id: UnmatchedAction.Previous, value: '0' },
        view: { id: viewId, type: 'modal', callback_id: ModalCallback.Unmatched },
      });
      await eventually(modalText, (t) => t.includes('Only PlusPlus admins can see unmatched users.'));
    });
  });
});
