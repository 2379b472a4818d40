/**
 * In-process pacing per DM channel: Slack allows chat.postMessage about once per second per
 * channel. Kept per process (unlike the workspace pace, which lives in PostgreSQL) because a DM
 * channel is one recipient, and several sends to one recipient within a second are rare; when two
 * processes do collide, Slack's 429 and its Retry-After take over (docs/delivery.md "Pacing").
 */
export class ChannelPacer {
  private readonly next = new Map<string, number>();

  constructor(
    private readonly intervalMs: number,
    private readonly now: () => number,
  ) {}

  /** Milliseconds until the key's next slot, without taking it. */
  peek(key: string): number {
    return Math.max(0, (this.next.get(key) ?? 0) - this.now());
  }

  /** Reserves the key's next slot; returns milliseconds to wait for it. */
  reserve(key: string): number {
    const t = this.now();
    const slot = Math.max(t, this.next.get(key) ?? t);
    this.next.set(key, slot + this.intervalMs);
    if (this.next.size > 10_000) this.prune(t);
    return slot - t;
  }

  private prune(t: number): void {
    for (const [key, at] of this.next) if (at < t) this.next.delete(key);
  }
}

/**
 * At most `limit` holders per key at once, waiting in FIFO order. Used to keep one post per
 * workspace in flight per process (by default): Slack's 429 then always arrives before the next
 * post of that workspace leaves, so its Retry-After is honoured exactly.
 */
export class KeyedSemaphore {
  private readonly held = new Map<string, { count: number; waiting: Array<() => void> }>();

  constructor(private readonly limit: number) {}

  async acquire(key: string): Promise<() => void> {
    let entry = this.held.get(key);
    if (!entry) {
      entry = { count: 0, waiting: [] };
      this.held.set(key, entry);
    }
    const e = entry;
    if (e.count >= this.limit) await new Promise<void>((resolve) => e.waiting.push(resolve));
    else e.count += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = e.waiting.shift();
      if (next) return next(); // the slot passes straight to the next waiter
      e.count -= 1;
      if (e.count === 0) this.held.delete(key);
    };
  }
}

/** At most `limit` holders at once, FIFO: bounds the posts in flight in one process. */
export class Semaphore {
  private readonly keyed: KeyedSemaphore;

  constructor(limit: number) {
    this.keyed = new KeyedSemaphore(limit);
  }

  acquire(): Promise<() => void> {
    return this.keyed.acquire('');
  }
}
