/**
 * Matching against real `users.list` answers recorded from Slack (test/fixtures/slack-recordings,
 * see SOURCES.md): a 7-page cursor chain at limit=5 and a one-page answer of the same workspace.
 * The expected candidates are computed here straight from the raw JSON, not with the code under test.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { buildMatcher, type MatchOutcome } from '../../../../src/domain/matching/matcher';
import type { SlackMember } from '../../../../src/domain/matching/slack-members';
import type { UserRecord } from '../../../../src/domain/users';
import { fixturePath } from '../../../support/fixtures';

interface UsersListPage {
  ok: boolean;
  members: SlackMember[];
  response_metadata?: { next_cursor?: string };
}

function readPage(file: string): UsersListPage {
  return JSON.parse(readFileSync(fixturePath('slack-recordings', file), 'utf8')) as UsersListPage;
}

/** Every page of the paginated recording, in order, checking that the cursor chain ends on the last one. */
function paginatedDirectory(): SlackMember[] {
  const files = readdirSync(fixturePath('slack-recordings'))
    .filter((f) => /^paginated_users_list\.response\d+\.json$/.test(f))
    .sort((a, b) => Number(/\d+/.exec(a)![0]) - Number(/\d+/.exec(b)![0]));
  expect(files.length).toBe(7);
  const pages = files.map(readPage);
  pages.forEach((page, i) => {
    expect(page.ok).toBe(true);
    const last = i === pages.length - 1;
    expect(Boolean(page.response_metadata?.next_cursor)).toBe(!last);
  });
  return pages.flatMap((page) => page.members);
}

/** The members matching may link, by the design's rule, read off the raw objects. */
function expectedCandidates(members: SlackMember[]): Map<string, string> {
  const byId = new Map<string, string>();
  for (const raw of members as Array<Record<string, unknown>>) {
    const profile = (raw.profile ?? {}) as Record<string, unknown>;
    const email = typeof profile.email === 'string' ? profile.email : '';
    if (raw.deleted || raw.is_bot || raw.is_app_user || raw.id === 'USLACKBOT' || email.trim() === '')
      continue;
    byId.set(raw.id as string, email);
  }
  return byId;
}

/** Flip the case of every other letter and pad with spaces: what a hand-typed e-mail can look like. */
function scramble(email: string): string {
  const flipped = [...email].map((c, i) => (i % 2 ? c.toUpperCase() : c)).join('');
  return ` ${flipped}  `;
}

describe.each([
  ['the 7-page users.list chain', paginatedDirectory],
  ['the one-page users.list answer', () => readPage('users_list.response0.json').members],
])('real Slack directory: %s', (_label, load) => {
  const members = load();
  const candidates = expectedCandidates(members);

  it('has the shapes the recording is known for', () => {
    expect(members).toHaveLength(35);
    expect(members.every((m) => m.profile?.fields === null)).toBe(true);
    expect(candidates.size).toBeGreaterThanOrEqual(9);
  });

  it('the directory index keeps exactly the expected candidates and counts the rest', () => {
    const index = buildMatcher({
      plusplusExpression: 'email',
      slackExpression: 'profile.email',
    }).indexDirectory(members);
    expect(index.members.map((m) => m.id).sort()).toEqual([...candidates.keys()].sort());
    const c = index.counts;
    expect(c.total).toBe(35);
    expect(c.deleted + c.bots + c.withoutEmail + c.matchable).toBe(35);
    expect(c.slackbot).toBe(1);
    expect(c.deleted).toBe(members.filter((m) => m.deleted).length);
    expect(c).toMatchObject({ matchable: candidates.size, withoutValue: 0, errors: 0 });
  });

  it('default expressions link PlusPlus users typed with other letter case to the right members', () => {
    const matcher = buildMatcher({ plusplusExpression: 'email', slackExpression: 'profile.email' });
    const chosen = [...candidates].filter((_, i) => i % 3 !== 2); // some of them, not all
    const users: UserRecord[] = chosen.map(([slackId, email]) => ({
      id: `pp-${slackId}`,
      email: scramble(email),
    }));
    const deleted = members.find((m) => m.deleted && m.profile?.email);
    const bot = members.find((m) => m.is_bot && !m.deleted);
    users.push({ id: 'pp-deleted', email: deleted!.profile!.email!.toUpperCase() });
    users.push({ id: 'pp-bot', email: `${bot!.name}@example.com`, name: bot!.name });
    users.push({ id: 'pp-no-email', name: 'Someone' });

    const result = matcher.matchAll(users, members);

    for (const [slackId] of chosen) {
      expect(result.outcomes.get(`pp-${slackId}`)).toEqual<MatchOutcome>({
        status: 'matched',
        slackUserId: slackId,
        displayName: expect.any(String),
      });
    }
    expect(result.outcomes.get('pp-deleted')).toEqual({ status: 'unmatched', reason: 'not_found' });
    expect(result.outcomes.get('pp-bot')).toEqual({ status: 'unmatched', reason: 'not_found' });
    expect(result.outcomes.get('pp-no-email')).toEqual({ status: 'unmatched', reason: 'no_value' });
    expect(result.counts.users).toMatchObject({
      matched: chosen.length,
      notFound: 2,
      noValue: 1,
      ambiguous: 0,
    });
  });

  it('display names follow display_name, then real_name, then name', () => {
    const matcher = buildMatcher({ plusplusExpression: 'email', slackExpression: 'profile.email' });
    const byId = new Map(members.map((m) => [m.id, m]));
    const users = [...candidates].map(([slackId, email]) => ({ id: slackId, email }));
    for (const [slackId, found] of matcher.matchAll(users, members).outcomes) {
      const raw = byId.get(slackId)!;
      const expected = raw.profile?.display_name || raw.profile?.real_name || raw.name;
      expect(found).toEqual({ status: 'matched', slackUserId: slackId, displayName: expected });
    }
  });

  it('a member without e-mail stays invisible when matching on real_name', () => {
    const matcher = buildMatcher({ plusplusExpression: 'name', slackExpression: 'profile.real_name' });
    // "Game Bot", "Slackbot", "Math Bot" … are real names of members excluded by the filter.
    const excluded = members.filter((m) => !candidates.has(m.id));
    const users = excluded.map((m) => ({ id: `pp-${m.id}`, name: m.profile?.real_name }));
    const result = matcher.matchAll(users, members);
    for (const found of result.outcomes.values()) expect(found.status).toBe('unmatched');
  });
});
