import { client, rawCall, slackError, type World, world } from './setup';

let w: World;
beforeAll(async () => {
  w = await world({
    members: 300,
    scopes: [
      'chat:write',
      'users:read',
      'channels:manage',
      'channels:read',
      'groups:write',
      'groups:read',
      'im:write',
    ],
    // Pacing is tested in rate-limits.test.ts; here many messages go to one DM.
    sandbox: { rateLimits: { 'chat.postMessage': { perMinute: 10_000 } } },
  });
});
afterAll(() => w.sb.stop());

const person = (i = 0) =>
  w.ws.members.filter((m) => !m.deleted && !m.isBot && m.id !== 'USLACKBOT' && !m.isUltraRestricted)[i];

describe('chat.postMessage', () => {
  it('posts to a user id through the app DM and answers with the D… channel', async () => {
    const u = person(0);
    const r = await w.client.chat.postMessage({
      channel: u.id,
      text: 'hello',
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'hi *there*' } }],
    });
    expect(r.channel).toMatch(/^D[A-Z0-9]{10}$/);
    expect(r.message).toMatchObject({
      text: 'hello',
      user: w.botUserId,
      bot_id: expect.stringMatching(/^B/),
    });
    const stored = w.sb.messages({ user: u.id });
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ channel: r.channel, text: 'hello', ts: r.ts });
    expect(stored[0].blocks).toHaveLength(1);
    const again = await w.client.chat.postMessage({ channel: u.id, text: 'again' });
    expect(again.channel).toBe(r.channel);
    const open = await w.client.conversations.open({ users: u.id });
    expect(open).toMatchObject({ channel: { id: r.channel }, already_open: true });
  });

  it('answers messages_tab_disabled when the Messages tab is off', async () => {
    w.sb.setMessagesTab(w.ws.id, w.app.clientId, false);
    expect(await slackError(w.client.chat.postMessage({ channel: person(1).id, text: 'x' }))).toMatchObject({
      error: 'messages_tab_disabled',
    });
    w.sb.setMessagesTab(w.ws.id, w.app.clientId, true);
    await expect(w.client.chat.postMessage({ channel: person(1).id, text: 'x' })).resolves.toMatchObject({
      ok: true,
    });
  });

  it('answers channel_not_found, not_in_channel and is_archived', async () => {
    expect(await slackError(w.client.chat.postMessage({ channel: 'C0NOPE00000', text: 'x' }))).toMatchObject({
      error: 'channel_not_found',
    });
    const general = w.sb.channels(w.ws.id).find((c) => c.name === 'general')!;
    expect(await slackError(w.client.chat.postMessage({ channel: general.id, text: 'x' }))).toMatchObject({
      error: 'not_in_channel',
    });
    const c = await w.client.conversations.create({ name: 'to-archive' });
    await w.client.conversations.archive({ channel: c.channel!.id! });
    expect(await slackError(w.client.chat.postMessage({ channel: c.channel!.id!, text: 'x' }))).toMatchObject(
      { error: 'is_archived' },
    );
    expect(await slackError(w.client.conversations.archive({ channel: c.channel!.id! }))).toMatchObject({
      error: 'already_archived',
    });
  });

  it('checks text and Block Kit limits like Slack', async () => {
    const ch = person(2).id;
    expect(await slackError(w.client.chat.postMessage({ channel: ch, text: '' }))).toMatchObject({
      error: 'no_text',
    });
    expect(
      await slackError(w.client.chat.postMessage({ channel: ch, text: 'x'.repeat(40_001) })),
    ).toMatchObject({ error: 'msg_too_long' });
    const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });
    const tooMany = await slackError(
      w.client.chat.postMessage({
        channel: ch,
        text: 't',
        blocks: Array.from({ length: 51 }, () => section('a')),
      }),
    );
    expect(tooMany).toMatchObject({
      error: 'invalid_blocks',
      errors: ['must contain at most 50 items [json-pointer:/blocks]'],
    });
    const long = await slackError(
      w.client.chat.postMessage({
        channel: ch,
        text: 't',
        blocks: [section('a'), section('b'.repeat(3001))],
      }),
    );
    expect(long.errors).toEqual(['must be less than 3001 characters [json-pointer:/blocks/1/text/text]']);
    expect((long.response_metadata as { messages: string[] }).messages[0]).toMatch(/^\[ERROR\] /);
    const header = await slackError(
      w.client.chat.postMessage({
        channel: ch,
        text: 't',
        blocks: [{ type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } }],
      }),
    );
    expect(header.errors).toEqual(['must be less than 151 characters [json-pointer:/blocks/0/text/text]']);
    const empty = await slackError(
      w.client.chat.postMessage({ channel: ch, text: 't', blocks: [section('')] }),
    );
    expect(empty.errors).toEqual(['must be more than 0 characters [json-pointer:/blocks/0/text/text]']);
    await expect(
      w.client.chat.postMessage({
        channel: ch,
        text: 't',
        blocks: Array.from({ length: 50 }, () => section('a'.repeat(3000))),
      }),
    ).resolves.toMatchObject({ ok: true });
  });

  it('posts ephemeral messages to members of the channel only', async () => {
    const c = await w.client.conversations.create({ name: 'ephemeral-room' });
    const id = c.channel!.id!;
    expect(
      await slackError(w.client.chat.postEphemeral({ channel: id, user: person(3).id, text: 'x' })),
    ).toMatchObject({ error: 'user_not_in_channel' });
    await w.client.conversations.invite({ channel: id, users: person(3).id });
    const r = await w.client.chat.postEphemeral({ channel: id, user: person(3).id, text: 'only you' });
    expect(r.message_ts).toMatch(/^\d{10}\.\d{6}$/);
    expect(
      w.sb
        .messages({ user: person(3).id })
        .some((m) => m.ephemeralTo === person(3).id && m.text === 'only you'),
    ).toBe(true);
  });
});

describe('conversations', () => {
  it('enforces channel name rules', async () => {
    const cases: Array<[string, string]> = [
      ['', 'invalid_name_required'],
      ['a'.repeat(81), 'invalid_name_maxlength'],
      ['Data 101', 'invalid_name_specials'],
      ['UPPER', 'invalid_name_specials'],
      ['---', 'invalid_name_punctuation'],
    ];
    for (const [name, error] of cases) {
      const body = await (await rawCall(w.sb, 'conversations.create', { name }, w.token)).json();
      expect({ name, body }).toEqual({ name, body: { ok: false, error } });
    }
    await w.client.conversations.create({ name: 'a'.repeat(80) });
    expect(await slackError(w.client.conversations.create({ name: 'a'.repeat(80) }))).toMatchObject({
      error: 'name_taken',
    });
  });

  it('answers restricted_action when the workspace forbids channel creation', async () => {
    w.sb.setWorkspacePolicy(w.ws.id, { restrictChannelCreation: true });
    expect(await slackError(w.client.conversations.create({ name: 'forbidden' }))).toMatchObject({
      error: 'restricted_action',
    });
    w.sb.setWorkspacePolicy(w.ws.id, { restrictChannelCreation: false });
  });

  it('creates private channels that others cannot see', async () => {
    const c = await w.client.conversations.create({ name: 'secret-track', is_private: true });
    expect(c.channel).toMatchObject({ is_private: true, is_channel: false, id: expect.stringMatching(/^C/) });
    const other = w.sb.createApp({ redirectUris: ['http://localhost/x'] });
    const t = w.sb.installApp(w.ws.id, other.clientId, ['channels:read', 'groups:read']);
    expect(
      await slackError(client(w.sb, t.accessToken).conversations.info({ channel: c.channel!.id! })),
    ).toMatchObject({ error: 'channel_not_found' });
    const listed = await w.client.conversations.list({ types: 'private_channel' });
    expect(listed.channels!.map((x) => x.id)).toContain(c.channel!.id);
  });

  it('invites in batches of at most 100 and reports per-user errors', async () => {
    const c = await w.client.conversations.create({ name: 'big-track' });
    const id = c.channel!.id!;
    const people = w.ws.members
      .filter((m) => !m.deleted && !m.isBot && m.id !== 'USLACKBOT' && !m.isUltraRestricted)
      .map((m) => m.id);
    expect(people.length).toBeGreaterThan(101);
    expect(
      await slackError(w.client.conversations.invite({ channel: id, users: people.slice(0, 101).join(',') })),
    ).toMatchObject({ error: 'too_many_users' });
    await w.client.conversations.invite({ channel: id, users: people.slice(0, 100).join(',') });
    const info = await w.client.conversations.info({ channel: id, include_num_members: true });
    expect(info.channel?.num_members).toBe(101);
    const dup = await slackError(w.client.conversations.invite({ channel: id, users: people[0] }));
    expect(dup).toMatchObject({
      error: 'already_in_channel',
      errors: [{ user: people[0], ok: false, error: 'already_in_channel' }],
    });
    expect(
      await slackError(w.client.conversations.invite({ channel: id, users: 'U0NOTTHERE' })),
    ).toMatchObject({ error: 'user_not_found' });
    expect(
      await slackError(w.client.conversations.invite({ channel: id, users: w.botUserId })),
    ).toMatchObject({ error: 'cant_invite_self' });
    const forced = await w.client.conversations.invite({
      channel: id,
      users: `${people[100]},U0NOTTHERE`,
      force: true,
    });
    expect(forced.ok).toBe(true);
    expect(w.sb.channels(w.ws.id).find((x) => x.id === id)!.members).toContain(people[100]);
  });

  it('kicks, renames, sets topics, and lists with cursors', async () => {
    const c = await w.client.conversations.create({ name: 'old-name' });
    const id = c.channel!.id!;
    await w.client.conversations.invite({ channel: id, users: person(4).id });
    await w.client.conversations.kick({ channel: id, user: person(4).id });
    expect(await slackError(w.client.conversations.kick({ channel: id, user: person(4).id }))).toMatchObject({
      error: 'not_in_channel',
    });
    const renamed = await w.client.conversations.rename({ channel: id, name: 'new-name' });
    expect(renamed.channel).toMatchObject({ name: 'new-name', previous_names: ['old-name'] });
    const topic = await w.client.conversations.setTopic({ channel: id, topic: 'Data 101' });
    expect((topic.channel as { topic: { value: string } }).topic.value).toBe('Data 101');
    const ids: string[] = [];
    for await (const page of w.client.paginate('conversations.list', {
      limit: 2,
      types: 'public_channel,private_channel',
    })) {
      ids.push(...(page as unknown as { channels: Array<{ id: string }> }).channels.map((x) => x.id));
    }
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toContain(id);
  });
});

describe('views', () => {
  const modal = (title = 'Settings') => ({
    type: 'modal' as const,
    title: { type: 'plain_text' as const, text: title },
    submit: { type: 'plain_text' as const, text: 'Save' },
    blocks: [
      {
        type: 'input',
        label: { type: 'plain_text', text: 'Attr' },
        element: { type: 'plain_text_input', action_id: 'a' },
      },
    ],
  });

  it('publishes the home view per user and updates it', async () => {
    const u = person(5).id;
    const r = await w.client.views.publish({
      user_id: u,
      view: { type: 'home', blocks: [{ type: 'divider' }] },
    });
    expect(r.view).toMatchObject({ type: 'home', team_id: w.ws.id, id: expect.stringMatching(/^V/) });
    expect(w.sb.homeView(w.ws.id, u)).toMatchObject({ id: r.view!.id, blocks: [{ type: 'divider' }] });
    await w.client.views.publish({ user_id: u, view: { type: 'home', blocks: [] } });
    expect(w.sb.homeView(w.ws.id, u)).toMatchObject({ id: r.view!.id, blocks: [] });
    const bad = await slackError(w.client.views.publish({ user_id: u, view: { blocks: [] } as never }));
    expect(bad).toMatchObject({
      error: 'invalid_arguments',
      response_metadata: {
        messages: expect.arrayContaining(['[ERROR] missing required field: type [json-pointer:/view]']),
      },
    });
    const big = await slackError(
      w.client.views.publish({
        user_id: u,
        view: { type: 'home', blocks: Array.from({ length: 101 }, () => ({ type: 'divider' })) },
      }),
    );
    expect(big.error).toBe('invalid_arguments');
  });

  it('opens, pushes and updates modals with sandbox-issued trigger ids', async () => {
    const u = person(6).id;
    expect(await slackError(w.client.views.open({ trigger_id: '123.456.abc', view: modal() }))).toMatchObject(
      { error: 'invalid_trigger_id' },
    );
    const trigger = w.sb.issueTriggerId({ teamId: w.ws.id, userId: u });
    const opened = await w.client.views.open({ trigger_id: trigger, view: modal() });
    expect(await slackError(w.client.views.open({ trigger_id: trigger, view: modal() }))).toMatchObject({
      error: 'expired_trigger_id',
    });
    const pushed = await w.client.views.push({
      trigger_id: w.sb.issueTriggerId({ teamId: w.ws.id, userId: u }),
      view: modal('Second'),
    });
    expect(pushed.view).toMatchObject({ previous_view_id: opened.view!.id, root_view_id: opened.view!.id });
    const updated = await w.client.views.update({ view_id: opened.view!.id!, view: modal('Changed') });
    expect(updated.view?.hash).not.toBe(opened.view?.hash);
    expect(
      await slackError(w.client.views.update({ view_id: opened.view!.id!, hash: 'stale', view: modal() })),
    ).toMatchObject({ error: 'hash_conflict' });
    expect(w.sb.modals(w.ws.id, u).map((v) => (v.title as { text: string }).text)).toEqual([
      'Changed',
      'Second',
    ]);
    const longTitle = await slackError(
      w.client.views.open({
        trigger_id: w.sb.issueTriggerId({ teamId: w.ws.id, userId: u }),
        view: modal('x'.repeat(25)),
      }),
    );
    expect(longTitle.error).toBe('invalid_arguments');
  });
});

describe('chat.update, chat.delete and thread replies', () => {
  it('edits the app’s message in place, keeping the earlier versions, with Slack’s errors', async () => {
    const u = person(20);
    const posted = await w.client.chat.postMessage({ channel: u.id, text: 'v1' });
    const channel = posted.channel!;
    const ts = posted.ts!;
    const r = await w.client.chat.update({
      channel,
      ts,
      text: 'v2',
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '*v2*' } }],
    });
    expect(r).toMatchObject({ ok: true, channel, ts, text: 'v2', message: { text: 'v2' } });
    const [stored] = w.sb.messages({ channel }).filter((m) => m.ts === ts);
    expect(stored).toMatchObject({ text: 'v2', edits: [{ text: 'v1', blocks: null }] });
    expect(stored!.blocks).toHaveLength(1);

    const reply = await w.client.chat.postMessage({ channel, thread_ts: ts, text: 'it moved' });
    expect(reply.message).toMatchObject({ thread_ts: ts });
    expect(
      w.sb
        .messages({ channel })
        .filter((m) => m.threadTs === ts)
        .map((m) => m.text),
    ).toEqual(['it moved']);

    expect(await slackError(w.client.chat.update({ channel, ts: '1.000001', text: 'x' }))).toMatchObject({
      error: 'message_not_found',
    });
    expect(await slackError(w.client.chat.update({ channel: 'DNOPE000000', ts, text: 'x' }))).toMatchObject({
      error: 'channel_not_found',
    });
    expect(await slackError(w.client.chat.update({ channel, ts, text: '' }))).toMatchObject({
      error: 'no_text',
    });

    expect(await w.client.chat.delete({ channel, ts })).toMatchObject({ ok: true, channel, ts });
    expect(w.sb.messages({ channel }).some((m) => m.ts === ts && !m.threadTs)).toBe(false);
    expect(await slackError(w.client.chat.update({ channel, ts, text: 'x' }))).toMatchObject({
      error: 'message_not_found',
    });
    expect(await slackError(w.client.chat.delete({ channel, ts }))).toMatchObject({
      error: 'message_not_found',
    });
  });
});
