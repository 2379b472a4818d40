import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import type { WebClient } from '@slack/web-api';
import type { DataSource, QueryRunner } from 'typeorm';
import { expressionNeedsCustomFields, type SlackMember } from '../domain/matching/directory';
import type { Logger } from '../logger';
import type { PostgresSlackDirectory, SyncState } from '../persistence/repositories/postgres-slack-directory';
import type { TenantsRepository } from '../persistence/repositories/tenants-repository';
import type { ConnectService } from './connect-service';
import type { SyncProgress } from './directory';
import { slackErrorCode, type WebClientFactory } from './web-client';

/** Slack's Tier 2 (users.list) is 20 calls a minute; Tier 4 (users.profile.get) 100. */
export const TIER2_INTERVAL_MS = 60_000 / 20;
export const TIER4_INTERVAL_MS = 60_000 / 100;

/** Two int4 keys: a namespace for directory syncs, and the team. Held on the sync's own connection. */
/**
 * The schema is part of the key: apps (or test files) that share one database in different
 * schemas must not block each other's syncs of workspaces with the same id.
 */
const LOCK_KEYS = `hashtext('slack-directory-sync'), hashtext(current_schema() || ':' || $1)`;

/** Errors worth a retry with backoff: the network, HTTP 5xx, and Slack's own transient codes. */
const TRANSIENT_SLACK_CODES = new Set([
  'internal_error',
  'fatal_error',
  'service_unavailable',
  'request_timeout',
]);

export interface DirectorySyncOptions {
  dataSource: DataSource;
  directory: PostgresSlackDirectory;
  connect: Pick<ConnectService, 'botTokenForTenant' | 'reportSlackError' | 'observeScopes'>;
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
    const result = await this.withLock(teamId, async (runner) => {
      for (let resets = 0; ; resets++) {
        const outcome = await this.runSync(tenantId, teamId, runner, resets < MAX_RESETS);
        if (outcome !== 'restart') return outcome;
      }
    });
    return result ?? { outcome: 'already_running', progress: await this.status(teamId) };
  }

  /** One full sync under the lock; `restart` after a DirectoryReset when `mayRestart`. */
  private async runSync(
    tenantId: string,
    teamId: string,
    runner: QueryRunner,
    mayRestart: boolean,
  ): Promise<SyncOutcome | 'restart'> {
    let state = await this.begin(teamId, runner);
    const log = this.o.logger.child({ teamId, syncId: state.syncId });
    log.info({ resumeFrom: state.pages, phase: state.phase }, 'directory sync started');
    let fieldsFetched = 0;
    let lastCommitted = state;
    try {
      if (state.phase === 'list') {
        state = await this.listPhase(tenantId, state, runner, (page) => {
          lastCommitted = page;
        });
      }
      if (await this.expressionNeedsFields(tenantId)) {
        state = { ...state, phase: 'fields' };
        await this.saveState(state, runner);
        fieldsFetched = await this.fetchFields(
          tenantId,
          teamId,
          await this.o.directory.membersNeedingFields(teamId),
        );
      }
      state = { ...state, status: 'done', phase: 'list', finishedAt: await dbNow(runner), error: null };
      await this.saveState(state, runner);
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
      const committed = (await this.o.directory.syncState(teamId, runner)) ?? lastCommitted;
      state = { ...committed, status: 'failed', finishedAt: await dbNow(runner), error: reason };
      await this.o.directory.saveSyncState(state, runner, { expectSyncId: committed.syncId });
      log.warn({ error: reason, pages: state.pages }, 'directory sync failed');
      return { outcome: 'failed' as const, progress: toProgress(state), error: reason };
    }
  }

  /**
   * Saves this sync's state (`expectSyncId`: the id the stored state has now). Stops the sync when
   * the workspace is no longer connected, or when its directory was forgotten since the last write.
   */
  private async saveState(state: SyncState, runner: QueryRunner, expectSyncId = state.syncId): Promise<void> {
    const saved = await this.o.directory.saveSyncState(state, runner, { expectSyncId });
    if (saved === 'not_connected') throw new SyncStop('not_connected');
    if (saved === 'reset') throw new DirectoryReset();
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
    const result = await this.withLock(teamId, async () => {
      try {
        const ids = userIds ?? (await this.o.directory.membersNeedingFields(teamId));
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
    const state = await this.o.directory.syncState(teamId);
    if (!state) return toProgress(null, teamId);
    if (state.status === 'running') {
      const [{ held }] = await this.o.dataSource.query(
        `SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted AND objsubid = 2
            AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
            AND classid = hashtext('slack-directory-sync')::oid
            AND objid = hashtext(current_schema() || ':' || $1)::oid) AS held`,
        [teamId],
      );
      if (!held) return toProgress({ ...state, status: 'failed', error: 'interrupted' });
    }
    return toProgress(state);
  }

  /** Runs `fn` holding the team's sync lock on a connection of its own; null if another holds it. */
  private async withLock<T>(teamId: string, fn: (runner: QueryRunner) => Promise<T>): Promise<T | null> {
    const runner = this.o.dataSource.createQueryRunner();
    await runner.connect();
    try {
      const [{ locked }] = await runner.query(`SELECT pg_try_advisory_lock(${LOCK_KEYS}) AS locked`, [
        teamId,
      ]);
      if (!locked) return null;
      try {
        return await fn(runner);
      } finally {
        await runner.query(`SELECT pg_advisory_unlock(${LOCK_KEYS})`, [teamId]).catch(() => undefined);
      }
    } finally {
      await runner.release();
    }
  }

  /**
   * Resume what was interrupted (we hold the lock, so a `running` row means its process died) or
   * stopped by an error; otherwise a new full sync with a new sync id.
   */
  private async begin(teamId: string, runner: QueryRunner): Promise<SyncState> {
    const previous = await this.o.directory.syncState(teamId, runner);
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
          startedAt: await dbNow(runner),
          finishedAt: null,
          lastCompletedAt: previous?.lastCompletedAt ?? null,
          error: null,
        };
    await this.o.directory.saveSyncState(state, runner);
    return state;
  }

  private async listPhase(
    tenantId: string,
    start: SyncState,
    runner: QueryRunner,
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
          c.users.list({ limit: this.o.pageSize ?? 200, cursor }),
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
          startedAt: await dbNow(runner),
        };
        await this.saveState(state, runner, previousSyncId);
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
      await runner.startTransaction();
      try {
        if (!(await this.o.directory.lockActiveInstallation(state.teamId, runner))) {
          throw new SyncStop('not_connected');
        }
        await this.o.directory.upsertMembers(state.teamId, members, { syncId: state.syncId, db: runner });
        if (!next) {
          await this.o.directory.markUnseenDeleted(state.teamId, state.syncId, state.startedAt, runner);
          page.lastCompletedAt = await dbNow(runner);
        }
        await this.saveState(page, runner, state.syncId);
        await runner.commitTransaction();
      } catch (error) {
        if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
        throw error;
      }
      state = page;
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
      await this.o.directory.saveFields(teamId, user, fields);
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
        const e = error as { code?: string; retryAfter?: number };
        if (e.code === 'slack_webapi_rate_limited_error') {
          const waitMs = (e.retryAfter ?? 1) * 1000;
          this.o.logger.info(
            { teamId: auth.installation.teamId, waitMs },
            'rate limited: waiting Retry-After',
          );
          await this.sleep(waitMs);
          pacer.ready();
          continue;
        }
        if (isTransient(error) && transient < (this.o.maxTransientRetries ?? 3)) {
          await this.sleep(this.o.backoffMs?.(transient) ?? 1000 * 2 ** transient);
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

function isTransient(error: unknown): boolean {
  const code = (error as { code?: string })?.code;
  if (code === 'slack_webapi_request_error' || code === 'slack_webapi_http_error') return true;
  return TRANSIENT_SLACK_CODES.has(slackErrorCode(error) ?? '');
}

async function dbNow(runner: QueryRunner): Promise<Date> {
  const [{ now }] = await runner.query('SELECT now() AS now');
  return now;
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
