import { MatchingService } from '../../../src/app/user-matching/matching-service';
import type { SlackMember } from '../../../src/domain/matching/slack-members';
import type { UserRecord } from '../../../src/domain/users';
import { createLogger } from '../../../src/platform/logger';

/**
 * A re-match asked for while one is running must not be lost: the running one may have read the
 * settings before the change that asked for the new one. In-memory stand-ins; the first run is
 * held inside its read of the users until the test lets it go.
 */
describe('MatchingService.rematch while a re-match runs', () => {
  it('runs once more after the current run, shared by every call made meanwhile', async () => {
    const users: UserRecord[] = [{ id: 'u1', email: 'a@x.io', employee: 'E1' } as unknown as UserRecord];
    const members = [
      { id: 'UA', profile: { email: 'a@x.io', title: 'E9' } },
      { id: 'UB', profile: { email: 'b@x.io', title: 'E1' } },
    ] as unknown as SlackMember[];
    const settings = { plusplusUserAttribute: 'email', slackUserAttribute: 'profile.email' };
    const links = new Map<string, string | null>();
    let reads = 0;
    let release!: () => void;
    const firstReadHeld = new Promise<void>((resolve) => {
      release = resolve;
    });
    const service = new MatchingService({
      users: {
        records: async () => {
          reads += 1;
          if (reads === 1) await firstReadHeld;
          return users;
        },
        applyLinks: async (_t: string, l: Array<{ userId: string; slackUserId: string | null }>) => {
          for (const x of l) links.set(x.userId, x.slackUserId);
          return l.length;
        },
      } as never,
      tenants: { settings: async () => ({ ...settings }) } as never,
      connect: {
        botTokenForTenant: async () => ({ token: 'xoxb', installation: { teamId: 'T1' } }),
      } as never,
      directory: { isWarm: async () => true, members: async () => members } as never,
      webClient: (() => {
        throw new Error('no Slack calls here');
      }) as never,
      logger: createLogger({ level: 'silent' }),
    });

    const first = service.rematch('t');
    await new Promise((r) => setImmediate(r));
    // The admin changes the mapping while the first run is inside its read, then asks again.
    settings.plusplusUserAttribute = 'employee';
    settings.slackUserAttribute = 'profile.title';
    const second = service.rematch('t');
    const third = service.rematch('t');
    expect(third).toBe(second);
    release();
    await first;
    await second;
    expect(reads).toBe(2);
    expect(links.get('u1')).toBe('UB');
  });
});
