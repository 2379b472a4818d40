import type { Clock } from '../../../src/jobs/clock';
import { JobLoop, type JobLoopErrorContext, type JobLoopOptions } from '../../../src/jobs/loop';

/** A virtual clock: sleeps wait until the test moves time on (or their signal aborts). */
class FakeClock implements Clock {
  t = 0;
  /** Every sleep asked for, in ms. */
  readonly asked: number[] = [];
  private timers: Array<{ at: number; done: () => void }> = [];

  now = () => this.t;

  sleep = (ms: number, signal?: AbortSignal) =>
    new Promise<void>((resolve) => {
      this.asked.push(ms);
      if (signal?.aborted) return resolve();
      const timer = {
        at: this.t + ms,
        done: () => {
          this.timers = this.timers.filter((x) => x !== timer);
          resolve();
        },
      };
      this.timers.push(timer);
      signal?.addEventListener('abort', timer.done, { once: true });
    });

  /** Moves time on by `ms`, waking every sleep that ends by then. */
  async advance(ms: number): Promise<void> {
    this.t += ms;
    for (const timer of this.timers.filter((x) => x.at <= this.t)) timer.done();
    await settle();
  }

  get sleeping(): number {
    return this.timers.length;
  }
}

/** Lets every pending promise callback run. */
async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await new Promise((r) => setImmediate(r));
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

function loopOf(
  clock: FakeClock,
  o: Partial<JobLoopOptions<string>> & Pick<JobLoopOptions<string>, 'claim'>,
): { loop: JobLoop<string>; errors: Array<{ error: unknown; context: JobLoopErrorContext<string> }> } {
  const errors: Array<{ error: unknown; context: JobLoopErrorContext<string> }> = [];
  const loop = new JobLoop<string>({
    limit: 3,
    pollMs: 250,
    clock,
    claimBackoffMs: (failures) => 1000 * failures,
    process: async () => {},
    onError: (error, context) => errors.push({ error, context }),
    ...o,
  });
  return { loop, errors };
}

describe('JobLoop', () => {
  it('backs off after failed claims, longer each time, and carries on once the claim works', async () => {
    const clock = new FakeClock();
    let claims = 0;
    const { loop, errors } = loopOf(clock, {
      claim: async () => {
        claims += 1;
        if (claims <= 3) throw new Error('database went away');
        return [];
      },
    });
    loop.start();
    await settle();
    expect(claims).toBe(1);
    expect(clock.asked).toEqual([1000]);
    await clock.advance(999);
    expect(claims).toBe(1);
    await clock.advance(1);
    expect(claims).toBe(2);
    await clock.advance(2000);
    await clock.advance(3000);
    // The fourth claim worked (nothing due): back to the poll interval, and the count starts over.
    expect(claims).toBe(4);
    expect(clock.asked).toEqual([1000, 2000, 3000, 250]);
    expect(errors.map((e) => e.context)).toEqual([{ op: 'claim' }, { op: 'claim' }, { op: 'claim' }]);
    expect(loop.running).toBe(true);
    await loop.stop();
    expect(loop.running).toBe(false);
  });

  it('never holds more than the limit, and claims exactly the free slots', async () => {
    const clock = new FakeClock();
    const queue = Array.from({ length: 10 }, (_, i) => `job-${i}`);
    const limits: number[] = [];
    const running = new Map<string, () => void>();
    let most = 0;
    const { loop } = loopOf(clock, {
      claim: async (limit) => {
        limits.push(limit);
        return queue.splice(0, limit);
      },
      process: async (job) => {
        const d = deferred();
        running.set(job, d.resolve);
        most = Math.max(most, running.size);
        await d.promise;
        running.delete(job);
      },
    });
    loop.start();
    await settle();
    expect([...running.keys()]).toEqual(['job-0', 'job-1', 'job-2']);
    expect(loop.held).toBe(3);
    // One finishes: exactly one slot is claimed again.
    running.get('job-1')!();
    await settle();
    expect(limits).toEqual([3, 1]);
    expect(loop.held).toBe(3);
    while (running.size > 0) {
      for (const finish of [...running.values()]) finish();
      await settle();
    }
    expect(most).toBe(3);
    expect(queue).toEqual([]);
    expect(limits.every((l) => l >= 1 && l <= 3)).toBe(true);
    await loop.stop();
  });

  it('stop() claims no more, aborts the signal, and returns only when the work in hand has finished', async () => {
    const clock = new FakeClock();
    const finish = deferred();
    let claims = 0;
    let seen: AbortSignal | undefined;
    let finished = false;
    const { loop } = loopOf(clock, {
      claim: async () => (++claims === 1 ? ['slow'] : []),
      process: async (_job, signal) => {
        seen = signal;
        await finish.promise;
        finished = true;
      },
    });
    loop.start();
    await settle();
    let stopped = false;
    const stopping = loop.stop().then(() => {
      stopped = true;
    });
    await settle();
    expect(seen?.aborted).toBe(true);
    expect(stopped).toBe(false);
    const claimsAtStop = claims;
    await clock.advance(10_000);
    expect(claims).toBe(claimsAtStop);
    finish.resolve();
    await stopping;
    expect(finished).toBe(true);
    expect(stopped).toBe(true);
  });

  it('reports a job that throws with the job, and goes on with the others', async () => {
    const clock = new FakeClock();
    const jobs = ['bad', 'good'];
    const done: string[] = [];
    const { loop, errors } = loopOf(clock, {
      claim: async (limit) => jobs.splice(0, limit),
      process: async (job) => {
        if (job === 'bad') throw new Error('bug');
        done.push(job);
      },
    });
    loop.start();
    await settle();
    await loop.stop();
    expect(done).toEqual(['good']);
    expect(errors.map((e) => e.context)).toEqual([{ op: 'process', job: 'bad' }]);
  });

  it('poke() ends the idle sleep at once', async () => {
    const clock = new FakeClock();
    let claims = 0;
    const { loop } = loopOf(clock, {
      claim: async () => {
        claims += 1;
        return [];
      },
    });
    loop.start();
    await settle();
    expect(claims).toBe(1);
    loop.poke();
    await settle();
    expect(claims).toBe(2);
    await loop.stop();
    expect(clock.sleeping).toBe(0);
  });

  it('can be started again after a stop', async () => {
    const clock = new FakeClock();
    let claims = 0;
    const { loop } = loopOf(clock, {
      claim: async () => {
        claims += 1;
        return [];
      },
    });
    loop.start();
    await settle();
    await loop.stop();
    loop.start();
    await settle();
    expect(claims).toBe(2);
    expect(loop.running).toBe(true);
    await loop.stop();
  });
});
