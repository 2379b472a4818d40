/**
 * First contact and the admin's recent delivery failures (design §5, issue 8), through Bolt's real
 * receiver with the signed driver, on PostgreSQL and the sandbox as Slack.
 */
import { randomUUID } from 'node:crypto';
import { checkView } from '../../../src/sandbox/block-kit';
import { homeView } from '../../../views/home/home-view';
import { TRANSPORTS } from '../../support/sandbox-env';
import { eventually, type HomeEnv, startHomeEnv } from './harness';

describe.each(TRANSPORTS)('over %s', (transport) => {
  let env: HomeEnv;
  let teamId: string;
  let people: Array<{ id: string; email: string }>;
  const TENANT = 'welcome';

  beforeAll(async () => {
    env = await startHomeEnv('welcome', transport);
    const ws = await env.connectTenant(TENANT, 30, 5);
    teamId = ws.teamId;
    people = ws.people;
    await env.users.upsert(TENANT, { id: 'boss', email: people[0]!.email, name: 'Boss', is_admin: true });
  }, 60_000);
  afterAll(async () => {
    await env?.stop();
  });

  const openTab = (
    user: string,
    tab: 'home' | 'messages',
    opts: { eventId?: string; retryNum?: number } = {},
  ) => env.driver.event(teamId, { type: 'app_home_opened', user, channel: `D${user.slice(1)}`, tab }, opts);
  const dmsTo = (user: string) => env.sb.messages({ teamId, user, ephemeral: false });
  const settle = () => new Promise((r) => setTimeout(r, 400));

  describe('first contact', () => {
    it('welcomes a member once on the Messages tab, whatever Slack retries', async () => {
      const user = people[1]!.id;
      const eventId = `Ev${randomUUID().replace(/-/g, '').slice(0, 10).toUpperCase()}`;
      // The same event delivered twice (Slack's retry of an event it thinks was not acknowledged)
      // and, concurrently, a second one.
      const answers = await Promise.all([
        openTab(user, 'messages', { eventId }),
        openTab(user, 'messages', { eventId, retryNum: 1 }),
      ]);
      expect(answers.map((a) => a.status)).toEqual([200, 200]);
      const [dm] = await eventually(
        () => dmsTo(user),
        (m) => m.length > 0,
      );
      await openTab(user, 'messages', { eventId, retryNum: 2 });
      await openTab(user, 'messages');
      await settle();
      expect(dmsTo(user)).toHaveLength(1);
      expect(dm!.text).toContain('PlusPlus');
      expect(JSON.stringify(dm!.blocks)).toContain('/plusplus help');
      expect(JSON.stringify(dm!.blocks)).toContain('/plusplus mute');
      const rows = await env.dataSource.query(
        `SELECT team_id, user_id, tenant_id FROM slack_welcomes WHERE user_id = $1`,
        [user],
      );
      expect(rows).toEqual([{ team_id: teamId, user_id: user, tenant_id: TENANT }]);
    });

    it('messages nobody else, and the Home tab never welcomes', async () => {
      const before = env.sb.messages({ teamId, ephemeral: false }).length;
      await openTab(people[2]!.id, 'home');
      await eventually(
        () => env.sb.homeView(teamId, people[2]!.id),
        (v) => v !== null,
      );
      await settle();
      expect(env.sb.messages({ teamId, ephemeral: false })).toHaveLength(before);
      await openTab(people[3]!.id, 'messages');
      await eventually(
        () => dmsTo(people[3]!.id),
        (m) => m.length === 1,
      );
      const all = env.sb.messages({ teamId, ephemeral: false });
      expect(all).toHaveLength(before + 1);
      expect(all.every((m) => env.sb.channels(teamId).find((c) => c.id === m.channel)?.isIm)).toBe(true);
    });

    it('gives the claim back when Slack refuses the DM, so the next visit welcomes', async () => {
      const user = people[4]!.id;
      env.sb.injectFault({ method: 'chat.postMessage', teamId, fault: { error: 'internal_error' } });
      await openTab(user, 'messages');
      await eventually(
        () => env.logText(),
        (t) => t.includes('internal_error'),
      );
      await settle();
      expect(dmsTo(user)).toHaveLength(0);
      expect(await env.dataSource.query(`SELECT 1 FROM slack_welcomes WHERE user_id = $1`, [user])).toEqual(
        [],
      );
      await openTab(user, 'messages');
      await eventually(
        () => dmsTo(user),
        (m) => m.length === 1,
      );
    });
  });

  async function failDelivery(o: {
    userId: string;
    slackUserId: string | null;
    type: string;
    reason: string;
    status?: string;
  }) {
    const id = randomUUID();
    await env.dataSource.query(
      `INSERT INTO notifications (id, tenant_id, idempotency_key, request_hash, type, content, accepted_response)
       VALUES ($1, $2, $3, 'h', $4, '{}'::jsonb, '{}'::jsonb)`,
      [id, TENANT, id, o.type],
    );
    await env.dataSource.query(
      `INSERT INTO deliveries (notification_id, tenant_id, user_id, position, status, reason, slack_user_id)
       VALUES ($1, $2, $3, 0, $6, $4, $5)`,
      [id, TENANT, o.userId, o.reason, o.slackUserId, o.status ?? 'failed'],
    );
  }

  describe('recent delivery failures', () => {
    const adminHome = () => JSON.stringify(env.sb.homeView(teamId, people[0]!.id) ?? null);

    it('shows the admin the last 10 failed deliveries, escaped; members do not see the section', async () => {
      await openTab(people[0]!.id, 'home');
      expect(await eventually(adminHome, (t) => t.includes('Admin: recent delivery failures'))).toContain(
        'No failed deliveries',
      );

      await failDelivery({ userId: 'oldest', slackUserId: null, type: 'invite', reason: 'user_disabled' });
      for (let i = 0; i < 10; i++) {
        await failDelivery({
          userId: i === 9 ? 'evil <!channel> & <b>' : `u${i}`,
          slackUserId: i % 2 ? people[5]!.id : null,
          type: i % 2 ? 'reminder' : 'assignment',
          reason: i === 9 ? 'odd<code>' : 'messages_tab_disabled',
        });
      }
      // Deliveries in another state are not failures.
      await failDelivery({
        userId: 'was-sent',
        slackUserId: null,
        type: 'invite',
        reason: 'x',
        status: 'sent',
      });
      await failDelivery({
        userId: 'skipped',
        slackUserId: null,
        type: 'invite',
        reason: 'x',
        status: 'skipped',
      });
      await openTab(people[0]!.id, 'home');
      const text = await eventually(adminHome, (t) => t.includes('u8'));
      expect(text).not.toContain('oldest'); // 11th newest
      expect(text).toContain('`u0`');
      expect(text).not.toContain('was-sent');
      expect(text).not.toContain('skipped');
      expect(text).toContain('evil &lt;!channel&gt; &amp; &lt;b&gt;');
      expect(text).not.toContain('<!channel>');
      expect(text).toContain('odd&lt;code&gt;');
      expect(text).toContain('messages_tab_disabled');
      expect(text).toContain(`<@${people[5]!.id}>`);
      expect(text).toContain('reminder');
      expect(text).toContain('<!date^');

      const failed = await env.dataSource.query(
        `SELECT count(*)::int AS n FROM deliveries WHERE tenant_id = $1 AND status = 'failed'`,
        [TENANT],
      );
      expect(failed[0].n).toBe(11); // the oldest of the 11 is the one left out

      await env.users.upsert(TENANT, { id: 'member', email: people[6]!.email, name: 'Member' });
      await openTab(people[6]!.id, 'home');
      const memberHome = await eventually(
        () => JSON.stringify(env.sb.homeView(teamId, people[6]!.id) ?? null),
        (t) => t.includes('Your preferences'),
      );
      expect(memberHome).not.toContain('delivery failures');
    });

    it('stays within Block Kit limits with ten failures of maximal length', () => {
      const long = 'x<&>'.repeat(50);
      const view = homeView({
        notice: null,
        connected: true,
        me: null,
        admin: {
          connection: {
            teamId: 'T1',
            teamName: 'Acme',
            installedBy: null,
            installedAt: null,
            connected: true,
            missingScopes: [],
            reconnectRequired: false,
            reconnectUrl: null,
            message: null,
          },
          notificationsEnabled: true,
          mapping: { plusplus: 'email', slack: 'profile.email' },
          matching: { available: false, reason: 'n/a' },
          recentFailures: Array.from({ length: 25 }, (_, i) => ({
            userId: `${long}${i}`,
            slackUserId: 'U0123456789',
            type: long,
            reason: long.slice(0, 100),
            at: new Date(Date.UTC(2025, 0, 1, 0, i)).toISOString(),
          })),
        },
      });
      expect(checkView(view, 'home')).toEqual([]);
      const section = view.blocks.find(
        (b) => b.type === 'section' && JSON.stringify(b).includes('U0123456789'),
      ) as { text: { text: string } };
      expect(section.text.text.split('\n')).toHaveLength(10);
      expect(section.text.text).not.toMatch(/<[^@!]/);
    });
  });
});
