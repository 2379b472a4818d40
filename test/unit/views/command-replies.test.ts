import { testReply } from '../../../views/command-replies';

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
