import { ForegroundRequests } from '../../../src/jobs/foreground';

describe('ForegroundRequests', () => {
  it('says nothing waits until a Slack server attaches its count, then follows it', () => {
    const foreground = new ForegroundRequests();
    // Handed to the loops before the Slack server exists: the loops keep the same function.
    const { waiting } = foreground;
    expect(waiting()).toBe(false);
    let pending = 0;
    foreground.attach(() => pending > 0);
    expect(waiting()).toBe(false);
    pending = 3;
    expect(waiting()).toBe(true);
    pending = 0;
    expect(waiting()).toBe(false);
  });
});
