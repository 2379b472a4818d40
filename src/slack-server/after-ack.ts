/**
 * The work a listener does after it has acknowledged (answering a slash command through its
 * response_url, say), run at most `concurrency` at a time in arrival order. Acks are what Slack
 * times (3 s); the work after them is not (a response_url takes answers for 30 minutes). Without a
 * bound, a burst of commands starts all its work at once, the work takes every database connection
 * and the event loop, and the acks of the commands that follow wait behind it. With one, acks stay
 * fast and the work drains in order.
 *
 * Under ack pressure (`acksPending` says requests are waiting for their ack) work starts at most
 * `startsPerSecondUnderPressure` times a second: in one process the work's CPU is taken from the
 * acks, so while acks queue the answers wait their (30-minute) turn, and past `maxWaiting` the
 * listener says "busy" at once. Without pressure work starts as soon as a slot is free.
 */
/**
 * Commands answered at once after their acks; the rest wait their turn. Measured with the ack
 * bench (200 concurrent /plusplus status, quiet 2-core machine): 4 at once gave ack p99 181 ms
 * and 406 ms in bursts of 200; 2 gave 92 ms and 186 ms, with every burst still answered.
 */
export const AFTER_ACK_CONCURRENCY = 2;

/**
 * Answers started a second while acks are waiting (issue 15): each status answer costs a few
 * hundred µs of the loop (a query, a response_url POST), so 20 a second take a few per cent of
 * it from the acks; the rest wait until the acks are through, or are told "busy".
 */
export const AFTER_ACK_STARTS_PER_SECOND_UNDER_PRESSURE = 20;

/** How often waiting work looks whether the acks are through. */
const PRESSURE_RECHECK_MS = 20;

export class AfterAck {
  private running = 0;
  private readonly waiting: Array<() => void> = [];
  private nextPressedStart = 0;

  constructor(
    private readonly concurrency: number,
    /** Work waiting beyond which `full` says to turn new work away. */
    private readonly maxWaiting = 1000,
    private readonly pressure: {
      /** True while Slack requests are waiting for their ack (the Slack server counts them). */
      acksPending: () => boolean;
      startsPerSecondUnderPressure: number;
      now?: () => number;
    } = { acksPending: () => false, startsPerSecondUnderPressure: Number.POSITIVE_INFINITY },
  ) {}

  /** Too much is waiting: the caller should say "busy" rather than queue more (memory is finite). */
  get full(): boolean {
    return this.waiting.length >= this.maxWaiting;
  }

  /** Runs `work` when a slot is free; resolves or rejects with it. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.concurrency) {
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running += 1;
    }
    try {
      await this.turn();
      return await work();
    } finally {
      // Hand the slot straight to the next in line, or give it back.
      const next = this.waiting.shift();
      if (next) next();
      else this.running -= 1;
    }
  }

  /**
   * Queues `work` and returns at once, so the listener that calls this ends with its ack rather
   * than with its answer. Bolt's call of the listener, and the receiver's request and response
   * objects, live as long as the listener does: with up to `maxWaiting` answers queued under load
   * they kept megabytes alive in the young generation, and garbage collection took 12–18 % of the
   * event loop while acks waited (issue 15). `work` answers its own failures; anything that still
   * escapes it goes to `onError`.
   */
  start(work: () => Promise<unknown>, onError: (error: unknown) => void): void {
    this.run(work).catch(onError);
  }

  /** Work waiting for a slot (for tests and metrics). */
  get queued(): number {
    return this.waiting.length;
  }

  /**
   * Requests already waiting on the event loop (acks) go first; under pressure, starts are spaced
   * 1/startsPerSecondUnderPressure apart (the slot is held meanwhile, so the order stays).
   */
  private async turn(): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    const gap = 1000 / this.pressure.startsPerSecondUnderPressure;
    const now = this.pressure.now ?? Date.now;
    while (this.pressure.acksPending()) {
      const wait = this.nextPressedStart - now();
      if (wait <= 0) {
        this.nextPressedStart = now() + gap;
        return;
      }
      // Look again soon: the pressure may end before the gap does.
      await new Promise<void>((resolve) => setTimeout(resolve, Math.min(wait, PRESSURE_RECHECK_MS)));
    }
  }
}
