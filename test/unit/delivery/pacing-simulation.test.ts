import { DeliveryProcessor } from '../../../src/app/delivery/processor';
import type { ClaimedDelivery, Clock } from '../../../src/app/delivery/types';
import { DeliveryWorker } from '../../../src/app/delivery/worker';
import { DEFAULT_PACE } from '../../../src/domain/pace';
import type { ClaimOptions, DeliveryQueue, SlotAnswer } from '../../../src/persistence/queues/delivery-queue';
import { createLogger } from '../../../src/platform/logger';

/**
 * The worker and the processor on a virtual clock, at the default pace (270 a minute), horizon,
 * poll and concurrency, against a model of the queue's SQL (claim budgets, slot reservation) kept
 * in memory: minutes of pacing in milliseconds. The real SQL is tested on the wall clock against
 * PostgreSQL in test/integration/delivery/real-pace.test.ts.
 */

class VirtualClock implements Clock {
  t = 0;
  private timers: Array<{ at: number; resolve: () => void }> = [];
  now = () => this.t;
  sleep = (ms: number, signal?: AbortSignal) =>
    new Promise<void>((resolve) => {
      if (ms <= 0 || signal?.aborted) return resolve();
      const timer = { at: this.t + ms, resolve };
      this.timers.push(timer);
      signal?.addEventListener(
        'abort',
        () => {
          this.timers = this.timers.filter((x) => x !== timer);
          resolve();
        },
        { once: true },
      );
    });

  /** Lets every promise chain settle, then jumps to the next timer; until `done` or `maxMs`. */
  async run(done: () => boolean, maxMs: number): Promise<void> {
    while (!done() && this.t < maxMs) {
      for (let i = 0; i < 30; i++) await new Promise((r) => setImmediate(r));
      if (done()) return;
      this.timers.sort((a, b) => a.at - b.at);
      const next = this.timers.shift();
      if (!next) return;
      this.t = Math.max(this.t, next.at);
      next.resolve();
    }
  }
}

interface Row {
  d: ClaimedDelivery;
  status: 'queued' | 'sending' | 'sent' | 'skipped' | 'failed';
  runAt: number;
}

/** The queue's operations as src/persistence/queues/delivery-queue.ts's SQL does them, in memory, on the virtual clock. */
class ModelQueue {
  rows: Row[] = [];
  pacing = new Map<string, { nextAt: number; blockedUntil: number }>();
  constructor(private readonly clock: VirtualClock) {}

  add(tenantId: string, n: number): void {
    for (let i = 0; i < n; i++) {
      const id = `${tenantId}-${i}`;
      this.rows.push({
        status: 'queued',
        runAt: this.clock.t,
        d: {
          id,
          notificationId: 'n',
          tenantId,
          userId: id,
          attempts: 0,
          lease: '',
          type: 'reminder',
          content: { id: 'c', title: 'x' },
          data: null,
        },
      });
    }
  }

  private row(d: ClaimedDelivery): Row | undefined {
    return this.rows.find((r) => r.d.id === d.id && r.d.lease === d.lease && r.status === 'sending');
  }

  async claim(o: ClaimOptions): Promise<ClaimedDelivery[]> {
    const now = this.clock.t;
    const due = this.rows.filter((r) => (r.status === 'queued' || r.status === 'sending') && r.runAt <= now);
    const tenants = [...new Set(due.map((r) => r.d.tenantId))];
    const out: ClaimedDelivery[] = [];
    for (const t of tenants) {
      const p = this.pacing.get(t);
      let slots = o.limit;
      if (p) {
        if (p.blockedUntil > now || p.nextAt > now + o.horizonMs) continue;
        slots = Math.floor((now + o.horizonMs - Math.max(p.nextAt, now)) / o.intervalMs) + 1;
      }
      slots = Math.min(slots, (o.perTenant ?? o.limit) - (o.held?.get(t) ?? 0));
      for (const r of due.filter((x) => x.d.tenantId === t).slice(0, Math.max(0, slots))) {
        if (out.length >= o.limit) break;
        r.status = 'sending';
        r.runAt = now + o.leaseMs;
        r.d = { ...r.d, attempts: r.d.attempts + 1, lease: `${now}-${r.d.id}` };
        out.push(r.d);
      }
    }
    return out;
  }

  async reserveSlot(
    t: string,
    _m: string,
    o: { intervalMs: number; horizonMs: number },
  ): Promise<SlotAnswer> {
    const now = this.clock.t;
    const p = this.pacing.get(t);
    if (!p) {
      this.pacing.set(t, { nextAt: now + o.intervalMs, blockedUntil: 0 });
      return { reserved: true, waitMs: 0, blockedMs: 0 };
    }
    if (p.blockedUntil > now)
      return { reserved: false, waitMs: p.nextAt - now, blockedMs: p.blockedUntil - now };
    if (p.nextAt > now + o.horizonMs) return { reserved: false, waitMs: p.nextAt - now, blockedMs: 0 };
    const slot = Math.max(p.nextAt, now);
    p.nextAt = slot + o.intervalMs;
    return { reserved: true, waitMs: slot - now, blockedMs: 0 };
  }

  private settle(d: ClaimedDelivery, status: Row['status'], runAt?: number): boolean {
    const r = this.row(d);
    if (!r) return false;
    r.status = status;
    if (runAt !== undefined) r.runAt = runAt;
    return true;
  }

  complete = async (d: ClaimedDelivery) => this.settle(d, 'sent');
  fail = async (d: ClaimedDelivery) => this.settle(d, 'failed');
  skip = async (d: ClaimedDelivery) => this.settle(d, 'skipped');
  reschedule = async (d: ClaimedDelivery, delayMs: number) =>
    this.settle(d, 'queued', this.clock.t + delayMs);
  blockedFor = async (t: string) => Math.max(0, (this.pacing.get(t)?.blockedUntil ?? 0) - this.clock.t);
  block = async (t: string, _m: string, waitMs: number) => {
    const p = this.pacing.get(t) ?? { nextAt: this.clock.t, blockedUntil: 0 };
    p.blockedUntil = Math.max(p.blockedUntil, this.clock.t + waitMs);
    this.pacing.set(t, p);
  };
  skipWaiting = async () => 0;
}

function simulate(o: { tenants: number; perTenant: number; latencyMs: number; prefetch: number }) {
  const clock = new VirtualClock();
  const queue = new ModelQueue(clock);
  const posts: Array<{ at: number; team: string }> = [];
  const processor = new DeliveryProcessor({
    queue: queue as unknown as DeliveryQueue,
    users: {
      get: async (_t: string, id: string) => ({
        record: { id },
        receiveSlackNotifications: true,
        slack: { userId: `U${id}` },
      }),
    } as never,
    tenants: { settings: async () => ({ notificationsEnabled: true }) } as never,
    connect: {
      botTokenForTenant: async (t: string) => ({ token: `xoxb-${t}`, installation: { teamId: t } }),
      reportSlackError: async () => false,
      observeScopes: async () => undefined,
    },
    webClient: ((token: string) => ({
      chat: {
        postMessage: async (args: { channel: string }) => {
          posts.push({ at: clock.t, team: token.slice(5) });
          await clock.sleep(o.latencyMs);
          return { ok: true, channel: args.channel, ts: `${clock.t}` };
        },
      },
    })) as never,
    render: () => ({ text: 'x' }),
    clock,
    logger: createLogger({ level: 'silent' }),
  });
  const worker = new DeliveryWorker({
    queue: queue as unknown as DeliveryQueue,
    handler: processor,
    clock,
    logger: createLogger({ level: 'silent' }),
    concurrency: o.prefetch,
  });
  for (let i = 0; i < o.tenants; i++) queue.add(`t${i}`, o.perTenant);
  return { clock, queue, posts, worker };
}

/** Stops the worker while the virtual clock keeps running for the sends still in flight. */
async function stop(sim: ReturnType<typeof simulate>): Promise<void> {
  let stopped = false;
  const stopping = sim.worker.stop().then(() => {
    stopped = true;
  });
  await sim.clock.run(() => stopped, sim.clock.t + 60_000);
  await stopping;
}

/** Posts per second of each workspace, first to last post. */
function rates(posts: Array<{ at: number; team: string }>): number[] {
  const byTeam = new Map<string, number[]>();
  for (const p of posts) byTeam.set(p.team, [...(byTeam.get(p.team) ?? []), p.at]);
  return [...byTeam.values()].map((at) => ((at.length - 1) * 1000) / (at.at(-1)! - at[0]!));
}

const configured = DEFAULT_PACE.workspacePerMinute / 60;

describe('pacing at the default pace, on a virtual clock', () => {
  it.each([
    { latencyMs: 2, prefetch: 8 },
    { latencyMs: 2, prefetch: 256 },
    { latencyMs: 150, prefetch: 8 },
    { latencyMs: 300, prefetch: 256 },
  ])(
    '200 DMs to one workspace leave at the configured pace (Slack latency $latencyMs ms, $prefetch rows held)',
    async (o) => {
      const sim = simulate({ tenants: 1, perTenant: 200, ...o });
      sim.worker.start();
      await sim.clock.run(() => sim.posts.length >= 200, 10 * 60_000);
      await stop(sim);
      expect(sim.posts).toHaveLength(200);
      const [rate] = rates(sim.posts);
      expect(rate! / configured).toBeGreaterThanOrEqual(0.97);
      expect(rate! / configured).toBeLessThanOrEqual(1.001);
      // No slot wasted: every reservation was used by a post.
      expect(sim.queue.rows.every((r) => r.status === 'sent')).toBe(true);
    },
  );

  it('ten workspaces x 30 DMs each keep their own pace at once', async () => {
    const sim = simulate({ tenants: 10, perTenant: 30, latencyMs: 2, prefetch: 256 });
    sim.worker.start();
    await sim.clock.run(() => sim.posts.length >= 300, 10 * 60_000);
    await stop(sim);
    for (const rate of rates(sim.posts)) expect(rate / configured).toBeGreaterThanOrEqual(0.95);
  });
});
