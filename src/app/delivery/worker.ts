import { randomUUID } from 'node:crypto';
import { backoffMs } from '../../jobs/backoff';
import { JobLoop } from '../../jobs/loop';
import type { ClaimOptions, DeliveryQueue } from '../../persistence/queues/delivery-queue';
import type { Logger } from '../../platform/logger';
import type { ClaimedDelivery, Clock } from './types';

/** What the worker hands a claimed delivery to (DeliveryProcessor in production, a fake in tests). */
export interface DeliveryHandler {
  process(d: ClaimedDelivery, signal?: AbortSignal): Promise<void>;
  /** See ClaimOptions.horizonMs. */
  readonly horizonMs: number;
  /** See ClaimOptions.intervalMs. */
  readonly intervalMs: number;
  /** See ClaimOptions.perTenant: how many rows of one tenant this process can post within `windowMs`. */
  perTenantClaim?(windowMs: number): number;
}

export interface WorkerOptions {
  queue: Pick<DeliveryQueue, 'claim' | 'reschedule' | 'fail'>;
  handler: DeliveryHandler;
  clock: Clock;
  logger: Logger;
  /**
   * Rows this worker holds at once (default 8): claimed and being checked, waiting for their send
   * slot (at most the horizon), or being sent. The bound on posts in flight, and so on what a crash
   * can send twice, is the handler's (DeliveryProcessor's `postConcurrency`).
   */
  concurrency?: number;
  /**
   * Attempts before a delivery that keeps throwing (or keeps taking its process down) fails with
   * `retries_exhausted` (default 5, the processor's bound for Slack errors).
   */
  maxAttempts?: number;
  /** Sleep when there was nothing to claim (default 250 ms). */
  pollMs?: number;
  /** Claim lease (default 60 s): a crashed worker's claims are taken up again after this. */
  leaseMs?: number;
  /** Called with every error the loop catches, with what it was doing (default: log it). */
  onError?: (error: unknown, context: { op: 'claim' | 'process'; deliveryId?: string }) => void;
  /** For logs. */
  workerId?: string;
}

/**
 * The delivery worker: the app's job loop (src/jobs/loop.ts) over the deliveries queue. It claims
 * as many rows as there are free slots, never more of one tenant than that tenant can send
 * (`perTenant`, `held`), processes each, and goes round again; errors are reported through
 * `onError` with what it was doing, and the loop backs off and carries on. `stop()` lets in-flight
 * sends finish; a delivery still waiting for its pacing slot is put back in the queue.
 */
export class DeliveryWorker {
  /** Rows held per tenant, so one tenant never takes more than it can send (ClaimOptions.held). */
  private readonly held = new Map<string, number>();
  private readonly loop: JobLoop<ClaimedDelivery>;
  readonly workerId: string;

  constructor(private readonly o: WorkerOptions) {
    this.workerId = o.workerId ?? randomUUID().slice(0, 8);
    const claim: Omit<ClaimOptions, 'limit'> = {
      leaseMs: o.leaseMs ?? 60_000,
      horizonMs: o.handler.horizonMs,
      intervalMs: o.handler.intervalMs,
    };
    this.loop = new JobLoop<ClaimedDelivery>({
      limit: o.concurrency ?? 8,
      pollMs: o.pollMs ?? 250,
      clock: o.clock,
      // 400 ms after the first failed claim, doubling up to 10 s while the database is unreachable.
      claimBackoffMs: (failures) => backoffMs(failures, { baseMs: 400, maxMs: 10_000, jitter: 0 }),
      claim: async (limit) => {
        const claimed = await o.queue.claim({
          ...claim,
          limit,
          perTenant: o.handler.perTenantClaim?.(Math.min(claim.horizonMs, claim.leaseMs / 4)),
          held: this.held,
        });
        const postBy = o.clock.now() + claim.leaseMs / 2;
        for (const d of claimed) {
          d.postBy = postBy;
          this.held.set(d.tenantId, (this.held.get(d.tenantId) ?? 0) + 1);
        }
        return claimed;
      },
      process: (d, signal) => this.process(d, signal),
      onError: (error, context) =>
        this.report(
          error,
          context.op === 'claim' ? { op: 'claim' } : { op: 'process', deliveryId: context.job.id },
        ),
    });
  }

  start(): void {
    this.loop.start();
  }

  get running(): boolean {
    return this.loop.running;
  }

  async stop(): Promise<void> {
    await this.loop.stop();
  }

  private report(error: unknown, context: { op: 'claim' | 'process'; deliveryId?: string }): void {
    if (this.o.onError) {
      this.o.onError(error, context);
      return;
    }
    this.o.logger.error({ err: error, workerId: this.workerId, ...context }, 'delivery worker error');
  }

  /** One claimed row, settled whatever happens (the loop only sees errors of the settling itself). */
  private async process(d: ClaimedDelivery, signal: AbortSignal): Promise<void> {
    const maxAttempts = this.o.maxAttempts ?? 5;
    try {
      // A claim counts an attempt; one beyond the bound means earlier attempts never finished (the
      // process died on this row each time): give up on it rather than crash again.
      if (d.attempts > maxAttempts) await this.o.queue.fail(d, 'retries_exhausted');
      else await this.o.handler.process(d, signal);
    } catch (error) {
      this.report(error, { op: 'process', deliveryId: d.id });
      // An unexpected error (a bug, the database): retry later, counted, so a poison row ends.
      const settle =
        d.attempts >= maxAttempts
          ? this.o.queue.fail(d, 'retries_exhausted')
          : this.o.queue.reschedule(d, 5000, 'internal_error', true);
      await settle.catch(() => {
        // the lease will run out and the row comes due again
      });
    } finally {
      const left = (this.held.get(d.tenantId) ?? 1) - 1;
      if (left > 0) this.held.set(d.tenantId, left);
      else this.held.delete(d.tenantId);
    }
  }
}
