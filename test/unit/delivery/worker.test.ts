import type { ClaimedDelivery, Clock } from '../../../src/app/delivery/types';
import { DeliveryWorker } from '../../../src/app/delivery/worker';
import { createLogger } from '../../../src/platform/logger';

/** The loop with a fake queue and clock: no database, no waiting. */
function delivery(id: string): ClaimedDelivery {
  return {
    id,
    notificationId: 'n',
    tenantId: 't',
    userId: id,
    attempts: 1,
    lease: 'l',
    type: 'invite',
    content: { id: 'c', title: 'x' },
    data: null,
  };
}

const clock: Clock = { now: () => 0, sleep: () => new Promise((r) => setImmediate(r)) };
const logger = createLogger({ level: 'silent' });

describe('DeliveryWorker', () => {
  it('claims no more than its free slots and processes everything', async () => {
    const rows = Array.from({ length: 10 }, (_, i) => delivery(String(i)));
    const limits: number[] = [];
    let inFlight = 0;
    let maxInFlight = 0;
    const done: string[] = [];
    const worker = new DeliveryWorker({
      queue: {
        claim: async ({ limit }) => {
          limits.push(limit);
          return rows.splice(0, limit);
        },
        reschedule: async () => true,
        fail: async () => true,
      },
      handler: {
        horizonMs: 1000,
        intervalMs: 222,
        async process(d) {
          inFlight += 1;
          maxInFlight = Math.max(maxInFlight, inFlight);
          await new Promise((r) => setTimeout(r, 2));
          inFlight -= 1;
          done.push(d.id);
        },
      },
      clock,
      logger,
      concurrency: 3,
    });
    worker.start();
    while (done.length < 10) await new Promise((r) => setTimeout(r, 5));
    await worker.stop();
    expect(maxInFlight).toBeLessThanOrEqual(3);
    expect(Math.max(...limits)).toBeLessThanOrEqual(3);
    expect(done.sort()).toEqual(rows.length === 0 ? [...Array(10).keys()].map(String).sort() : []);
  });

  it('reports errors with context and keeps going; a failed delivery is rescheduled', async () => {
    const errors: Array<{ op: string; deliveryId?: string }> = [];
    const rescheduled: string[] = [];
    let claims = 0;
    const worker = new DeliveryWorker({
      queue: {
        claim: async () => {
          claims += 1;
          if (claims === 1) throw new Error('database went away');
          return claims === 2 ? [delivery('bad'), delivery('good')] : [];
        },
        reschedule: async (d) => {
          rescheduled.push(d.id);
          return true;
        },
        fail: async () => true,
      },
      handler: {
        horizonMs: 1000,
        intervalMs: 222,
        async process(d) {
          if (d.id === 'bad') throw new Error('bug');
        },
      },
      clock,
      logger,
      onError: (_e, context) => errors.push(context),
    });
    worker.start();
    while (claims < 4) await new Promise((r) => setTimeout(r, 5));
    await worker.stop();
    expect(errors).toEqual([{ op: 'claim' }, { op: 'process', deliveryId: 'bad' }]);
    expect(rescheduled).toEqual(['bad']);
  });

  it('fails a delivery that keeps throwing once its attempts are used up, and never runs one beyond them', async () => {
    const settled: string[] = [];
    const processed: string[] = [];
    const rows = [
      { ...delivery('third-try'), attempts: 3 },
      { ...delivery('last-try'), attempts: 5 },
      { ...delivery('crashed-before'), attempts: 6 },
    ];
    const worker = new DeliveryWorker({
      queue: {
        claim: async ({ limit }) => rows.splice(0, limit),
        reschedule: async (d, _ms, reason) => {
          settled.push(`${d.id}: rescheduled ${reason}`);
          return true;
        },
        fail: async (d, reason) => {
          settled.push(`${d.id}: failed ${reason}`);
          return true;
        },
      },
      handler: {
        horizonMs: 1000,
        intervalMs: 222,
        async process(d) {
          processed.push(d.id);
          throw new Error('poison');
        },
      },
      clock,
      logger,
      maxAttempts: 5,
      onError: () => undefined,
    });
    worker.start();
    while (settled.length < 3) await new Promise((r) => setTimeout(r, 5));
    await worker.stop();
    expect(processed.sort()).toEqual(['last-try', 'third-try']);
    expect(settled.sort()).toEqual([
      'crashed-before: failed retries_exhausted',
      'last-try: failed retries_exhausted',
      'third-try: rescheduled internal_error',
    ]);
  });
});
