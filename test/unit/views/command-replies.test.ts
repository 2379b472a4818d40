import {
  commandReply,
  helpReply,
  mappingReply,
  mutedReply,
  noAccountReply,
  notConnectedReply,
  statusReply,
  testReply,
  unknownReply,
  unmutedReply,
} from '../../../views/command-replies';

describe('the /plusplus test reply', () => {
  it('speaks to you when you tested yourself, in every form of the reply', () => {
    const you = { targetLabel: 'Ada Lovelace', self: true } as const;
    expect(testReply({ ...you, outcome: 'matched', slackUserId: 'U01ADA', sent: true }).text).toBe(
      'You are linked to <@U01ADA>. A test message is on its way.',
    );
    expect(
      testReply({ ...you, outcome: 'matched', slackUserId: 'U01ADA', sent: false, error: 'user_disabled' })
        .text,
    ).toBe('You are linked to <@U01ADA>. The test message could not be sent: `user_disabled`.');
    expect(testReply({ ...you, outcome: 'not_found' }).text).toBe(
      'Could not find your Slack account with the current matching settings.',
    );
  });

  it('names someone else by their (escaped) label', () => {
    const other = { targetLabel: 'Ada <b>Lovelace</b>' };
    expect(testReply({ ...other, outcome: 'matched', slackUserId: 'U01ADA', sent: true }).text).toBe(
      'Ada &lt;b&gt;Lovelace&lt;/b&gt; is linked to <@U01ADA>. A test message is on its way.',
    );
    expect(testReply({ ...other, outcome: 'matched', slackUserId: 'U01ADA', sent: false }).text).toBe(
      'Ada &lt;b&gt;Lovelace&lt;/b&gt; is linked to <@U01ADA>. The test message could not be sent: `unknown_error`.',
    );
    expect(testReply({ ...other, outcome: 'not_found' }).text).toBe(
      'Could not find the Slack account of Ada &lt;b&gt;Lovelace&lt;/b&gt; with the current matching settings.',
    );
  });
});

describe('commandReply (CommandsService’s answer, worded)', () => {
  it('words each answer with its builder', () => {
    expect(commandReply({ kind: 'help' })).toEqual(helpReply());
    expect(commandReply({ kind: 'unknown', text: 'dance' })).toEqual(unknownReply('dance'));
    expect(commandReply({ kind: 'muted' })).toEqual(mutedReply());
    expect(commandReply({ kind: 'unmuted' })).toEqual(unmutedReply());
    expect(commandReply({ kind: 'not_connected' })).toEqual(notConnectedReply());
    expect(commandReply({ kind: 'no_account' })).toEqual(noAccountReply());
    expect(commandReply({ kind: 'target_not_found', label: 'a@b.co' }).text).toBe(
      "I couldn't find a PlusPlus user for a@b.co.",
    );
    expect(commandReply({ kind: 'mapping', plusplus: 'email', slack: 'profile.email' })).toEqual(
      mappingReply({ plusplus: 'email', slack: 'profile.email' }),
    );
  });

  it('names what only admins may do', () => {
    expect(commandReply({ kind: 'admins_only', what: 'mapping' }).text).toBe(
      'Only PlusPlus admins can see and change user matching.',
    );
    expect(commandReply({ kind: 'admins_only', what: 'test_others' }).text).toBe(
      'Only PlusPlus admins can test Slack for other people.',
    );
  });

  it('passes status and test answers to their builders unchanged', () => {
    const status = { userName: null, userId: 'u1', receiving: false, connectionHealthy: false };
    expect(commandReply({ kind: 'status', ...status })).toEqual(statusReply(status));
    const test = {
      outcome: 'matched',
      targetLabel: 'Ada',
      self: false,
      slackUserId: 'U1',
      sent: true,
    } as const;
    expect(commandReply({ kind: 'test', ...test })).toEqual(testReply(test));
  });
});
