/**
 * Group commit: items submitted while a write is in flight are written together by the next one.
 * A lone item is written at once (no timer, no added latency); under load each database round
 * trip and each commit carries many items, which is what makes accept throughput scale.
 *
 * `write` answers one outcome per item, in order: a value, an error, or a promise for an item it
 * deferred to a later batch. The batch counts as done when `write` resolves; if `write` itself
 * throws, every item of the batch gets that error.
 */
export type Outcome<O> = { value: O } | { error: unknown } | { later: Promise<O> };

export class GroupCommit<I, O> {
  private readonly pending: Array<{ item: I; resolve: (o: O) => void; reject: (e: unknown) => void }> = [];
  private inFlight = 0;

  constructor(
    private readonly write: (items: I[]) => Promise<Array<Outcome<O>>>,
    private readonly limits: { maxBatch: number; maxInFlight: number },
  ) {}

  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      this.kick();
    });
  }

  private kick(): void {
    while (this.inFlight < this.limits.maxInFlight && this.pending.length > 0) {
      const batch = this.pending.splice(0, this.limits.maxBatch);
      this.inFlight += 1;
      // The next batch starts before this one's callers hear back: their answers (and whatever
      // they do next) then run while the next statement is on its way, not before it leaves.
      const done = (answer: () => void) => {
        this.inFlight -= 1;
        this.kick();
        answer();
      };
      this.write(batch.map((b) => b.item)).then(
        (results) =>
          done(() =>
            batch.forEach((b, i) => {
              const r = results[i];
              if (!r) b.reject(new Error('group commit: the batch answered no outcome for an item'));
              else if ('value' in r) b.resolve(r.value);
              else if ('error' in r) b.reject(r.error);
              else r.later.then(b.resolve, b.reject);
            }),
          ),
        (error: unknown) =>
          done(() => {
            for (const b of batch) b.reject(error);
          }),
      );
    }
  }
}
