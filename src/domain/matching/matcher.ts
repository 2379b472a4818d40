/**
 * User matching (design §6): link each PlusPlus user to at most one Slack member by evaluating the
 * *PlusPlus User Attribute* on the user record and the *Slack User Attribute* on every matchable
 * member, and joining on the normalized values (./values.ts). Pure: no framework imports.
 *
 * The join is a hash join: the directory is indexed once (key → member position, small integers),
 * each user is one evaluation and a few map look-ups, and per-run bookkeeping is proportional to
 * the users and the members they hit, so one user against a warm index costs microseconds and
 * 100k × 100k allocates little beyond the index and the outcomes.
 * Measured figures are in docs/matching.md (bench/matching.ts).
 *
 * Over ~350 lines on purpose: the index, the join and the per-user outcomes are one algorithm.
 */
import {
  type CompiledExpression,
  compileExpression,
  ExpressionError,
  evaluate,
  type JsonValue,
} from '../jmespath/jmespath';
import type { UserRecord } from '../users';
import { DirectoryIndex, displayName, type SlackMember, type SlackMemberCounts } from './slack-members';
import { runToEnd, type Steps } from './steps';
import { matchKeys, scalarKey } from './values';

export { DirectoryIndex, type SlackMemberCounts } from './slack-members';

/** The settings field an expression comes from (the internal API's 422 `field`). */
export type AttributeField = 'plusplus_user_attribute' | 'slack_user_attribute';

/** An invalid attribute expression: the wrapper's ExpressionError, told which setting it is. */
export type AttributeExpressionError = ExpressionError & { readonly field: AttributeField };

/** The two expressions of a tenant's mapping (settings `plusplus_user_attribute`, `slack_user_attribute`). */
export interface MatcherOptions {
  /** Evaluated on the PlusPlus user record (default `email`). */
  plusplusExpression: string;
  /** Evaluated on the Slack member object (default `profile.email`). */
  slackExpression: string;
}

/**
 * The PlusPlus side of the report. The four main counts partition the users:
 * `total = matched + unmatched + ambiguous + errors`, and `unmatched = noValue + notFound`.
 */
export interface UserCounts {
  total: number;
  matched: number;
  /** No value or no Slack member with the value (reasons `no_value` and `not_found`). */
  unmatched: number;
  ambiguous: number;
  /** The PlusPlus expression failed at run time for this user (reason `expression_error`). */
  errors: number;
  noValue: number;
  notFound: number;
}

export interface MatchedOutcome {
  readonly status: 'matched';
  readonly slackUserId: string;
  /** `profile.display_name`, else `profile.real_name`, else `name`. */
  readonly displayName: string | null;
}

/**
 * - `no_value`: the PlusPlus expression gave no value for this user;
 * - `not_found`: no matchable Slack member has any of the user's values;
 * - `ambiguous`: the values lead to several Slack members, or another PlusPlus user leads to the
 *   same member;
 * - `expression_error`: the PlusPlus expression failed on this user's record.
 */
export type UnmatchedReason = 'no_value' | 'not_found' | 'ambiguous' | 'expression_error';

export interface UnmatchedOutcome {
  readonly status: 'unmatched';
  readonly reason: UnmatchedReason;
  /** A human sentence for `ambiguous` and `expression_error`. */
  readonly detail?: string;
  /** For `ambiguous`: the Slack members involved (at most {@link MAX_LISTED_MEMBERS}). */
  readonly slackUserIds?: readonly string[];
}

export type MatchOutcome = MatchedOutcome | UnmatchedOutcome;

export interface MatchResult {
  /** One outcome per PlusPlus user id, in the order the users were given. */
  readonly outcomes: ReadonlyMap<string, MatchOutcome>;
  readonly counts: { readonly slack: Readonly<SlackMemberCounts>; readonly users: Readonly<UserCounts> };
}

/** How many Slack member ids an `ambiguous` outcome lists. */
export const MAX_LISTED_MEMBERS = 10;

const NO_VALUE: UnmatchedOutcome = Object.freeze({ status: 'unmatched', reason: 'no_value' });
const NOT_FOUND: UnmatchedOutcome = Object.freeze({ status: 'unmatched', reason: 'not_found' });

/**
 * Index a directory for matching with `slackExpression`. Members are filtered first
 * (deleted, bots, app users, Slackbot, no e-mail); a member whose evaluation fails has no value
 * and is counted in `counts.errors`. Throws an {@link AttributeExpressionError} with field
 * `slack_user_attribute` for an invalid expression.
 */
export function buildDirectoryIndex(
  members: Iterable<SlackMember>,
  slackExpression: string | CompiledExpression,
): DirectoryIndex {
  const compiled =
    typeof slackExpression === 'string'
      ? compileAttribute(slackExpression, 'slack_user_attribute')
      : slackExpression;
  return DirectoryIndex.build(members, compiled);
}

/** Compiled expressions of one mapping, ready to match many times. */
export interface Matcher {
  readonly plusplusExpression: CompiledExpression;
  readonly slackExpression: CompiledExpression;
  /** Index a directory with this matcher's Slack expression (reusable across calls). */
  indexDirectory(members: Iterable<SlackMember>): DirectoryIndex;
  /**
   * One outcome for every user. `directory` is the raw member list (indexed on the fly) or an
   * index built with the same Slack expression. User ids are assumed unique (they are the
   * storage key); with duplicates, the last one's outcome is kept.
   */
  matchAll(users: readonly UserRecord[], directory: Iterable<SlackMember> | DirectoryIndex): MatchResult;
  /** {@link indexDirectory} as steps (one per member), for running in slices. */
  indexDirectorySteps(members: Iterable<SlackMember>): Steps<DirectoryIndex>;
  /** {@link matchOne} over an index, as steps (one per user evaluated), for running in slices. */
  matchOneSteps(
    user: UserRecord,
    index: DirectoryIndex,
    options?: { otherUsers?: Iterable<UserRecord> },
  ): Steps<MatchOutcome>;
  /** {@link matchAll} over an index, as steps (one per user), for running in slices. */
  matchAllSteps(users: readonly UserRecord[], index: DirectoryIndex): Steps<MatchResult>;
  /**
   * One user's outcome (Test Slack). Without `otherUsers` only the Slack side can make it
   * `ambiguous`; pass the tenant's other users to get exactly the outcome {@link matchAll} would
   * give (it then evaluates every one of them).
   */
  matchOne(
    user: UserRecord,
    directory: Iterable<SlackMember> | DirectoryIndex,
    options?: { otherUsers?: Iterable<UserRecord> },
  ): MatchOutcome;
}

/**
 * Compile both expressions once. Throws an {@link AttributeExpressionError} (an ExpressionError
 * with `field`) when either does not compile; the PlusPlus one is checked first.
 */
export function buildMatcher(options: MatcherOptions): Matcher {
  const plusplus = compileAttribute(options.plusplusExpression, 'plusplus_user_attribute');
  const slack = compileAttribute(options.slackExpression, 'slack_user_attribute');
  const indexFor = (directory: Iterable<SlackMember> | DirectoryIndex): DirectoryIndex => {
    if (!(directory instanceof DirectoryIndex)) return DirectoryIndex.build(directory, slack);
    if (directory.slackExpression !== slack.expression) {
      throw new Error(
        `The directory index was built for the Slack expression ${JSON.stringify(directory.slackExpression)}, ` +
          `not ${JSON.stringify(slack.expression)}`,
      );
    }
    return directory;
  };
  return {
    plusplusExpression: plusplus,
    slackExpression: slack,
    indexDirectory: (members) => DirectoryIndex.build(members, slack),
    matchAll: (users, directory) => runToEnd(matchUsers(plusplus, users, indexFor(directory))),
    indexDirectorySteps: (members) => DirectoryIndex.buildSteps(members, slack),
    matchAllSteps: (users, index) => matchUsers(plusplus, users, indexFor(index)),
    matchOne: (user, directory, matchOptions) =>
      runToEnd(matchOneSteps(plusplus, user, indexFor(directory), matchOptions?.otherUsers)),
    matchOneSteps: (user, index, matchOptions) =>
      matchOneSteps(plusplus, user, indexFor(index), matchOptions?.otherUsers),
  };
}

function* matchOneSteps(
  plusplus: CompiledExpression,
  user: UserRecord,
  index: DirectoryIndex,
  otherUsers: Iterable<UserRecord> = [],
): Steps<MatchOutcome> {
  const users = [user];
  for (const other of otherUsers) if (other.id !== user.id) users.push(other);
  return (yield* matchUsers(plusplus, users, index)).outcomes.get(user.id)!;
}

function compileAttribute(expression: string, field: AttributeField): CompiledExpression {
  try {
    return compileExpression(expression);
  } catch (error) {
    if (error instanceof ExpressionError) {
      // compileExpression throws a new error each time, so tagging it touches nobody else's object.
      Object.defineProperty(error, 'field', { value: field, enumerable: true });
    }
    throw error;
  }
}

/**
 * The join. Pass 1 evaluates every user and resolves its keys to members: no key → `no_value`,
 * no member → `not_found`, several members (a shared key, or keys leading to different members)
 * → `ambiguous`, exactly one → a candidate. Every member a user's keys lead to counts as claimed
 * by that user, ambiguous or not. Pass 2 links a candidate only when nobody else claimed its
 * member.
 */
function* matchUsers(
  plusplus: CompiledExpression,
  users: readonly UserRecord[],
  index: DirectoryIndex,
): Steps<MatchResult> {
  const userCount = users.length;
  const candidate = new Int32Array(userCount).fill(-1);
  // Claims are kept in maps, not member-sized arrays, so one Test Slack lookup against a warm
  // index of 100k members costs microseconds; for a full run the map work is a few milliseconds.
  const claims: Claims = { count: new Map(), lastUser: new Map() };
  /** Shared entries some user's key led to. */
  const sharedHit = new Set<number>();
  const early: (UnmatchedOutcome | undefined)[] = new Array(userCount);
  const counts: UserCounts = {
    total: userCount,
    matched: 0,
    unmatched: 0,
    ambiguous: 0,
    errors: 0,
    noValue: 0,
    notFound: 0,
  };
  const scratch: Resolution = { members: [], largestShared: 0 };

  for (let i = 0; i < userCount; i++) {
    yield;
    let result: JsonValue;
    try {
      result = evaluate(plusplus, users[i]);
    } catch (error) {
      early[i] = { status: 'unmatched', reason: 'expression_error', detail: errorMessage(error) };
      counts.errors++;
      continue;
    }
    scratch.members.length = 0;
    scratch.largestShared = 0;
    let anyKey = false;
    if (Array.isArray(result)) {
      for (const key of matchKeys(result)) {
        anyKey = true;
        resolveKey(index, key, i, scratch, claims, sharedHit);
      }
    } else {
      const key = scalarKey(result);
      if (key !== null) {
        anyKey = true;
        resolveKey(index, key, i, scratch, claims, sharedHit);
      }
    }
    if (!anyKey) {
      early[i] = NO_VALUE;
      counts.noValue++;
    } else if (scratch.largestShared > 0) {
      early[i] = ambiguous(`${scratch.largestShared} Slack members have this value`, index, scratch.members);
      counts.ambiguous++;
    } else if (scratch.members.length === 0) {
      early[i] = NOT_FOUND;
      counts.notFound++;
    } else if (scratch.members.length > 1) {
      early[i] = ambiguous(
        `The values match ${scratch.members.length} different Slack members`,
        index,
        scratch.members,
      );
      counts.ambiguous++;
    } else {
      candidate[i] = scratch.members[0]!;
    }
  }

  const outcomes = new Map<string, MatchOutcome>();
  for (let i = 0; i < userCount; i++) {
    if ((i & 1023) === 1023) yield;
    const position = candidate[i]!;
    const userId = users[i]!.id;
    if (position < 0) {
      outcomes.set(userId, early[i]!);
      continue;
    }
    const member = index.members[position]!;
    const others = claims.count.get(position)! - 1;
    if (others > 0 || isInHitSharedEntry(index, position, sharedHit)) {
      outcomes.set(
        userId,
        others > 0
          ? ambiguous(`${others + 1} PlusPlus users match this Slack member`, index, [position])
          : ambiguous(`Another PlusPlus user's value matches this Slack member and others`, index, [
              position,
            ]),
      );
      counts.ambiguous++;
      continue;
    }
    outcomes.set(userId, { status: 'matched', slackUserId: member.id, displayName: displayName(member) });
    counts.matched++;
  }
  counts.unmatched = counts.noValue + counts.notFound;
  return { outcomes, counts: { slack: index.counts, users: Object.freeze(counts) } };
}

/** Per member position: how many users' keys lead to it through unshared keys, and the last such user. */
interface Claims {
  count: Map<number, number>;
  lastUser: Map<number, number>;
}

interface Resolution {
  /** Distinct members this user's keys lead to (positions), shared entries included. */
  members: number[];
  /** Size of the largest shared entry hit (0: none). */
  largestShared: number;
}

function resolveKey(
  index: DirectoryIndex,
  key: string,
  user: number,
  into: Resolution,
  claims: Claims,
  sharedHit: Set<number>,
): void {
  const entry = index.entry(key);
  if (entry === undefined) return;
  if (entry >= 0) {
    if (claims.lastUser.get(entry) !== user) {
      claims.lastUser.set(entry, user);
      claims.count.set(entry, (claims.count.get(entry) ?? 0) + 1);
      into.members.push(entry);
    }
    return;
  }
  // A shared key makes this user ambiguous whatever else it matches; mark the entry as claimed
  // instead of claiming each of its (possibly thousands of) members one by one.
  const entryNumber = -entry - 1;
  sharedHit.add(entryNumber);
  const members = index.sharedMembers(entryNumber);
  if (members.length > into.largestShared) into.largestShared = members.length;
  for (let j = 0; j < members.length && into.members.length < MAX_LISTED_MEMBERS; j++) {
    if (!into.members.includes(members[j]!)) into.members.push(members[j]!);
  }
}

function isInHitSharedEntry(
  index: DirectoryIndex,
  position: number,
  sharedHit: ReadonlySet<number>,
): boolean {
  const entries = index.sharedEntriesOf(position);
  if (!entries) return false;
  for (const entryNumber of entries) if (sharedHit.has(entryNumber)) return true;
  return false;
}

function ambiguous(detail: string, index: DirectoryIndex, positions: readonly number[]): UnmatchedOutcome {
  return {
    status: 'unmatched',
    reason: 'ambiguous',
    detail,
    slackUserIds: positions.slice(0, MAX_LISTED_MEMBERS).map((p) => index.members[p]!.id),
  };
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** One user whose link would change between two results. */
export interface MatchChange {
  userId: string;
  /** The Slack member linked before (absent for `gained`). */
  from?: string;
  /** The Slack member linked after (absent for `lost`). */
  to?: string;
  /** For `lost`: why the user is no longer matched (absent when the user is not in `after`). */
  reason?: UnmatchedReason;
}

/** What a proposed mapping changes (POST /matching/preview). */
export interface MatchDiff {
  /** Unmatched (or unknown) before, matched after. */
  gained: MatchChange[];
  /** Matched before, not matched (or unknown) after. */
  lost: MatchChange[];
  /** Matched before and after, to different Slack members. */
  changed: MatchChange[];
  /** Matched to the same member in both. */
  unchanged: number;
}

/** Compare two results user by user (ids in `before` order, then ids only in `after`). */
export function diffResults(before: MatchResult, after: MatchResult): MatchDiff {
  const diff: MatchDiff = { gained: [], lost: [], changed: [], unchanged: 0 };
  for (const [userId, was] of before.outcomes) {
    const now = after.outcomes.get(userId);
    if (was.status === 'matched') {
      if (now?.status === 'matched') {
        if (now.slackUserId === was.slackUserId) diff.unchanged++;
        else diff.changed.push({ userId, from: was.slackUserId, to: now.slackUserId });
      } else {
        diff.lost.push(
          now ? { userId, from: was.slackUserId, reason: now.reason } : { userId, from: was.slackUserId },
        );
      }
    } else if (now?.status === 'matched') {
      diff.gained.push({ userId, to: now.slackUserId });
    }
  }
  for (const [userId, now] of after.outcomes) {
    if (now.status === 'matched' && !before.outcomes.has(userId))
      diff.gained.push({ userId, to: now.slackUserId });
  }
  return diff;
}
