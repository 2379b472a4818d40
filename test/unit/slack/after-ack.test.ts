import { AfterAck } from '../../../src/slack/after-ack';

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
});
