/**
 * Work over many records written as a generator that yields after each record, so the caller
 * decides when to pause: run it to the end at once ({@link runToEnd}, for one user or a test), or
 * in time slices with the event loop in between (src/app/user-matching/slices.ts, for a whole tenant).
 * The domain stays free of timers; the generator only marks where pausing is safe.
 */
export type Steps<T> = Generator<undefined, T, undefined>;

/** Run steps synchronously to the end and return their result. */
export function runToEnd<T>(steps: Steps<T>): T {
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}
