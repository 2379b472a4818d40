/**
 * A Map with a size limit that drops the least recently used entry first. Map keeps insertion
 * order, so re-inserting an entry makes it the most recently used and the first key the least.
 *
 * A hit re-inserts only an entry that has fallen into the older half of that order (more than
 * maxEntries/2 insertions ago): one in the newer half cannot be the next dropped anyway, and a
 * delete and set on every hit cost the ack path ~4 µs per /plusplus (issue 15). So the order is
 * least recently used to within half the capacity.
 */
export class BoundedCache<K, V> {
  private readonly entries = new Map<K, { value: V; insertedAt: number }>();
  /** Insertions so far: when an entry was (re)inserted, in that count. */
  private insertions = 0;
  private readonly half: number;

  /** @param maxEntries how many entries to keep; at least 1. */
  constructor(private readonly maxEntries: number) {
    if (!Number.isInteger(maxEntries) || maxEntries < 1)
      throw new RangeError('maxEntries must be an integer >= 1');
    this.half = Math.max(1, Math.floor(maxEntries / 2));
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: K): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (this.insertions - entry.insertedAt >= this.half) {
      this.entries.delete(key);
      entry.insertedAt = ++this.insertions;
      this.entries.set(key, entry);
    }
    return entry.value;
  }

  delete(key: K): void {
    this.entries.delete(key);
  }

  set(key: K, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, { value, insertedAt: ++this.insertions });
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
  }
}
