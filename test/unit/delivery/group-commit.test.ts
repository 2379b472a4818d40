import { GroupCommit, type Outcome } from '../../../src/app/delivery/group-commit';

/** A write whose batches the test releases by hand, recording what each batch held. */
function gatedWrite() {
  const batches: number[][] = [];
  const gates: Array<() => void> = [];
  const write = async (items: number[]): Promise<Array<Outcome<number>>> => {
    batches.push(items);
    await new Promise<void>((resolve) => gates.push(resolve));
    return items.map((i) => (i < 0 ? { error: new Error(`bad ${i}`) } : { value: i * 10 }));
  };
  const release = async () => {
    await new Promise((r) => setImmediate(r));
    gates.shift()?.();
  };
  return { batches, write, release };
}

describe('GroupCommit', () => {
  it('writes a lone item at once and groups the items that arrive meanwhile', async () => {
    const w = gatedWrite();
    const gc = new GroupCommit(w.write, { maxBatch: 10, maxInFlight: 1 });
    const first = gc.submit(1);
    const rest = [2, 3, 4].map((i) => gc.submit(i));
    expect(w.batches).toEqual([[1]]);
    await w.release();
    await w.release();
    expect(await first).toBe(10);
    expect(await Promise.all(rest)).toEqual([20, 30, 40]);
    expect(w.batches).toEqual([[1], [2, 3, 4]]);
  });

  it('keeps batches within maxBatch and runs up to maxInFlight at once', async () => {
    const w = gatedWrite();
    const gc = new GroupCommit(w.write, { maxBatch: 2, maxInFlight: 2 });
    const all = [1, 2, 3, 4, 5].map((i) => gc.submit(i));
    expect(w.batches).toEqual([[1], [2]]);
    for (let i = 0; i < 4; i += 1) await w.release();
    expect(await Promise.all(all)).toEqual([10, 20, 30, 40, 50]);
    expect(w.batches).toEqual([[1], [2], [3, 4], [5]]);
  });

  it("gives each item its own outcome: one item's error does not fail its neighbours", async () => {
    const w = gatedWrite();
    const gc = new GroupCommit(w.write, { maxBatch: 10, maxInFlight: 1 });
    const [a, b] = [gc.submit(1), gc.submit(-1)];
    await w.release();
    await w.release();
    expect(await a).toBe(10);
    await expect(b).rejects.toThrow('bad -1');
  });

  it('fails every item of a batch whose write throws, and goes on with the next batch', async () => {
    let calls = 0;
    const gc = new GroupCommit<number, number>(
      async (items) => {
        calls += 1;
        if (calls === 1) throw new Error('database down');
        return items.map((i) => ({ value: i }));
      },
      { maxBatch: 10, maxInFlight: 1 },
    );
    await expect(gc.submit(1)).rejects.toThrow('database down');
    expect(await gc.submit(2)).toBe(2);
  });

  it('sends the next batch before the callers of the finished one hear back', async () => {
    const events: string[] = [];
    const w = gatedWrite();
    const gc = new GroupCommit<number, number>(
      async (items) => {
        events.push(`write ${items.join(',')}`);
        return w.write(items);
      },
      { maxBatch: 10, maxInFlight: 1 },
    );
    const first = gc.submit(1).then(() => events.push('answered 1'));
    const second = gc.submit(2).then(() => events.push('answered 2'));
    await w.release();
    await first;
    // Batch [2] was on its way while batch [1]'s caller was still waiting for its answer.
    expect(events).toEqual(['write 1', 'write 2', 'answered 1']);
    await w.release();
    await second;
  });
});
