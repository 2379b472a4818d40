import { client, rawCall, slackError, type World, world } from './setup';

// biome-ignore lint/suspicious/noExplicitAny: loosely typed Slack member JSON
type Member = Record<string, any>;

let w: World;
beforeAll(async () => {
  w = await world({ members: 1000 });
});
afterAll(() => w.sb.stop());

describe('transport and auth', () => {
  it('accepts form bodies with a token param, JSON bodies and GET queries', async () => {
    const form = await rawCall(w.sb, 'auth.test', { token: w.token });
    expect(form.status).toBe(200);
    expect(await form.json()).toMatchObject({ ok: true, team_id: w.ws.id, user_id: w.botUserId });
    expect(form.headers.get('x-oauth-scopes')?.split(',')).toContain('chat:write');

    const json = await fetch(`${w.sb.apiUrl}users.info`, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', authorization: `Bearer ${w.token}` },
      body: JSON.stringify({ user: w.ws.members[1].id }),
    });
    expect(await json.json()).toMatchObject({ ok: true, user: { id: w.ws.members[1].id } });

    const get = await fetch(`${w.sb.apiUrl}auth.test?token=${encodeURIComponent(w.token)}`);
    expect(await get.json()).toMatchObject({ ok: true });
  });

  it('answers not_authed, invalid_auth and unknown_method with HTTP 200', async () => {
    const none = await rawCall(w.sb, 'auth.test', {});
    expect(none.status).toBe(200);
    expect(await none.json()).toEqual({ ok: false, error: 'not_authed' });
    expect(await (await rawCall(w.sb, 'auth.test', {}, 'xoxb-nope')).json()).toEqual({
      ok: false,
      error: 'invalid_auth',
    });
    expect(await (await rawCall(w.sb, 'chat.nope', {}, w.token)).json()).toEqual({
      ok: false,
      error: 'unknown_method',
    });
  });

  it('gives the WebClient response_metadata.scopes from the x-oauth-scopes header', async () => {
    const r = await w.client.auth.test();
    expect(r.response_metadata?.scopes?.sort()).toEqual(
      [...w.sb.state.installByAppId(w.ws.id, w.app.appId)!.scopes].sort(),
    );
  });

  it('answers token_revoked after auth.revoke and after a control revoke', async () => {
    const other = w.sb.createWorkspace({ members: 5 });
    const a = w.sb.installApp(other.id, w.app.clientId, ['chat:write']);
    const c = client(w.sb, a.accessToken);
    expect(await c.auth.revoke()).toMatchObject({ ok: true, revoked: true });
    expect(await slackError(c.auth.test())).toMatchObject({ error: 'token_revoked' });
    // A reinstall issues a new token that works.
    const b = w.sb.installApp(other.id, w.app.clientId, ['chat:write']);
    expect(b.accessToken).not.toBe(a.accessToken);
    w.sb.revokeToken(b.accessToken);
    expect(await (await rawCall(w.sb, 'auth.test', {}, b.accessToken)).json()).toEqual({
      ok: false,
      error: 'token_revoked',
    });
  });

  it('answers account_inactive when the bot user is deactivated', async () => {
    const other = w.sb.createWorkspace({ members: 5 });
    const a = w.sb.installApp(other.id, w.app.clientId, ['chat:write']);
    w.sb.deactivateBot(other.id, w.app.clientId);
    expect(await (await rawCall(w.sb, 'auth.test', {}, a.accessToken)).json()).toEqual({
      ok: false,
      error: 'account_inactive',
    });
    w.sb.deactivateBot(other.id, w.app.clientId, false);
    expect(await (await rawCall(w.sb, 'auth.test', {}, a.accessToken)).json()).toMatchObject({ ok: true });
  });

  it('answers missing_scope with needed and provided', async () => {
    const other = w.sb.createWorkspace({ members: 5 });
    const a = w.sb.installApp(other.id, w.app.clientId, ['chat:write', 'commands']);
    const body = await (await rawCall(w.sb, 'users.list', {}, a.accessToken)).json();
    expect(body).toEqual({
      ok: false,
      error: 'missing_scope',
      needed: 'users:read',
      provided: 'chat:write,commands',
    });
    const open = await (
      await rawCall(w.sb, 'conversations.open', { users: other.members[1].id }, a.accessToken)
    ).json();
    expect(open).toMatchObject({ error: 'missing_scope', needed: 'im:write' });
    const priv = await (
      await rawCall(w.sb, 'conversations.create', { name: 'x', is_private: 'true' }, a.accessToken)
    ).json();
    expect(priv).toMatchObject({ error: 'missing_scope', needed: 'groups:write' });
  });
});

describe('users', () => {
  it('pages users.list to the end, every member once', async () => {
    const seen = new Map<string, number>();
    let pages = 0;
    for await (const page of w.client.paginate('users.list', { limit: 200 })) {
      pages++;
      for (const m of (page as unknown as { members: Array<{ id: string }> }).members)
        seen.set(m.id, (seen.get(m.id) ?? 0) + 1);
    }
    expect(seen.size).toBe(w.ws.members.length);
    expect([...seen.values()].every((n) => n === 1)).toBe(true);
    expect(pages).toBe(Math.ceil(w.ws.members.length / 200));
  });

  it('clamps limit to 1000, ends with next_cursor "" and refuses a bad cursor', async () => {
    const r = await w.client.users.list({ limit: 5000 });
    expect(r.members).toHaveLength(1000);
    expect(r.response_metadata?.next_cursor).not.toBe('');
    const last = await w.client.users.list({ limit: 1000, cursor: r.response_metadata!.next_cursor });
    expect(last.members!.length).toBe(w.ws.members.length - 1000);
    expect(last.response_metadata?.next_cursor).toBe('');
    expect(await slackError(w.client.users.list({ cursor: 'bm9wZQ==' }))).toMatchObject({
      error: 'invalid_cursor',
    });
  });

  it('has bots, deactivated members, guests, Slackbot and people without email', async () => {
    const r = await w.client.users.list({ limit: 1000 });
    const members = r.members as Array<Member>;
    expect(members[0]).toMatchObject({ id: 'USLACKBOT', is_bot: false });
    expect(members[0].profile.email).toBeUndefined();
    expect(
      members.some((m) => m.is_bot && m.profile.bot_id?.startsWith('B') && m.profile.email === undefined),
    ).toBe(true);
    expect(members.some((m) => m.deleted && Object.keys(m).length === 8)).toBe(true);
    expect(members.some((m) => m.is_restricted && !m.is_ultra_restricted)).toBe(true);
    expect(members.some((m) => m.is_ultra_restricted)).toBe(true);
    expect(members.some((m) => m.is_invited_user)).toBe(true);
    expect(members.some((m) => !m.is_bot && m.id !== 'USLACKBOT' && !m.deleted && !m.profile.email)).toBe(
      true,
    );
    expect(members.every((m) => m.profile.fields === null)).toBe(true);
  });

  it('shows custom fields only through users.profile.get', async () => {
    const withFields = w.ws.members.find((m) => Object.keys(m.fields).length > 0)!;
    const info = await w.client.users.info({ user: withFields.id });
    expect((info.user!.profile as { fields?: unknown }).fields).toBeNull();
    const profile = await w.client.users.profile.get({ user: withFields.id });
    const fields = (profile.profile as { fields?: Record<string, { value: string; alt: string }> }).fields!;
    expect(Object.keys(fields).length).toBeGreaterThan(0);
    expect(Object.keys(fields).every((k) => /^Xf[A-Z0-9]{9}$/.test(k))).toBe(true);
    expect(fields).toEqual(withFields.fields);
  });

  it('looks members up by email (case-insensitive) and answers users_not_found / user_not_found', async () => {
    const person = w.ws.members.find((m) => m.email && !m.deleted && !m.isBot)!;
    const r = await w.client.users.lookupByEmail({ email: person.email!.toUpperCase() });
    expect(r.user?.id).toBe(person.id);
    expect(await slackError(w.client.users.lookupByEmail({ email: 'nobody@example.com' }))).toMatchObject({
      error: 'users_not_found',
    });
    expect(await slackError(w.client.users.info({ user: 'U0NOTTHERE' }))).toMatchObject({
      error: 'user_not_found',
    });
  });

  it("shows a member's locale only with include_locale=true, as Slack does (issue 22)", async () => {
    const other = w.sb.createWorkspace({ members: 12, languages: true });
    const a = w.sb.installApp(other.id, w.app.clientId, ['users:read', 'users:read.email']);
    const c = client(w.sb, a.accessToken);
    const plain = (await c.users.list({})).members as Member[];
    expect(plain.some((m) => 'locale' in m)).toBe(false);
    const withLocale = ((await c.users.list({ include_locale: true })).members as Member[]).filter(
      (m) => !m.deleted,
    );
    expect(withLocale.every((m) => typeof m.locale === 'string')).toBe(true);
    const locales = new Set(withLocale.map((m) => m.locale));
    for (const l of ['en-US', 'de-DE', 'fr-FR', 'es-ES', 'ja-JP']) expect(locales).toContain(l);
    // The installer (primary owner) and the banner's member stay en-US.
    expect(withLocale.find((m) => m.id === other.members[1].id)?.locale).toBe('en-US');
    const german = other.members.find((m) => m.locale === 'de-DE' && !m.deleted)!;
    expect((await c.users.info({ user: german.id })).user).not.toHaveProperty('locale');
    expect((await c.users.info({ user: german.id, include_locale: true })).user).toMatchObject({
      locale: 'de-DE',
      tz: 'Europe/Berlin',
    });
  });

  it("gives tz_offset for the sandbox's clock, so a moved clock shows daylight saving as Slack does (issue 21)", async () => {
    let clock = Date.UTC(2026, 0, 15, 12); // winter: Berlin is UTC+1
    const moved = await world({ members: 12, sandbox: { now: () => clock } });
    try {
      moved.sb.updateMember(moved.ws.id, moved.ws.members[3].id, { tz: 'Europe/Berlin', tzLabel: 'CET' });
      const info = async () => (await moved.client.users.info({ user: moved.ws.members[3].id })).user;
      expect(await info()).toMatchObject({ tz: 'Europe/Berlin', tz_offset: 3600 });
      clock = Date.UTC(2026, 6, 15, 12); // summer: UTC+2
      expect(await info()).toMatchObject({ tz: 'Europe/Berlin', tz_offset: 7200 });
      const listed = (await moved.client.users.list({})).members as Member[];
      expect(listed.find((m) => m.id === moved.ws.members[3].id)).toMatchObject({ tz_offset: 7200 });
    } finally {
      await moved.sb.stop();
    }
  });

  it('hides emails from a token without users:read.email', async () => {
    const other = w.sb.createWorkspace({ members: 20 });
    const a = w.sb.installApp(other.id, w.app.clientId, ['users:read']);
    const body = (await (await rawCall(w.sb, 'users.list', {}, a.accessToken)).json()) as {
      members: Array<{ profile: Record<string, unknown> }>;
    };
    expect(body.members.some((m) => 'email' in m.profile)).toBe(false);
    const full = (await w.client.users.list({})).members as Array<{ profile: Record<string, unknown> }>;
    expect(full.some((m) => 'email' in m.profile)).toBe(true);
  });

  it('reflects member edits made through the control API', async () => {
    const m = w.ws.members[5];
    w.sb.updateMember(w.ws.id, m.id, { email: 'changed@example.com', realName: 'Changed Name' });
    const r = await w.client.users.lookupByEmail({ email: 'changed@example.com' });
    expect(r.user).toMatchObject({ id: m.id, real_name: 'Changed Name' });
  });
});
