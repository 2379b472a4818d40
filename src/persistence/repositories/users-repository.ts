import type { DataSource } from 'typeorm';
import type { StoredUser, UserRecord } from '../../domain/users';
import { emailKey, isAdminRecord } from '../../domain/users';
import { PlusPlusUser } from '../entities';
import { TenantsRepository } from './tenants-repository';

/** Rows per INSERT in a bulk upsert: keeps one statement's parameters and size moderate. */
const BULK_CHUNK = 250;

function toStoredUser(row: PlusPlusUser): StoredUser {
  return {
    tenantId: row.tenantId,
    userId: row.userId,
    record: row.record as UserRecord,
    isAdmin: row.isAdmin,
    receiveSlackNotifications: row.receiveSlackNotifications,
    slack:
      row.slackUserId && row.slackResolvedAt
        ? { userId: row.slackUserId, displayName: row.slackDisplayName, resolvedAt: row.slackResolvedAt }
        : null,
  };
}

/**
 * Appended to a statement whose CTE `changed` returns the users whose link it wrote (`tenant_id`,
 * `user_id`, `slack_user_id`): the active track channels that list one of the newly linked users
 * as skipped (not linked yet) come due now, so the user is invited within the track worker's poll
 * instead of at the next reconcile (design §8, issue 15). A channel a worker holds right now gets a
 * new generation instead, which makes it due again as soon as that worker finishes. Every path
 * that links a user (re-match, Test Slack, `/plusplus test`, directory events, the delivery
 * worker's fallback) goes through this repository, so none can forget.
 */
const WAKE_TRACK_CHANNELS = `, woken AS (
    UPDATE track_channels c
       SET run_at = CASE WHEN c.lease IS NULL THEN now() ELSE c.run_at END,
           generation = CASE WHEN c.lease IS NULL THEN c.generation ELSE c.generation + 1 END,
           updated_at = now()
      FROM (SELECT DISTINCT m.tenant_id, m.track_id
              FROM changed ch
              JOIN track_channel_members m ON m.tenant_id = ch.tenant_id AND m.user_id = ch.user_id
             WHERE ch.slack_user_id IS NOT NULL AND m.listed AND m.status = 'skipped') w
     WHERE c.tenant_id = w.tenant_id AND c.track_id = w.track_id AND c.desired_state = 'active'
    RETURNING 1
  )`;

export class UsersRepository {
  private readonly tenants: TenantsRepository;

  constructor(private readonly dataSource: DataSource) {
    this.tenants = new TenantsRepository(dataSource);
  }

  /**
   * Inserts or replaces records. The record and the admin flag follow the backend; the opt-out and
   * the Slack identity are ours and survive an update. One transaction: all or nothing.
   */
  async upsertMany(tenantId: string, records: UserRecord[]): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      await this.tenants.ensure(tenantId, manager);
      for (let i = 0; i < records.length; i += BULK_CHUNK) {
        const chunk = records.slice(i, i + BULK_CHUNK);
        const values: unknown[] = [tenantId];
        const rows = chunk.map((record) => {
          values.push(record.id, JSON.stringify(record), isAdminRecord(record), emailKey(record));
          const n = values.length;
          return `($1, $${n - 3}, $${n - 2}::jsonb, $${n - 1}, $${n})`;
        });
        await manager.query(
          `INSERT INTO plusplus_users (tenant_id, user_id, record, is_admin, email_key) VALUES ${rows.join(', ')}
           ON CONFLICT (tenant_id, user_id) DO UPDATE
             SET record = EXCLUDED.record, is_admin = EXCLUDED.is_admin, email_key = EXCLUDED.email_key,
                 updated_at = now()`,
          values,
        );
      }
      return records.length;
    });
  }

  async upsert(tenantId: string, record: UserRecord): Promise<StoredUser> {
    await this.upsertMany(tenantId, [record]);
    const user = await this.get(tenantId, record.id);
    if (!user) throw new Error('user vanished right after its upsert');
    return user;
  }

  async get(tenantId: string, userId: string): Promise<StoredUser | null> {
    const row = await this.dataSource.getRepository(PlusPlusUser).findOneBy({ tenantId, userId });
    return row ? toStoredUser(row) : null;
  }

  /** Returns whether a user was deleted. */
  async delete(tenantId: string, userId: string): Promise<boolean> {
    const result = await this.dataSource.getRepository(PlusPlusUser).delete({ tenantId, userId });
    return (result.affected ?? 0) > 0;
  }

  /** Returns the updated user, or null when there is no such user. */
  async setReceiveSlackNotifications(
    tenantId: string,
    userId: string,
    value: boolean,
  ): Promise<StoredUser | null> {
    const result = await this.dataSource
      .getRepository(PlusPlusUser)
      .update({ tenantId, userId }, { receiveSlackNotifications: value });
    if ((result.affected ?? 0) === 0) return null;
    return this.get(tenantId, userId);
  }

  /** Every user of a tenant as (id, record): what the matcher evaluates. */
  async records(tenantId: string): Promise<UserRecord[]> {
    const rows: { record: UserRecord }[] = await this.dataSource.query(
      'SELECT record FROM plusplus_users WHERE tenant_id = $1 ORDER BY user_id',
      [tenantId],
    );
    return rows.map((r) => r.record);
  }

  /** The PlusPlus users linked to a Slack member (normally one). */
  async findBySlackUserId(tenantId: string, slackUserId: string): Promise<StoredUser[]> {
    const rows = await this.dataSource.getRepository(PlusPlusUser).findBy({ tenantId, slackUserId });
    return rows.map(toStoredUser);
  }

  async setSlackIdentity(
    tenantId: string,
    userId: string,
    identity: { userId: string; displayName: string | null },
    now = new Date(),
  ): Promise<StoredUser | null> {
    await this.dataSource.query(
      `WITH changed AS (
         UPDATE plusplus_users
            SET slack_user_id = $3, slack_display_name = $4, slack_resolved_at = $5, updated_at = now()
          WHERE tenant_id = $1 AND user_id = $2
         RETURNING tenant_id, user_id, slack_user_id
       ) ${WAKE_TRACK_CHANNELS}
       SELECT count(*)::int AS n FROM changed`,
      [tenantId, userId, identity.userId, identity.displayName, now],
    );
    return this.get(tenantId, userId);
  }

  /**
   * Applies a bulk re-match in one statement per chunk: links set or changed, links cleared.
   * Rows whose link is already right are not touched (resolved_at keeps its meaning). Like every
   * link written here, it wakes the track channels waiting for the newly linked users.
   */
  async applyLinks(
    tenantId: string,
    links: Array<{ userId: string; slackUserId: string | null; displayName: string | null }>,
  ): Promise<number> {
    let changed = 0;
    for (let i = 0; i < links.length; i += 1000) {
      const chunk = links.slice(i, i + 1000);
      const rows: Array<{ n: number }> = await this.dataSource.query(
        `WITH changed AS (
           UPDATE plusplus_users AS u
              SET slack_user_id = l.slack_user_id,
                  slack_display_name = l.display_name,
                  slack_resolved_at = CASE WHEN l.slack_user_id IS NULL THEN NULL ELSE now() END,
                  updated_at = now()
             FROM unnest($2::text[], $3::text[], $4::text[]) AS l(user_id, slack_user_id, display_name)
            WHERE u.tenant_id = $1 AND u.user_id = l.user_id
              AND (u.slack_user_id IS DISTINCT FROM l.slack_user_id
                   OR u.slack_display_name IS DISTINCT FROM l.display_name)
           RETURNING u.tenant_id, u.user_id, u.slack_user_id
         ) ${WAKE_TRACK_CHANNELS}
         SELECT count(*)::int AS n FROM changed`,
        [
          tenantId,
          chunk.map((l) => l.userId),
          chunk.map((l) => l.slackUserId),
          chunk.map((l) => l.displayName),
        ],
      );
      changed += rows[0]?.n ?? 0;
    }
    return changed;
  }

  /**
   * The one user whose record's `email` equals this address after trimming and lower-casing both
   * (design §6, as matching compares values), whatever the PlusPlus User Attribute is: admins'
   * `/plusplus test <email>`. Null when nobody has it, or several users do. One index probe.
   */
  async findByEmail(tenantId: string, email: string): Promise<StoredUser | null> {
    const key = emailKey({ email });
    if (key === null) return null;
    const rows = await this.dataSource
      .getRepository(PlusPlusUser)
      .createQueryBuilder('u')
      .where('u.tenant_id = :tenantId AND u.email_key = :key', { tenantId, key })
      .limit(2)
      .getMany();
    return rows.length === 1 ? toStoredUser(rows[0]!) : null;
  }

  /** Records of the users whose `email` has one of these keys (already normalized: `emailKey`). */
  async recordsByEmailKeys(tenantId: string, keys: readonly string[]): Promise<UserRecord[]> {
    if (keys.length === 0) return [];
    const rows: { record: UserRecord }[] = await this.dataSource.query(
      'SELECT record FROM plusplus_users WHERE tenant_id = $1 AND email_key = ANY($2::text[]) ORDER BY user_id',
      [tenantId, [...keys]],
    );
    return rows.map((r) => r.record);
  }

  /** A linked member's new display name on the users linked to it; returns how many changed. */
  async refreshDisplayName(
    tenantId: string,
    slackUserId: string,
    displayName: string | null,
  ): Promise<number> {
    const [, count] = (await this.dataSource.query(
      `UPDATE plusplus_users SET slack_display_name = $3, updated_at = now()
        WHERE tenant_id = $1 AND slack_user_id = $2 AND slack_display_name IS DISTINCT FROM $3`,
      [tenantId, slackUserId, displayName],
    )) as [unknown, number];
    return count;
  }

  /** Records of the users linked to any of these Slack members. */
  async recordsBySlackUserIds(tenantId: string, slackUserIds: readonly string[]): Promise<UserRecord[]> {
    if (slackUserIds.length === 0) return [];
    const rows: { record: UserRecord }[] = await this.dataSource.query(
      'SELECT record FROM plusplus_users WHERE tenant_id = $1 AND slack_user_id = ANY($2::text[]) ORDER BY user_id',
      [tenantId, [...slackUserIds]],
    );
    return rows.map((r) => r.record);
  }
}
