/**
 * Directory events re-match the users they affect (design §6), through the whole app: the sandbox
 * driver signs `user_change` / `team_join` and posts them to the app's real /slack/events, the
 * internal API shows the links, the report and a notification's delivery.
 */
import type { MemberRecord } from '../../../src/sandbox';
import { RETURN_URL, type SandboxEnv, startSandboxEnv, TRANSPORTS } from '../../support/sandbox-env';

describe.each(TRANSPORTS)('over %s', (transport) => {
  let env: SandboxEnv;
  let teamId: string;
  let people: MemberRecord[];
  const T = '/internal/v1/tenants/leavers';

  async function until<R>(what: string, fn: () => Promise<R | undefined>, timeoutMs = 15_000): Promise<R> {
    const end = Date.now() + timeoutMs;
    while (Date.now() < end) {
      const value = await fn();
      if (value !== undefined) return value;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`timed out waiting for ${what}`);
  }

  const linkOf = async (userId: string): Promise<{ user_id: string; resolved_at: string } | null> =>
    (await env.t.call('GET', `${T}/users/${userId}`)).body.slack;

  /** The link once it is `slackUserId` (or null). */
  const linkBecomes = (userId: string, slackUserId: string | null) =>
    until(`${userId} linked to ${slackUserId}`, async () => {
      const link = await linkOf(userId);
      return (link?.user_id ?? null) === slackUserId ? (link ?? ('none' as const)) : undefined;
    });

  /** Sends the member as it is now in the sandbox, as Slack would after a change. */
  async function userChange(member: MemberRecord, opts: { eventId?: string; retryNum?: number } = {}) {
    const res = await env.driver.event(
      teamId,
      { type: 'user_change', user: env.sb.memberJson(teamId, member.id) },
      opts,
    );
    expect(res.status).toBe(200);
  }

  /** Info lines of incremental re-matches that ran since `from` (an index into the app's logs). */
  const runsSince = (from: number) =>
    env.t.logs.slice(from).filter((l) => l.msg === 're-match after directory events done');

  async function deliveryOf(key: string, userId: string) {
    const sent = await env.t.call('POST', `${T}/notifications`, {
      idempotency_key: key,
      type: 'assignment',
      recipient_user_ids: [userId],
      content: { id: key, title: 'Security basics' },
    });
    expect(sent.status).toBe(202);
    const done = await until('the delivery', async () => {
      const r = await env.t.call('GET', `${T}/notifications/${sent.body.notification_id}`);
      return r.body.done ? r.body : undefined;
    });
    return done.deliveries[0];
  }

  beforeAll(async () => {
    env = await startSandboxEnv({}, {}, { transport });
    const ws = env.sb.createWorkspace({ name: 'Leavers', members: 30, seed: 21 });
    teamId = ws.id;
    env.sb.setDefaultWorkspace(ws.id);
    people = ws.members.filter(
      (m) => !m.deleted && !m.isBot && !m.isAppUser && m.email && m.id !== 'USLACKBOT' && !m.isInvitedUser,
    );
    await env.t.call('POST', `${T}/users`, {
      users: [
        { id: 'ada', name: 'Ada', email: people[0]!.email },
        { id: 'bob', name: 'Bob', email: `  ${people[1]!.email!.toUpperCase()} ` },
        { id: 'cy', name: 'Cy', email: people[2]!.email },
        { id: 'dee', name: 'Dee', email: 'dee.new@leavers.example' },
      ],
    });
    const link = await env.t.call('POST', `${T}/slack/connect`, { return_url: RETURN_URL });
    expect((await env.browser.visit(link.body.authorize_url)).location).toBe(`${RETURN_URL}?slack=connected`);
    // The first sync after the install is followed by a full re-match.
    await linkBecomes('ada', people[0]!.id);
    await linkBecomes('bob', people[1]!.id);
    await linkBecomes('cy', people[2]!.id);
    expect((await env.t.call('PATCH', `${T}/slack/settings`, { notifications_enabled: true })).status).toBe(
      200,
    );
  });
  afterAll(async () => {
    await env?.stop();
  });

  describe('a member who changes in Slack', () => {
    it('deactivated: their user is unlinked at once, the report says why, and notifications are skipped', async () => {
      const ada = people[0]!;
      const bobBefore = await linkOf('bob');
      const messagesBefore = env.sb.messages({ teamId, user: ada.id }).length;
      env.sb.updateMember(teamId, ada.id, { deleted: true });
      await userChange(ada);
      await linkBecomes('ada', null);

      const report = (await env.t.call('GET', `${T}/matching/report`)).body;
      expect(report.unmatched).toContainEqual({
        user_id: 'ada',
        reason: 'slack_member_deactivated',
        slack_user_ids: [ada.id],
      });
      // Only the users the member affects are touched: Bob's link was not rewritten.
      expect(await linkOf('bob')).toEqual(bobBefore);
      expect(await deliveryOf('assign-ada-1', 'ada')).toMatchObject({
        user_id: 'ada',
        status: 'skipped',
        reason: 'no_slack_account',
      });
      expect(env.sb.messages({ teamId, user: ada.id })).toHaveLength(messagesBefore);
    });

    it('reactivated: linked again, and notifications reach them', async () => {
      const ada = people[0]!;
      env.sb.updateMember(teamId, ada.id, { deleted: false });
      await userChange(ada);
      await linkBecomes('ada', ada.id);
      expect(await deliveryOf('assign-ada-2', 'ada')).toMatchObject({
        status: 'sent',
        slack_user_id: ada.id,
      });
    });

    it('new address: the link follows the address, to the user who has it now', async () => {
      const bob = people[1]!;
      const address = bob.email; // the sandbox updates its member records in place
      env.sb.updateMember(teamId, bob.id, { email: 'Dee.New@Leavers.example' });
      await userChange(bob);
      await linkBecomes('dee', bob.id);
      await linkBecomes('bob', null);
      // And back: the old address is Bob's again (found through the member's address before the event).
      env.sb.updateMember(teamId, bob.id, { email: address });
      await userChange(bob);
      await linkBecomes('bob', bob.id);
      await linkBecomes('dee', null);
    });

    it('a change that does not touch matching (a status, a retry) re-matches nobody', async () => {
      const cy = people[2]!;
      const from = env.t.logs.length;
      env.sb.updateMember(teamId, cy.id, { statusText: 'In a meeting', displayName: 'Cy the Second' });
      await userChange(cy, { eventId: 'Ev0CYSTATUS1' });
      await userChange(cy, { eventId: 'Ev0CYSTATUS1', retryNum: 1 });
      // The new display name reaches the linked user; the link itself stays.
      await until('the display name', async () => {
        const link = (await env.t.call('GET', `${T}/users/cy`)).body.slack;
        return link?.display_name === 'Cy the Second' ? link : undefined;
      });
      expect((await linkOf('cy'))?.user_id).toBe(cy.id);
      expect(runsSince(from)).toEqual([]);
    });

    it('a burst of events is worked off in a few runs, with the right end state', async () => {
      const from = env.t.logs.length;
      const leaving = people.slice(3, 13);
      await env.t.call('POST', `${T}/users`, {
        users: leaving.map((m, i) => ({ id: `burst${i}`, email: m.email })),
      });
      // Linked on first use (the notification path), as a user added after the last re-match is.
      for (let i = 0; i < leaving.length; i++) {
        await env.t.call('POST', `${T}/users/burst${i}/test-slack`, { actor_user_id: `burst${i}` });
      }
      for (const m of leaving) env.sb.updateMember(teamId, m.id, { deleted: true });
      await Promise.all(
        leaving.flatMap((m) => [
          userChange(m),
          userChange(m, { retryNum: 1 }),
          userChange(m, { retryNum: 2 }),
        ]),
      );
      for (let i = 0; i < leaving.length; i++) await linkBecomes(`burst${i}`, null);
      const runs = runsSince(from);
      // 30 events for 10 members, coalesced per workspace: fewer runs than events, and each link is
      // cleared once (a retry that lands after its member's run re-checks and changes nothing).
      expect(runs.length).toBeGreaterThan(0);
      expect(runs.length).toBeLessThan(30);
      expect(runs.reduce((n, r) => n + Number(r.changed), 0)).toBe(leaving.length);
    });

    it("team_join links the user who has the newcomer's address", async () => {
      await env.t.call('PUT', `${T}/users/newbie`, { name: 'Newbie', email: 'newbie@leavers.example' });
      const added = env.sb.addMember(teamId, {
        firstName: 'New',
        lastName: 'Bie',
        email: 'newbie@leavers.example',
      });
      const res = await env.driver.event(teamId, {
        type: 'team_join',
        user: env.sb.memberJson(teamId, added.id),
      });
      expect(res.status).toBe(200);
      await linkBecomes('newbie', added.id);
    });

    it('with other expressions too, a value two members shared links its user once it is unique', async () => {
      const [x, y, z] = [people[13]!, people[14]!, people[15]!];
      env.sb.updateMember(teamId, x.id, { title: 'Chief Owl' });
      env.sb.updateMember(teamId, y.id, { title: 'Chief Owl' });
      env.sb.updateMember(teamId, z.id, { title: 'Lone Heron' });
      for (const m of [x, y, z]) await userChange(m);
      await env.t.call('POST', `${T}/users`, {
        users: [
          { id: 'owl', metadata: { title: ' chief owl' } },
          { id: 'heron', metadata: { title: 'LONE HERON' } },
        ],
      });
      const saved = await env.t.call('PATCH', `${T}/slack/settings`, {
        plusplus_user_attribute: 'metadata.title',
        slack_user_attribute: 'profile.title',
      });
      expect(saved.status).toBe(200);
      await linkBecomes('heron', z.id); // the full re-match after saving has run
      expect(await linkOf('owl')).toBeNull(); // two members have the value: no guess

      // Y's title changes: found through Y's value before the event, Owl is now X's alone.
      env.sb.updateMember(teamId, y.id, { title: 'Night Owl' });
      await userChange(y);
      await linkBecomes('owl', x.id);
    });
  });
});
