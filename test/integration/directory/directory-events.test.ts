/**
 * team_join, user_change and user_profile_changed through a real Bolt app (ExpressReceiver, Bolt's
 * signature check) with the listeners of listeners/events (team-join.ts, user-change.ts,
 * user-profile-changed.ts), on a real database; the events are signed by the sandbox driver and
 * carry the sandbox's member objects.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, ExpressReceiver, LogLevel } from '@slack/bolt';
import { registerDirectoryEvents } from '../../../listeners/events';
import { DirectoryEvents, type DirectoryEventType } from '../../../src/app/directory-sync/directory-events';
import type { SlackMember } from '../../../src/domain/matching/slack-members';
import { SlackDriver } from '../../../src/sandbox/driver';
import { REQUIRED_BOT_SCOPES } from '../../../src/slack/scopes';
import { withClient } from '../../support/database';
import { installForTenant } from '../../support/install';
import { type DirectoryEnv, startDirectoryEnv } from './env';

const SIGNING_SECRET = 'test-signing-secret-directory-events';

let env: DirectoryEnv;
let server: Server;
let driver: SlackDriver;
let teamId: string;
const changed: Array<[string, string, DirectoryEventType]> = [];
/** The `previous` member each change was reported with, in order. */
const previous: Array<SlackMember | null | undefined> = [];

beforeAll(async () => {
  env = await startDirectoryEnv('direvents');
  teamId = env.sb.createWorkspace({ name: 'Events', members: 10 }).id;
  // The app keeps the member list only of a connected workspace (docs/admin-guide.md §10).
  await installForTenant({
    sb: env.sb,
    store: env.installations,
    tenantId: 'events',
    teamId,
    clientId: env.sbApp.clientId,
    scopes: [...REQUIRED_BOT_SCOPES],
    installerUserId: 'U0INSTALLER',
  });
  const receiver = new ExpressReceiver({
    signingSecret: SIGNING_SECRET,
    endpoints: '/slack/events',
    // The answer waits for the listener, so a test sees the database after the event.
    processBeforeResponse: true,
    logLevel: LogLevel.ERROR,
  });
  const app = new App({
    receiver,
    logLevel: LogLevel.ERROR,
    authorize: async () => ({ botToken: 'xoxb-test', botId: 'B0PLUSPLUS', botUserId: 'U0PLUSPLUS' }),
  });
  const directoryEvents = new DirectoryEvents({
    directory: env.directory,
    logger: env.logger,
    onMemberChanged: (team, user, type, before) => {
      changed.push([team, user, type]);
      previous.push(before);
    },
  });
  registerDirectoryEvents(app, { directoryEvents });
  server = receiver.app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  driver = new SlackDriver({
    appUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    signingSecret: SIGNING_SECRET,
  });
});

afterAll(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => server?.close(() => resolve()));
  await env?.stop();
});

const rowCount = (userId: string) =>
  withClient(env.db.url, (c) =>
    c
      .query('SELECT count(*)::int AS n FROM slack_members WHERE team_id = $1 AND user_id = $2', [
        teamId,
        userId,
      ])
      .then((r) => r.rows[0].n as number),
  );

/** The member as users.list shows it: custom fields only come from users.profile.get. */
function listShape(userId: string): SlackMember {
  const json = env.sb.memberJson(teamId, userId) as SlackMember;
  return { ...json, profile: { ...json.profile, fields: null } };
}

describe('directory events', () => {
  it('team_join adds the member; a retry of the same event changes nothing', async () => {
    const added = env.sb.addMember(teamId, { firstName: 'Grace', lastName: 'Hopper' });
    const event = { type: 'team_join', user: listShape(added.id) };
    const reported = previous.length;
    expect((await driver.event(teamId, event, { eventId: 'Ev0TEAMJOIN1' })).status).toBe(200);
    const first = await env.directory.member(teamId, added.id);
    expect(first).toEqual(listShape(added.id));
    expect((await driver.event(teamId, event, { eventId: 'Ev0TEAMJOIN1', retryNum: 1 })).status).toBe(200);
    expect(await env.directory.member(teamId, added.id)).toEqual(first);
    expect(await rowCount(added.id)).toBe(1);
    expect(changed).toContainEqual([teamId, added.id, 'team_join']);
    // Each change comes with the cached member from before it: none for a newcomer, then the first.
    expect(previous.slice(reported)).toEqual([null, first]);
  });

  it('user_change replaces the member, e-mail look-up included; an older event arriving late is ignored', async () => {
    const added = env.sb.addMember(teamId, { firstName: 'Ada', lastName: 'Lovelace' });
    await driver.event(teamId, { type: 'team_join', user: listShape(added.id) });
    const before = listShape(added.id);
    const newer = {
      ...before,
      updated: Number(before.updated) + 10,
      profile: { ...before.profile, email: 'Ada@Example.com' },
    };
    await driver.event(teamId, { type: 'user_change', user: newer, cache_ts: 1 });
    expect((await env.directory.member(teamId, added.id))?.profile?.email).toBe('Ada@Example.com');
    expect((await env.directory.membersByEmail(teamId, 'ada@example.com')).map((m) => m.id)).toEqual([
      added.id,
    ]);

    await driver.event(teamId, { type: 'user_change', user: before });
    expect((await env.directory.member(teamId, added.id))?.profile?.email).toBe('Ada@Example.com');
  });

  it('user_change keeps the cached locale: events never carry it, only include_locale calls do (issue 22)', async () => {
    const added = env.sb.addMember(teamId, { firstName: 'Greta', lastName: 'Schmidt', locale: 'de-DE' });
    // As the directory sync stores it (users.list with include_locale=true).
    const synced: SlackMember & { updated?: unknown } = { ...listShape(added.id), locale: 'de-DE' };
    await env.directory.upsertMember(teamId, synced);
    const newer = { ...listShape(added.id), updated: Number(synced.updated) + 10, real_name: 'Greta S.' };
    expect(newer).not.toHaveProperty('locale');
    await driver.event(teamId, { type: 'user_change', user: newer, cache_ts: 1 });
    const cached = await env.directory.member(teamId, added.id);
    expect(cached?.real_name).toBe('Greta S.');
    expect(cached?.locale).toBe('de-DE');
    // A newer object that says a locale replaces it.
    await env.directory.upsertMember(teamId, {
      ...newer,
      updated: Number(newer.updated) + 10,
      locale: 'fr-FR',
    });
    expect((await env.directory.member(teamId, added.id))?.locale).toBe('fr-FR');
  });

  it('user_profile_changed stores the profile, and custom fields when the event carries them', async () => {
    const id = env.sb.addMember(teamId, { firstName: 'Alan', lastName: 'Turing' }).id;
    await driver.event(teamId, { type: 'team_join', user: listShape(id) });
    const field = env.sb.workspace(teamId).fields[0]!.id;
    env.sb.updateMember(teamId, id, {
      title: 'Codebreaker',
      fields: { [field]: { value: 'E-42', alt: '' } },
    });
    const user = env.sb.memberJson(teamId, id);
    expect((await driver.event(teamId, { type: 'user_profile_changed', user })).status).toBe(200);
    const cached = await env.directory.member(teamId, id);
    expect(cached?.profile?.title).toBe('Codebreaker');
    expect(cached?.profile?.fields).toEqual({ [field]: { value: 'E-42', alt: '' } });
    // A later users.list-shaped update (fields: null) keeps the cached fields.
    const later = listShape(id);
    await driver.event(teamId, {
      type: 'user_change',
      user: { ...later, updated: Number(later.updated) + 1 },
    });
    expect((await env.directory.member(teamId, id))?.profile?.fields).toEqual({
      [field]: { value: 'E-42', alt: '' },
    });
  });

  it('ignores people of other workspaces (Slack Connect) and events without a usable user', async () => {
    const outsider = {
      ...listShape(env.sb.workspace(teamId).members[3]!.id),
      id: 'U0OUTSIDER1',
      team_id: 'T0OTHERORG1',
    };
    expect((await driver.event(teamId, { type: 'user_change', user: outsider })).status).toBe(200);
    expect(await rowCount('U0OUTSIDER1')).toBe(0);
    expect((await driver.event(teamId, { type: 'user_change', user: { name: 'no id' } })).status).toBe(200);
  });

  // Last: it ends the workspace's installation.
  it('writes nothing for a workspace that is no longer connected, even when the event got through', async () => {
    const cached = () =>
      withClient(env.db.url, (c) =>
        c
          .query('SELECT count(*)::int AS n FROM slack_members WHERE team_id = $1', [teamId])
          .then((r) => r.rows[0].n as number),
      );
    expect(await cached()).toBeGreaterThan(0);
    expect(await env.installations.markRevoked(teamId, 'app_uninstalled')).toBe(true);
    expect(await cached()).toBe(0);
    // This app's authorize is a stub, so the event reaches the listener, as one racing the
    // uninstall would.
    const late = env.sb.addMember(teamId, { firstName: 'Late', lastName: 'Comer' });
    expect((await driver.event(teamId, { type: 'team_join', user: listShape(late.id) })).status).toBe(200);
    expect(await cached()).toBe(0);
  });
});
