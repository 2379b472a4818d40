import { TokenKeeper } from '../../../src/app/connect/token-keeper';
import { createLogger } from '../../../src/platform/logger';
import type { StoredInstallation } from '../../../src/slack/installation-store';

/**
 * Bolt's authorize through TokenKeeper, with the installation store faked at its interface: each
 * read waits until the test lets it finish, so what an ack would wait for is visible.
 */
function setup() {
  let token: string | null = 'xoxb-1';
  const reads: Array<() => void> = [];
  const installation = (): StoredInstallation =>
    ({
      id: 'i1',
      tenantId: 'acme',
      teamId: 'T1',
      botUserId: 'UBOT',
      botId: 'B1',
      botToken: token,
      botTokenExpiresAt: null,
    }) as StoredInstallation;
  const keeper = new TokenKeeper({
    installations: {
      findActiveByTeam: () =>
        new Promise((resolve) => {
          reads.push(() => resolve(token ? installation() : null));
        }),
      findByTenant: async () => null,
      updateTokens: async () => undefined,
    },
    refreshLock: { holding: (_team, work) => work() },
    clientId: 'c',
    clientSecret: 's',
    webClient: (() => {
      throw new Error('no Web API call expected');
    }) as never,
    logger: createLogger({ level: 'silent' }),
  });
  const authorize = () =>
    keeper.authorize({ teamId: 'T1', enterpriseId: undefined, isEnterpriseInstall: false } as never);
  /** Lets every read asked for so far finish, and the promise callbacks behind them run. */
  const finishReads = async () => {
    for (const finish of reads.splice(0)) finish();
    for (let i = 0; i < 5; i++) await Promise.resolve();
  };
  /** A first authorize that has read and settled: the team is known. */
  const known = async () => {
    const first = authorize();
    await finishReads();
    await first;
  };
  return {
    keeper,
    authorize,
    finishReads,
    known,
    reads: () => reads.length,
    setToken: (t: string | null) => {
      token = t;
    },
  };
}

/** Whether `p` has settled after the pending callbacks ran, without waiting for it. */
async function settledNow<T>(p: Promise<T>): Promise<{ value?: T; pending: boolean }> {
  let state: { value?: T; pending: boolean } = { pending: true };
  p.then(
    (value) => {
      state = { value, pending: false };
    },
    () => {
      state = { pending: false };
    },
  );
  for (let i = 0; i < 5; i++) await Promise.resolve();
  return state;
}

describe('TokenKeeper.authorize', () => {
  beforeEach(() => jest.useFakeTimers({ now: Date.UTC(2026, 11, 6, 12) }));
  afterEach(() => jest.useRealTimers());

  it('reads once for concurrent requests and reuses the answer for 5 s', async () => {
    const t = setup();
    const first = [t.authorize(), t.authorize()];
    expect(t.reads()).toBe(1);
    await t.finishReads();
    expect((await Promise.all(first)).map((r) => r.botToken)).toEqual(['xoxb-1', 'xoxb-1']);
    jest.advanceTimersByTime(4_000);
    expect((await t.authorize()).botToken).toBe('xoxb-1');
    expect(t.reads()).toBe(0);
  });

  it('answers a stale team at once while one read replaces the answer', async () => {
    const t = setup();
    await t.known();
    jest.advanceTimersByTime(6_000);
    t.setToken('xoxb-2');
    // Two acks after the cache time: both answered without waiting, one read behind them.
    const stale = await Promise.all([settledNow(t.authorize()), settledNow(t.authorize())]);
    expect(stale).toEqual([
      { pending: false, value: expect.objectContaining({ botToken: 'xoxb-1' }) },
      { pending: false, value: expect.objectContaining({ botToken: 'xoxb-1' }) },
    ]);
    expect(t.reads()).toBe(1);
    await t.finishReads();
    expect((await t.authorize()).botToken).toBe('xoxb-2');
    expect(t.reads()).toBe(0);
  });

  it('waits for the read once the answer is more than 30 s past its time', async () => {
    const t = setup();
    await t.known();
    jest.advanceTimersByTime(5_000 + 31_000);
    const late = t.authorize();
    expect((await settledNow(late)).pending).toBe(true);
    await t.finishReads();
    expect((await late).botToken).toBe('xoxb-1');
  });

  it('forgets the stale answer when the read behind it finds the installation gone', async () => {
    const t = setup();
    await t.known();
    jest.advanceTimersByTime(6_000);
    t.setToken(null);
    expect((await settledNow(t.authorize())).value?.botToken).toBe('xoxb-1');
    await t.finishReads();
    // Revoked: the next request waits for its own read and is refused.
    const after = t.authorize();
    expect((await settledNow(after)).pending).toBe(true);
    await t.finishReads();
    await expect(after).rejects.toThrow('No active installation for team T1');
  });
});
