import type { DataSource } from 'typeorm';
import { isMatchableMember, type SlackMember } from '../../domain/matching/slack-members';
import type { SlackDirectory } from './slack-directory';

/** Anything that runs SQL: the data source, an EntityManager, or the sync's own QueryRunner. */
export interface Queryable {
  // biome-ignore lint/suspicious/noExplicitAny: raw driver rows
  query(sql: string, parameters?: unknown[]): Promise<any>;
}

/** One row of `slack_directory_syncs`, as the sync service reads and writes it. */
export interface SyncState {
  teamId: string;
  syncId: string;
  status: 'running' | 'done' | 'failed';
  phase: 'list' | 'fields';
  cursor: string | null;
  pages: number;
  members: number;
  startedAt: Date;
  finishedAt: Date | null;
  lastCompletedAt: Date | null;
  error: string | null;
}

/**
 * Whether an incoming member object replaces the cached one: Slack bumps `updated` (unix seconds)
 * on every change, and events can arrive late or out of order, or race a sync page fetched
 * earlier. Equal counts as newer (a retried event, or two changes within one second), and a
 * member without `updated` on either side always replaces.
 */
const INCOMING_IS_NEWER = `(jsonb_typeof(s.member->'updated') IS DISTINCT FROM 'number'
    OR jsonb_typeof(EXCLUDED.member->'updated') IS DISTINCT FROM 'number'
    OR (EXCLUDED.member->'updated') >= (s.member->'updated'))`;

/**
 * The workspace `$1`'s active installation, locked `FOR SHARE` until the writing transaction ends:
 * every write below happens only while the workspace is connected, and a revocation or disconnect
 * (which updates or deletes that row, then deletes the workspace's rows, in one transaction)
 * either waits for the write to commit and deletes its rows too, or commits first and the write
 * finds no installation and writes nothing. So an in-flight sync or a late event cannot bring
 * back a member list the app has just forgotten (docs/admin-guide.md §10).
 */
const ACTIVE_INSTALLATION = `SELECT 1 FROM slack_installations
  WHERE team_id = $1 AND revoked_at IS NULL FOR SHARE`;

/**
 * Events (user_change, team_join) never carry `locale`; only users.list / users.info with
 * `include_locale` do (issue 22). A newer member object without it keeps the cached one.
 */
const KEEP_LOCALE = `CASE WHEN EXCLUDED.member ? 'locale' OR NOT (s.member ? 'locale') THEN EXCLUDED.member
    ELSE EXCLUDED.member || jsonb_build_object('locale', s.member->'locale') END`;

/**
 * One statement for any number of members (a users.list page, or one member from an event): the
 * page travels as a single JSON parameter, so there is no bind-parameter limit and one round trip.
 * - `profile.fields`, when the incoming object has them (users.profile.get shape; users.list says
 *   `null`), go to `fields`; otherwise the cached fields stay, but are marked stale (fetched_at
 *   NULL) when the member changed, so the next custom-field fetch refreshes just those members.
 * - `last_seen_sync_id` is only ever set, never cleared: an event does not un-see a member.
 */
const UPSERT_MEMBERS = `
WITH active AS (${ACTIVE_INSTALLATION})
INSERT INTO slack_members AS s
  (team_id, user_id, member, email_lower, fields, fields_fetched_at, last_seen_sync_id, updated_at)
SELECT DISTINCT ON (m->>'id')
  $1, m->>'id', m,
  nullif(lower(btrim(m->'profile'->>'email')), ''),
  CASE WHEN jsonb_typeof(m->'profile'->'fields') = 'object' THEN m->'profile'->'fields' END,
  CASE WHEN jsonb_typeof(m->'profile'->'fields') = 'object' THEN now() END,
  $3::uuid, now()
FROM jsonb_array_elements($2::jsonb) AS m
WHERE jsonb_typeof(m->'id') = 'string' AND EXISTS (SELECT 1 FROM active)
ON CONFLICT (team_id, user_id) DO UPDATE SET
  member = CASE WHEN ${INCOMING_IS_NEWER} THEN ${KEEP_LOCALE} ELSE s.member END,
  email_lower = CASE WHEN ${INCOMING_IS_NEWER} THEN EXCLUDED.email_lower ELSE s.email_lower END,
  fields = coalesce(EXCLUDED.fields, s.fields),
  fields_fetched_at = CASE
    WHEN EXCLUDED.fields IS NOT NULL THEN EXCLUDED.fields_fetched_at
    WHEN ${INCOMING_IS_NEWER} AND (EXCLUDED.member->'updated') IS DISTINCT FROM (s.member->'updated') THEN NULL
    ELSE s.fields_fetched_at END,
  last_seen_sync_id = coalesce(EXCLUDED.last_seen_sync_id, s.last_seen_sync_id),
  updated_at = now()`;

/** The member with its cached custom fields in `profile.fields` (where users.profile.get puts them). */
const MEMBER_WITH_FIELDS = `CASE WHEN fields IS NULL OR jsonb_typeof(member->'profile') <> 'object'
  THEN member ELSE jsonb_set(member, '{profile,fields}', fields) END`;

interface SyncRow {
  team_id: string;
  sync_id: string;
  status: SyncState['status'];
  phase: SyncState['phase'];
  cursor: string | null;
  pages: number;
  members: number;
  started_at: Date;
  finished_at: Date | null;
  last_completed_at: Date | null;
  error: string | null;
}

/**
 * The Slack directory cache in PostgreSQL (`slack_members`) and the state of each workspace's
 * sync (`slack_directory_syncs`). Every write is one named SQL statement; the sync service runs
 * the page upsert and the state update in one transaction on its own connection. Writes of a
 * workspace without an active installation do nothing (see ACTIVE_INSTALLATION): its rows are
 * deleted when the installation ends (retention-repository.ts `forgetWorkspaceData`).
 */
export class PostgresSlackDirectory implements SlackDirectory {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Every cached member, custom fields merged in, ordered by id. One query; the driver parses each
   * row's JSON once, which is what dominates for 100k members (docs/matching.md "Directory cache").
   */
  async members(teamId: string): Promise<SlackMember[]> {
    const rows: { m: SlackMember }[] = await this.dataSource.query(
      `SELECT ${MEMBER_WITH_FIELDS} AS m FROM slack_members WHERE team_id = $1 ORDER BY user_id`,
      [teamId],
    );
    return rows.map((r) => r.m);
  }

  async member(teamId: string, userId: string): Promise<SlackMember | null> {
    const rows: { m: SlackMember }[] = await this.dataSource.query(
      `SELECT ${MEMBER_WITH_FIELDS} AS m FROM slack_members WHERE team_id = $1 AND user_id = $2`,
      [teamId, userId],
    );
    return rows[0]?.m ?? null;
  }

  /** Members whose `profile.email` equals `email` after trimming and lower-casing (index look-up). */
  async membersByEmail(teamId: string, email: string): Promise<SlackMember[]> {
    const rows: { m: SlackMember }[] = await this.dataSource.query(
      `SELECT ${MEMBER_WITH_FIELDS} AS m FROM slack_members
        WHERE team_id = $1 AND email_lower = lower(btrim($2)) ORDER BY user_id`,
      [teamId, email],
    );
    return rows.map((r) => r.m);
  }

  /**
   * In a transaction: locks the workspace's active installation until the transaction ends (see
   * ACTIVE_INSTALLATION), so what the transaction writes cannot outlive a revocation. False when
   * the workspace has no active installation: write nothing.
   */
  async lockActiveInstallation(teamId: string, db: Queryable): Promise<boolean> {
    const rows = await db.query(ACTIVE_INSTALLATION, [teamId]);
    return rows.length > 0;
  }

  /** The cached members with these ids (those the cache has), ordered by id. */
  async membersByIds(teamId: string, userIds: readonly string[]): Promise<SlackMember[]> {
    if (userIds.length === 0) return [];
    const rows: { m: SlackMember }[] = await this.dataSource.query(
      `SELECT ${MEMBER_WITH_FIELDS} AS m FROM slack_members
        WHERE team_id = $1 AND user_id = ANY($2::text[]) ORDER BY user_id`,
      [teamId, [...userIds]],
    );
    return rows.map((r) => r.m);
  }

  /** Members whose `email_lower` is one of these (already trimmed and lower-cased) addresses. */
  async membersByEmails(teamId: string, emails: readonly string[]): Promise<SlackMember[]> {
    if (emails.length === 0) return [];
    const rows: { m: SlackMember }[] = await this.dataSource.query(
      `SELECT ${MEMBER_WITH_FIELDS} AS m FROM slack_members
        WHERE team_id = $1 AND email_lower = ANY($2::text[]) ORDER BY user_id`,
      [teamId, [...emails]],
    );
    return rows.map((r) => r.m);
  }

  async isWarm(teamId: string): Promise<boolean> {
    const rows = await this.dataSource.query(
      'SELECT 1 FROM slack_directory_syncs WHERE team_id = $1 AND last_completed_at IS NOT NULL',
      [teamId],
    );
    return rows.length > 0;
  }

  async upsertMember(teamId: string, member: SlackMember): Promise<void> {
    await this.upsertMembers(teamId, [member]);
  }

  /**
   * Upserts members in one statement; `syncId` marks them seen by that full sync. Nothing is
   * written for a workspace without an active installation.
   */
  async upsertMembers(
    teamId: string,
    members: readonly SlackMember[],
    options: { syncId?: string; db?: Queryable } = {},
  ): Promise<void> {
    if (members.length === 0) return;
    await (options.db ?? this.dataSource).query(UPSERT_MEMBERS, [
      teamId,
      JSON.stringify(members),
      options.syncId ?? null,
    ]);
  }

  /**
   * End of a full sync: members the sync did not see are gone from the workspace's `users.list`;
   * mark them `deleted: true` (the matcher filters them) rather than dropping the row, so a linked
   * identity keeps its last known name. Rows written by events after the sync started are fresher
   * than the sync and are left alone. Returns how many were marked.
   */
  async markUnseenDeleted(teamId: string, syncId: string, startedAt: Date, db: Queryable): Promise<number> {
    const result = await db.query(
      `UPDATE slack_members SET member = member || '{"deleted": true}'::jsonb, updated_at = now()
        WHERE team_id = $1 AND last_seen_sync_id IS DISTINCT FROM $2::uuid AND updated_at < $3
          AND member->'deleted' IS DISTINCT FROM 'true'::jsonb`,
      [teamId, syncId, startedAt],
    );
    return Array.isArray(result) && typeof result[1] === 'number' ? result[1] : 0;
  }

  /**
   * Matchable members (docs/matching.md) whose custom fields were never fetched or went stale.
   * Only the keys the member filter reads leave the database; the filter itself is the domain's.
   */
  async membersNeedingFields(teamId: string): Promise<string[]> {
    const rows: { m: SlackMember }[] = await this.dataSource.query(
      `SELECT jsonb_build_object('id', user_id, 'deleted', member->'deleted', 'is_bot', member->'is_bot',
                'is_app_user', member->'is_app_user',
                'profile', jsonb_build_object('email', member->'profile'->'email')) AS m
         FROM slack_members WHERE team_id = $1 AND fields_fetched_at IS NULL ORDER BY user_id`,
      [teamId],
    );
    return rows.filter((r) => isMatchableMember(r.m)).map((r) => r.m.id);
  }

  /** Custom fields from users.profile.get (`{}` when the member has none). */
  async saveFields(teamId: string, userId: string, fields: Record<string, unknown>): Promise<void> {
    await this.dataSource.query(
      `WITH active AS (${ACTIVE_INSTALLATION})
       UPDATE slack_members SET fields = $3::jsonb, fields_fetched_at = now(), updated_at = now()
        WHERE team_id = $1 AND user_id = $2 AND EXISTS (SELECT 1 FROM active)`,
      [teamId, userId, JSON.stringify(fields)],
    );
  }

  async syncState(teamId: string, db: Queryable = this.dataSource): Promise<SyncState | null> {
    const rows: SyncRow[] = await db.query(
      `SELECT team_id, sync_id, status, phase, cursor, pages, members, started_at, finished_at,
              last_completed_at, error
         FROM slack_directory_syncs WHERE team_id = $1`,
      [teamId],
    );
    const r = rows[0];
    if (!r) return null;
    return {
      teamId: r.team_id,
      syncId: r.sync_id,
      status: r.status,
      phase: r.phase,
      cursor: r.cursor,
      pages: r.pages,
      members: r.members,
      startedAt: r.started_at,
      finishedAt: r.finished_at,
      lastCompletedAt: r.last_completed_at,
      error: r.error,
    };
  }

  /**
   * Writes the workspace's sync state. Nothing is written for a workspace without an active
   * installation (`not_connected`), nor, with `expectSyncId`, when the stored state is no longer
   * that sync's (`reset`): the directory was forgotten (uninstall, disconnect) while the sync ran,
   * and the pages it wrote before are gone.
   */
  async saveSyncState(
    state: SyncState,
    db: Queryable = this.dataSource,
    options: { expectSyncId?: string } = {},
  ): Promise<'saved' | 'not_connected' | 'reset'> {
    const rows: { connected: boolean; saved: boolean }[] = await db.query(
      `WITH active AS (${ACTIVE_INSTALLATION}),
       saved AS (
         INSERT INTO slack_directory_syncs
           (team_id, sync_id, status, phase, cursor, pages, members, started_at, finished_at,
            last_completed_at, error, updated_at)
         SELECT $1, $2::uuid, $3, $4, $5, $6::int, $7::int, $8::timestamptz, $9::timestamptz,
                $10::timestamptz, $11, now()
          WHERE EXISTS (SELECT 1 FROM active)
            AND ($12::uuid IS NULL OR EXISTS (
              SELECT 1 FROM slack_directory_syncs WHERE team_id = $1 AND sync_id = $12::uuid))
         ON CONFLICT (team_id) DO UPDATE SET sync_id = EXCLUDED.sync_id, status = EXCLUDED.status,
           phase = EXCLUDED.phase, cursor = EXCLUDED.cursor, pages = EXCLUDED.pages,
           members = EXCLUDED.members, started_at = EXCLUDED.started_at,
           finished_at = EXCLUDED.finished_at, last_completed_at = EXCLUDED.last_completed_at,
           error = EXCLUDED.error, updated_at = now()
         RETURNING 1)
       SELECT EXISTS (SELECT 1 FROM active) AS connected, EXISTS (SELECT 1 FROM saved) AS saved`,
      [
        state.teamId,
        state.syncId,
        state.status,
        state.phase,
        state.cursor,
        state.pages,
        state.members,
        state.startedAt,
        state.finishedAt,
        state.lastCompletedAt,
        state.error,
        options.expectSyncId ?? null,
      ],
    );
    const [r] = rows;
    if (r?.saved) return 'saved';
    return r?.connected ? 'reset' : 'not_connected';
  }
}
