import { canonicalJson } from '../../../src/app/delivery/notification-service';
import { ChannelPacer, KeyedSemaphore } from '../../../src/app/delivery/pacing';

// Slack's answers are judged by src/slack/failures.ts: test/unit/slack/failures.test.ts.

describe('canonicalJson', () => {
  it('is the same for the same request whatever the key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: 'x' } })).toBe(
      canonicalJson({ a: { c: 'x', d: [1, { x: 1, y: 2 }] }, b: 1 }),
    );
    expect(canonicalJson({ a: 1, b: undefined })).toBe(canonicalJson({ a: 1 }));
    expect(canonicalJson({ a: [1, 2] })).not.toBe(canonicalJson({ a: [2, 1] }));
  });
});

describe('ChannelPacer', () => {
  it('spaces posts to one channel and leaves others alone', () => {
    let now = 0;
    const pacer = new ChannelPacer(1000, () => now);
    expect(pacer.reserve('a')).toBe(0);
    expect(pacer.reserve('a')).toBe(1000);
    expect(pacer.reserve('b')).toBe(0);
    now = 5000;
    expect(pacer.reserve('a')).toBe(0);
  });
});

describe('KeyedSemaphore', () => {
  it('lets `limit` holders per key in, the rest in order', async () => {
    const sem = new KeyedSemaphore(1);
    const order: string[] = [];
    const r1 = await sem.acquire('t');
    const second = sem.acquire('t').then((release) => {
      order.push('second');
      release();
    });
    const other = await sem.acquire('u');
    order.push('other');
    other();
    order.push('first done');
    r1();
    await second;
    expect(order).toEqual(['other', 'first done', 'second']);
  });
});
