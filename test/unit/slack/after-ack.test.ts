import { AfterAck } from '../../../src/slack-server/after-ack';

describe('AfterAck', () => {
  it('runs at most `concurrency` works at once, in arrival order, and passes results and errors on', async () => {
    const q = new AfterAck(2);
    let running = 0;
    let most = 0;
    const started: number[] = [];
    const work = (i: number) => async () => {
      started.push(i);
      running += 1;
      most = Math.max(most, running);
      await new Promise((r) => setTimeout(r, 5));
      running -= 1;
      if (i === 3) throw new Error('three');
      return i * 10;
    };
    const results = await Promise.allSettled([1, 2, 3, 4, 5, 6].map((i) => q.run(work(i))));
    expect(most).toBe(2);
    expect(started).toEqual([1, 2, 3, 4, 5, 6]);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual([
      10,
      20,
      'three',
      40,
      50,
      60,
    ]);
    expect(q.queued).toBe(0);
  });

  it('start queues work and returns at once; an error that escapes the work goes to onError', async () => {
    const q = new AfterAck(1);
    const order: string[] = [];
    const errors: unknown[] = [];
    let done!: () => void;
    const finished = new Promise<void>((r) => {
      done = r;
    });
    q.start(
      async () => {
        order.push('first');
      },
      (e) => errors.push(e),
    );
    q.start(
      async () => {
        order.push('second');
        throw new Error('escaped');
      },
      (e) => {
        errors.push(e);
        done();
      },
    );
    order.push('returned');
    await finished;
    expect(order).toEqual(['returned', 'first', 'second']);
    expect(errors.map((e) => (e as Error).message)).toEqual(['escaped']);
  });

  it('is full once maxWaiting works wait for a slot', async () => {
    const q = new AfterAck(1, 2);
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const running = [q.run(() => gate), q.run(async () => undefined)];
    expect(q.full).toBe(false);
    running.push(q.run(async () => undefined));
    expect(q.queued).toBe(2);
    expect(q.full).toBe(true);
    release();
    await Promise.all(running);
    expect(q.full).toBe(false);
  });

  it('spaces the starts while acks are waiting, and starts at once when none are', async () => {
    let pressed = true;
    const q = new AfterAck(3, 1000, { acksPending: () => pressed, startsPerSecondUnderPressure: 10 });
    const startedAt: number[] = [];
    const t0 = performance.now();
    const work = async () => {
      startedAt.push(performance.now() - t0);
    };
    await Promise.all([1, 2, 3, 4].map(() => q.run(work)));
    // 100 ms apart under pressure: the first at once, the fourth no sooner than 300 ms.
    expect(startedAt).toHaveLength(4);
    for (let i = 1; i < 4; i++) expect(startedAt[i]! - startedAt[i - 1]!).toBeGreaterThanOrEqual(95);
    pressed = false;
    const t1 = performance.now();
    const free: number[] = [];
    await Promise.all(
      [1, 2, 3, 4, 5, 6].map(() => q.run(async () => void free.push(performance.now() - t1))),
    );
    // Spaced, six would take 500 ms.
    expect(Math.max(...free)).toBeLessThan(100);
  });

  it('lets waiting work go as soon as the pressure ends', async () => {
    let pressed = true;
    const q = new AfterAck(1, 1000, { acksPending: () => pressed, startsPerSecondUnderPressure: 0.5 });
    await q.run(async () => undefined); // the first start is free; the next one would wait 2 s
    const t0 = performance.now();
    const second = q.run(async () => performance.now() - t0);
    setTimeout(() => {
      pressed = false;
    }, 30);
    const waited = await second;
    expect(waited).toBeGreaterThanOrEqual(25);
    expect(waited).toBeLessThan(1000);
  });
});
