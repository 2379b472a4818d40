import { randomUUID } from 'node:crypto';
import type { Logger } from '../logger';
import type { ClaimOptions, DeliveryQueue } from './queue';
import type { ClaimedDelivery, Clock } from './types';

/** What the worker hands a claimed delivery to (DeliveryProcessor in production, a fake in tests). */
export interface DeliveryHandler {
  process(d: ClaimedDelivery, signal?: AbortSignal): Promise<void>;
  /** See ClaimOptions.horizonMs. */
  readonly horizonMs: number;
}

export interface WorkerOptions {
  queue: Pick<DeliveryQueue, 'claim' | 'reschedule' | 'fail'>;
  handler: DeliveryHandler;
  clock: Clock;
  logger: Logger;
  /** Sends in flight at once in this process (default 8): also the most a crash can duplicate. */
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
 * The delivery worker loop (conventions habit 9, after pg-boss's `worker.ts`): claim as many rows
 * as there are free slots, process each, and go round again. Every iteration catches its errors,
 * reports them with context through `onError`, backs off, and carries on: a database blip or a bug
 * in one delivery never stops the loop or the process. `stop()` lets in-flight sends finish; a
 * delivery still waiting for its pacing slot is put back in the queue.
 */
export class DeliveryWorker {
  private readonly inFlight = new Set<Promise<void>>();
  private readonly abort = new AbortController();
  private loop?: Promise<void>;
  private wake?: () => void;
  private readonly concurrency: number;
  readonly workerId: string;

  constructor(private readonly o: WorkerOptions) {
    this.concurrency = Math.max(1, o.concurrency ?? 8);
    this.workerId = o.workerId ?? randomUUID().slice(0, 8);
  }

  start(): void {
    this.loop ??= this.run();
  }

  get running(): boolean {
    return this.loop !== undefined && !this.abort.signal.aborted;
  }

  async stop(): Promise<void> {
    this.abort.abort();
    this.wake?.();
    await this.loop;
    await Promise.allSettled([...this.inFlight]);
  }

  private report(error: unknown, context: { op: 'claim' | 'process'; deliveryId?: string }): void {
    if (this.o.onError) {
      this.o.onError(error, context);
      return;
    }
    this.o.logger.error({ err: error, workerId: this.workerId, ...context }, 'delivery worker error');
  }

  private async run(): Promise<void> {
    const { clock } = this.o;
    const signal = this.abort.signal;
    let failures = 0;
    const claim: Omit<ClaimOptions, 'limit'> = {
      leaseMs: this.o.leaseMs ?? 60_000,
      horizonMs: this.o.handler.horizonMs,
    };
    while (!signal.aborted) {
      const free = this.concurrency - this.inFlight.size;
      if (free <= 0) {
        await this.nextFreeSlot();
        continue;
      }
      let claimed: ClaimedDelivery[] = [];
      try {
        claimed = await this.o.queue.claim({ ...claim, limit: free });
        failures = 0;
      } catch (error) {
        failures += 1;
        this.report(error, { op: 'claim' });
        // Back off up to 10 s while the database is unreachable.
        await clock.sleep(Math.min(10_000, 200 * 2 ** failures), signal);
        continue;
      }
      for (const d of claimed) this.spawn(d);
      if (claimed.length < free) await this.idle();
    }
  }

  private spawn(d: ClaimedDelivery): void {
    const maxAttempts = this.o.maxAttempts ?? 5;
    // A claim counts an attempt; one beyond the bound means earlier attempts never finished (the
    // process died on this row each time): give up on it rather than crash again.
    const work =
      d.attempts > maxAttempts
        ? this.o.queue.fail(d, 'retries_exhausted').then(() => undefined)
        : this.o.handler.process(d, this.abort.signal);
    const task = work
      .catch(async (error) => {
        this.report(error, { op: 'process', deliveryId: d.id });
        // An unexpected error (a bug, the database): retry later, counted, so a poison row ends.
        const settle =
          d.attempts >= maxAttempts
            ? this.o.queue.fail(d, 'retries_exhausted')
            : this.o.queue.reschedule(d, 5000, 'internal_error', true);
        await settle.catch(() => {
          // the lease will run out and the row comes due again
        });
      })
      .finally(() => {
        this.inFlight.delete(task);
        this.wake?.();
      });
    this.inFlight.add(task);
  }

  /** The queue had less than we could take: wait a poll interval (or until stop()). */
  private idle(): Promise<void> {
    return this.o.clock.sleep(this.o.pollMs ?? 250, this.abort.signal);
  }

  private nextFreeSlot(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.wake = resolve;
      if (this.abort.signal.aborted || this.inFlight.size < this.concurrency) resolve();
    });
  }
}
