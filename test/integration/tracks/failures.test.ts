import type { WebClient } from '@slack/web-api';
import { type Harness, startHarness } from './harness';

/**
 * Track channels when Slack or the tenant says no (issue 7): missing scope and reconnect,
 * restricted_action, notifications off, not connected, and a create whose answer was lost.
 * `blockedRetryMs` is short here, so the app's own retry after a reconnect is what is tested.
 */
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ sync: { blockedRetryMs: 300 } });
});
afterAll(async () => {
  await h.stop();
});

describe('track channels: refusals and recovery', () => {
  it('missing channels:manage: failed with needed_scopes, GET /slack says reconnect; after a reconnect it succeeds', async () => {
    const ws = h.sb.createWorkspace({ name: 'Old Install', members: 40, seed: 2 });
    h.sb.setWorkspacePolicy(ws.id, { withholdScopes: ['channels:manage'] });
    const { people } = await h.connectTenant('scoped', { teamId: ws.id });
    const [u0] = await h.addUsers('scoped', people.slice(0, 1));

    const slack = await h.call('GET', '/internal/v1/tenants/scoped/slack');
    expect(slack.body).toMatchObject({ connected: true, reconnect_required: true });
    expect(slack.body.scopes.missing).toEqual(['channels:manage']);

    await h.put('scoped', 'trk-s', { name: 'Scoped Track', member_user_ids: [u0] });
    const failed = await h.waitFor('scoped', 'trk-s', (b) => b.status === 'failed');
    expect(failed).toMatchObject({
      error: 'missing_scope',
      needed_scopes: ['channels:manage'],
      channel: null,
    });
    expect(h.sb.channels(ws.id).filter((c) => c.name === 'scoped-track')).toHaveLength(0);

    // The admin connects again and grants everything; no new PUT: the app's own retry succeeds.
    h.sb.setWorkspacePolicy(ws.id, { withholdScopes: [] });
    await h.connectTenant('scoped', { teamId: ws.id });
    const active = await h.waitFor('scoped', 'trk-s', (b) => b.status === 'active', 5000);
    expect(active.error).toBeUndefined();
    expect(active.needed_scopes).toBeUndefined();
    expect(active.members).toEqual([{ user_id: u0, status: 'invited' }]);
    expect((await h.call('GET', '/internal/v1/tenants/scoped/slack')).body.reconnect_required).toBe(false);
  });

  it('restricted_action is reported as such and not retried', async () => {
    const { teamId } = await h.connectTenant('strict', { members: 30, seed: 4 });
    h.sb.setWorkspacePolicy(teamId, { restrictChannelCreation: true });
    await h.put('strict', 'trk-r', { name: 'Policy Track', member_user_ids: [] });
    const failed = await h.waitFor('strict', 'trk-r', (b) => b.status === 'failed');
    expect(failed.error).toBe('restricted_action');
    await new Promise((r) => setTimeout(r, 600));
    expect(h.sb.calls({ method: 'conversations.create', teamId })).toHaveLength(1);
    // The next PUT tries again (and succeeds once the workspace allows it).
    h.sb.setWorkspacePolicy(teamId, { restrictChannelCreation: false });
    await h.put('strict', 'trk-r', { name: 'Policy Track', member_user_ids: [] });
    expect((await h.waitFor('strict', 'trk-r', (b) => b.status === 'active')).channel.name).toBe(
      'policy-track',
    );
  });

  it('notifications off: failed notifications_disabled, nothing created; switched on, it is created', async () => {
    const { teamId } = await h.connectTenant('quiet', { members: 30, seed: 6, enable: false });
    await h.put('quiet', 'trk-q', { name: 'Quiet Track', member_user_ids: [] });
    const failed = await h.waitFor('quiet', 'trk-q', (b) => b.status === 'failed');
    expect(failed.error).toBe('notifications_disabled');
    expect(h.sb.calls({ method: 'conversations.create', teamId })).toHaveLength(0);
    await h.call('PATCH', '/internal/v1/tenants/quiet/slack/settings', { notifications_enabled: true });
    expect((await h.waitFor('quiet', 'trk-q', (b) => b.status === 'active', 5000)).channel.name).toBe(
      'quiet-track',
    );
  });

  it('not connected: failed not_connected', async () => {
    await h.tenants.updateSettings('nobody', { notificationsEnabled: true });
    await h.put('nobody', 'trk-n', { name: 'Lonely', member_user_ids: ['x'] });
    const failed = await h.waitFor('nobody', 'trk-n', (b) => b.status === 'failed');
    expect(failed).toMatchObject({ error: 'not_connected', channel: null });
  });

  it('a create whose answer was lost: the retry finds the channel instead of making a second one', async () => {
    const { teamId, people, botUserId } = await h.connectTenant('crashy', { members: 40, seed: 8 });
    const ids = await h.addUsers('crashy', people.slice(0, 2));
    let lost = 0;
    h.clientHook = (client: WebClient) => {
      const real = client.conversations.create.bind(client.conversations);
      client.conversations.create = (async (args: never) => {
        const answer = await real(args);
        if (lost++ === 0) throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
        return answer;
      }) as never;
    };
    await h.put('crashy', 'trk-c', { name: 'Crash Course', member_user_ids: ids });
    const body = await h.waitFor('crashy', 'trk-c', (b) => b.status === 'active');
    h.clientHook = null;
    expect(lost).toBe(1);
    const named = h.sb.channels(teamId).filter((c) => c.name.startsWith('crash-course'));
    expect(named).toHaveLength(1);
    expect(named[0]).toMatchObject({ id: body.channel.id, creator: botUserId });
    expect(h.sb.calls({ method: 'conversations.list', teamId }).length).toBeGreaterThanOrEqual(1);
    expect(body.members.every((m: { status: string }) => m.status === 'invited')).toBe(true);
    expect(h.sb.messages({ channel: body.channel.id })).toHaveLength(1);
  });

  it('a create dropped before Slack applied it is simply made on the retry', async () => {
    const { teamId } = await h.connectTenant('dropped', { members: 30, seed: 9 });
    h.sb.injectFault({ method: 'conversations.create', teamId, fault: { drop: true } });
    await h.put('dropped', 'trk-d', { name: 'Dropped Call', member_user_ids: [] });
    const body = await h.waitFor('dropped', 'trk-d', (b) => b.status === 'active');
    expect(h.sb.channels(teamId).filter((c) => c.name.startsWith('dropped-call'))).toHaveLength(1);
    expect(body.channel.name).toBe('dropped-call');
  });

  it('a 429 waits for Retry-After and carries on', async () => {
    const { teamId, people, token } = await h.connectTenant('busy', { members: 30, seed: 10 });
    const ids = await h.addUsers('busy', people.slice(0, 2));
    h.sb.setRateLimits({ 'conversations.invite': { perMinute: 1, burst: 1 } });
    // Use up the bucket, so the worker's invite gets a real HTTP 429 with Retry-After.
    const { WebClient } = await import('@slack/web-api');
    await new WebClient(token, { slackApiUrl: h.sb.apiUrl, retryConfig: { retries: 0 } }).conversations
      .invite({ channel: 'C0NOPE', users: people[5]!.id })
      .catch(() => undefined);
    await h.put('busy', 'trk-b', { name: 'Busy', member_user_ids: ids });
    const body = await h.waitFor('busy', 'trk-b', (b) => b.status === 'active', 8000);
    h.sb.setRateLimits({ 'conversations.invite': { perMinute: 50 } });
    expect(body.members.every((m: { status: string }) => m.status === 'invited')).toBe(true);
    const invites = h.sb.calls({ method: 'conversations.invite', teamId });
    const limited = invites.find((c) => c.status === 429)!;
    const next = invites.find((c) => c.seq > limited.seq && c.ok)!;
    expect(next.at - limited.at).toBeGreaterThanOrEqual(1000);
  });
});
