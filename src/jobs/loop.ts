import { setMaxListeners } from 'node:events';
import type { Clock } from './clock';

/** Where the loop was when it caught an error. */
export type JobLoopErrorContext<T> = { op: 'claim' } | { op: 'process'; job: T };

/** What a JobLoop runs; everything is injected, so it runs on a fake clock and a fake queue. */
export interface JobLoopOptions<T> {
  /**
   * Claims up to `limit` jobs (the free slots) with their lease, or none. A claim that throws
   * (the database is away) is reported and retried after `claimBackoffMs`.
   */
  claim(limit: number): Promise<T[]>;
  /**
   * Works one claimed job. `signal` aborts when `stop()` is called: work that has not yet started
   * the part that must finish can give its job back. An error is reported through `onError`; the
   * job's own settling (reschedule, fail) is the process function's business.
   */
  process(job: T, signal: AbortSignal): Promise<void>;
  /** Jobs held at once: claimed and not yet finished. Never more. */
  limit: number;
  /** Sleep when a claim returned fewer jobs than it could take (the queue is drained). */
  pollMs: number;
  /** Sleep after the n-th failed claim in a row (n ≥ 1). */
  claimBackoffMs(failures: number): number;
  /** Every error the loop catches, with where it was. Must not throw. */
  onError(error: unknown, context: JobLoopErrorContext<T>): void;
  clock: Clock;
}

/**
 * The one job loop of the app's queues (conventions habit 9, after pg-boss's `worker.ts`): claim
 * as many jobs as there are free slots, process each, go round again; when the queue is drained,
 * poll; when a claim fails, back off. Every error is caught, reported with context and followed by
 * a back-off: nothing stops the loop or crashes the process. Used by the delivery worker
 * (src/app/delivery/worker.ts) and the track-channel worker (src/app/track-channels/channel-worker.ts), which differ only
 * in what they claim, how they work a job, and their numbers.
 */
export class JobLoop<T> {
  private readonly inFlight = new Set<Promise<void>>();
  private abort = new AbortController();
  private loop?: Promise<void>;
  /** Ends the current idle or back-off sleep (poke, stop). */
  private wakeSleep?: () => void;
  /** Ends the wait for a free slot (a job finished, stop). */
  private wakeSlot?: () => void;

  constructor(private readonly o: JobLoopOptions<T>) {}

  /** Starts the loop; a no-op while it runs. A stopped loop may be started again. */
  start(): void {
    if (this.loop) return;
    this.abort = new AbortController();
    // Every job waiting for something (a send slot) listens for stop(): hundreds at once is expected.
    setMaxListeners(0, this.abort.signal);
    this.loop = this.run().finally(() => {
      this.loop = undefined;
    });
  }

  get running(): boolean {
    return this.loop !== undefined && !this.abort.signal.aborted;
  }

  /** Jobs claimed and not yet finished. */
  get held(): number {
    return this.inFlight.size;
  }

  /** Claims no more, aborts the jobs' signal, and returns once every job in hand has finished. */
  async stop(): Promise<void> {
    this.abort.abort();
    this.wakeSleep?.();
    this.wakeSlot?.();
    await this.loop;
    await Promise.allSettled([...this.inFlight]);
  }

  /** Look at the queue now (new work was added) instead of at the end of the idle sleep. */
  poke(): void {
    this.wakeSleep?.();
  }

  private async run(): Promise<void> {
    const signal = this.abort.signal;
    const limit = Math.max(1, this.o.limit);
    let failures = 0;
    while (!signal.aborted) {
      const free = limit - this.inFlight.size;
      if (free <= 0) {
        await this.nextFreeSlot(signal);
        continue;
      }
      let claimed: T[];
      try {
        claimed = await this.o.claim(free);
        failures = 0;
      } catch (error) {
        failures += 1;
        this.report(error, { op: 'claim' });
        await this.sleep(this.o.claimBackoffMs(failures), signal);
        continue;
      }
      if (claimed.length > free) {
        // A claim that broke its contract: the extra jobs come back when their lease runs out.
        this.report(new Error(`claim returned ${claimed.length} jobs for ${free} free slots`), {
          op: 'claim',
        });
      }
      // Jobs claimed while stop() was called still go to `process`: their aborted signal lets
      // them give the job back at once rather than hold it until the lease runs out.
      for (const job of claimed.slice(0, free)) this.spawn(job, signal);
      if (claimed.length < free) await this.sleep(this.o.pollMs, signal);
    }
  }

  private spawn(job: T, signal: AbortSignal): void {
    let work: Promise<void>;
    try {
      work = this.o.process(job, signal);
    } catch (error) {
      work = Promise.reject(error);
    }
    const task = work
      .catch((error) => this.report(error, { op: 'process', job }))
      .finally(() => {
        this.inFlight.delete(task);
        this.wakeSlot?.();
      });
    this.inFlight.add(task);
  }

  private report(error: unknown, context: JobLoopErrorContext<T>): void {
    try {
      this.o.onError(error, context);
    } catch {
      // An error hook that throws must not end the loop.
    }
  }

  /** Sleeps on the clock until `ms` passed, poke() or stop(). */
  private async sleep(ms: number, stopped: AbortSignal): Promise<void> {
    if (stopped.aborted) return;
    const woken = new AbortController();
    const wake = () => woken.abort();
    this.wakeSleep = wake;
    try {
      await this.o.clock.sleep(ms, woken.signal);
    } finally {
      if (this.wakeSleep === wake) this.wakeSleep = undefined;
    }
  }

  private nextFreeSlot(stopped: AbortSignal): Promise<void> {
    return new Promise<void>((resolve) => {
      this.wakeSlot = resolve;
      if (stopped.aborted || this.inFlight.size < Math.max(1, this.o.limit)) resolve();
    });
  }
}
