import { setTimeout as delay } from 'node:timers/promises';
import { DirectorySyncService } from '../../../src/app/directory-sync/directory-sync';
import type { SlackMember } from '../../../src/domain/matching/slack-members';
import { createDataSource } from '../../../src/persistence/data-source';
import { PostgresDirectorySyncStore } from '../../../src/persistence/repositories/directory-sync-store';
import { PostgresSlackDirectory } from '../../../src/persistence/repositories/postgres-slack-directory';
import { REQUIRED_BOT_SCOPES } from '../../../src/slack/scopes';
import type { WebClientFactory } from '../../../src/slack/web-client';
import { withClient } from '../../support/database';
import { installForTenant } from '../../support/install';
import { type DirectoryEnv, recordingClients, sandboxMemberIds, startDirectoryEnv } from './env';

let env: DirectoryEnv;
beforeAll(async () => {
  env = await startDirectoryEnv('directory');
});
afterAll(async () => {
  await env?.stop();
});

const rows = (teamId: string) =>
  withClient(env.db.url, (c) =>
    c
      .query('SELECT user_id FROM slack_members WHERE team_id = $1 ORDER BY user_id', [teamId])
      .then((r) => r.rows.map((x: { user_id: string }) => x.user_id)),
  );

describe('directory sync', () => {
  it('syncs a 1,000-member workspace completely, every member once, users.list paced', async () => {
    const { teamId, token } = await env.connectTenant('full', 1000);
    const ids = sandboxMemberIds(env.sb, teamId); // 1,000 generated + the app's bot user
    const stale: SlackMember = { id: 'U0GONE00001', name: 'gone', profile: { email: 'gone@example.com' } };
    await env.directory.upsertMember(teamId, stale);
    const since = Date.now();
    const result = await env.service({ listIntervalMs: 100 }).syncTeam('full');

    expect(result).toMatchObject({ outcome: 'done', fieldsFetched: 0 });
    expect(result.progress).toMatchObject({
      teamId,
      status: 'done',
      members: ids.length,
      pages: Math.ceil(ids.length / 200),
      cursor: null,
      error: null,
    });
    const cached = await env.directory.members(teamId);
    expect(cached.map((m) => m.id)).toEqual([...ids, stale.id].sort());
    expect(await rows(teamId)).toHaveLength(ids.length + 1);
    expect(await env.directory.isWarm(teamId)).toBe(true);
    // Gone from users.list: kept, but marked deleted so matching leaves it out.
    expect((await env.directory.member(teamId, stale.id))?.deleted).toBe(true);
    const someone = env.sb.memberJson(teamId, ids[5]!) as SlackMember;
    const mine = (await env.directory.member(teamId, ids[5]!))!;
    expect(mine.profile?.email).toBe(someone.profile?.email);
    expect(
      await env.directory.membersByEmail(teamId, ` ${String(someone.profile?.email).toUpperCase()} `),
    ).toEqual([mine]);

    const calls = env.sb.calls({ method: 'users.list', teamId, since });
    expect(calls).toHaveLength(Math.ceil(ids.length / 200));
    expect(calls.every((c) => c.ok)).toBe(true);
    for (let i = 1; i < calls.length; i++)
      expect(calls[i]!.at - calls[i - 1]!.at).toBeGreaterThanOrEqual(100);
    expect(env.logText()).not.toContain(token);
  });

  it('waits exactly Retry-After on a 429 and goes on', async () => {
    const { teamId } = await env.connectTenant('limited', 450);
    const slept: number[] = [];
    // 1 call a minute (refilled 100x faster by timeScale 0.01: ~600 ms), no burst: every call
    // after the first is refused once, with Retry-After: 1.
    env.sb.setRateLimits({ 'users.list': { perMinute: 1, burst: 1 } });
    try {
      const since = Date.now();
      const sleep = (ms: number) => {
        slept.push(ms);
        return delay(ms);
      };
      const result = await env.service({ sleep }).syncTeam('limited');
      expect(result).toMatchObject({ outcome: 'done', progress: { members: 451, pages: 3 } });
      const calls = env.sb.calls({ method: 'users.list', teamId, since });
      const limited = calls.filter((c) => c.status === 429);
      expect(limited.length).toBeGreaterThan(0);
      expect(calls.filter((c) => c.ok)).toHaveLength(3);
      for (const c of limited) {
        const next = calls.find((n) => n.seq > c.seq)!;
        expect(next.at - c.at).toBeGreaterThanOrEqual(1000);
      }
      // The waits are Retry-After (1 s) to the millisecond, nothing more.
      expect(slept).toEqual(limited.map(() => 1000));
    } finally {
      env.sb.setRateLimits({ 'users.list': { perMinute: 20 } });
    }
  });

  it('resumes from the last committed cursor after the process dies mid-sync', async () => {
    const { teamId } = await env.connectTenant('crash', 1000);
    const ids = sandboxMemberIds(env.sb, teamId);
    // "Process A": its own pool, killed after its third page is committed, by terminating the
    // connection that holds the sync's lock (what a crash does to it).
    const dsA = createDataSource({ url: env.db.url });
    await dsA.initialize();
    const serviceA = new DirectorySyncService({
      store: new PostgresDirectorySyncStore(dsA, new PostgresSlackDirectory(dsA)),
      connect: env.connect.connections,
      tenants: env.tenants,
      webClient: env.webClient,
      logger: env.logger,
      listIntervalMs: 0,
      afterPage: async (p) => {
        if (p.pages !== 3) return;
        await env.dataSource.query(
          `SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND objsubid = 2
              AND objid = hashtext(current_schema() || ':' || $1)::oid`,
          [teamId],
        );
      },
    });
    await serviceA.syncTeam('crash').catch((error) => error);
    await dsA.destroy().catch(() => undefined);

    const saved = await env.directory.syncState(teamId);
    expect(saved).toMatchObject({ status: 'running', pages: 3, members: 600 });
    expect(saved?.cursor).toEqual(expect.any(String));
    expect(await env.directory.isWarm(teamId)).toBe(false);
    // Nobody holds the lock: status() says the sync was interrupted.
    expect(await env.service().status(teamId)).toMatchObject({ status: 'failed', error: 'interrupted' });

    const seen: Array<{ cursor?: string }> = [];
    const serviceB = env.service({ webClient: recordingClients(env.webClient, seen) });
    const result = await serviceB.syncTeam('crash');
    expect(result).toMatchObject({ outcome: 'done', progress: { members: ids.length, pages: 6 } });
    expect(seen[0]?.cursor).toBe(saved?.cursor);
    expect(seen).toHaveLength(3);
    expect(await rows(teamId)).toEqual([...ids].sort());
    const state = await env.directory.syncState(teamId);
    expect(state?.syncId).toBe(saved?.syncId);
  });

  it('retries a dropped connection and completes', async () => {
    const { teamId } = await env.connectTenant('dropped', 300);
    env.sb.injectFault({ method: 'users.list', teamId, fault: { drop: true } });
    const result = await env.service({ backoffMs: () => 10 }).syncTeam('dropped');
    expect(result).toMatchObject({ outcome: 'done', progress: { members: 301, pages: 2 } });
  });

  it('runs one sync per workspace at a time', async () => {
    const { teamId } = await env.connectTenant('locked', 600);
    let pageDone!: () => void;
    const firstPage = new Promise<void>((resolve) => {
      pageDone = resolve;
    });
    const first = env.service({ listIntervalMs: 200, afterPage: () => pageDone() }).syncTeam('locked');
    await firstPage;
    const second = await env.service().syncTeam('locked');
    expect(second).toMatchObject({ outcome: 'already_running', progress: { status: 'running', teamId } });
    expect(await env.service().fetchCustomFields('locked')).toEqual({ outcome: 'already_running' });
    expect(await first).toMatchObject({ outcome: 'done' });
    expect(await env.service().status(teamId)).toMatchObject({ status: 'done', members: 601 });
  });

  it('stops with status failed and marks the installation revoked when the token is revoked mid-sync', async () => {
    const { teamId, token } = await env.connectTenant('revoked', 1000);
    const result = await env
      .service({ afterPage: (p) => (p.pages === 2 ? env.sb.revokeToken(token) : undefined) })
      .syncTeam('revoked');
    expect(result).toMatchObject({
      outcome: 'failed',
      error: 'token_revoked',
      progress: { status: 'failed', pages: 2, members: 400, error: 'token_revoked' },
    });
    const installation = await env.installations.findByTenant('revoked');
    expect(installation).toMatchObject({ revokedReason: 'token_revoked', botToken: null });
    // The revocation deleted the member-list copy and the sync state, and the failing sync did not
    // write them back (docs/admin-guide.md §10).
    expect(await rows(teamId)).toEqual([]);
    expect(await env.directory.syncState(teamId)).toBeNull();
    expect(await env.service().status(teamId)).toMatchObject({ status: 'idle', members: 0 });
    // Not connected any more: nothing to sync.
    expect(await env.service().syncTeam('revoked')).toEqual({ outcome: 'not_connected', progress: null });
  });

  it('fetches custom fields only when the Slack expression reads them, and shows them in members()', async () => {
    const { teamId } = await env.connectTenant('fields', 80);
    const since = Date.now();
    expect(await env.service().syncTeam('fields')).toMatchObject({ outcome: 'done', fieldsFetched: 0 });
    expect(env.sb.calls({ method: 'users.profile.get', teamId, since })).toHaveLength(0);
    expect((await env.directory.members(teamId)).every((m) => m.profile?.fields == null)).toBe(true);

    const withField = sandboxMemberIds(env.sb, teamId)
      .map((id) => env.sb.memberJson(teamId, id) as SlackMember)
      .find((m) => m.profile?.fields && Object.keys(m.profile.fields).length > 0)!;
    const fieldId = Object.keys(withField.profile!.fields!)[0]!;
    await env.tenants.updateSettings('fields', { slackUserAttribute: `profile.fields.${fieldId}.value` });
    const matchable = await env.directory.membersNeedingFields(teamId);
    const second = await env.service().syncTeam('fields');
    expect(second).toMatchObject({ outcome: 'done', fieldsFetched: matchable.length });
    expect(env.sb.calls({ method: 'users.profile.get', teamId, since })).toHaveLength(matchable.length);
    expect((await env.directory.member(teamId, withField.id))?.profile?.fields).toEqual(
      withField.profile!.fields,
    );
    const all = await env.directory.members(teamId);
    expect(all.find((m) => m.id === withField.id)?.profile?.fields).toEqual(withField.profile!.fields);

    // A resync refetches only members that changed since.
    const changed = matchable[0]!;
    env.sb.updateMember(teamId, changed, { title: 'Changed' });
    const third = await env.service().syncTeam('fields');
    expect(third).toMatchObject({ outcome: 'done', fieldsFetched: 1 });
    // And on demand, for given members.
    expect(await env.service().fetchCustomFields('fields', [withField.id])).toEqual({
      outcome: 'done',
      fetched: 1,
    });
  });

  it('writes nothing back when the workspace is uninstalled between a users.list answer and its commit', async () => {
    const { teamId } = await env.connectTenant('gone-mid-sync', 1000);
    const result = await env
      .service({
        webClient: afterListCall(env.webClient, 3, () => env.connect.revocation.onAppUninstalled(teamId)),
      })
      .syncTeam('gone-mid-sync');
    expect(result).toMatchObject({
      outcome: 'failed',
      error: 'not_connected',
      progress: { pages: 2, members: 400 },
    });
    // The uninstall deleted the two pages already written; the third, fetched before it, and the
    // failed state were not written after it.
    expect(await rows(teamId)).toEqual([]);
    expect(await env.directory.syncState(teamId)).toBeNull();
  });

  it('starts over, and ends complete, when the workspace is disconnected and connected again mid-sync', async () => {
    const { teamId } = await env.connectTenant('again-mid-sync', 1000);
    const ids = sandboxMemberIds(env.sb, teamId);
    const reconnect = async () => {
      await env.connect.revocation.disconnect('again-mid-sync');
      await installForTenant({
        sb: env.sb,
        store: env.installations,
        tenantId: 'again-mid-sync',
        teamId,
        clientId: env.sbApp.clientId,
        scopes: [...REQUIRED_BOT_SCOPES],
        installerUserId: 'U0INSTALLER',
      });
    };
    const result = await env
      .service({ webClient: afterListCall(env.webClient, 3, reconnect) })
      .syncTeam('again-mid-sync');
    // Pages 1 and 2 went with the disconnect: the sync noticed at page 3 and listed everyone again.
    expect(result).toMatchObject({
      outcome: 'done',
      progress: { members: ids.length, pages: Math.ceil(ids.length / 200) },
    });
    expect(await rows(teamId)).toEqual([...ids].sort());
    expect(await env.directory.isWarm(teamId)).toBe(true);
    expect(env.logText()).toContain('starting over');
  });

  it('answers not_connected for a tenant without Slack', async () => {
    expect(await env.service().syncTeam('nobody')).toEqual({ outcome: 'not_connected', progress: null });
    expect(await env.service().fetchCustomFields('nobody')).toEqual({ outcome: 'not_connected' });
    expect(await env.service().status('T0NOSUCHTEAM')).toMatchObject({ status: 'idle', members: 0 });
  });
});

/** A client factory that runs `action` once, after the `n`-th users.list call answered. */
function afterListCall(inner: WebClientFactory, n: number, action: () => Promise<unknown>): WebClientFactory {
  let calls = 0;
  return (token?: string) => {
    const client = inner(token);
    const list = client.users.list;
    client.users.list = (async (options: Parameters<typeof list>[0]) => {
      const answer = await list(options);
      calls += 1;
      if (calls === n) await action();
      return answer;
    }) as typeof list;
    return client;
  };
}
