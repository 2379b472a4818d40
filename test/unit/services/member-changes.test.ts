import { MemberChanges } from '../../../src/app/directory-sync/member-changes';
import type { MemberChange } from '../../../src/app/user-matching/matching-service';
import type { SlackMember } from '../../../src/domain/matching/slack-members';
import { AppError, ErrorCode } from '../../../src/errors';
import { createLogger } from '../../../src/platform/logger';

const member = (id: string, email: string): SlackMember => ({ id, profile: { email } });

function make(options: { maxBatch?: number; fail?: (changes: MemberChange[]) => Error | null } = {}) {
  const runs: Array<{ tenantId: string; changes: MemberChange[] }> = [];
  let release: () => void = () => undefined;
  let gate: Promise<void> | null = null;
  const changes = new MemberChanges({
    matching: {
      async rematchMembers(tenantId, list) {
        runs.push({ tenantId, changes: [...list] });
        if (gate) await gate;
        const error = options.fail?.([...list]);
        if (error) throw error;
        return { members: list.length, users: 0, changed: 0 };
      },
    },
    installations: {
      findActiveByTeam: async (teamId) => (teamId === 'T0GONE' ? null : { tenantId: `tenant-of-${teamId}` }),
    },
    logger: createLogger({ level: 'silent' }),
    maxBatch: options.maxBatch,
  });
  return {
    changes,
    runs,
    /** Holds the next runs until `open()`. */
    hold() {
      gate = new Promise((resolve) => {
        release = resolve;
      });
    },
    open() {
      gate = null;
      release();
    },
  };
}

describe('MemberChanges', () => {
  it('coalesces a burst: one run per workspace at a time, each member once, with its first previous state', async () => {
    const { changes, runs, hold, open } = make();
    hold();
    changes.onMemberChanged('T1', 'U0', 'user_change', member('U0', 'zero@x'));
    // While that run is held, a burst arrives: retries and several changes of the same members.
    for (let round = 0; round < 10; round++) {
      for (let i = 1; i <= 5; i++) {
        changes.onMemberChanged('T1', `U${i}`, 'user_change', member(`U${i}`, `round${round}@x`));
      }
    }
    await new Promise((r) => setImmediate(r));
    expect(runs).toHaveLength(1);
    open();
    await changes.whenIdle('T1');
    expect(runs).toHaveLength(2);
    expect(runs[0]).toEqual({
      tenantId: 'tenant-of-T1',
      changes: [{ slackUserId: 'U0', previous: member('U0', 'zero@x') }],
    });
    expect(runs[1]!.changes).toEqual(
      [1, 2, 3, 4, 5].map((i) => ({ slackUserId: `U${i}`, previous: member(`U${i}`, 'round0@x') })),
    );
  });

  it('works off a long burst in bounded runs, and workspaces independently', async () => {
    const { changes, runs, hold, open } = make({ maxBatch: 3 });
    hold();
    for (let i = 0; i < 8; i++) changes.onMemberChanged('T1', `U${i}`, 'user_change', null);
    changes.onMemberChanged('T2', 'UX', 'team_join', null);
    open();
    await Promise.all([changes.whenIdle('T1'), changes.whenIdle('T2')]);
    const t1 = runs.filter((r) => r.tenantId === 'tenant-of-T1').map((r) => r.changes.length);
    expect(t1).toEqual([1, 3, 3, 1]);
    expect(runs.filter((r) => r.tenantId === 'tenant-of-T2')).toHaveLength(1);
  });

  it('skips workspaces that are not connected, and goes on after a failed run', async () => {
    const { changes, runs } = make({
      fail: (list) =>
        list[0]!.slackUserId === 'U1'
          ? new Error('database went away')
          : list[0]!.slackUserId === 'U2'
            ? new AppError(ErrorCode.NotConnected, 'not connected')
            : null,
    });
    changes.onMemberChanged('T0GONE', 'U9', 'user_change', null);
    await changes.whenIdle('T0GONE');
    expect(runs).toEqual([]);
    changes.onMemberChanged('T1', 'U1', 'user_change', null);
    await changes.whenIdle('T1');
    changes.onMemberChanged('T1', 'U2', 'user_change', null);
    await changes.whenIdle('T1');
    changes.onMemberChanged('T1', 'U3', 'user_change', null);
    await changes.whenIdle('T1');
    expect(runs.map((r) => r.changes[0]!.slackUserId)).toEqual(['U1', 'U2', 'U3']);
  });
});
