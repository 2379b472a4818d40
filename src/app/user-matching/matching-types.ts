/**
 * What the user-matching use case is built from and what it returns, in a file of its own so that
 * matching-service.ts and member-rematch.ts both import it instead of each other. The results are
 * domain data (camelCase, the matcher's counts as they are); the internal API's snake_case bodies
 * are made from them in src/internal-api/matching.ts.
 */
import type { MatchChange, UserCounts } from '../../domain/matching/matcher';
import type { SlackMember, SlackMemberCounts } from '../../domain/matching/slack-members';
import type { SlackDirectory } from '../../persistence/repositories/slack-directory';
import type { TenantsRepository } from '../../persistence/repositories/tenants-repository';
import type { UsersRepository } from '../../persistence/repositories/users-repository';
import type { BackgroundTasks } from '../../platform/background';
import type { Logger } from '../../platform/logger';
import type { WebClientFactory } from '../../slack/web-client';
import type { Connections } from '../connect/connections';

export interface DirectorySyncer {
  /** Runs a full directory sync of the tenant's workspace to completion. */
  syncTeam(tenantId: string): Promise<unknown>;
  /** users.profile.get for these members (default: all that need it), at Slack's pace. */
  fetchCustomFields(tenantId: string, userIds?: readonly string[]): Promise<unknown>;
}

export interface MatchingServiceOptions {
  users: UsersRepository;
  tenants: TenantsRepository;
  connect: Pick<Connections, 'botTokenForTenant' | 'reportSlackError'>;
  directory: SlackDirectory;
  sync?: DirectorySyncer;
  webClient: WebClientFactory;
  logger: Logger;
  /** Where fire-and-forget work runs (the app drains it on stop); default a private one. */
  background?: BackgroundTasks;
}

/** A Slack member that changed (a directory event). */
export interface MemberChange {
  slackUserId: string;
  /**
   * The cached member before the change: `null` when the cache did not have it (a new member),
   * `undefined` when not known (then the change counts as one that may move links).
   */
  previous?: SlackMember | null;
}

export interface MemberRematchSummary {
  /** Members whose matchability or values changed (the others only refresh a display name). */
  members: number;
  /** Users re-evaluated. */
  users: number;
  /** Links set, moved or cleared. */
  changed: number;
  skipped?: 'directory_not_synced';
}

export interface RematchSummary {
  linked: number;
  changed: number;
  skipped?: 'directory_not_synced';
}

/** `difference.examples` of a preview lists up to this many users of each kind. */
export const PREVIEW_EXAMPLES_MAX = 50;

/** Unmatched users listed in a report, per page. */
export const REPORT_PAGE_MAX = 1000;

export interface ReportOptions {
  limit: number;
  offset: number;
}

/** The counts of one matching run over the tenant's users and the workspace's members. */
export interface MatchCounts {
  slack: Readonly<SlackMemberCounts>;
  users: Readonly<UserCounts>;
  /** The first Slack member the Slack expression failed on, if any. */
  firstSlackError: { slackUserId: string; message: string } | null;
}

/** One unmatched user of a report, with why. */
export interface UnmatchedUser {
  userId: string;
  /** The matcher's reason, or the explanation of a `not_found` (src/domain/matching/explain.ts). */
  reason: string;
  /** The Slack members concerned (the ambiguous candidates, or the member a `not_found` is explained by). */
  slackUserIds?: readonly string[];
  detail?: string;
}

/** GET /matching/report as data. */
export interface MatchingReport {
  counts: MatchCounts;
  /** Every unmatched user; `unmatched` is the requested page of them. */
  unmatchedTotal: number;
  unmatched: UnmatchedUser[];
  offset: number;
  limit: number;
  directoryWarm: boolean;
}

/** POST /matching/preview as data: the proposed mapping against today's. */
export interface MatchingPreview {
  /** The expressions the preview ran with (today's where none was proposed). */
  proposed: { plusplus: string; slack: string };
  current: MatchCounts;
  preview: MatchCounts;
  difference: {
    /** Matched users, proposed minus current. */
    matched: number;
    gained: number;
    lost: number;
    changed: number;
    /** Up to PREVIEW_EXAMPLES_MAX users of each kind. */
    examples: { gained: MatchChange[]; lost: MatchChange[]; changed: MatchChange[] };
  };
  directoryWarm: boolean;
  /** Present when the proposed Slack expression reads custom fields. */
  customFields?: { complete: boolean; missing: number };
}
