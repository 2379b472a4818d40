import { compileExpression } from '../../../../src/domain/jmespath/jmespath';
import { explainNotFound } from '../../../../src/domain/matching/explain';
import type { SlackMember } from '../../../../src/domain/matching/slack-members';

const member = (id: string, extra: Partial<SlackMember>, email: string | undefined, realName = id) =>
  ({ id, name: id, profile: { email, real_name: realName }, ...extra }) as SlackMember;

describe('explainNotFound', () => {
  const members = [
    member('U1', {}, 'ok@example.com'),
    member('U2', { deleted: true }, 'gone@example.com'),
    member('U3', {}, undefined, 'No Mail'),
    member('U4', { is_bot: true }, 'bot@example.com'),
  ];

  it('names the filter that hid the member', () => {
    const byEmail = { plusplus: compileExpression('email'), slack: compileExpression('profile.email') };
    const users = [
      { id: 'a', email: 'GONE@example.com' },
      { id: 'b', email: 'bot@example.com' },
      { id: 'c', email: 'unknown@example.com' },
    ];
    const explained = explainNotFound(users, members, byEmail);
    expect(Object.fromEntries(explained)).toEqual({
      a: { reason: 'slack_member_deactivated', slackUserId: 'U2' },
      b: { reason: 'slack_member_is_bot', slackUserId: 'U4' },
    });
  });

  it('explains a member without email when matching on another attribute', () => {
    const byName = { plusplus: compileExpression('name'), slack: compileExpression('profile.real_name') };
    const explained = explainNotFound([{ id: 'd', name: 'no mail' }], members, byName);
    expect(explained.get('d')).toEqual({ reason: 'no_email_in_slack', slackUserId: 'U3' });
  });

  it('does nothing without not-found users, and survives expressions that fail', () => {
    const failing = {
      plusplus: compileExpression('abs(email)'),
      slack: compileExpression('abs(profile.email)'),
    };
    expect(explainNotFound([], members, failing).size).toBe(0);
    expect(explainNotFound([{ id: 'x', email: 'gone@example.com' }], members, failing).size).toBe(0);
  });
});
