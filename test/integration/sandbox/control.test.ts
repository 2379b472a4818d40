// biome-ignore-all lint/suspicious/noExplicitAny: control API JSON is read loosely
import { type Sandbox, startSandbox } from '../../../src/sandbox';
import { rawCall } from './setup';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox();
});
afterAll(() => sb.stop());

async function ctl(method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> {
  const r = await fetch(`${sb.url}/_sandbox${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await r.text();
  return { status: r.status, json: text ? JSON.parse(text) : null };
}

describe('control API over HTTP', () => {
  it('creates a workspace, an app and an install, then inspects messages, views and calls', async () => {
    const ws = (await ctl('POST', '/workspaces', { name: 'Ctl', members: 12, seed: 3 })).json;
    expect(ws).toMatchObject({ id: expect.stringMatching(/^T/), name: 'Ctl', members: 12 });
    const app = (await ctl('POST', '/apps', { redirectUris: ['http://localhost/cb'] })).json;
    expect(app).toMatchObject({
      clientId: expect.any(String),
      clientSecret: expect.any(String),
      appId: expect.stringMatching(/^A/),
    });
    const inst = (
      await ctl('POST', '/installs', {
        teamId: ws.id,
        clientId: app.clientId,
        scopes: ['chat:write', 'users:read'],
      })
    ).json;
    expect(inst.accessToken).toMatch(/^xoxb-/);
    const state = (await ctl('GET', '/state')).json;
    expect(JSON.stringify(state)).not.toContain(inst.accessToken);
    expect(JSON.stringify(state)).not.toContain(app.clientSecret);

    const user = sb.workspace(ws.id).members[1].id;
    const posted: any = await (
      await rawCall(sb, 'chat.postMessage', { channel: user, text: 'hello' }, inst.accessToken)
    ).json();
    const msgs = (await ctl('GET', `/messages?team=${ws.id}&user=${user}`)).json;
    expect(msgs).toEqual([
      expect.objectContaining({ channel: posted.channel, text: 'hello', user: inst.botUserId }),
    ]);

    const trigger = (await ctl('POST', '/triggers', { teamId: ws.id, userId: user })).json.triggerId;
    const view = { type: 'modal', title: { type: 'plain_text', text: 'T' }, blocks: [] };
    const opened: any = await (
      await rawCall(sb, 'views.open', { trigger_id: trigger, view: JSON.stringify(view) }, inst.accessToken)
    ).json();
    expect(opened.ok).toBe(true);
    expect((await ctl('GET', `/views/modals?team=${ws.id}&user=${user}`)).json.views).toHaveLength(1);
    await ctl('POST', '/modals/close', { teamId: ws.id, userId: user, clientId: app.clientId });
    expect((await ctl('GET', `/views/modals?team=${ws.id}&user=${user}`)).json.views).toHaveLength(0);

    const calls = (await ctl('GET', '/calls?method=chat.postMessage')).json;
    expect(calls).toEqual([
      expect.objectContaining({ method: 'chat.postMessage', teamId: ws.id, status: 200, ok: true }),
    ]);
    expect((await ctl('GET', '/counters')).json['views.open']).toEqual({
      calls: 1,
      ok: 1,
      errors: 0,
      ratelimited: 0,
    });
    expect((await ctl('DELETE', '/counters')).status).toBe(204);
    expect((await ctl('GET', '/counters')).json).toEqual({});
  });

  it('edits members, toggles policies, revokes tokens and injects faults', async () => {
    const ws = (await ctl('POST', '/workspaces', { members: 5 })).json;
    const app = (await ctl('POST', '/apps', { redirectUris: ['http://localhost/cb'] })).json;
    const { accessToken } = (
      await ctl('POST', '/installs', {
        teamId: ws.id,
        clientId: app.clientId,
        scopes: ['chat:write', 'channels:manage', 'users:read.email'],
      })
    ).json;
    const added = (
      await ctl('POST', `/workspaces/${ws.id}/members`, {
        email: 'new.hire@example.com',
        realName: 'New Hire',
      })
    ).json;
    expect(added).toMatchObject({
      id: expect.stringMatching(/^U/),
      real_name: 'New Hire',
      profile: { email: 'new.hire@example.com', fields: {} },
    });
    const edited = (
      await ctl('PATCH', `/workspaces/${ws.id}/members/${added.id}`, { email: 'renamed@example.com' })
    ).json;
    expect(edited.profile.email).toBe('renamed@example.com');
    expect(
      await (await rawCall(sb, 'users.lookupByEmail', { email: 'renamed@example.com' }, accessToken)).json(),
    ).toMatchObject({ ok: true, user: { id: added.id } });

    await ctl('PATCH', `/workspaces/${ws.id}`, { restrictChannelCreation: true });
    expect(await (await rawCall(sb, 'conversations.create', { name: 'nope' }, accessToken)).json()).toEqual({
      ok: false,
      error: 'restricted_action',
    });

    await ctl('POST', '/messages-tab', { teamId: ws.id, clientId: app.clientId, enabled: false });
    expect(
      await (await rawCall(sb, 'chat.postMessage', { channel: added.id, text: 'x' }, accessToken)).json(),
    ).toEqual({ ok: false, error: 'messages_tab_disabled' });

    await ctl('POST', '/faults', { method: 'auth.test', count: 1, fault: { status: 503 } });
    expect((await ctl('GET', '/faults')).json).toHaveLength(1);
    expect((await rawCall(sb, 'auth.test', {}, accessToken)).status).toBe(503);

    await ctl('POST', '/bots/deactivate', { teamId: ws.id, clientId: app.clientId });
    expect(await (await rawCall(sb, 'auth.test', {}, accessToken)).json()).toEqual({
      ok: false,
      error: 'account_inactive',
    });
    await ctl('POST', '/bots/deactivate', { teamId: ws.id, clientId: app.clientId, deactivated: false });
    await ctl('POST', '/tokens/revoke', { token: accessToken });
    expect(await (await rawCall(sb, 'auth.test', {}, accessToken)).json()).toEqual({
      ok: false,
      error: 'token_revoked',
    });
  });

  it('answers 4xx for bad control requests', async () => {
    expect((await ctl('GET', '/nope')).status).toBe(404);
    expect((await ctl('POST', '/installs', {})).status).toBe(400);
    expect((await ctl('GET', '/channels?team=T0NOPE00000')).status).toBe(404);
  });
});
