import { type Sandbox, type SandboxApp, startSandbox } from '../../../src/sandbox';
import { client, slackError } from './setup';

const REDIRECT = 'http://localhost:3000/slack/oauth_redirect';
let sb: Sandbox;
let app: SandboxApp;
let clock = Date.now();

beforeAll(async () => {
  sb = await startSandbox({ now: () => clock });
  app = sb.createApp({ redirectUris: [REDIRECT] });
});
afterAll(() => sb.stop());

function authorizeUrl(params: Record<string, string>): string {
  const u = new URL(sb.authorizeUrl);
  for (const [k, v] of Object.entries({
    client_id: app.clientId,
    scope: 'chat:write,users:read',
    redirect_uri: REDIRECT,
    state: 's-123',
    ...params,
  })) {
    u.searchParams.set(k, v);
  }
  return u.toString();
}

async function browse(url: string): Promise<{ status: number; location: URL | null; html: string }> {
  const r = await fetch(url, { redirect: 'manual' });
  const loc = r.headers.get('location');
  return { status: r.status, location: loc ? new URL(loc) : null, html: await r.text() };
}

async function exchange(
  body: Record<string, string>,
  basic?: [string, string],
): Promise<Record<string, unknown>> {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (basic) headers.authorization = `Basic ${Buffer.from(basic.join(':')).toString('base64')}`;
  const r = await fetch(`${sb.apiUrl}oauth.v2.access`, {
    method: 'POST',
    headers,
    body: new URLSearchParams(body).toString(),
  });
  return (await r.json()) as Record<string, unknown>;
}

describe('authorize page', () => {
  it('redirects back with code and state, and the code buys a bot token once', async () => {
    const ws = sb.createWorkspace({ name: 'Acme', members: 10 });
    const r = await browse(authorizeUrl({ team: ws.id }));
    expect(r.status).toBe(302);
    expect(`${r.location!.origin}${r.location!.pathname}`).toBe(REDIRECT);
    expect(r.location!.searchParams.get('state')).toBe('s-123');
    const code = r.location!.searchParams.get('code')!;
    const answer = await exchange({ code, redirect_uri: REDIRECT }, [app.clientId, app.clientSecret]);
    expect(answer).toEqual({
      ok: true,
      app_id: app.appId,
      authed_user: { id: ws.members[1].id },
      scope: 'chat:write,users:read',
      token_type: 'bot',
      access_token: expect.stringMatching(/^xoxb-/),
      bot_user_id: expect.stringMatching(/^U/),
      team: { id: ws.id, name: 'Acme' },
      enterprise: null,
      is_enterprise_install: false,
    });
    const who = await client(sb, answer.access_token as string).auth.test();
    expect(who).toMatchObject({ team_id: ws.id, user_id: answer.bot_user_id });
    expect(await exchange({ code, client_id: app.clientId, client_secret: app.clientSecret })).toEqual({
      ok: false,
      error: 'invalid_code',
    });
  });

  it('checks client_id, redirect_uri and scopes', async () => {
    const bad = await browse(authorizeUrl({ client_id: '999.999' }));
    expect(bad.status).toBe(400);
    expect(bad.html).toContain('data-error="invalid_client_id"');
    const redirect = await browse(authorizeUrl({ redirect_uri: 'https://evil.example.com/cb' }));
    expect(redirect.html).toContain('data-error="bad_redirect_uri"');
    expect(redirect.location).toBeNull();
    const scope = await browse(authorizeUrl({ scope: 'chat:write,chat:fly' }));
    expect(scope.html).toContain('data-error="invalid_scope"');
  });

  it('refuses a wrong secret, an expired code and a wrong redirect_uri', async () => {
    const ws = sb.createWorkspace({ members: 3 });
    const code = () =>
      browse(authorizeUrl({ team: ws.id })).then((r) => r.location!.searchParams.get('code')!);
    expect(await exchange({ code: await code(), client_id: app.clientId, client_secret: 'wrong' })).toEqual({
      ok: false,
      error: 'bad_client_secret',
    });
    const c = await code();
    clock += 10 * 60_000 + 1;
    expect(await exchange({ code: c, client_id: app.clientId, client_secret: app.clientSecret })).toEqual({
      ok: false,
      error: 'invalid_code',
    });
    expect(
      await exchange({
        code: await code(),
        client_id: app.clientId,
        client_secret: app.clientSecret,
        redirect_uri: 'http://localhost:3000/other',
      }),
    ).toEqual({
      ok: false,
      error: 'bad_redirect_uri',
    });
  });

  it('files an approval request and does not redirect until an admin approves', async () => {
    const ws = sb.createWorkspace({ members: 3, approvalRequired: true });
    const first = await browse(authorizeUrl({ team: ws.id }));
    expect(first.status).toBe(200);
    expect(first.location).toBeNull();
    expect(first.html).toContain('sent to your admins');
    expect(sb.approvalRequests(ws.id)).toHaveLength(1);
    sb.approveApp(ws.id, app.clientId);
    const second = await browse(authorizeUrl({ team: ws.id }));
    expect(second.status).toBe(302);
    expect(second.location!.searchParams.get('code')).toBeTruthy();
  });

  it('redirects with error=access_denied when the installer cancels', async () => {
    const ws = sb.createWorkspace({ members: 3, denyInstall: true });
    const r = await browse(authorizeUrl({ team: ws.id, state: 'st-9' }));
    expect(r.status).toBe(302);
    expect(Object.fromEntries(r.location!.searchParams)).toEqual({ error: 'access_denied', state: 'st-9' });
  });

  it('grants fewer scopes when the workspace withholds some (an old install)', async () => {
    const ws = sb.createWorkspace({ members: 3, withholdScopes: ['users:read'] });
    const r = await browse(authorizeUrl({ team: ws.id }));
    const answer = await exchange({
      code: r.location!.searchParams.get('code')!,
      client_id: app.clientId,
      client_secret: app.clientSecret,
    });
    expect(answer.scope).toBe('chat:write');
    const err = await slackError(client(sb, answer.access_token as string).users.list({}));
    expect(err).toMatchObject({ error: 'missing_scope', needed: 'users:read', provided: 'chat:write' });
  });

  it('installs into the default workspace without a team parameter', async () => {
    const r = await browse(authorizeUrl({}));
    const answer = await exchange({
      code: r.location!.searchParams.get('code')!,
      client_id: app.clientId,
      client_secret: app.clientSecret,
    });
    expect((answer.team as { id: string }).id).toBe(sb.state.defaultTeamId);
  });
});

describe('token rotation', () => {
  it('issues expiring xoxe tokens and refreshes them', async () => {
    const rot = sb.createApp({ redirectUris: [REDIRECT], tokenRotation: true, tokenExpiresIn: 600 });
    const ws = sb.createWorkspace({ members: 3 });
    const r = await browse(authorizeUrl({ client_id: rot.clientId, team: ws.id }));
    const first = await exchange({
      code: r.location!.searchParams.get('code')!,
      client_id: rot.clientId,
      client_secret: rot.clientSecret,
    });
    expect(first).toMatchObject({
      access_token: expect.stringMatching(/^xoxe\.xoxb-/),
      refresh_token: expect.stringMatching(/^xoxe-1-/),
      expires_in: 600,
    });
    const c = client(sb, first.access_token as string);
    expect((await c.auth.test()).expires_in).toBeLessThanOrEqual(600);
    clock += 601_000;
    expect(await slackError(c.auth.test())).toMatchObject({ error: 'token_expired' });
    const refreshed = await exchange({
      grant_type: 'refresh_token',
      refresh_token: first.refresh_token as string,
      client_id: rot.clientId,
      client_secret: rot.clientSecret,
    });
    expect(refreshed).toMatchObject({ ok: true, token_type: 'bot', expires_in: 600, team: { id: ws.id } });
    expect(refreshed.access_token).not.toBe(first.access_token);
    await expect(client(sb, refreshed.access_token as string).auth.test()).resolves.toMatchObject({
      ok: true,
    });
    expect(
      await exchange({
        grant_type: 'refresh_token',
        refresh_token: 'xoxe-1-bogus',
        client_id: rot.clientId,
        client_secret: rot.clientSecret,
      }),
    ).toEqual({
      ok: false,
      error: 'invalid_refresh_token',
    });
    expect(
      await exchange({
        grant_type: 'refresh_token',
        refresh_token: 'x',
        client_id: app.clientId,
        client_secret: app.clientSecret,
      }),
    ).toEqual({
      ok: false,
      error: 'invalid_grant_type',
    });
  });
});
