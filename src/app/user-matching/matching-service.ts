/**
 * The user-matching use case. Over ~350 lines on purpose: resolve, report, preview and the bulk
 * re-match share the private connection, matcher and run-everything steps of one class. Already
 * split out: the types and results (matching-types.ts), the incremental re-match
 * (member-rematch.ts), the API's snake_case bodies (src/internal-api/matching.ts).
 */
import { answerReason, evaluate } from '../../domain/jmespath/jmespath';
import { explainNotFoundSteps } from '../../domain/matching/explain';
import {
  type AttributeExpressionError,
  buildMatcher,
  type DirectoryIndex,
  diffResults,
  type MatchChange,
  type Matcher,
  type MatchOutcome,
  type MatchResult,
} from '../../domain/matching/matcher';
import type { SlackMember } from '../../domain/matching/slack-members';
import { displayName, expressionNeedsCustomFields } from '../../domain/matching/slack-members';
import { matchKeys } from '../../domain/matching/values';
import type { UserRecord } from '../../domain/users';
import { AppError, ErrorCode } from '../../errors';
import { BackgroundTasks } from '../../platform/background';
import { slackErrorCode } from '../../slack/failures';
import {
  type MatchCounts,
  type MatchingPreview,
  type MatchingReport,
  type MatchingServiceOptions,
  type MemberChange,
  type MemberRematchSummary,
  PREVIEW_EXAMPLES_MAX,
  type RematchSummary,
  type ReportOptions,
  type UnmatchedUser,
} from './matching-types';
import { linksOf, runMemberRematch } from './member-rematch';
import { runInSlices } from './slices';

// What callers of the service name (its results, a directory event's change); the rest is in matching-types.ts.
export type {
  MatchingPreview,
  MatchingReport,
  MemberChange,
  MemberRematchSummary,
  RematchSummary,
} from './matching-types';

const DEFAULT_SLACK_EXPRESSION = 'profile.email';
const EMAIL = /^[^\s@<>]+@[^\s@<>]+$/;

/** A preview fetches missing custom fields itself up to this many members; beyond, in the background. */
export const PREVIEW_FIELDS_FETCH_MAX = 200;

export interface Resolution {
  outcome: MatchOutcome;
  teamId: string;
  token: string;
  /** Slack Web API calls this resolution made (Test Slack's figure: 0 with a warm directory). */
  slackCalls: number;
}

/**
 * Identity matching over the cached directory (design §1, §4, §6): resolve one user (Test Slack,
 * slash commands), report and preview for admins, and bulk re-match after a settings change or a
 * directory sync. The re-match of changed members only is in member-rematch.ts.
 */
export class MatchingService {
  private readonly running = new Map<string, Promise<RematchSummary>>();

  private readonly background: BackgroundTasks;

  constructor(private readonly o: MatchingServiceOptions) {
    this.background = o.background ?? new BackgroundTasks(o.logger);
  }

  async matcherFor(tenantId: string, override: { plusplus?: string; slack?: string } = {}): Promise<Matcher> {
    const settings = await this.o.tenants.settings(tenantId);
    try {
      return buildMatcher({
        plusplusExpression: override.plusplus ?? settings.plusplusUserAttribute,
        slackExpression: override.slack ?? settings.slackUserAttribute,
      });
    } catch (error) {
      const e = error as AttributeExpressionError;
      if (e?.code !== 'invalid_expression') throw error;
      const reason = answerReason(e);
      throw new AppError(ErrorCode.InvalidExpression, e.message, undefined, {
        extra: { field: e.field, ...(reason ? { reason } : {}) },
      });
    }
  }

  private async connection(tenantId: string) {
    const connection = await this.o.connect.botTokenForTenant(tenantId);
    if (!connection) {
      throw new AppError(ErrorCode.NotConnected, 'Slack is not connected for this PlusPlus instance.');
    }
    return { token: connection.token, teamId: connection.installation.teamId };
  }

  /**
   * One user's Slack identity with the current mapping. Warm directory: no Slack call. Cold
   * directory with the default Slack expression: at most one `users.lookupByEmail`. Otherwise the
   * directory is synced first.
   */
  async resolve(tenantId: string, user: UserRecord): Promise<Resolution> {
    const { token, teamId } = await this.connection(tenantId);
    const matcher = await this.matcherFor(tenantId);
    const others = await this.o.users.records(tenantId);
    let slackCalls = 0;
    if (!(await this.o.directory.isWarm(teamId))) {
      if (matcher.slackExpression.expression === DEFAULT_SLACK_EXPRESSION) {
        const member = await this.lookupByEmail(teamId, token, matcher, user);
        slackCalls += member === undefined ? 0 : 1;
        const index = matcher.indexDirectory(member ? [member] : []);
        const outcome = await runInSlices(matcher.matchOneSteps(user, index, { otherUsers: others }));
        return { outcome, teamId, token, slackCalls };
      }
      if (!this.o.sync) {
        throw new AppError(
          ErrorCode.Unavailable,
          'The Slack directory has not been synced yet; try again shortly.',
        );
      }
      await this.o.sync.syncTeam(tenantId);
    }
    const members = await this.o.directory.members(teamId);
    // In slices: the warm directory and the tenant's other users can be 100k records each.
    const index = await runInSlices(matcher.indexDirectorySteps(members));
    const outcome = await runInSlices(matcher.matchOneSteps(user, index, { otherUsers: others }));
    return { outcome, teamId, token, slackCalls };
  }

  /** A member the cache does not have yet (the first sync still running): one users.info. */
  private async fetchMember(tenantId: string, slackUserId: string): Promise<SlackMember | null> {
    const { token, teamId } = await this.connection(tenantId);
    try {
      // include_locale: the member's language, stored with it (issue 22).
      const answer = await this.o.webClient(token).users.info({ user: slackUserId, include_locale: true });
      const member = answer.user as SlackMember | undefined;
      if (member) await this.o.directory.upsertMember(teamId, member);
      return member ?? null;
    } catch (error) {
      if (slackErrorCode(error) === 'user_not_found') return null;
      await this.o.connect.reportSlackError(teamId, error);
      throw error;
    }
  }

  /** undefined: no call made (no email-like value); null: Slack knows no such user. */
  private async lookupByEmail(
    teamId: string,
    token: string,
    matcher: Matcher,
    user: UserRecord,
  ): Promise<SlackMember | null | undefined> {
    let keys: string[] = [];
    try {
      keys = matchKeys(evaluate(matcher.plusplusExpression, user));
    } catch {
      return undefined;
    }
    const email = keys.find((k) => EMAIL.test(k));
    if (!email) return undefined;
    try {
      const answer = await this.o.webClient(token).users.lookupByEmail({ email });
      const member = answer.user as SlackMember | undefined;
      if (!member) return null;
      await this.o.directory.upsertMember(teamId, member);
      return member;
    } catch (error) {
      if (slackErrorCode(error) === 'users_not_found') return null;
      await this.o.connect.reportSlackError(teamId, error);
      throw error;
    }
  }

  /** GET /matching/report */
  async report(tenantId: string, page: ReportOptions): Promise<MatchingReport> {
    const { result, index, warm, matcher, users, members } = await this.runAll(tenantId);
    const notFound = users.filter((u) => {
      const o = result.outcomes.get(u.id);
      return o?.status === 'unmatched' && o.reason === 'not_found';
    });
    const explained = await runInSlices(
      explainNotFoundSteps(notFound, members, {
        plusplus: matcher.plusplusExpression,
        slack: matcher.slackExpression,
      }),
    );
    return reportOf(result, index, page, explained, warm);
  }

  /** POST /matching/preview: the proposed mapping against today's, nothing saved. */
  async preview(tenantId: string, proposed: { plusplus?: string; slack?: string }): Promise<MatchingPreview> {
    await this.matcherFor(tenantId, proposed); // a bad expression is a 422 before any work
    const customFields = proposed.slack ? await this.ensureCustomFields(tenantId, proposed.slack) : undefined;
    const current = await this.runAll(tenantId);
    const next = await this.runAll(tenantId, proposed);
    const diff = diffResults(current.result, next.result);
    const sample = (list: readonly MatchChange[]) => list.slice(0, PREVIEW_EXAMPLES_MAX);
    return {
      proposed: {
        plusplus: next.matcher.plusplusExpression.expression,
        slack: next.matcher.slackExpression.expression,
      },
      current: countsOf(current.result, current.index),
      preview: countsOf(next.result, next.index),
      difference: {
        matched: next.result.counts.users.matched - current.result.counts.users.matched,
        gained: diff.gained.length,
        lost: diff.lost.length,
        changed: diff.changed.length,
        examples: { gained: sample(diff.gained), lost: sample(diff.lost), changed: sample(diff.changed) },
      },
      directoryWarm: next.warm,
      ...(customFields ? { customFields } : {}),
    };
  }

  /**
   * Custom fields come only from users.profile.get, one call per member (design §6). Small gaps
   * are filled now; a large one is filled in the background and reported as incomplete.
   */
  private async ensureCustomFields(tenantId: string, slackExpression: string) {
    if (!this.o.sync || !expressionNeedsCustomFields(slackExpression)) return undefined;
    const { teamId } = await this.connection(tenantId);
    const missing = await this.o.directory.membersNeedingFields(teamId);
    if (missing.length === 0) return { complete: true, missing: 0 };
    if (missing.length <= PREVIEW_FIELDS_FETCH_MAX) {
      await this.o.sync.fetchCustomFields(tenantId, missing);
      const left = await this.o.directory.membersNeedingFields(teamId);
      return { complete: left.length === 0, missing: left.length };
    }
    const sync = this.o.sync;
    this.background.run('custom field fetch', () => sync.fetchCustomFields(tenantId));
    return { complete: false, missing: missing.length };
  }

  private async runAll(tenantId: string, override: { plusplus?: string; slack?: string } = {}) {
    const { teamId } = await this.connection(tenantId);
    const matcher = await this.matcherFor(tenantId, override);
    const [users, members, warm] = await Promise.all([
      this.o.users.records(tenantId),
      this.o.directory.members(teamId),
      this.o.directory.isWarm(teamId),
    ]);
    // In slices: a tenant of 100k users is seconds of CPU, and the process must keep answering.
    const index = await runInSlices(matcher.indexDirectorySteps(members));
    const result = await runInSlices(matcher.matchAllSteps(users, index));
    return { matcher, index, warm, users, members, result };
  }

  /**
   * Re-match every user and store the links. The directory is the truth: a user who no longer
   * matches loses the link. Runs are coalesced per tenant: a call while one runs gets one more run
   * after it, shared with every other call made meanwhile. (Joining the running one instead lost
   * changes: it may have read the users and settings before the change that asked for a re-match.)
   */
  rematch(tenantId: string): Promise<RematchSummary> {
    const current = this.running.get(tenantId);
    if (!current) return this.startRematch(tenantId);
    const queued = this.queuedRematch.get(tenantId);
    if (queued) return queued;
    const next = current
      .catch(() => undefined)
      .then(() => {
        this.queuedRematch.delete(tenantId);
        return this.startRematch(tenantId);
      });
    this.queuedRematch.set(tenantId, next);
    return next;
  }

  private readonly queuedRematch = new Map<string, Promise<RematchSummary>>();

  private startRematch(tenantId: string): Promise<RematchSummary> {
    const run = this.doRematch(tenantId).finally(() => this.running.delete(tenantId));
    this.running.set(tenantId, run);
    return run;
  }

  /** Fire and forget (after a settings change or a sync); errors are logged, not thrown. */
  scheduleRematch(tenantId: string): void {
    this.background.run('re-match', () =>
      this.rematch(tenantId).catch((error) => {
        if (!(error instanceof AppError)) throw error;
        this.o.logger.info({ tenantId, reason: error.code }, 're-match skipped');
      }),
    );
  }

  private async doRematch(tenantId: string): Promise<RematchSummary> {
    const settings = await this.o.tenants.settings(tenantId);
    if (this.o.sync && expressionNeedsCustomFields(settings.slackUserAttribute)) {
      await this.o.sync.fetchCustomFields(tenantId);
    }
    const { result, warm } = await this.runAll(tenantId);
    if (!warm) return { linked: 0, changed: 0, skipped: 'directory_not_synced' };
    const changed = await this.o.users.applyLinks(tenantId, linksOf(result));
    this.o.logger.info({ tenantId, matched: result.counts.users.matched, changed }, 're-match done');
    return { linked: result.counts.users.matched, changed };
  }

  /**
   * Re-match only the users that a change of these Slack members can affect (directory events,
   * design §6); see member-rematch.ts.
   */
  rematchMembers(tenantId: string, changes: readonly MemberChange[]): Promise<MemberRematchSummary> {
    const o = this.o;
    return runMemberRematch(
      {
        users: o.users,
        directory: o.directory,
        sync: o.sync,
        logger: o.logger,
        running: (id) => this.running.get(id),
        connection: (id) => this.connection(id),
        matcherFor: (id) => this.matcherFor(id),
      },
      tenantId,
      changes,
    );
  }

  /**
   * The PlusPlus user a Slack member is (slash commands, App Home): the stored link, else the
   * user whose value matches the member's under the current mapping.
   */
  async userForSlackMember(tenantId: string, teamId: string, slackUserId: string) {
    const linked = await this.o.users.findBySlackUserId(tenantId, slackUserId);
    if (linked.length === 1) return linked[0]!;
    // Not linked: match just this member, as a directory event would (indexed look-ups with the
    // default expressions) — not every PlusPlus user of the tenant on every command.
    // Not connected (an AppError) falls through to the path below; anything else is a real failure.
    const rematched = await this.rematchMembers(tenantId, [{ slackUserId }]).catch((error: unknown) => {
      if (error instanceof AppError) return null;
      throw error;
    });
    if (rematched && !rematched.skipped) {
      const now = await this.o.users.findBySlackUserId(tenantId, slackUserId);
      return now.length === 1 ? now[0]! : null;
    }
    // The directory is not synced yet: this member alone, from Slack, against every user.
    const member =
      (await this.o.directory.member(teamId, slackUserId)) ?? (await this.fetchMember(tenantId, slackUserId));
    if (!member) return null;
    const matcher = await this.matcherFor(tenantId);
    const result = await runInSlices(
      matcher.matchAllSteps(await this.o.users.records(tenantId), matcher.indexDirectory([member])),
    );
    const found = [...result.outcomes].filter(([, o]) => o.status === 'matched').map(([id]) => id);
    if (found.length !== 1) return null;
    await this.o.users.setSlackIdentity(tenantId, found[0]!, {
      userId: slackUserId,
      displayName: displayName(member),
    });
    return this.o.users.get(tenantId, found[0]!);
  }
}

/** A run's counts as the report and the preview give them. */
function countsOf(result: MatchResult, index: DirectoryIndex): MatchCounts {
  return { slack: result.counts.slack, users: result.counts.users, firstSlackError: index.firstError };
}

function reportOf(
  result: MatchResult,
  index: DirectoryIndex,
  page: ReportOptions,
  explained: ReadonlyMap<string, { reason: string; slackUserId: string }>,
  directoryWarm: boolean,
): MatchingReport {
  const unmatched: UnmatchedUser[] = [...result.outcomes]
    .filter(([, o]) => o.status === 'unmatched')
    .map(([userId, o]) => {
      const u = o as Extract<MatchOutcome, { status: 'unmatched' }>;
      const why = explained.get(userId);
      const slackUserIds = u.slackUserIds ?? (why ? [why.slackUserId] : undefined);
      return {
        userId,
        reason: why?.reason ?? u.reason,
        ...(slackUserIds ? { slackUserIds } : {}),
        ...(u.detail ? { detail: u.detail } : {}),
      };
    });
  return {
    counts: countsOf(result, index),
    unmatchedTotal: unmatched.length,
    unmatched: unmatched.slice(page.offset, page.offset + page.limit),
    offset: page.offset,
    limit: page.limit,
    directoryWarm,
  };
}
