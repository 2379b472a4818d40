import type { ClaimedTrackChannel } from '../../domain/tracks/track-channel';
import { backoffMs } from '../../jobs/backoff';
import { type Clock, systemClock } from '../../jobs/clock';
import { JobLoop } from '../../jobs/loop';
import type { TrackChannelStore } from '../../persistence/queues/track-channel-queue';
import type { Logger } from '../../platform/logger';
import type { TrackChannelSync } from './channel-sync';

export interface TrackWorkerOptions {
  /** Sleep when the queue had less than the free slots (default 1 s); `poke()` ends it early. */
  pollMs?: number;
  /** Claim lease (default 120 s): longer than one sync of a big channel takes. */
  leaseMs?: number;
  /** Channels held (claimed and being synced) at once by this process (default 4). */
  batch?: number;
  /** Time for the loop's sleeps (default: the system clock); a virtual clock in tests. */
  clock?: Clock;
  /** Called with every error the loop catches (default: log it). */
  onError?: (error: unknown, context: { trackId?: string }) => void;
}

/**
 * The track-channel worker: the app's job loop (src/jobs/loop.ts) over due track channels (claimed
 * `FOR UPDATE SKIP LOCKED`, with a lease): up to `batch` channels in hand, each synced and the next
 * claimed as one finishes. Errors are caught per claim and per channel, reported, and followed by
 * a back-off: nothing here stops the loop or the process. Independent of the delivery worker on
 * purpose: channel work is slow (Tier 2 methods) and must not hold up DMs.
 */
export class TrackChannelWorker {
  private readonly loop: JobLoop<ClaimedTrackChannel>;
  private readonly leaseMs: number;
  private readonly batch: number;

  constructor(
    private readonly store: Pick<TrackChannelStore, 'claim'>,
    private readonly sync: Pick<TrackChannelSync, 'run'>,
    private readonly logger: Logger,
    private readonly o: TrackWorkerOptions = {},
  ) {
    const pollMs = o.pollMs ?? 1000;
    this.leaseMs = o.leaseMs ?? 120_000;
    this.batch = Math.max(1, o.batch ?? 4);
    this.loop = new JobLoop<ClaimedTrackChannel>({
      limit: this.batch,
      pollMs,
      clock: o.clock ?? systemClock,
      // Two polls after the first failed claim, doubling up to 30 s.
      claimBackoffMs: (failures) => backoffMs(failures, { baseMs: 2 * pollMs, maxMs: 30_000, jitter: 0 }),
      claim: (limit) => this.store.claim(limit, this.leaseMs),
      // The sync finishes the channel it holds even on stop(): it is not given the signal.
      process: (c) => this.sync.run(c),
      onError: (error, context) =>
        this.report(error, context.op === 'process' ? { trackId: context.job.trackId } : {}),
    });
  }

  start(): void {
    this.loop.start();
  }

  /** Lets the channels in hand finish, then returns. */
  async stop(): Promise<void> {
    await this.loop.stop();
  }

  /** Ask the loop to look now (after a PUT), instead of at the next poll. */
  poke(): void {
    this.loop.poke();
  }

  private report(error: unknown, context: { trackId?: string }): void {
    if (this.o.onError) {
      this.o.onError(error, context);
      return;
    }
    this.logger.error({ err: error, ...context }, 'track channel worker error');
  }
}
