import type { Logger } from '../logger';
import type { TrackChannelStore } from './store';
import type { TrackChannelSync } from './sync';

export interface TrackWorkerOptions {
  /** Sleep when there was nothing to claim (default 1 s). */
  pollMs?: number;
  /** Claim lease (default 120 s): longer than one sync of a big channel takes. */
  leaseMs?: number;
  /** Channels claimed and synced at once by this process (default 4). */
  batch?: number;
  /** Called with every error the loop catches (default: log it). */
  onError?: (error: unknown, context: { trackId?: string }) => void;
}

/**
 * The track-channel worker (conventions habit 9): claim due rows (`FOR UPDATE SKIP LOCKED`, with a
 * lease), sync each, go round again. Errors are caught per iteration and per channel, reported,
 * and followed by a back-off: nothing here stops the loop or the process. Independent of the
 * delivery worker on purpose: channel work is slow (Tier 2 methods) and must not hold up DMs.
 */
export class TrackChannelWorker {
  private loop?: Promise<void>;
  private stopping = false;
  private wake?: () => void;
  private readonly pollMs: number;
  private readonly leaseMs: number;
  private readonly batch: number;

  constructor(
    private readonly store: Pick<TrackChannelStore, 'claim'>,
    private readonly sync: Pick<TrackChannelSync, 'run'>,
    private readonly logger: Logger,
    private readonly o: TrackWorkerOptions = {},
  ) {
    this.pollMs = o.pollMs ?? 1000;
    this.leaseMs = o.leaseMs ?? 120_000;
    this.batch = Math.max(1, o.batch ?? 4);
  }

  start(): void {
    this.stopping = false;
    this.loop ??= this.run().finally(() => {
      this.loop = undefined;
    });
  }

  /** Lets the channels in hand finish, then returns. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.loop;
  }

  /** Ask the loop to look now (after a PUT), instead of at the next poll. */
  poke(): void {
    this.wake?.();
  }

  /** One claim-and-sync round; returns how many channels it handled. */
  async tick(): Promise<number> {
    const claimed = await this.store.claim(this.batch, this.leaseMs);
    await Promise.all(
      claimed.map((c) => this.sync.run(c).catch((error) => this.report(error, { trackId: c.trackId }))),
    );
    return claimed.length;
  }

  private report(error: unknown, context: { trackId?: string }): void {
    if (this.o.onError) {
      this.o.onError(error, context);
      return;
    }
    this.logger.error({ err: error, ...context }, 'track channel worker error');
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (!this.stopping) {
      let handled = 0;
      try {
        handled = await this.tick();
        failures = 0;
      } catch (error) {
        failures++;
        this.report(error, {});
      }
      if (handled > 0 || this.stopping) continue;
      const wait = failures > 0 ? Math.min(30_000, this.pollMs * 2 ** failures) : this.pollMs;
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, wait);
        this.wake = () => {
          clearTimeout(t);
          resolve();
        };
      });
      this.wake = undefined;
    }
  }
}
