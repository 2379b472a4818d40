import {
  type AcceptSkipReason,
  firstSkip,
  firstSkipOf,
  SKIP_ORDER,
  skipCaseSql,
} from '../../../src/domain/delivery-policy';

/** Every combination of the five facts: 32 rows of which reasons apply. */
function everyCombination(): Array<Record<AcceptSkipReason, boolean>> {
  return Array.from(
    { length: 2 ** SKIP_ORDER.length },
    (_, bits) =>
      Object.fromEntries(SKIP_ORDER.map((reason, i) => [reason, (bits & (1 << i)) !== 0])) as Record<
        AcceptSkipReason,
        boolean
      >,
  );
}

describe('the skip order', () => {
  it('asks the tenant before the recipient, broadest first', () => {
    expect(SKIP_ORDER).toEqual([
      'not_connected',
      'notifications_disabled',
      'type_disabled',
      'unknown_user',
      'user_opted_out',
    ]);
  });

  it('firstSkip picks the first applying reason and runs no check after it', async () => {
    const asked: string[] = [];
    const check = (reason: AcceptSkipReason, applies: boolean) => () => {
      asked.push(reason);
      return applies;
    };
    const reason = await firstSkip({
      not_connected: check('not_connected', false),
      notifications_disabled: check('notifications_disabled', false),
      type_disabled: async () => check('type_disabled', true)(),
      unknown_user: check('unknown_user', true),
      user_opted_out: check('user_opted_out', true),
    });
    expect(reason).toBe('type_disabled');
    expect(asked).toEqual(['not_connected', 'notifications_disabled', 'type_disabled']);
  });

  it('firstSkip and firstSkipOf agree on every combination', async () => {
    for (const facts of everyCombination()) {
      const lazy = await firstSkip({
        not_connected: () => facts.not_connected,
        notifications_disabled: () => facts.notifications_disabled,
        type_disabled: () => facts.type_disabled,
        unknown_user: () => facts.unknown_user,
        user_opted_out: () => facts.user_opted_out,
      });
      expect(lazy).toBe(firstSkipOf(facts));
    }
    expect(firstSkipOf({ ...everyCombination()[0]! })).toBeNull();
  });

  it('skipCaseSql asks the tenant reasons in the order, then the recipient once', () => {
    const sql = skipCaseSql({ not_connected: 'a', notifications_disabled: 'b', type_disabled: 'c' }, 'w');
    expect(sql).toBe(
      "CASE WHEN a THEN 'not_connected' WHEN b THEN 'notifications_disabled' WHEN c THEN 'type_disabled' " +
        "ELSE CASE w WHEN true THEN NULL WHEN false THEN 'user_opted_out' ELSE 'unknown_user' END END",
    );
  });
});
