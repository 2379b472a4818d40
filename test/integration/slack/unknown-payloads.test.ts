import { RETURN_URL, type SandboxEnv, startSandboxEnv } from '../../support/sandbox-env';

/**
 * Issue 16: a correctly signed body on POST /slack/events is answered at once, through the real
 * Slack-facing server: envelopes and events of types the app does not handle, and interactions no
 * listener claims, are acknowledged (200); bodies that are not Slack payloads are 400. Before, they
 * waited 3 s for Bolt's unhandled-request timeout and got 404, or were a 500.
 */
let env: SandboxEnv;
let teamId: string;
let userId: string;
const T = '/internal/v1/tenants/unknown-payloads';
/** Far below Bolt's 3 s unhandled-request timeout, with room for a busy machine. */
const AT_ONCE_MS = 1_500;

beforeAll(async () => {
  env = await startSandboxEnv();
  const ws = env.sb.createWorkspace({ name: 'Unknown', members: 4, seed: 16 });
  teamId = ws.id;
  env.sb.setDefaultWorkspace(ws.id);
  const link = await env.t.call('POST', `${T}/slack/connect`, { return_url: RETURN_URL });
  expect((await env.browser.visit(link.body.authorize_url)).location).toBe(`${RETURN_URL}?slack=connected`);
  userId = (await env.t.call('GET', `${T}/slack`)).body.installed_by;
});
afterAll(async () => {
  await env.stop();
});

describe('signed payloads the app has no listener for are acknowledged at once', () => {
  it('an envelope of a type the app does not handle (app_rate_limited, a future one)', async () => {
    for (const body of [
      {
        token: 'x',
        type: 'app_rate_limited',
        team_id: teamId,
        minute_rate_limited: 1518467820,
        api_app_id: 'A1',
      },
      { token: 'x', type: 'some_future_envelope', team_id: teamId },
    ]) {
      const res = await env.driver.raw(body);
      expect({ type: body.type, status: res.status }).toEqual({ type: body.type, status: 200 });
      expect(res.ms).toBeLessThan(AT_ONCE_MS);
    }
  });

  it('an event of a type the app does not subscribe to', async () => {
    const res = await env.driver.event(teamId, { type: 'reaction_added', user: userId, reaction: 'tada' });
    expect(res.status).toBe(200);
    expect(res.ms).toBeLessThan(AT_ONCE_MS);
  });

  it('a block action and a view submission no listener claims', async () => {
    const action = await env.driver.blockAction({
      team_id: teamId,
      user_id: userId,
      action: { action_id: 'no_such_action', value: 'x' },
    });
    expect(action.status).toBe(200);
    expect(action.ms).toBeLessThan(AT_ONCE_MS);
    const view = await env.driver.viewSubmission({
      team_id: teamId,
      user_id: userId,
      view: { callback_id: 'no_such_modal', state: { values: {} } },
    } as never);
    expect(view.status).toBe(200);
    expect(view.ms).toBeLessThan(AT_ONCE_MS);
  });
});

describe('signed bodies that are not Slack payloads are 400 at once', () => {
  const malformed: Array<[string, string | object]> = [
    ['an empty object', {}],
    ['an object without a type', { foo: 1 }],
    ['an array', '[]'],
    ['null', 'null'],
    ['a JSON string', '"hello"'],
    ['an event_callback without its event', { type: 'event_callback', team_id: 'T1' }],
    ['an event that is a number', { type: 'event_callback', team_id: 'T1', event: 5 }],
    ['an event without a type', { type: 'event_callback', team_id: 'T1', event: { user: 'U1' } }],
    [
      'block_actions whose actions are not a list',
      { type: 'block_actions', actions: 'x', team: { id: 'T1' } },
    ],
    ['block_actions without actions', { type: 'block_actions', team: { id: 'T1' } }],
    ['a view_submission without a view', { type: 'view_submission', team: { id: 'T1' } }],
    ['a command that is not a string', { command: 5, team_id: 'T1' }],
    ['a team that is a number', { type: 'shortcut', callback_id: 'x', team: 5 }],
  ];
  it.each(malformed)('%s', async (_what, body) => {
    const res = await env.driver.raw(body, { 'content-type': 'application/json' });
    expect(res.status).toBe(400);
    expect(res.ms).toBeLessThan(AT_ONCE_MS);
  });
});
