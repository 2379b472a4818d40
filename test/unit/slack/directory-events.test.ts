import { asMember, DirectoryEvents } from '../../../src/app/directory-sync/directory-events';
import type { SlackMember } from '../../../src/domain/matching/slack-members';
import { createLogger } from '../../../src/platform/logger';

function make() {
  const written: Array<[string, SlackMember]> = [];
  const changed: string[] = [];
  const events = new DirectoryEvents({
    directory: {
      upsertMember: async (teamId, member) => {
        written.push([teamId, member]);
      },
    },
    logger: createLogger({ level: 'silent' }),
    onMemberChanged: (_team, user, type) => {
      changed.push(`${type}:${user}`);
    },
  });
  return { events, written, changed };
}

describe('DirectoryEvents', () => {
  it('upserts the whole user object of each event, unknown keys kept', async () => {
    const { events, written, changed } = make();
    const user = { id: 'U1', team_id: 'T1', profile: { email: 'a@b.c', pronouns: 'they' }, extra: [1] };
    expect(await events.onTeamJoin('T1', user)).toBe(true);
    expect(await events.onUserChange('T1', user)).toBe(true);
    expect(await events.onUserProfileChanged('T1', user)).toBe(true);
    expect(written).toEqual([
      ['T1', user],
      ['T1', user],
      ['T1', user],
    ]);
    expect(changed).toEqual(['team_join:U1', 'user_change:U1', 'user_profile_changed:U1']);
  });

  it('ignores members of other workspaces (Slack Connect) but not users without team_id', async () => {
    const { events, written } = make();
    expect(await events.onUserChange('T1', { id: 'U2', team_id: 'T2' })).toBe(false);
    expect(await events.onUserChange('T1', { id: 'U3' })).toBe(true);
    expect(written.map(([, m]) => m.id)).toEqual(['U3']);
  });

  it.each([undefined, null, 'U1', [], {}, { id: '' }, { id: 7 }])('ignores a user of %p', async (user) => {
    const { events, written } = make();
    expect(await events.onTeamJoin('T1', user)).toBe(false);
    expect(written).toEqual([]);
    expect(asMember(user)).toBeNull();
  });
});
