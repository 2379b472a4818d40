import type { DataSource, QueryRunner } from 'typeorm';
import type { SlackMember } from '../../domain/matching/slack-members';
import type { PostgresSlackDirectory, SyncState } from './postgres-slack-directory';

/**
 * What the directory sync (src/app/directory-sync/directory-sync.ts) keeps in PostgreSQL beyond
 * the member cache's reads: the per-workspace sync lock, the connection that holds it, the sync
 * state, and the transaction that commits a users.list page with the cursor after it. The member
 * and sync-state statements themselves are PostgresSlackDirectory's; this adds the lock, the
 * session and the transaction around them.
 */

/** What a state write answered (see PostgresSlackDirectory.saveSyncState). */
export type SaveOutcome = 'saved' | 'not_connected' | 'reset';

/** What a page commit answered: the state now stored, or why nothing was. */
export type PageOutcome = { outcome: 'saved'; state: SyncState } | { outcome: 'not_connected' | 'reset' };

/** One sync's connection, on which it holds the workspace's sync lock. */
export interface SyncSession {
  /** The database's clock (compared with rows' `updated_at`, so never the process's). */
  now(): Promise<Date>;
  /** The workspace's stored sync state. */
  syncState(): Promise<SyncState | null>;
  /**
   * Saves the state; nothing is written for a workspace without an active installation
   * (`not_connected`), nor, with `expectSyncId`, when the stored state is no longer that sync's
   * (`reset`: the directory was forgotten meanwhile).
   */
  saveSyncState(state: SyncState, options?: { expectSyncId?: string }): Promise<SaveOutcome>;
  /**
   * One users.list page and the state after it (`page`, whose `syncId` the stored state must
   * still have), in one transaction, so a crash resumes exactly after the last committed page.
   * Only while the workspace is connected (its installation is locked until the commit). With
   * `last`, members this sync did not see are marked deleted and `lastCompletedAt` is set to the
   * database's time. Anything but `saved` commits nothing.
   */
  commitPage(page: SyncState, members: readonly SlackMember[], last: boolean): Promise<PageOutcome>;
}

/** The directory sync's persistence; PostgresDirectorySyncStore is the one implementation. */
export interface DirectorySyncStore {
  /**
   * Runs `fn` holding the workspace's sync lock on a connection of its own (one sync per
   * workspace across processes; a crashed process's lock goes with its connection); null, without
   * running it, if another session holds the lock.
   */
  withSyncLock<T>(teamId: string, fn: (session: SyncSession) => Promise<T>): Promise<T | null>;
  /** Whether some session (of any process) holds the workspace's sync lock now. */
  syncLockHeld(teamId: string): Promise<boolean>;
  syncState(teamId: string): Promise<SyncState | null>;
  /** Matchable members whose custom fields are missing or stale. */
  membersNeedingFields(teamId: string): Promise<string[]>;
  /** Custom fields from users.profile.get (`{}` when the member has none). */
  saveFields(teamId: string, userId: string, fields: Record<string, unknown>): Promise<void>;
}

/**
 * Two int4 keys: a namespace for directory syncs, and the team. The schema is part of the key:
 * apps (or test files) that share one database in different schemas must not block each other's
 * syncs of workspaces with the same id.
 */
const LOCK_KEYS = `hashtext('slack-directory-sync'), hashtext(current_schema() || ':' || $1)`;

async function dbNow(runner: QueryRunner): Promise<Date> {
  const [{ now }] = await runner.query('SELECT now() AS now');
  return now;
}

export class PostgresDirectorySyncStore implements DirectorySyncStore {
  constructor(
    private readonly dataSource: DataSource,
    private readonly directory: PostgresSlackDirectory,
  ) {}

  async withSyncLock<T>(teamId: string, fn: (session: SyncSession) => Promise<T>): Promise<T | null> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      const [{ locked }] = await runner.query(`SELECT pg_try_advisory_lock(${LOCK_KEYS}) AS locked`, [
        teamId,
      ]);
      if (!locked) return null;
      try {
        return await fn(this.session(teamId, runner));
      } finally {
        await runner.query(`SELECT pg_advisory_unlock(${LOCK_KEYS})`, [teamId]).catch(() => undefined);
      }
    } finally {
      await runner.release();
    }
  }

  async syncLockHeld(teamId: string): Promise<boolean> {
    const [{ held }] = await this.dataSource.query(
      `SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted AND objsubid = 2
          AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
          AND classid = hashtext('slack-directory-sync')::oid
          AND objid = hashtext(current_schema() || ':' || $1)::oid) AS held`,
      [teamId],
    );
    return held;
  }

  syncState(teamId: string): Promise<SyncState | null> {
    return this.directory.syncState(teamId);
  }

  membersNeedingFields(teamId: string): Promise<string[]> {
    return this.directory.membersNeedingFields(teamId);
  }

  saveFields(teamId: string, userId: string, fields: Record<string, unknown>): Promise<void> {
    return this.directory.saveFields(teamId, userId, fields);
  }

  private session(teamId: string, runner: QueryRunner): SyncSession {
    const directory = this.directory;
    return {
      now: () => dbNow(runner),
      syncState: () => directory.syncState(teamId, runner),
      saveSyncState: (state, options = {}) => directory.saveSyncState(state, runner, options),
      async commitPage(page, members, last) {
        // Nothing of a page that is not saved may stay: roll back, whatever the rollback answers.
        const rollBack = () => runner.rollbackTransaction().catch(() => undefined);
        await runner.startTransaction();
        try {
          if (!(await directory.lockActiveInstallation(page.teamId, runner))) {
            await rollBack();
            return { outcome: 'not_connected' };
          }
          await directory.upsertMembers(page.teamId, members, { syncId: page.syncId, db: runner });
          let state = page;
          if (last) {
            await directory.markUnseenDeleted(page.teamId, page.syncId, page.startedAt, runner);
            state = { ...page, lastCompletedAt: await dbNow(runner) };
          }
          const saved = await directory.saveSyncState(state, runner, { expectSyncId: page.syncId });
          if (saved !== 'saved') {
            await rollBack();
            return { outcome: saved };
          }
          await runner.commitTransaction();
          return { outcome: 'saved', state };
        } catch (error) {
          if (runner.isTransactionActive) await rollBack();
          throw error;
        }
      },
    };
  }
}
