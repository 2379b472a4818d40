import { RETURN_URL, type SandboxEnv, startSandboxEnv } from '../../support/sandbox-env';

/** A tenant's edited test_message template is what Test Slack sends, through the real app. */
let env: SandboxEnv;
let teamId: string;
let person: { id: string; email: string };
const T = '/internal/v1/tenants/tpl-e2e';

beforeAll(async () => {
  env = await startSandboxEnv();
  const ws = env.sb.createWorkspace({ name: 'Templates', members: 10, seed: 31 });
  teamId = ws.id;
  env.sb.setDefaultWorkspace(ws.id);
  const m = ws.members.find(
    (x) => !x.deleted && !x.isBot && !x.isAppUser && x.email && x.id !== 'USLACKBOT',
  )!;
  person = { id: m.id, email: m.email! };
  await env.t.call('PUT', `${T}/users/me`, { email: person.email, name: 'Tess <Tester>' });
  const link = await env.t.call('POST', `${T}/slack/connect`, { return_url: RETURN_URL });
  expect((await env.browser.visit(link.body.authorize_url)).location).toBe(`${RETURN_URL}?slack=connected`);
});
afterAll(async () => {
  await env.stop();
});

it('sends the edited test message, escaped', async () => {
  const edit = await env.t.call('PUT', `${T}/templates/test_message`, {
    template: { body: 'Hello from our academy, {{recipient.name}}!' },
  });
  expect(edit.status).toBe(200);
  const res = await env.t.call('POST', `${T}/users/me/test-slack`, { actor_user_id: 'me' });
  expect(res.body).toMatchObject({ outcome: 'matched', test_message: { sent: true } });
  const dm = JSON.stringify(env.sb.messages({ teamId, user: person.id }).at(-1));
  expect(dm).toContain('Hello from our academy, Tess &lt;Tester&gt;!');
});
