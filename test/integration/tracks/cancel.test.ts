import { type Harness, type Person, startHarness } from './harness';

/**
 * A cancelled track (issue 20 item 6): signed POST …/channel/cancel on the real internal server,
 * the worker on a real schema, the sandbox as Slack. The channel gets one final message (the
 * reason escaped) and is archived, or kept when asked; repeats change nothing; Slack's refusals
 * and outages end as they do for the other channel work (docs/tracks.md).
 */
let h: Harness;
let teamId: string;
let people: Person[];
let userIds: string[];
const T = 'acme';
const path = (track: string) => `/internal/v1/tenants/${T}/tracks/${track}/channel/cancel`;
const cancel = (track: string, body: unknown = {}) => h.call('POST', path(track), body);

beforeAll(async () => {
  h = await startHarness();
  ({ teamId, people } = await h.connectTenant(T, { members: 30, seed: 21 }));
  userIds = await h.addUsers(T, people.slice(0, 6));
});
afterAll(async () => {
  await h.stop();
});

const channel = (id: string) => h.sb.channels(teamId).find((c) => c.id === id)!;
/** What a member reads in the channel: the message's text and its blocks, as the sandbox keeps them. */
const shown = (channelId: string) =>
  h.sb.messages({ channel: channelId }).map((m) => `${m.text}\n${JSON.stringify(m.blocks ?? [])}`);

async function activeTrack(track: string, name: string): Promise<{ id: string; name: string }> {
  expect((await h.put(T, track, { name, member_user_ids: userIds.slice(0, 3) })).status).toBe(202);
  return (await h.waitFor(T, track, (b) => b.status === 'active')).channel;
}

describe('cancelling a track', () => {
  it('posts a final message with the reason (escaped), archives the channel; a repeat changes nothing', async () => {
    const ch = await activeTrack('trk-c1', 'Data Science 101');
    const since = Date.now();
    const res = await cancel('trk-c1', { reason: 'Not enough <!channel> sign-ups & *no* room' });
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ track_id: 'trk-c1', status: 'pending' });
    const body = await h.waitFor(T, 'trk-c1', (b) => b.status === 'cancelled');
    expect(body.channel).toEqual(ch);
    expect(body.cancellation).toMatchObject({
      reason: 'Not enough <!channel> sign-ups & *no* room',
      keep_channel: false,
      final_message_posted: true,
      channel_archived: true,
    });
    expect(Date.parse(body.cancellation.cancelled_at)).toBeGreaterThan(since - 60_000);
    expect(channel(ch.id).isArchived).toBe(true);
    const messages = shown(ch.id);
    expect(messages).toHaveLength(2); // the welcome, then the final message
    expect(messages[1]).toContain('has been cancelled');
    expect(messages[1]).toContain('Data Science 101');
    expect(messages[1]).toContain('&lt;!channel&gt;');
    expect(messages[1]).not.toContain('<!channel>');

    // The same cancel again (and one with another reason): 202, nothing posted or archived again.
    expect((await cancel('trk-c1', { reason: 'Not enough <!channel> sign-ups & *no* room' })).status).toBe(
      202,
    );
    expect((await cancel('trk-c1', { reason: 'another' })).body).toMatchObject({ status: 'cancelled' });
    await new Promise((r) => setTimeout(r, 300));
    expect((await h.get(T, 'trk-c1')).body).toMatchObject({ status: 'cancelled' });
    expect((await h.get(T, 'trk-c1')).body.cancellation.reason).toBe(
      'Not enough <!channel> sign-ups & *no* room',
    );
    expect(shown(ch.id)).toHaveLength(2);
    expect(h.sb.calls({ method: 'conversations.archive', teamId, since })).toHaveLength(1);
  });

  it('keep_channel: final message, channel kept; a later cancel without it archives; a PUT brings the track back', async () => {
    const ch = await activeTrack('trk-c2', 'Rust Basics');
    expect((await cancel('trk-c2', { keep_channel: true })).status).toBe(202);
    const kept = await h.waitFor(T, 'trk-c2', (b) => b.status === 'cancelled');
    expect(kept.cancellation).toMatchObject({
      reason: null,
      keep_channel: true,
      final_message_posted: true,
      channel_archived: false,
    });
    expect(channel(ch.id).isArchived).toBe(false);
    const messages = shown(ch.id);
    expect(messages).toHaveLength(2);
    expect(messages[1]).toContain('has been cancelled');
    expect(messages[1]).not.toContain('Reason');

    await cancel('trk-c2', { keep_channel: true });
    await new Promise((r) => setTimeout(r, 200));
    expect(channel(ch.id).isArchived).toBe(false);

    expect((await cancel('trk-c2')).status).toBe(202);
    const archived = await h.waitFor(
      T,
      'trk-c2',
      (b) => b.status === 'cancelled' && b.cancellation.channel_archived,
    );
    expect(archived.cancellation.keep_channel).toBe(false);
    expect(channel(ch.id).isArchived).toBe(true);
    expect(shown(ch.id)).toHaveLength(2);

    // The track is on again: a new channel (the archived one is not reopened), no cancellation.
    await h.put(T, 'trk-c2', { name: 'Rust Basics', member_user_ids: userIds.slice(0, 2) });
    const back = await h.waitFor(T, 'trk-c2', (b) => b.status === 'active');
    expect(back.cancellation).toBeUndefined();
    expect(back.channel.id).not.toBe(ch.id);
  });

  it('a kept channel stays when the track comes back, and a second cancel posts a new final message', async () => {
    const ch = await activeTrack('trk-c3', 'Kept Track');
    await cancel('trk-c3', { keep_channel: true, reason: 'first' });
    await h.waitFor(T, 'trk-c3', (b) => b.status === 'cancelled');
    await h.put(T, 'trk-c3', { name: 'Kept Track', member_user_ids: userIds.slice(0, 3) });
    expect((await h.waitFor(T, 'trk-c3', (b) => b.status === 'active')).channel).toEqual(ch);
    await cancel('trk-c3', { reason: 'second' });
    await h.waitFor(T, 'trk-c3', (b) => b.status === 'cancelled' && b.cancellation.channel_archived);
    const messages = shown(ch.id);
    expect(messages).toHaveLength(3);
    expect(messages[1]).toContain('first');
    expect(messages[2]).toContain('second');
  });

  it('a track cancelled before its channel exists: nothing is made or posted', async () => {
    // A tenant with no Slack connection: the PUT ends failed/not_connected, no channel made.
    const since = Date.now();
    const res = await h.call('PUT', `/internal/v1/tenants/nochan/tracks/trk-n/channel`, {
      name: 'Never Made',
      member_user_ids: [],
    });
    expect(res.status).toBe(202);
    const c = await h.call('POST', '/internal/v1/tenants/nochan/tracks/trk-n/channel/cancel', {});
    expect(c.status).toBe(202);
    const body = await h.waitFor('nochan', 'trk-n', (b) => b.status === 'cancelled');
    expect(body.channel).toBeNull();
    expect(body.cancellation).toMatchObject({ final_message_posted: false, channel_archived: false });
    expect(h.sb.calls({ method: 'chat.postMessage', since }).filter((x) => x.ok)).toHaveLength(0);
  });

  it('unknown track 404; bad input 400 and nothing changed', async () => {
    expect((await cancel('never')).status).toBe(404);
    await activeTrack('trk-c4', 'Bad Input');
    for (const bad of [
      { keep_channel: 'yes' },
      { reason: 5 },
      { reason: 'x'.repeat(501) },
      { extra: 1 },
      [],
    ]) {
      const res = await cancel('trk-c4', bad);
      expect(res.status).toBe(400);
    }
    expect((await h.get(T, 'trk-c4')).body).toMatchObject({ status: 'active' });
    expect((await h.get(T, 'trk-c4')).body.cancellation).toBeUndefined();
  });

  it('Slack errors: a 500 on the final message is retried (posted once); a refused archive fails, and a repeat finishes', async () => {
    const ch = await activeTrack('trk-c5', 'Flaky Slack');
    const since = Date.now();
    h.sb.injectFault({ method: 'chat.postMessage', teamId, fault: { status: 500 } });
    h.sb.injectFault({ method: 'conversations.archive', teamId, fault: { error: 'restricted_action' } });
    await cancel('trk-c5', { reason: 'moved to next quarter' });
    const failed = await h.waitFor(T, 'trk-c5', (b) => b.status === 'failed');
    expect(failed.error).toBe('restricted_action');
    expect(failed.cancellation).toMatchObject({ final_message_posted: true, channel_archived: false });
    expect(channel(ch.id).isArchived).toBe(false);
    const posts = h.sb.calls({ method: 'chat.postMessage', teamId, since });
    expect(posts.map((p) => p.status)).toEqual([500, 200]);

    // The same cancel again retries what is left: the archive, not the message.
    expect((await cancel('trk-c5', { reason: 'moved to next quarter' })).status).toBe(202);
    const done = await h.waitFor(T, 'trk-c5', (b) => b.status === 'cancelled');
    expect(done.cancellation.channel_archived).toBe(true);
    expect(channel(ch.id).isArchived).toBe(true);
    const messages = shown(ch.id);
    expect(messages).toHaveLength(2);
    expect(messages[1]).toContain('moved to next quarter');
  });

  it('a channel archived in Slack meanwhile: no final message, cancelled and archived', async () => {
    const ch = await activeTrack('trk-c6', 'Archived By Hand');
    h.sb.injectFault({ method: 'chat.postMessage', teamId, fault: { error: 'is_archived' } });
    await cancel('trk-c6');
    const body = await h.waitFor(T, 'trk-c6', (b) => b.status === 'cancelled');
    expect(body.cancellation).toMatchObject({ final_message_posted: false, channel_archived: true });
    expect(shown(ch.id)).toHaveLength(1);
  });

  it('is in the OpenAPI document the API serves', async () => {
    const doc = (await h.call('GET', '/internal/v1/openapi.json')).body;
    const op = Object.entries(doc.paths as Record<string, Record<string, { responses: object }>>).find(
      ([p]) => /tracks\/\{track_id\}\/channel\/cancel$/.test(p),
    )?.[1];
    expect(op?.post).toBeDefined();
    expect(Object.keys(op!.post!.responses)).toEqual(expect.arrayContaining(['202', '404']));
    expect(JSON.stringify(doc.components)).toContain('"cancelled"');
  });
});
