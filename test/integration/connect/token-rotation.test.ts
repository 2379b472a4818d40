import { withClient } from '../../support/database';
import { RETURN_URL, type SandboxEnv, startSandboxEnv } from '../../support/sandbox-env';

/** Token rotation on: the app refreshes before expiry, once, however many requests need the token. */
let env: SandboxEnv;
beforeAll(async () => {
  env = await startSandboxEnv({}, { tokenRotation: true, tokenExpiresIn: 43_200 });
});
afterAll(async () => {
  await env.stop();
});

const row = () =>
  withClient(env.t.db.url, (c) =>
    c
      .query(
        `SELECT bot_token_encrypted, bot_refresh_token_encrypted, bot_token_expires_at FROM slack_installations WHERE tenant_id = 'rot'`,
      )
      .then((r) => r.rows[0]),
  );

it('stores the refresh token and refreshes an expiring token exactly once under concurrency', async () => {
  const ws = env.sb.createWorkspace({ name: 'Rotating', members: 5 });
  env.sb.setDefaultWorkspace(ws.id);
  const link = await env.t.call('POST', '/internal/v1/tenants/rot/slack/connect', { return_url: RETURN_URL });
  expect((await env.browser.visit(link.body.authorize_url)).location).toBe(`${RETURN_URL}?slack=connected`);
  const installed = await row();
  expect(installed.bot_refresh_token_encrypted).toMatch(/^v2\./);
  expect(new Date(installed.bot_token_expires_at).getTime()).toBeGreaterThan(
    Date.now() + 12 * 3600_000 - 60_000,
  );

  // Fresh token: no refresh.
  const exchanges = env.sb.calls({ method: 'oauth.v2.access' }).length;
  expect((await env.t.call('GET', '/internal/v1/tenants/rot/slack')).body.connected).toBe(true);
  expect(env.sb.calls({ method: 'oauth.v2.access' })).toHaveLength(exchanges);

  // One minute left: five concurrent users of the token cause one refresh.
  await withClient(env.t.db.url, (c) =>
    c.query(
      `UPDATE slack_installations SET bot_token_expires_at = now() + interval '60 seconds' WHERE tenant_id = 'rot'`,
    ),
  );
  const answers = await Promise.all(
    Array.from({ length: 5 }, () => env.t.call('GET', '/internal/v1/tenants/rot/slack')),
  );
  expect(answers.map((a) => a.body.connected)).toEqual([true, true, true, true, true]);
  expect(env.sb.calls({ method: 'oauth.v2.access' })).toHaveLength(exchanges + 1);
  const refreshed = await row();
  expect(refreshed.bot_token_encrypted).not.toBe(installed.bot_token_encrypted);
  expect(new Date(refreshed.bot_token_expires_at).getTime()).toBeGreaterThan(Date.now() + 3600_000);
  expect(env.t.logText()).not.toMatch(/xoxe/);
});
