import { linkButtonHandler } from '../../../../listeners/actions/link-button';
import { press } from './button';

describe('URL buttons (Reconnect, privacy policy, template preview link)', () => {
  it('are acked once and nothing else happens (Slack opens the link itself)', async () => {
    const { args, calls } = press(undefined);
    await linkButtonHandler()(args);
    expect(calls).toEqual(['ack']);
  });
});
