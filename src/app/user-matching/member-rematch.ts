/**
 * The incremental re-match behind MatchingService.rematchMembers (directory events, and a member
 * with no link running a command): only the users a change of some Slack members can affect.
 */
import { evaluate } from '../../domain/jmespath/jmespath';
import type { DirectoryIndex, Matcher, MatchResult } from '../../domain/matching/matcher';
import type { SlackMember } from '../../domain/matching/slack-members';
import {
  displayName,
  expressionNeedsCustomFields,
  isMatchableMember,
} from '../../domain/matching/slack-members';
import { matchKeys } from '../../domain/matching/values';
import type { UserRecord } from '../../domain/users';
import type { SlackDirectory } from '../../persistence/repositories/slack-directory';
import type { UsersRepository } from '../../persistence/repositories/users-repository';
import type { MatchingServiceOptions, MemberChange, MemberRematchSummary } from './matching-types';
import { runInSlices, Slicer } from './slices';

/** What the re-match needs of MatchingService: its options, and the parts that stay there. */
export interface MemberRematchContext
  extends Pick<MatchingServiceOptions, 'users' | 'directory' | 'sync' | 'logger'> {
  /** The tenant's full re-match running in this process, if any. */
  running(tenantId: string): Promise<unknown> | undefined;
  /** The tenant's workspace; an AppError when Slack is not connected. */
  connection(tenantId: string): Promise<{ teamId: string }>;
  matcherFor(tenantId: string): Promise<Matcher>;
}

/**
 * Re-match only the users that a change of these Slack members can affect (directory events,
 * design §6), not the whole tenant: a deactivated member's user loses the link at once, a
 * reactivated or newly joined member is linked, an address change moves the link.
 *
 * A member whose matchability and Slack values did not change (a status or title edit, a retried
 * or late event) only refreshes the display name stored on its linked users. For the others, with
 * K their Slack values before and after the change:
 * - U1: the users linked to those members, and the users with a value in K;
 * - M: every matchable member holding a value of a U1 user;
 * - U2: U1 and every user with a value of a member in M.
 * U2 holds every user whose outcome can differ (a user's outcome depends on its own values, the
 * members holding them, and the other users claiming those members), and every claimant of their
 * candidates, so matching U2 against the members holding U2's values gives exactly the outcome
 * a full re-match would for each of them; only their links are written.
 *
 * Look-ups are indexed when the expressions are the default ones (`email` through
 * `plusplus_users.email_key`, `profile.email` through `slack_members.email_lower`); other
 * expressions are evaluated over the tenant's users or members once per call. One gap of the
 * indexed path: `email_key` holds one address, so a record whose `email` is a list (PlusPlus
 * sends a string) is found only through its link, and may gain a link only at the next full
 * re-match. Without `previous`, a user who gains a link only through a value the member gave up
 * is likewise left to the next full re-match; nobody keeps a link they should lose.
 * Idempotent: with nothing changed, nothing is written. Callers coalesce bursts (MemberChanges).
 * test/unit/services/rematch-members.test.ts checks the result against a full re-match.
 */
export async function runMemberRematch(
  o: MemberRematchContext,
  tenantId: string,
  changes: readonly MemberChange[],
): Promise<MemberRematchSummary> {
  // A full re-match in this process may have read the directory before the change: let it write first.
  await o.running(tenantId)?.catch(() => undefined);
  const { teamId } = await o.connection(tenantId);
  if (!(await o.directory.isWarm(teamId))) {
    return { members: 0, users: 0, changed: 0, skipped: 'directory_not_synced' };
  }
  const matcher = await o.matcherFor(tenantId);
  const ids = [...new Set(changes.map((c) => c.slackUserId))];
  let current = await o.directory.membersByIds(teamId, ids);
  if (o.sync && expressionNeedsCustomFields(matcher.slackExpression)) {
    const stale = new Set(await o.directory.membersNeedingFields(teamId));
    const fetch = current.filter((m) => stale.has(m.id)).map((m) => m.id);
    if (fetch.length > 0) {
      await o.sync.fetchCustomFields(tenantId, fetch);
      current = await o.directory.membersByIds(teamId, ids);
    }
  }
  const keys = new KeyCache(matcher);
  const now = new Map(current.map((m) => [m.id, m]));
  const changedValues = new Set<string>();
  const moved: string[] = [];
  for (const change of changes) {
    const member = now.get(change.slackUserId) ?? null;
    const after = member ? keys.ofMember(member) : [];
    const before =
      change.previous === undefined ? undefined : change.previous ? keys.ofMember(change.previous) : [];
    if (member && before && after.length > 0 && sameKeys(before, after)) {
      await o.users.refreshDisplayName(tenantId, member.id, displayName(member));
      continue;
    }
    moved.push(change.slackUserId);
    for (const k of [...(before ?? []), ...after]) changedValues.add(k);
  }
  if (moved.length === 0) return { members: 0, users: 0, changed: 0 };

  const find = new KeyFinder(o.users, o.directory, tenantId, teamId, matcher, keys);
  const affected = new Map<string, UserRecord>();
  const add = (users: readonly UserRecord[]) => {
    for (const u of users) affected.set(u.id, u);
  };
  add(await o.users.recordsBySlackUserIds(tenantId, moved));
  add(await find.users(changedValues));
  if (affected.size === 0) return { members: moved.length, users: 0, changed: 0 };
  const first = await find.members(keys.ofUsers(affected.values()));
  add(await find.users(keys.ofMembers(first)));
  const members = new Map(current.map((m) => [m.id, m]));
  for (const m of await find.members(keys.ofUsers(affected.values()))) members.set(m.id, m);

  const users = [...affected.values()];
  const index = await runInSlices(matcher.indexDirectorySteps(members.values()));
  const result = await runInSlices(matcher.matchAllSteps(users, index));
  const changed = await o.users.applyLinks(tenantId, linksOf(result));
  o.logger.info(
    { tenantId, members: moved.length, users: users.length, changed },
    're-match after directory events done',
  );
  return { members: moved.length, users: users.length, changed };
}

/** The links a match result stores (the full re-match stores them too). */
export function linksOf(result: MatchResult) {
  return [...result.outcomes].map(([userId, outcome]) =>
    outcome.status === 'matched'
      ? { userId, slackUserId: outcome.slackUserId, displayName: outcome.displayName }
      : { userId, slackUserId: null, displayName: null },
  );
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const set = new Set(a);
  return b.every((k) => set.has(k));
}

/** The match keys of users and members under one mapping, each evaluated once per run. */
class KeyCache {
  private readonly users = new Map<string, string[]>();

  constructor(readonly matcher: Matcher) {}

  /** A member's keys; none for a member that matching filters out (deleted, bot, no e-mail …). */
  ofMember(member: SlackMember): string[] {
    if (!isMatchableMember(member)) return [];
    try {
      return matchKeys(evaluate(this.matcher.slackExpression, member));
    } catch {
      return [];
    }
  }

  ofUser(user: UserRecord): string[] {
    let keys = this.users.get(user.id);
    if (!keys) {
      try {
        keys = matchKeys(evaluate(this.matcher.plusplusExpression, user));
      } catch {
        keys = [];
      }
      this.users.set(user.id, keys);
    }
    return keys;
  }

  ofUsers(users: Iterable<UserRecord>): Set<string> {
    const keys = new Set<string>();
    for (const u of users) for (const k of this.ofUser(u)) keys.add(k);
    return keys;
  }

  ofMembers(members: Iterable<SlackMember>): Set<string> {
    const keys = new Set<string>();
    for (const m of members) for (const k of this.ofMember(m)) keys.add(k);
    return keys;
  }
}

/**
 * Users and matchable members holding any of some keys. With the default expressions, index
 * look-ups (the SQL side only narrows; the keys are checked here, with the matcher's rules);
 * otherwise the tenant's users or the workspace's members are loaded and evaluated once.
 */
class KeyFinder {
  private allUsers?: Promise<Map<string, UserRecord[]>>;
  private allMembers?: Promise<DirectoryIndex>;

  constructor(
    private readonly usersRepo: UsersRepository,
    private readonly directory: SlackDirectory,
    private readonly tenantId: string,
    private readonly teamId: string,
    private readonly matcher: Matcher,
    private readonly keys: KeyCache,
  ) {}

  async users(keys: ReadonlySet<string>): Promise<UserRecord[]> {
    if (keys.size === 0) return [];
    if (this.matcher.plusplusExpression.expression === 'email') {
      // email_key is the record's scalar `email` under the same rules (an array `email` has none).
      const found = await this.usersRepo.recordsByEmailKeys(this.tenantId, [...keys]);
      return found.filter((u) => this.keys.ofUser(u).some((k) => keys.has(k)));
    }
    this.allUsers ??= this.usersRepo.records(this.tenantId).then(async (all) => {
      const byKey = new Map<string, UserRecord[]>();
      const slicer = new Slicer();
      for (const u of all) {
        if (slicer.due()) await slicer.pause();
        for (const k of this.keys.ofUser(u)) {
          const list = byKey.get(k);
          if (list) list.push(u);
          else byKey.set(k, [u]);
        }
      }
      return byKey;
    });
    const byKey = await this.allUsers;
    return [...keys].flatMap((k) => byKey.get(k) ?? []);
  }

  async members(keys: ReadonlySet<string>): Promise<SlackMember[]> {
    if (keys.size === 0) return [];
    if (this.matcher.slackExpression.expression === 'profile.email') {
      const found = await this.directory.membersByEmails(this.teamId, [...keys]);
      return found.filter((m) => this.keys.ofMember(m).some((k) => keys.has(k)));
    }
    this.allMembers ??= this.directory
      .members(this.teamId)
      .then((all) => runInSlices(this.matcher.indexDirectorySteps(all)));
    const index = await this.allMembers;
    return [...keys].flatMap((k) => index.lookup(k));
  }
}
