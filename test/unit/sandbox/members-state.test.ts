import { slackId } from '../../../src/sandbox/ids';
import { renderMember } from '../../../src/sandbox/members';
import { channelNameError } from '../../../src/sandbox/methods/channel-common';
import { RateLimiter, retryAfterSeconds } from '../../../src/sandbox/rate-limits';
import { SandboxState } from '../../../src/sandbox/state';

describe('ids', () => {
  it('look like Slack ids and never collide', () => {
    const ids = new Set<string>();
    for (let i = 0; i < 50_000; i++) ids.add(slackId('U', 3, i));
    expect(ids.size).toBe(50_000);
    expect([...ids].every((id) => /^U[A-Z0-9]{10}$/.test(id))).toBe(true);
  });
});

describe('generated workspaces', () => {
  it('are deterministic for a seed and differ across seeds', () => {
    // Members' `updated` times count back from the workspace's creation: one clock for all three,
    // or two creations a second apart differ (as they did once in CI).
    const now = () => Date.UTC(2026, 10, 1);
    const a = new SandboxState({ now }).createWorkspace({ members: 200, seed: 42 });
    const b = new SandboxState({ now }).createWorkspace({ members: 200, seed: 42 });
    const c = new SandboxState({ now }).createWorkspace({ members: 200, seed: 43 });
    expect(a.members).toEqual(b.members);
    expect(a.members.map((m) => m.email)).not.toEqual(c.members.map((m) => m.email));
  });

  // Speed is the benchmarks' business (standards): this checks size, uniqueness and lookups only.
  it('build 100,000 members and look them up by id and email', () => {
    const ws = new SandboxState().createWorkspace({ members: 100_000, seed: 1 });
    expect(ws.members).toHaveLength(100_000);
    expect(new Set(ws.members.map((m) => m.id)).size).toBe(100_000);
    const emails = ws.members.filter((m) => m.email).map((m) => m.email);
    expect(new Set(emails).size).toBe(emails.length);
    const last = ws.members[99_999];
    expect(ws.member(last.id)).toBe(last);
    expect(ws.memberByEmail(ws.members.find((m) => m.email && !m.isBot)!.email!)).toBeDefined();
  });

  it('has a realistic mix of kinds', () => {
    const ws = new SandboxState().createWorkspace({ members: 2000, seed: 5 });
    const count = (f: (m: (typeof ws.members)[number]) => boolean) => ws.members.filter(f).length;
    expect(ws.members[0].id).toBe('USLACKBOT');
    expect(ws.members[1].isPrimaryOwner).toBe(true);
    for (const n of [
      count((m) => m.isBot && !m.deleted),
      count((m) => m.deleted && !m.isBot),
      count((m) => m.isRestricted && !m.isUltraRestricted),
      count((m) => m.isUltraRestricted),
      count((m) => m.isInvitedUser),
      count((m) => !m.isBot && m.email === null && m.id !== 'USLACKBOT'),
      count((m) => m.isAppUser),
      count((m) => Object.keys(m.fields).length > 0),
    ]) {
      expect(n).toBeGreaterThan(5);
    }
    const deleted = ws.members.find((m) => m.deleted)!;
    expect(Object.keys(renderMember(deleted, { includeEmail: true }))).toEqual([
      'id',
      'team_id',
      'name',
      'deleted',
      'profile',
      'is_bot',
      'is_app_user',
      'updated',
    ]);
  });
});

describe('channel names', () => {
  it.each([
    ['', 'invalid_name_required'],
    ['   ', 'invalid_name_required'],
    ['x'.repeat(81), 'invalid_name_maxlength'],
    ['has space', 'invalid_name_specials'],
    ['Capital', 'invalid_name_specials'],
    ['dot.name', 'invalid_name_specials'],
    ['--__', 'invalid_name_punctuation'],
  ])('%j → %s', (name, code) => expect(channelNameError(name)).toBe(code));

  it.each(['data-101', 'x'.repeat(80), 'track_2026', 'données', '日本語'])('%j is fine', (name) =>
    expect(channelNameError(name)).toBeNull(),
  );
});

describe('rate limiter', () => {
  it('lets a burst through, then refills at perMinute/60 per second (scaled)', () => {
    let now = 0;
    const rl = new RateLimiter({ x: { perMinute: 60, burst: 2 } }, 0.5, () => now);
    expect(rl.take('x', 'k').allowed).toBe(true);
    expect(rl.take('x', 'k').allowed).toBe(true);
    const denied = rl.take('x', 'k');
    expect(denied).toEqual({ allowed: false, retryAfterMs: 500 });
    expect(rl.take('x', 'other').allowed).toBe(true);
    now += 499;
    expect(rl.take('x', 'k').allowed).toBe(false);
    now += 2;
    expect(rl.take('x', 'k').allowed).toBe(true);
  });

  it('rounds Retry-After up to whole seconds, at least 1', () => {
    expect(retryAfterSeconds(1)).toBe(1);
    expect(retryAfterSeconds(1000)).toBe(1);
    expect(retryAfterSeconds(1001)).toBe(2);
  });
});
