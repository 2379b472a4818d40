import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Steps } from '../../domain/matching/steps';

/**
 * Longest stretch of matching work between two turns of the event loop, in milliseconds. A whole
 * tenant (100,000 users and members) takes seconds of CPU to match; in slices of this length
 * `/healthz`, Slack's requests and the internal API are answered in between (bench/healthz-rematch.ts
 * measures it). One step is one record, which the JMESPath budget keeps under a few milliseconds.
 */
export const SLICE_MS = 5;

/** Run steps to the end, letting the event loop run whenever a slice has taken SLICE_MS. */
export async function runInSlices<T>(steps: Steps<T>, sliceMs = SLICE_MS): Promise<T> {
  const slicer = new Slicer(sliceMs);
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
    if (slicer.due()) await slicer.pause();
  }
}

/** For plain loops: `if (slicer.due()) await slicer.pause();` after each record. */
export class Slicer {
  private started = performance.now();

  constructor(private readonly sliceMs = SLICE_MS) {}

  due(): boolean {
    return performance.now() - this.started >= this.sliceMs;
  }

  async pause(): Promise<void> {
    await nextTurn();
    this.started = performance.now();
  }
}
