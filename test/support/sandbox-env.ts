import { createServer } from 'node:net';
import { type Sandbox, type SandboxApp, startSandbox } from '../../src/sandbox';
import { Browser } from '../../src/sandbox/browser';
import { SlackDriver } from '../../src/sandbox/driver';

export { Browser, type Visit } from '../../src/sandbox/browser';

import type { StartOptions } from '../../src/main';
import { startTestApp, TEST_SLACK_SIGNING_SECRET, type TestApp } from './app';

export const TEST_CLIENT_ID = '1234.5678';
export const TEST_CLIENT_SECRET = 'test-client-secret';
export const RETURN_URL = 'https://plusplus.example/admin/integrations/slack';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * How Slack reaches the app: signed POSTs to /slack/events, or Socket Mode (SLACK_APP_TOKEN, the
 * sandbox's WebSocket). Suites of commands, actions and events run over both (`describe.each`).
 */
export type Transport = 'http' | 'socket';
export const TRANSPORTS: Transport[] = ['http', 'socket'];

export interface SandboxEnv {
  transport: Transport;
  sb: Sandbox;
  sbApp: SandboxApp;
  t: TestApp;
  driver: SlackDriver;
  browser: Browser;
  stop(): Promise<void>;
}

/** The app and the sandbox, wired as in production: the app's Slack URLs point at the sandbox. */
export async function startSandboxEnv(
  env: Record<string, string> = {},
  appOptions: { tokenRotation?: boolean; tokenExpiresIn?: number } = {},
  o: { transport?: Transport; delivery?: StartOptions['delivery'] } = {},
): Promise<SandboxEnv> {
  const transport = o.transport ?? 'http';
  // Acks get 10 s rather than Slack's 3 s: a loaded test machine must not turn a slow ack into a
  // failed delivery here (test/unit/sandbox/socket-mode.test.ts checks the timeout itself).
  const sb = await startSandbox({ timeScale: 0.01, socketMode: { ackTimeoutMs: 10_000 } });
  const port = await freePort();
  const publicUrl = `http://127.0.0.1:${port}`;
  const sbApp = sb.createApp({
    clientId: TEST_CLIENT_ID,
    clientSecret: TEST_CLIENT_SECRET,
    signingSecret: TEST_SLACK_SIGNING_SECRET,
    redirectUris: [`${publicUrl}/slack/oauth_redirect`],
    eventsUrl: `${publicUrl}/slack/events`,
    socketMode: transport === 'socket',
    ...appOptions,
  });
  const socketEnv: Record<string, string> =
    transport === 'socket' ? { SLACK_APP_TOKEN: sb.issueAppToken(TEST_CLIENT_ID) } : {};
  const t = await startTestApp(
    {
      PORT: String(port),
      PUBLIC_URL: publicUrl,
      SLACK_API_URL: sb.apiUrl,
      SLACK_AUTHORIZE_URL: sb.authorizeUrl,
      SLACK_CLIENT_ID: TEST_CLIENT_ID,
      SLACK_CLIENT_SECRET: TEST_CLIENT_SECRET,
      ...socketEnv,
      ...env,
    },
    // A dropped socket is back within 2 s, not @slack/socket-mode's 5 s.
    { socketMode: { clientPingTimeoutMs: 2_000 }, ...(o.delivery ? { delivery: o.delivery } : {}) },
  );
  if (transport === 'socket' && sb.socketMode.connectionsOf(sbApp.appId).length !== 1) {
    throw new Error('the app started without its Socket Mode connection');
  }
  const driver =
    transport === 'socket'
      ? sb.driverFor(TEST_CLIENT_ID)
      : new SlackDriver({
          appUrl: t.slackUrl,
          signingSecret: TEST_SLACK_SIGNING_SECRET,
          apiAppId: sbApp.appId,
        });
  return {
    transport,
    sb,
    sbApp,
    t,
    driver,
    browser: new Browser(),
    async stop() {
      await t.stop();
      await sb.stop();
    },
  };
}

/** Polls `fn` every 100 ms until it gives a value; throws after `timeoutMs`, naming `what`. */
export async function until<V>(
  fn: () => Promise<V | undefined>,
  what: string,
  timeoutMs = 20_000,
): Promise<V> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const value = await fn();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/**
 * A sandbox workspace connected to the tenant at `tenantPath` through the app's real interfaces,
 * as an admin would: PlusPlus users pushed (`u0…` for the first `people` real members, and one
 * `unmatched`), Connect followed in the browser, notifications switched on, and the first
 * re-match waited for.
 */
export async function connectThroughTheApp(
  env: SandboxEnv,
  tenantPath: string,
  o: { name: string; members: number; seed: number; people: number },
): Promise<{ teamId: string; people: Array<{ id: string; email: string }> }> {
  const ws = env.sb.createWorkspace({ name: o.name, members: o.members, seed: o.seed });
  env.sb.setDefaultWorkspace(ws.id);
  const people = ws.members
    .filter((m) => !m.deleted && !m.isBot && !m.isAppUser && m.email && m.id !== 'USLACKBOT')
    .slice(0, o.people)
    .map((m) => ({ id: m.id, email: m.email! }));
  await env.t.call('POST', `${tenantPath}/users`, {
    users: [
      ...people.map((p, i) => ({ id: `u${i}`, email: p.email, name: `User ${i}` })),
      { id: 'unmatched', email: 'nobody@nowhere.example' },
    ],
  });
  const link = await env.t.call('POST', `${tenantPath}/slack/connect`, { return_url: RETURN_URL });
  const visit = await env.browser.visit(link.body.authorize_url);
  if (visit.location !== `${RETURN_URL}?slack=connected`)
    throw new Error(`Connect ended at ${visit.location}`);
  await env.t.call('PATCH', `${tenantPath}/slack/settings`, { notifications_enabled: true });
  // The first sync and re-match after the install link everyone the directory knows.
  await until(async () => {
    const u = await env.t.call('GET', `${tenantPath}/users/u${o.people - 1}`);
    return u.body.slack ? true : undefined;
  }, 'the first re-match');
  return { teamId: ws.id, people };
}
