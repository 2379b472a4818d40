import { teamJoinHandler } from '../../../../listeners/events/team-join';
import { userChangeHandler } from '../../../../listeners/events/user-change';
import { userProfileChangedHandler } from '../../../../listeners/events/user-profile-changed';
import { fakeService, TEAM } from '../fakes';

const member = { id: 'U9', name: 'grace', profile: { email: 'grace@example.com' } };
// biome-ignore lint/suspicious/noExplicitAny: the three handlers take their own event types.
const event = (type: string): any => ({ body: { team_id: TEAM }, event: { type, user: member } });

describe.each([
  ['team_join', teamJoinHandler, 'onTeamJoin'],
  ['user_change', userChangeHandler, 'onUserChange'],
  ['user_profile_changed', userProfileChangedHandler, 'onUserProfileChanged'],
] as const)('%s', (type, make, method) => {
  it(`hands the team and the member to DirectoryEvents.${method}`, async () => {
    const calls: string[] = [];
    const directoryEvents = fakeService(calls, 'directoryEvents', { [method]: async () => undefined });
    // biome-ignore lint/suspicious/noExplicitAny: each factory wants its own one-method Pick.
    await make({ directoryEvents } as any)(event(type));
    expect(calls).toEqual([`directoryEvents.${method}`]);
    expect(directoryEvents[method]).toHaveBeenCalledWith(TEAM, member);
  });

  it('lets a failure through', async () => {
    const failure = new Error('db');
    const directoryEvents = fakeService([], 'directoryEvents', {
      [method]: async () => {
        throw failure;
      },
    });
    // biome-ignore lint/suspicious/noExplicitAny: as above.
    await expect(make({ directoryEvents } as any)(event(type))).rejects.toBe(failure);
  });
});
