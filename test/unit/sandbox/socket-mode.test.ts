/**
 * The sandbox's Socket Mode server on its own, with a bare `ws` client playing the app:
 * apps.connections.open's token rules, one-time tickets, `hello`, envelopes and acks with payloads,
 * an ack that never comes, no connection at all, and `disconnect` followed by the server's close.
 */
import WebSocket from 'ws';
import { type Sandbox, type SandboxApp, startSandbox } from '../../../src/sandbox';

let sb: Sandbox;
let app: SandboxApp;
let appToken: string;

beforeAll(async () => {
  sb = await startSandbox({ socketMode: { connectWaitMs: 300, refreshCloseAfterMs: 100 } });
  app = sb.createApp({ redirectUris: ['http://127.0.0.1/x'], socketMode: true });
  appToken = sb.issueAppToken(app.clientId);
});
afterAll(async () => {
  await sb.stop();
});

async function open(token: string, init: { form?: boolean } = {}) {
  const res = await fetch(`${sb.apiUrl}apps.connections.open`, {
    method: 'POST',
    headers: init.form
      ? { 'content-type': 'application/x-www-form-urlencoded' }
      : { authorization: `Bearer ${token}` },
    body: init.form ? new URLSearchParams({ token }).toString() : '',
  });
  return (await res.json()) as { ok: boolean; url?: string; error?: string };
}

/** Connects like @slack/socket-mode: the URL, then the first message, which must be hello. */
async function connect(): Promise<{ ws: WebSocket; messages: Array<Record<string, unknown>> }> {
  const { url } = await open(appToken);
  const ws = new WebSocket(url!);
  const messages: Array<Record<string, unknown>> = [];
  ws.on('message', (data) => messages.push(JSON.parse(data.toString())));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  while (messages.length === 0) await new Promise((r) => setTimeout(r, 5));
  return { ws, messages };
}

const closed = (ws: WebSocket) => new Promise<void>((resolve) => ws.once('close', () => resolve()));

it('apps.connections.open takes an app-level token in the Authorization header only', async () => {
  expect(await open('')).toMatchObject({ ok: false, error: 'not_authed' });
  expect(await open(appToken, { form: true })).toMatchObject({ ok: false, error: 'invalid_auth' });
  expect(await open('xapp-1-nonsense')).toMatchObject({ ok: false, error: 'invalid_auth' });
  const ws = sb.createWorkspace({ members: 3 });
  const bot = sb.installApp(ws.id, app.clientId, ['chat:write']);
  expect(await open(bot.accessToken)).toMatchObject({ ok: false, error: 'not_allowed_token_type' });
  const revoked = sb.issueAppToken(app.clientId);
  sb.revokeToken(revoked);
  expect(await open(revoked)).toMatchObject({ ok: false, error: 'token_revoked' });
  const good = await open(appToken);
  expect(good.url).toMatch(new RegExp(`^ws://127\\.0\\.0\\.1:\\d+/link/\\?ticket=\\w+&app_id=${app.appId}$`));
});

it('a ticket opens one connection only', async () => {
  const { url } = await open(appToken);
  const first = new WebSocket(url!);
  await new Promise((r) => first.once('open', r));
  const second = new WebSocket(url!);
  const refused = await new Promise<string>((resolve) =>
    second.once('unexpected-response', (_q, r) => resolve(String(r.statusCode))),
  );
  expect(refused).toBe('401');
  first.close();
  await closed(first);
});

it('says hello, delivers envelopes and takes acks with payloads', async () => {
  const { ws, messages } = await connect();
  expect(messages[0]).toMatchObject({ type: 'hello', connection_info: { app_id: app.appId } });
  ws.on('message', (data) => {
    const m = JSON.parse(data.toString());
    if (m.type === 'interactive')
      ws.send(
        JSON.stringify({
          envelope_id: m.envelope_id,
          payload: { response_action: 'errors', errors: { b: 'no' } },
        }),
      );
    if (m.type === 'events_api') ws.send(JSON.stringify({ envelope_id: m.envelope_id }));
  });
  const view = await sb.socketMode.deliver(app.appId, {
    type: 'interactive',
    payload: { type: 'view_submission' },
  });
  expect(view).toMatchObject({ acked: true, payload: { response_action: 'errors', errors: { b: 'no' } } });
  const event = await sb.socketMode.deliver(app.appId, {
    type: 'events_api',
    payload: { type: 'event_callback' },
    retryAttempt: 2,
    retryReason: 'timeout',
  });
  expect(event).toMatchObject({ acked: true, payload: undefined });
  const sent = messages.find((m) => m.envelope_id === (event.acked ? event.envelopeId : ''));
  expect(sent).toMatchObject({
    type: 'events_api',
    retry_attempt: 2,
    retry_reason: 'timeout',
    accepts_response_payload: false,
  });
  ws.close();
  await closed(ws);
});

it('reports an ack that does not come in time, and an app with no connection', async () => {
  const { ws } = await connect();
  const late = await sb.socketMode.deliver(app.appId, {
    type: 'slash_commands',
    payload: { command: '/x' },
    ackTimeoutMs: 100,
  });
  expect(late).toMatchObject({ acked: false, reason: 'timeout' });
  ws.close();
  await closed(ws);
  await new Promise((r) => setTimeout(r, 20));
  const none = await sb.socketMode.deliver(app.appId, { type: 'slash_commands', payload: { command: '/x' } });
  expect(none).toMatchObject({ acked: false, reason: 'no_connection' });
  const driver = sb.driverFor(app.clientId);
  const answer = await driver.slashCommand({
    team_id: 'T1',
    user_id: 'U1',
    command: '/plusplus',
    text: 'help',
  });
  expect(answer).toMatchObject({ status: 0, body: 'no_connection' });
});

it('disconnect(refresh_requested) tells the app, then the server closes the socket', async () => {
  const { ws, messages } = await connect();
  const gone = closed(ws);
  expect(sb.disconnectSockets(app.clientId, 'refresh_requested')).toBe(1);
  await gone;
  expect(messages.at(-1)).toMatchObject({ type: 'disconnect', reason: 'refresh_requested' });
  // The server side sees its close a moment after the client does.
  for (let i = 0; i < 100 && sb.socketMode.connectionsOf(app.appId).length > 0; i++) {
    await new Promise((r) => setTimeout(r, 10));
  }
  expect(sb.socketMode.connectionsOf(app.appId)).toHaveLength(0);
});

it('the control API issues app tokens, lists connections and plays disconnects for other processes', async () => {
  const control = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${sb.url}/_sandbox${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const issued = await control('POST', '/app-tokens', { clientId: app.clientId });
  expect(String(issued.body.token)).toMatch(/^xapp-1-/);
  appToken = String(issued.body.token);
  const { ws } = await connect();
  expect((await control('GET', `/sockets?clientId=${app.clientId}`)).body.connections).toHaveLength(1);
  expect(
    (await control('POST', '/sockets/disconnect', { clientId: app.clientId, reason: 'nope' })).status,
  ).toBe(400);
  const gone = closed(ws);
  expect((await control('POST', '/sockets/drop', { clientId: app.clientId })).body).toEqual({ dropped: 1 });
  await gone;
});
