/**
 * Socket Mode through the whole app (SLACK_APP_TOKEN): the envelopes the sandbox sends, the acks
 * the app answers with their payloads, and Slack's reconnect cases (`disconnect` with
 * `refresh_requested` or `warning`, a dropped socket), after each of which a command still works.
 * The same suites of commands, actions and events run over both transports elsewhere
 * (describe.each(TRANSPORTS)); this file covers what only Socket Mode has.
 */
import { RETURN_URL, type SandboxEnv, startSandboxEnv } from '../../support/sandbox-env';

let env: SandboxEnv;
let teamId: string;
let userId: string;
const T = '/internal/v1/tenants/socket';

beforeAll(async () => {
  env = await startSandboxEnv({}, {}, { transport: 'socket' });
  const ws = env.sb.createWorkspace({ name: 'Socket', members: 8, seed: 3 });
  teamId = ws.id;
  env.sb.setDefaultWorkspace(ws.id);
  const link = await env.t.call('POST', `${T}/slack/connect`, { return_url: RETURN_URL });
  expect((await env.browser.visit(link.body.authorize_url)).location).toBe(`${RETURN_URL}?slack=connected`);
  userId = ws.members.find((m) => !m.deleted && !m.isBot && m.id !== 'USLACKBOT')!.id;
});
afterAll(async () => {
  await env.stop();
});

const connections = () => env.sb.socketMode.connectionsOf(env.sbApp.appId);
const help = () =>
  env.driver.slashCommand({ team_id: teamId, user_id: userId, command: '/plusplus', text: 'help' });

async function waitFor<V>(what: string, read: () => V | undefined, ms = 10_000): Promise<V> {
  const end = Date.now() + ms;
  for (;;) {
    const v = read();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

it('serves OAuth and health on PORT but no POST /slack/events', async () => {
  expect((await fetch(`${env.t.slackUrl}/healthz`)).status).toBe(200);
  const events = await fetch(`${env.t.slackUrl}/slack/events`, { method: 'POST', body: '{}' });
  expect(events.status).toBe(404);
  expect(connections()).toHaveLength(1);
});

it("a slash command's immediate reply travels in the ack's payload", async () => {
  const res = await help();
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({
    response_type: 'ephemeral',
    text: expect.stringContaining('/plusplus mute'),
  });
  const sent = env.sb.socketMode.frames.find(
    (f) => f.message.envelope_id === res.envelopeId && f.direction === 'to_app',
  );
  expect(sent?.message).toMatchObject({ type: 'slash_commands', accepts_response_payload: true });
  expect(sent?.message.payload).toMatchObject({ command: '/plusplus', text: 'help', team_id: teamId });
  const metrics = await (await fetch(`${env.t.internalUrl}/metrics`)).text();
  expect(metrics).toMatch(/plusplus_slack_ack_duration_seconds_count\{kind="command"\} [1-9]/);
  const ack = env.sb.socketMode.frames.find(
    (f) => f.message.envelope_id === res.envelopeId && f.direction === 'from_app',
  );
  expect(ack?.message.payload).toMatchObject({ response_type: 'ephemeral' });
});

it('events arrive as events_api envelopes, retries with retry_attempt, acked without a payload', async () => {
  const event = { type: 'app_home_opened', user: userId, channel: 'D0SOCK', tab: 'home' };
  const first = await env.driver.event(teamId, event, { eventId: 'Ev0SOCKET01' });
  expect(first).toMatchObject({ status: 200, body: '' });
  const retry = await env.driver.event(teamId, event, { eventId: 'Ev0SOCKET01', retryNum: 1 });
  expect(retry.status).toBe(200);
  const sent = env.sb.socketMode.frames.find((f) => f.message.envelope_id === retry.envelopeId)!;
  expect(sent.message).toMatchObject({
    type: 'events_api',
    accepts_response_payload: false,
    retry_attempt: 1,
    retry_reason: 'timeout',
    payload: { type: 'event_callback', event_id: 'Ev0SOCKET01', team_id: teamId },
  });
  await waitFor('the home view', () => env.sb.homeView(teamId, userId) ?? undefined);
});

it.each(['refresh_requested', 'warning'] as const)(
  'reconnects after disconnect(%s) and keeps answering',
  async (reason) => {
    const before = connections().map((c) => c.id);
    expect(env.sb.disconnectSockets(env.sbApp.clientId, reason)).toBe(1);
    await waitFor('a new connection', () => {
      const now = connections();
      return now.length === 1 && !before.includes(now[0]!.id) ? now : undefined;
    });
    expect((await help()).status).toBe(200);
  },
);

it('a dropped socket: the app reconnects, and a command sent meanwhile is delivered once it has', async () => {
  const before = connections().map((c) => c.id);
  expect(env.sb.dropSockets(env.sbApp.clientId)).toBe(1);
  // Sent while the app has no connection: held until it reconnects, as Slack holds deliveries.
  const res = await help();
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ response_type: 'ephemeral' });
  expect(connections().some((c) => before.includes(c.id))).toBe(false);
});
