import { ResponseUrlCollector } from '../../../src/sandbox/driver';
import { RETURN_URL, type SandboxEnv, startSandboxEnv, TRANSPORTS } from '../../support/sandbox-env';

describe.each(TRANSPORTS)('over %s', (transport) => {
  /**
   * `/plusplus` as Slack sends it: signed, form-encoded, from the sandbox driver; answers are the
   * ack body (help, unknown) or ephemeral messages posted to response_url after the ack.
   */
  let env: SandboxEnv;
  let collector: ResponseUrlCollector;
  let teamId: string;
  let admin: { id: string; email: string };
  let member: { id: string; email: string };
  let stranger: { id: string };
  let padded: { id: string; email: string };
  const T = '/internal/v1/tenants/cmd';

  beforeAll(async () => {
    env = await startSandboxEnv({}, {}, { transport });
    collector = await ResponseUrlCollector.start();
    const ws = env.sb.createWorkspace({ name: 'Commands', members: 20, seed: 11 });
    teamId = ws.id;
    env.sb.setDefaultWorkspace(ws.id);
    const link = await env.t.call('POST', `${T}/slack/connect`, { return_url: RETURN_URL });
    expect((await env.browser.visit(link.body.authorize_url)).location).toBe(`${RETURN_URL}?slack=connected`);
    const people = ws.members.filter(
      (m) => !m.deleted && !m.isBot && !m.isAppUser && m.email && m.id !== 'USLACKBOT' && !m.isInvitedUser,
    );
    admin = { id: people[0]!.id, email: people[0]!.email! };
    member = { id: people[1]!.id, email: people[1]!.email! };
    stranger = { id: people[2]!.id };
    padded = { id: people[3]!.id, email: people[3]!.email! };
    await env.t.call('PUT', `${T}/users/boss`, { email: admin.email, name: 'The Boss', is_admin: true });
    await env.t.call('PUT', `${T}/users/worker`, {
      email: member.email.toUpperCase(),
      name: 'A <b>Worker</b>',
    });
  });
  afterAll(async () => {
    await collector.close();
    await env.stop();
  });

  async function command(userId: string, text: string) {
    const responseUrl = collector.newUrl();
    const res = await env.driver.slashCommand({
      team_id: teamId,
      user_id: userId,
      command: '/plusplus',
      text,
      response_url: responseUrl,
    });
    return { res, responseUrl };
  }

  async function answer(
    userId: string,
    text: string,
  ): Promise<{ text: string; response_type: string; ms: number }> {
    const { res, responseUrl } = await command(userId, text);
    expect(res.status).toBe(200);
    const posted = await collector.waitFor((p) => responseUrl.endsWith(`/response/${p.id}`), 10_000);
    return { ...(posted.body as { text: string; response_type: string }), ms: res.ms };
  }

  describe('/plusplus', () => {
    it('answers help and unknown text in the ack, fast', async () => {
      const help = await command(member.id, 'help');
      expect(help.res.status).toBe(200);
      expect(help.res.body).toMatchObject({
        response_type: 'ephemeral',
        text: expect.stringContaining('/plusplus mute'),
      });
      expect(help.res.ms).toBeLessThan(3000);
      const garbage = await command(member.id, 'dance <!channel> & more');
      expect((garbage.res.body as { text: string }).text).toContain('&lt;!channel&gt; &amp; more');
      expect((garbage.res.body as { text: string }).text).toContain('/plusplus status');
    });

    it('status finds your PlusPlus account by your Slack email and escapes your name', async () => {
      const reply = await answer(member.id, 'status');
      expect(reply.response_type).toBe('ephemeral');
      expect(reply.text).toContain('A &lt;b&gt;Worker&lt;/b&gt; (worker)');
      expect(reply.text).toContain('*on*');
    });

    it('mute and unmute switch the same preference as the internal API', async () => {
      expect((await answer(member.id, 'mute')).text).toMatch(/will not send you Slack notifications/);
      expect((await env.t.call('GET', `${T}/users/worker`)).body.receive_slack_notifications).toBe(false);
      expect((await answer(member.id, 'status')).text).toContain('*off*');
      expect((await answer(member.id, 'unmute')).text).toMatch(/on again/);
      expect((await env.t.call('GET', `${T}/users/worker`)).body.receive_slack_notifications).toBe(true);
    });

    it('test (yourself) links you and sends the test DM', async () => {
      const reply = await answer(member.id, 'test');
      // "You are", not "you is": the reply speaks to the person who typed it.
      expect(reply.text).toBe(`You are linked to <@${member.id}>. A test message is on its way.`);
      expect(env.sb.messages({ teamId, user: member.id }).length).toBeGreaterThan(0);
    });

    it('test @someone and test email are for admins only', async () => {
      const refused = await answer(member.id, `test <@${admin.id}|boss>`);
      expect(refused.text).toContain('Only PlusPlus admins');
      const byMention = await answer(admin.id, `test <@${member.id}|worker>`);
      expect(byMention.text).toBe(
        `A &lt;b&gt;Worker&lt;/b&gt; is linked to <@${member.id}>. A test message is on its way.`,
      );
      // An admin testing their own address is testing themselves.
      const ownEmail = await answer(admin.id, `test ${admin.email}`);
      expect(ownEmail.text).toBe(`You are linked to <@${admin.id}>. A test message is on its way.`);
      const byEmail = await answer(admin.id, `test <mailto:${member.email}|${member.email}>`);
      expect(byEmail.text).toContain('test message is on its way');
      const unknown = await answer(admin.id, 'test nobody@nowhere.example');
      expect(unknown.text).toContain("couldn't find a PlusPlus user for nobody@nowhere.example");
    });

    it('test email finds the user whose PlusPlus address differs only in spaces and capitals', async () => {
      // Matching trims and lower-cases both sides (design §6); the look-up by address does the same.
      await env.t.call('PUT', `${T}/users/padded`, {
        email: `  ${padded.email.toUpperCase()}\t`,
        name: 'Padded Address',
      });
      const reply = await answer(admin.id, `test <mailto:${padded.email}|${padded.email}>`);
      expect(reply.text).toBe(`Padded Address is linked to <@${padded.id}>. A test message is on its way.`);
      const typed = await answer(admin.id, `test ${padded.email.toUpperCase()}`);
      expect(typed.text).toContain(`is linked to <@${padded.id}>`);
      // Two PlusPlus users with the same address: no guess.
      await env.t.call('PUT', `${T}/users/padded-twin`, { email: padded.email, name: 'Twin' });
      expect((await answer(admin.id, `test ${padded.email}`)).text).toBe(
        `I couldn't find a PlusPlus user for ${padded.email.toLowerCase()}.`,
      );
      await env.t.call('DELETE', `${T}/users/padded-twin`);
    });

    it('tells a Slack member without a PlusPlus account what to do', async () => {
      expect((await answer(stranger.id, 'status')).text).toContain("couldn't find your PlusPlus account");
      expect((await answer(stranger.id, 'mute')).text).toContain("couldn't find your PlusPlus account");
    });

    it('mapping opens the attributes modal for admins and refuses others', async () => {
      const triggerId = `${Date.now()}.42.mapping`;
      env.sb.registerTriggerId(triggerId, { teamId, userId: admin.id, clientId: env.sbApp.clientId });
      const res = await env.driver.slashCommand({
        team_id: teamId,
        user_id: admin.id,
        command: '/plusplus',
        text: 'mapping',
        trigger_id: triggerId,
        response_url: collector.newUrl(),
      });
      expect(res.status).toBe(200);
      let modals: Array<Record<string, unknown>> = [];
      for (let i = 0; i < 100 && modals.length === 0; i++) {
        modals = env.sb.modals(teamId, admin.id);
        await new Promise((r) => setTimeout(r, 20));
      }
      expect(JSON.stringify(modals)).toContain('profile.email');
      expect((await answer(member.id, 'mapping')).text).toContain('Only PlusPlus admins');
    });

    it('says when the workspace is no longer connected', async () => {
      const other = env.sb.createWorkspace({ name: 'Not connected', members: 3 });
      const res = await env.driver.slashCommand({
        team_id: other.id,
        user_id: other.members[1]!.id,
        command: '/plusplus',
        text: 'status',
        response_url: collector.newUrl(),
      });
      // Bolt cannot authorize an unknown workspace; it still answers Slack at once.
      expect(res.status).toBeLessThan(500);
    });
  });
});
