import type { WebClient } from '@slack/web-api';
import { type Harness, type Person, startHarness } from './harness';

/**
 * Track channels end to end (issue 7): signed PUT/GET/DELETE on the real internal server, the
 * worker on a real schema, the sandbox as Slack.
 */
let h: Harness;
let teamId: string;
let botUserId: string;
let people: Person[];
let userIds: string[];
const T = 'acme';

beforeAll(async () => {
  h = await startHarness({ sync: { reconcileMs: 150 } });
  ({ teamId, botUserId, people } = await h.connectTenant(T, { members: 420, seed: 11 }));
  expect(people.length).toBeGreaterThanOrEqual(260);
  userIds = await h.addUsers(T, people.slice(0, 260));
});
afterAll(async () => {
  await h.stop();
});

const channel = (id: string) => h.sb.channels(teamId).find((c) => c.id === id)!;

describe('track channels', () => {
  it('creates the channel from an emoji and capitals name, invites, welcomes once', async () => {
    const posted: Array<Record<string, unknown>> = [];
    h.clientHook = (client: WebClient) => {
      const real = client.chat.postMessage.bind(client.chat);
      client.chat.postMessage = (async (args: Record<string, unknown>) => {
        posted.push(args);
        return real(args as never);
      }) as never;
    };
    const put = await h.put(T, 'trk-1', {
      name: '🚀 Data Science 101: Café Edition!',
      member_user_ids: userIds.slice(0, 3),
      topic: 'Weekly on Tuesdays',
      url: 'https://plusplus.example/tracks/1',
    });
    expect(put.status).toBe(202);
    expect(put.body).toMatchObject({ status: 'pending', channel: null });
    const body = await h.waitFor(T, 'trk-1', (b) => b.status === 'active');
    h.clientHook = null;
    expect(body.channel.name).toBe('data-science-101-cafe-edition');
    expect(body.members).toEqual(userIds.slice(0, 3).map((u) => ({ user_id: u, status: 'invited' })));
    const ch = channel(body.channel.id);
    expect(ch).toMatchObject({ isPrivate: false, creator: botUserId, topic: 'Weekly on Tuesdays' });
    expect(new Set(ch.members)).toEqual(new Set([botUserId, ...people.slice(0, 3).map((p) => p.id)]));
    const messages = h.sb.messages({ channel: ch.id });
    expect(messages).toHaveLength(1);
    expect(messages[0]!.text).toContain('Data Science 101');
    expect(posted).toHaveLength(1);
    expect(posted[0]).toMatchObject({ unfurl_links: false });
    expect(posted[0]).not.toHaveProperty('parse');
    expect(posted[0]).not.toHaveProperty('link_names');

    // The same PUT again: idempotent, no second channel or welcome.
    expect(
      (
        await h.put(T, 'trk-1', {
          name: '🚀 Data Science 101: Café Edition!',
          member_user_ids: userIds.slice(0, 3),
          topic: 'Weekly on Tuesdays',
        })
      ).status,
    ).toBe(202);
    const again = await h.waitFor(T, 'trk-1', (b) => b.status === 'active');
    expect(again.channel).toEqual(body.channel);
    expect(h.sb.channels(teamId).filter((c) => c.name.startsWith('data-science-101'))).toHaveLength(1);
    expect(h.sb.messages({ channel: ch.id })).toHaveLength(1);
  });

  it('names: 120 characters, only punctuation, private', async () => {
    const long = 'Advanced Topics In Distributed Systems And Machine Learning For Practitioners Who Ship '
      .repeat(2)
      .slice(0, 120);
    await h.put(T, 'trk-long', { name: long, member_user_ids: [] });
    await h.put(T, 'trk-punct', { name: '!!! ??? ...', member_user_ids: [] });
    await h.put(T, 'trk-priv', { name: 'Secret Squirrels', is_private: true, member_user_ids: [userIds[0]] });
    const a = await h.waitFor(T, 'trk-long', (b) => b.status === 'active');
    const b = await h.waitFor(T, 'trk-punct', (x) => x.status === 'active');
    const c = await h.waitFor(T, 'trk-priv', (x) => x.status === 'active');
    expect(a.channel.name.length).toBeLessThanOrEqual(80);
    expect(a.channel.name).toMatch(/^advanced-topics-in-distributed-systems[a-z0-9-]*[a-z0-9]$/);
    expect(b.channel.name).toBe('track-trk-punct');
    expect(channel(c.channel.id)).toMatchObject({ name: 'secret-squirrels', isPrivate: true });
  });

  it('a taken name gets -2', async () => {
    h.sb.workspace(teamId).addChannel({ name: 'onboarding', isPrivate: false, creator: people[0]!.id });
    await h.put(T, 'trk-onb', { name: 'Onboarding', member_user_ids: [userIds[5]] });
    const body = await h.waitFor(T, 'trk-onb', (b) => b.status === 'active');
    expect(body.channel.name).toBe('onboarding-2');
    expect(h.sb.channels(teamId).filter((c) => c.name.startsWith('onboarding'))).toHaveLength(2);
  });

  it('250 members: invites in three batches of at most 100', async () => {
    const sizes: number[] = [];
    h.clientHook = (client: WebClient) => {
      const real = client.conversations.invite.bind(client.conversations);
      client.conversations.invite = (async (args: { users: string }) => {
        sizes.push(args.users.split(',').length);
        return real(args as never);
      }) as never;
    };
    const since = Date.now();
    const members = userIds.slice(0, 250);
    await h.put(T, 'trk-big', { name: 'Big Track', member_user_ids: members });
    const body = await h.waitFor(T, 'trk-big', (b) => b.status === 'active', 20_000);
    h.clientHook = null;
    expect(body.members.every((m: { status: string }) => m.status === 'invited')).toBe(true);
    expect(h.sb.calls({ method: 'conversations.invite', teamId, since }).filter((c) => c.ok)).toHaveLength(3);
    expect(sizes).toEqual([100, 100, 50]);
    expect(channel(body.channel.id).members).toHaveLength(251);
  });

  it('a second PUT invites new members and removes those no longer listed; name and topic follow', async () => {
    await h.put(T, 'trk-2', { name: 'Rust Basics', member_user_ids: userIds.slice(10, 14), topic: 'T1' });
    const first = await h.waitFor(T, 'trk-2', (b) => b.status === 'active');
    const next = [...userIds.slice(12, 14), userIds[20]!, userIds[21]!];
    await h.put(T, 'trk-2', { name: 'Rust Basics II', member_user_ids: next, topic: 'T2' });
    const body = await h.waitFor(
      T,
      'trk-2',
      (b) => b.status === 'active' && b.channel.name === 'rust-basics-ii',
    );
    expect(body.channel.id).toBe(first.channel.id);
    expect(body.members.map((m: { user_id: string }) => m.user_id)).toEqual(next);
    expect(body.members.every((m: { status: string }) => m.status === 'invited')).toBe(true);
    const ch = channel(body.channel.id);
    expect(new Set(ch.members)).toEqual(
      new Set([botUserId, people[12]!.id, people[13]!.id, people[20]!.id, people[21]!.id]),
    );
    expect(ch.topic).toBe('T2');
    // The rename reached Slack (conversations.rename), not only our record.
    expect(ch.name).toBe('rust-basics-ii');
    expect(h.sb.messages({ channel: ch.id })).toHaveLength(1);
  });

  it('members without a Slack link are skipped, then invited by the reconcile once linked', async () => {
    const late: Person = people[300] ?? people[people.length - 1]!;
    await h.users.upsert(T, { id: 'late-1', email: late.email });
    await h.put(T, 'trk-late', { name: 'Late Joiners', member_user_ids: [userIds[30], 'late-1', 'nobody'] });
    const body = await h.waitFor(T, 'trk-late', (b) => b.status === 'active');
    expect(body.members).toEqual([
      { user_id: userIds[30], status: 'invited' },
      { user_id: 'late-1', status: 'skipped', reason: 'no_slack_account' },
      { user_id: 'nobody', status: 'skipped', reason: 'unknown_user' },
    ]);
    await h.users.setSlackIdentity(T, 'late-1', { userId: late.id, displayName: null });
    const after = await h.waitFor(T, 'trk-late', (b) => b.members[1].status === 'invited');
    expect(after.members[2]).toEqual({ user_id: 'nobody', status: 'skipped', reason: 'unknown_user' });
    expect(channel(after.channel.id).members).toContain(late.id);
  });

  it('DELETE archives the channel', async () => {
    await h.put(T, 'trk-arch', { name: 'Short Lived', member_user_ids: [userIds[40]] });
    const body = await h.waitFor(T, 'trk-arch', (b) => b.status === 'active');
    const del = await h.call('DELETE', `/internal/v1/tenants/${T}/tracks/trk-arch/channel`);
    expect(del.status).toBe(202);
    const after = await h.waitFor(T, 'trk-arch', (b) => b.status === 'archived');
    expect(after.channel).toEqual(body.channel);
    expect(channel(body.channel.id).isArchived).toBe(true);
    // Unknown tracks: 404.
    expect((await h.get(T, 'never')).status).toBe(404);
    expect((await h.call('DELETE', `/internal/v1/tenants/${T}/tracks/never/channel`)).status).toBe(404);
  });

  it('rejects bad input with 400', async () => {
    expect((await h.put(T, 'trk-x', { member_user_ids: [] })).status).toBe(400);
    expect((await h.put(T, 'trk-x', { name: 'x', member_user_ids: ['a b'] })).status).toBe(400);
    expect((await h.put(T, 'trk-x', { name: 'x', member_user_ids: [], topic: 'x'.repeat(251) })).status).toBe(
      400,
    );
  });
});
