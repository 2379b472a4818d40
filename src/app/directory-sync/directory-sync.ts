import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import type { WebClient } from '@slack/web-api';
import { expressionNeedsCustomFields, type SlackMember } from '../../domain/matching/slack-members';
import type {
  DirectorySyncStore,
  SaveOutcome,
  SyncSession,
} from '../../persistence/repositories/directory-sync-store';
import type { SyncState } from '../../persistence/repositories/postgres-slack-directory';
import type { SyncProgress } from '../../persistence/repositories/slack-directory';
import type { TenantsRepository } from '../../persistence/repositories/tenants-repository';
import type { Logger } from '../../platform/logger';
import { backoffMs, classifySlackError, isWebApiError, slackErrorCode } from '../../slack/failures';
import type { WebClientFactory } from '../../slack/web-client';
import type { Connections } from '../connect/connections';

/**
 * The directory sync (design §6): a workspace's members paged from users.list at Tier 2 pace into
 * the cache, resumable from its cursor after a crash, then custom profile fields from
 * users.profile.get where the Slack expression needs them. Over ~350 lines on purpose: the list
 * phase, the fields phase and their shared pacing, lock session and stop reasons are one state
 * machine; its SQL is in src/persistence/repositories/directory-sync-store.ts.
 */

/** Slack's Tier 2 (users.list) is 20 calls a minute; Tier 4 (users.profile.get) 100. */
export const TIER2_INTERVAL_MS = 60_000 / 20;
export const TIER4_INTERVAL_MS = 60_000 / 100;

/**
 * Transient retries of one call wait 1 s, 2 s, 4 s … exactly, as before the one policy: one sync
 * runs per team at a time, so there is no crowd to spread out with jitter.
 */
const DEFAULT_BACKOFF = { baseMs: 1000, maxMs: Number.POSITIVE_INFINITY, jitter: 0 };

export interface DirectorySyncOptions {
  /** The sync lock, its session, the sync state and the page transaction (directory-sync-store.ts). */
  store: DirectorySyncStore;
  connect: Connections;
  tenants: Pick<TenantsRepository, 'settings'>;
  webClient: WebClientFactory;
  logger: Logger;
  /** Least time between the end of one users.list call and the start of the next (default Tier 2). */
  listIntervalMs?: number;
  /** The same for users.profile.get (default Tier 4). */
  profileIntervalMs?: number;
  /** users.list page size (default 200, Slack's advice). */
  pageSize?: number;
  /** Retries of one call after a network error, HTTP 5xx or transient Slack code (default 3). */
  maxTransientRetries?: number;
  /** Wait before transient retry n (0-based); default 1 s, 2 s, 4 s … */
  backoffMs?: (attempt: number) => number;
  sleep?: (ms: number) => Promise<void>;
  /** Test hook: runs after each users.list page has been committed. */
  afterPage?: (progress: SyncProgress) => Promise<void> | void;
}

export type SyncOutcome =
  | { outcome: 'done'; progress: SyncProgress; fieldsFetched: number }
  | { outcome: 'already_running'; progress: SyncProgress }
  | { outcome: 'not_connected'; progress: SyncProgress | null }
  | { outcome: 'failed'; progress: SyncProgress; error: string };

export type FieldsOutcome =
  | { outcome: 'done'; fetched: number }
  | { outcome: 'already_running' }
  | { outcome: 'not_connected' }
  | { outcome: 'failed'; fetched: number; error: string };

/** Why a sync stopped: a Slack code, `not_connected`, or the local error's message. */
class SyncStop extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

/**
 * The workspace's directory was forgotten while this sync ran (an uninstall or disconnect, then a
 * new Connect before the sync noticed): what it wrote before is gone, so it starts over.
 */
class DirectoryReset extends SyncStop {
  constructor() {
    super('directory_reset');
  }
}

/** Start-overs of one syncTeam call after a DirectoryReset, before it gives up. */
const MAX_RESETS = 2;

/** Spaces calls: the next starts no earlier than `intervalMs` after the previous one answered. */
class Pacer {
  private lastEnd = Number.NEGATIVE_INFINITY;
  constructor(
    private readonly intervalMs: number,
    private readonly sleep: (ms: number) => Promise<void>,
  ) {}
  async wait(): Promise<void> {
    const due = this.lastEnd + this.intervalMs - Date.now();
    if (due > 0) await this.sleep(due);
  }
  done(): void {
    this.lastEnd = Date.now();
  }
  /** After a 429's Retry-After the call goes at once: Slack said when. */
  ready(): void {
    this.lastEnd = Number.NEGATIVE_INFINITY;
  }
}

/**
 * Fills and refreshes the directory cache of a tenant's workspace (design §6, docs/matching.md
 * "Directory cache"): pages `users.list` at Tier 2 pace, committing each page together with the
 * cursor so a crash resumes where it stopped; then, when the tenant's Slack expression reads
 * custom fields, `users.profile.get` for each matchable member whose fields are missing or stale.
 * One sync per workspace at a time across processes (a session advisory lock on a connection held
 * for the sync; a crashed process's lock goes with its connection). A sync stops with
 * `not_connected` once the installation ends, and writes nothing after that (the repository's
 * writes need the workspace's active installation), so it never re-creates a directory that an
 * uninstall or disconnect deleted.
 */
export class DirectorySyncService {
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly o: DirectorySyncOptions) {
    this.sleep = o.sleep ?? ((ms) => delay(ms));
  }

  /** A full sync of the tenant's workspace, resuming an interrupted one. */
  async syncTeam(tenantId: string): Promise<SyncOutcome> {
    const auth = await this.o.connect.botTokenForTenant(tenantId);
    if (!auth) return { outcome: 'not_connected', progress: null };
    const teamId = auth.installation.teamId;
    const result = await this.o.store.withSyncLock(teamId, async (session) => {
      for (let resets = 0; ; resets++) {
        const outcome = await this.runSync(tenantId, teamId, session, resets < MAX_RESETS);
        if (outcome !== 'restart') return outcome;
      }
    });
    return result ?? { outcome: 'already_running', progress: await this.status(teamId) };
  }

  /** One full sync under the lock; `restart` after a DirectoryReset when `mayRestart`. */
  private async runSync(
    tenantId: string,
    teamId: string,
    session: SyncSession,
    mayRestart: boolean,
  ): Promise<SyncOutcome | 'restart'> {
    let state = await this.begin(teamId, session);
    const log = this.o.logger.child({ teamId, syncId: state.syncId });
    log.info({ resumeFrom: state.pages, phase: state.phase }, 'directory sync started');
    let fieldsFetched = 0;
    let lastCommitted = state;
    try {
      if (state.phase === 'list') {
        state = await this.listPhase(tenantId, state, session, (page) => {
          lastCommitted = page;
        });
      }
      if (await this.expressionNeedsFields(tenantId)) {
        state = { ...state, phase: 'fields' };
        await this.saveState(state, session);
        fieldsFetched = await this.fetchFields(
          tenantId,
          teamId,
          await this.o.store.membersNeedingFields(teamId),
        );
      }
      state = { ...state, status: 'done', phase: 'list', finishedAt: await session.now(), error: null };
      await this.saveState(state, session);
      log.info({ pages: state.pages, members: state.members, fieldsFetched }, 'directory sync done');
      return { outcome: 'done' as const, progress: toProgress(state), fieldsFetched };
    } catch (error) {
      if (error instanceof DirectoryReset && mayRestart) {
        log.warn(
          'the directory was forgotten and the workspace connected again during the sync: starting over',
        );
        return 'restart';
      }
      const reason = await this.stopReason(teamId, error);
      // State as last committed (pages and cursor), plus the failure; nothing is written if the
      // directory was forgotten meanwhile (the write expects this sync's state to be there).
      const committed = (await session.syncState()) ?? lastCommitted;
      state = { ...committed, status: 'failed', finishedAt: await session.now(), error: reason };
      await session.saveSyncState(state, { expectSyncId: committed.syncId });
      log.warn({ error: reason, pages: state.pages }, 'directory sync failed');
      return { outcome: 'failed' as const, progress: toProgress(state), error: reason };
    }
  }

  /**
   * Saves this sync's state (`expectSyncId`: the id the stored state has now). Stops the sync when
   * the workspace is no longer connected, or when its directory was forgotten since the last write.
   */
  private async saveState(
    state: SyncState,
    session: SyncSession,
    expectSyncId = state.syncId,
  ): Promise<void> {
    const saved = await session.saveSyncState(state, { expectSyncId });
    if (saved !== 'saved') stopSync(saved);
  }

  /**
   * Custom fields from users.profile.get into the cache: for `userIds`, or else for every matchable
   * member whose fields are missing or stale. The caller decides whether the expression needs them
   * (syncTeam does, with {@link expressionNeedsCustomFields}).
   */
  async fetchCustomFields(tenantId: string, userIds?: readonly string[]): Promise<FieldsOutcome> {
    const auth = await this.o.connect.botTokenForTenant(tenantId);
    if (!auth) return { outcome: 'not_connected' };
    const teamId = auth.installation.teamId;
    let fetched = 0;
    const result = await this.o.store.withSyncLock(teamId, async () => {
      try {
        const ids = userIds ?? (await this.o.store.membersNeedingFields(teamId));
        await this.fetchFields(tenantId, teamId, ids, () => fetched++);
        return { outcome: 'done' as const, fetched };
      } catch (error) {
        return { outcome: 'failed' as const, fetched, error: await this.stopReason(teamId, error) };
      }
    });
    return result ?? { outcome: 'already_running' };
  }

  /** The workspace's sync; a `running` row whose lock nobody holds is a crashed sync (resumable). */
  async status(teamId: string): Promise<SyncProgress> {
    const state = await this.o.store.syncState(teamId);
    if (!state) return toProgress(null, teamId);
    if (state.status === 'running' && !(await this.o.store.syncLockHeld(teamId))) {
      return toProgress({ ...state, status: 'failed', error: 'interrupted' });
    }
    return toProgress(state);
  }

  /**
   * Resume what was interrupted (we hold the lock, so a `running` row means its process died) or
   * stopped by an error; otherwise a new full sync with a new sync id.
   */
  private async begin(teamId: string, session: SyncSession): Promise<SyncState> {
    const previous = await session.syncState();
    const resumable =
      previous &&
      (previous.status === 'running' || previous.status === 'failed') &&
      (previous.phase === 'fields' || previous.cursor !== null);
    const state: SyncState = resumable
      ? { ...previous, status: 'running', finishedAt: null, error: null }
      : {
          teamId,
          syncId: randomUUID(),
          status: 'running',
          phase: 'list',
          cursor: null,
          pages: 0,
          members: 0,
          // The database's clock: it is compared with rows' updated_at at the end.
          startedAt: await session.now(),
          finishedAt: null,
          lastCompletedAt: previous?.lastCompletedAt ?? null,
          error: null,
        };
    await session.saveSyncState(state);
    return state;
  }

  private async listPhase(
    tenantId: string,
    start: SyncState,
    session: SyncSession,
    onCommitted: (state: SyncState) => void,
  ): Promise<SyncState> {
    const pacer = new Pacer(this.o.listIntervalMs ?? TIER2_INTERVAL_MS, this.sleep);
    let state = start;
    let restarted = false;
    let scopesSeen = false;
    for (;;) {
      const cursor = state.cursor ?? undefined;
      let answer: Awaited<ReturnType<WebClient['users']['list']>>;
      try {
        answer = await this.call(tenantId, pacer, (c) =>
          // include_locale: each member's Slack language, which the app speaks to them (issue 22).
          c.users.list({ limit: this.o.pageSize ?? 200, cursor, include_locale: true }),
        );
      } catch (error) {
        // A cursor Slack no longer knows (expired after a long interruption): start over, once.
        if (slackErrorCode(error) !== 'invalid_cursor' || restarted || !cursor) throw error;
        restarted = true;
        this.o.logger.warn({ teamId: state.teamId }, 'users.list cursor expired: restarting the sync');
        const previousSyncId = state.syncId;
        state = {
          ...state,
          syncId: randomUUID(),
          cursor: null,
          pages: 0,
          members: 0,
          startedAt: await session.now(),
        };
        await this.saveState(state, session, previousSyncId);
        continue;
      }
      if (!scopesSeen) {
        scopesSeen = true;
        await this.o.connect.observeScopes(state.teamId, answer.response_metadata?.scopes);
      }
      const members = (answer.members ?? []) as unknown as SlackMember[];
      const next = answer.response_metadata?.next_cursor || null;
      const page: SyncState = {
        ...state,
        cursor: next,
        pages: state.pages + 1,
        members: state.members + members.length,
      };
      // The page and the cursor after it commit together: a crash resumes exactly here. The page
      // is written only while the workspace is still connected: an uninstall or disconnect since
      // the call deleted the directory, and this sync must not bring it back.
      const committed = await session.commitPage(page, members, !next);
      if (committed.outcome !== 'saved') stopSync(committed.outcome);
      state = committed.state;
      onCommitted(state);
      await this.o.afterPage?.(toProgress(state));
      if (!next) return state;
    }
  }

  private async fetchFields(
    tenantId: string,
    teamId: string,
    userIds: readonly string[],
    onFetched?: () => void,
  ): Promise<number> {
    const pacer = new Pacer(this.o.profileIntervalMs ?? TIER4_INTERVAL_MS, this.sleep);
    let fetched = 0;
    for (const user of userIds) {
      let fields: Record<string, unknown> = {};
      try {
        const answer = await this.call(tenantId, pacer, (c) => c.users.profile.get({ user }));
        const got = answer.profile?.fields as unknown;
        // Slack answers `{}`, `[]` or null for a member without custom fields.
        if (got && typeof got === 'object' && !Array.isArray(got)) fields = got as Record<string, unknown>;
      } catch (error) {
        // Gone since the list: cache "no fields" and go on; anything else stops the run.
        if (slackErrorCode(error) !== 'user_not_found') throw error;
      }
      await this.o.store.saveFields(teamId, user, fields);
      fetched++;
      onFetched?.();
    }
    if (fetched > 0) this.o.logger.info({ teamId, fetched }, 'custom profile fields fetched');
    return fetched;
  }

  /**
   * One Web API call with a fresh token (it may rotate during a long run), at the pacer's pace:
   * a 429 waits exactly Retry-After and tries again; transient failures back off and retry a few
   * times; anything else throws.
   */
  private async call<T>(tenantId: string, pacer: Pacer, fn: (client: WebClient) => Promise<T>): Promise<T> {
    let transient = 0;
    for (;;) {
      const auth = await this.o.connect.botTokenForTenant(tenantId);
      if (!auth) throw new SyncStop('not_connected');
      await pacer.wait();
      try {
        const answer = await fn(this.o.webClient(auth.token));
        pacer.done();
        return answer;
      } catch (error) {
        pacer.done();
        const verdict = classifySlackError(error);
        if (verdict.kind === 'rate_limited') {
          const waitMs = verdict.retryAfterMs;
          this.o.logger.info(
            { teamId: auth.installation.teamId, waitMs },
            'rate limited: waiting Retry-After',
          );
          await this.sleep(waitMs);
          pacer.ready();
          continue;
        }
        // Only the Web API's failures are retried: an error of our own would only repeat.
        const retry = verdict.kind === 'transient' && isWebApiError(error);
        if (retry && transient < (this.o.maxTransientRetries ?? 3)) {
          await this.sleep(this.o.backoffMs?.(transient) ?? backoffMs(transient + 1, DEFAULT_BACKOFF));
          transient++;
          continue;
        }
        throw error;
      }
    }
  }

  /** The code a failed run records; installation-level codes also mark the installation revoked. */
  private async stopReason(teamId: string, error: unknown): Promise<string> {
    if (error instanceof SyncStop) return error.reason;
    const code = slackErrorCode(error);
    if (code) {
      await this.o.connect.reportSlackError(teamId, error);
      return code;
    }
    const e = error as { code?: string; message?: string };
    this.o.logger.error({ teamId, err: e?.code ?? e?.message }, 'directory sync error');
    return e?.code ?? 'sync_error';
  }

  private async expressionNeedsFields(tenantId: string): Promise<boolean> {
    const settings = await this.o.tenants.settings(tenantId);
    try {
      return expressionNeedsCustomFields(settings.slackUserAttribute);
    } catch {
      // An expression that does not compile matches nothing; fetching fields would not help.
      return false;
    }
  }
}

/** A write that saved nothing stops the sync: the workspace is gone, or its directory was reset. */
function stopSync(why: Exclude<SaveOutcome, 'saved'>): never {
  throw why === 'reset' ? new DirectoryReset() : new SyncStop('not_connected');
}

function toProgress(state: SyncState | null, teamId = state?.teamId ?? ''): SyncProgress {
  return {
    teamId,
    status: state?.status ?? 'idle',
    members: state?.members ?? 0,
    pages: state?.pages ?? 0,
    cursor: state?.cursor ?? null,
    startedAt: state?.startedAt ?? null,
    finishedAt: state?.finishedAt ?? null,
    error: state?.error ?? null,
  };
}
