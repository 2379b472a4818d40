import { RETURN_URL, type SandboxEnv, startSandboxEnv, TRANSPORTS } from '../../support/sandbox-env';

describe.each(TRANSPORTS)('over %s', (transport) => {
  /** App Home through the real app: a signed app_home_opened makes the app publish the home view. */
  let env: SandboxEnv;
  let teamId: string;
  let installer: string;
  let member: { id: string; email: string };
  const T = '/internal/v1/tenants/home-e2e';

  beforeAll(async () => {
    env = await startSandboxEnv({}, {}, { transport });
    const ws = env.sb.createWorkspace({ name: 'Home', members: 12, seed: 8 });
    teamId = ws.id;
    env.sb.setDefaultWorkspace(ws.id);
    const link = await env.t.call('POST', `${T}/slack/connect`, { return_url: RETURN_URL });
    expect((await env.browser.visit(link.body.authorize_url)).location).toBe(`${RETURN_URL}?slack=connected`);
    installer = (await env.t.call('GET', `${T}/slack`)).body.installed_by;
    const m = ws.members.find(
      (x) => !x.deleted && !x.isBot && !x.isAppUser && x.email && x.id !== 'USLACKBOT' && x.id !== installer,
    )!;
    member = { id: m.id, email: m.email! };
    await env.t.call('PUT', `${T}/users/member`, { email: member.email, name: 'Mia Member' });
  });
  afterAll(async () => {
    await env.stop();
  });

  async function homeAfterOpen(userId: string) {
    const res = await env.driver.event(teamId, {
      type: 'app_home_opened',
      user: userId,
      channel: 'D0HOME',
      tab: 'home',
    });
    expect(res.status).toBe(200);
    const end = Date.now() + 5000;
    while (Date.now() < end) {
      const view = env.sb.homeView(teamId, userId);
      if (view) return JSON.stringify(view);
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('no home view published');
  }

  it('publishes the admin home for the installer and the member home for a member', async () => {
    const admin = await homeAfterOpen(installer);
    expect(admin).toContain('Allow PlusPlus to send Slack notifications');
    expect(admin).toContain('notification templates');
    expect(admin).toContain('recent delivery failures');
    expect(admin).toContain('https://plusplus.co/privacy');
    const mine = await homeAfterOpen(member.id);
    expect(mine).toContain('Mia Member');
    expect(mine).not.toContain('Allow PlusPlus to send Slack notifications');
    expect(mine).toContain('https://plusplus.co/privacy');
  });
});
