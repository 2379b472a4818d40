import { DeliveryProcessor, type ProcessorOptions } from '../../../src/app/delivery/processor';
import type { ClaimedDelivery } from '../../../src/app/delivery/types';
import { type AcceptSkipReason, firstSkipOf, SKIP_ORDER } from '../../../src/domain/delivery-policy';
import { createLogger } from '../../../src/platform/logger';

/**
 * The send-time checks of DeliveryProcessor follow the one skip order: for every combination of
 * the five facts, the reason it stores is the one `firstSkipOf` (and so the accept statement,
 * test/integration/delivery/skip-order.test.ts) gives.
 */
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

const delivery: ClaimedDelivery = {
  id: 'd1',
  notificationId: 'n',
  tenantId: 't',
  userId: 'u',
  attempts: 1,
  lease: 'l',
  type: 'invite',
  content: { id: 'c', title: 'x' },
  data: null,
};

/** What the processor stores for a delivery when the facts are `facts` (null: it went on to send). */
async function reasonAtSend(facts: Record<AcceptSkipReason, boolean>): Promise<string | null> {
  let skipped: string | null = null;
  const proceeded = new Error('went past the skip checks');
  const o = {
    queue: {
      skip: async (_d: ClaimedDelivery, reason: string) => {
        skipped = reason;
        return true;
      },
    },
    users: {
      get: async () =>
        facts.unknown_user
          ? null
          : {
              record: { id: 'u' },
              receiveSlackNotifications: !facts.user_opted_out,
              // Past the checks the processor reads the link: stop there.
              get slack(): never {
                throw proceeded;
              },
            },
    },
    tenants: { settings: async () => ({ notificationsEnabled: !facts.notifications_disabled }) },
    connect: {
      botTokenForTenant: async () =>
        facts.not_connected ? null : { token: 'xoxb', installation: { teamId: 'T1' } },
    },
    isTypeEnabled: async () => !facts.type_disabled,
    webClient: () => {
      throw proceeded;
    },
    render: async () => ({ text: 'x' }),
    clock: { now: () => 0, sleep: async () => {} },
    logger: createLogger({ level: 'silent' }),
  } as unknown as ProcessorOptions;
  try {
    await new DeliveryProcessor(o).process(delivery);
  } catch (error) {
    if (error !== proceeded) throw error;
  }
  return skipped;
}

describe('skip order at send time', () => {
  it('stores the first reason of the one order, for every combination of facts', async () => {
    for (const facts of everyCombination()) {
      expect({ facts, reason: await reasonAtSend(facts) }).toEqual({ facts, reason: firstSkipOf(facts) });
    }
  });

  it('says not_connected, not unknown_user, when a deleted user meets a disconnected tenant', async () => {
    const facts = Object.fromEntries(SKIP_ORDER.map((r) => [r, false])) as Record<AcceptSkipReason, boolean>;
    expect(await reasonAtSend({ ...facts, not_connected: true, unknown_user: true })).toBe('not_connected');
  });
});
