import { type AcceptSkipReason, firstSkipOf, SKIP_ORDER } from '../../../src/domain/delivery-policy';
import { ACCEPT_SKIP_CASE } from '../../../src/persistence/repositories/notifications-repository';
import { withClient } from '../../support/database';

/**
 * The accept statement's skip `CASE` (the very text it runs, user probe included) gives the reason
 * `firstSkipOf` gives, for every combination of facts: accept and send
 * (test/unit/delivery/skip-order.test.ts) agree. The whole statement is exercised through the app
 * by accept.test.ts.
 */
it('the accept statement picks the reason of the one skip order, for every combination of facts', async () => {
  // unknown_user and user_opted_out exclude each other (no user, no mute): 24 possible combinations.
  const combos = Array.from(
    { length: 2 ** SKIP_ORDER.length },
    (_, bits) =>
      Object.fromEntries(SKIP_ORDER.map((reason, i) => [reason, (bits & (1 << i)) !== 0])) as Record<
        AcceptSkipReason,
        boolean
      >,
  ).filter((c) => !(c.unknown_user && c.user_opted_out));
  const rows = await withClient(process.env.TEST_DATABASE_URL!, async (client) => {
    // A temporary plusplus_users (pg_temp comes first in the search path) holds the recipients.
    await client.query(
      'CREATE TEMP TABLE plusplus_users (tenant_id text, user_id text, receive_slack_notifications boolean NOT NULL)',
    );
    await client.query(
      `INSERT INTO plusplus_users SELECT 't', 'u' || i, wants
         FROM unnest($1::int[], $2::bool[]) AS x(i, wants) WHERE wants IS NOT NULL`,
      [combos.map((_, i) => i), combos.map((c) => (c.unknown_user ? null : !c.user_opted_out))],
    );
    const { rows } = await client.query(
      `SELECT s.i, ${ACCEPT_SKIP_CASE} AS reason
         FROM unnest($1::int[], $2::bool[], $3::bool[], $4::bool[], $5::text[])
           AS s(i, connected, enabled, type_enabled, tenant_id)
         CROSS JOIN LATERAL (SELECT 'u' || s.i AS user_id) e
        ORDER BY s.i`,
      [
        combos.map((_, i) => i),
        combos.map((c) => !c.not_connected),
        combos.map((c) => !c.notifications_disabled),
        combos.map((c) => !c.type_disabled),
        combos.map(() => 't'),
      ],
    );
    return rows as Array<{ i: number; reason: string | null }>;
  });
  expect(rows).toHaveLength(combos.length);
  for (const { i, reason } of rows) {
    expect({ facts: combos[i], reason }).toEqual({ facts: combos[i], reason: firstSkipOf(combos[i]!) });
  }
});
