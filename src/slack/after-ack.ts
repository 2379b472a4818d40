/**
 * The work a listener does after it has acknowledged (answering a slash command through its
 * response_url, say), run at most `concurrency` at a time in arrival order. Acks are what Slack
 * times (3 s); the work after them is not. Without a bound, a burst of commands starts all its
 * work at once, the work takes every database connection and the event loop, and the acks of the
 * commands that follow wait behind it. With one, acks stay fast and the work drains in order.
 */
export class AfterAck {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    private readonly concurrency: number,
    /** Work waiting beyond which `full` says to turn new work away. */
    private readonly maxWaiting = 1000,
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
      // Let requests already waiting on the event loop (acks) go first.
      await new Promise<void>((resolve) => setImmediate(resolve));
      return await work();
    } finally {
      // Hand the slot straight to the next in line, or give it back.
      const next = this.waiting.shift();
      if (next) next();
      else this.running -= 1;
    }
  }

  /** Work waiting for a slot (for tests and metrics). */
  get queued(): number {
    return this.waiting.length;
  }
}
