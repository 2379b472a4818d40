import type { DataSource } from 'typeorm';
import type { StoredUser, UserRecord } from '../../domain/users';
import { isAdminRecord } from '../../domain/users';
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
          values.push(record.id, JSON.stringify(record), isAdminRecord(record));
          const n = values.length;
          return `($1, $${n - 2}, $${n - 1}::jsonb, $${n})`;
        });
        await manager.query(
          `INSERT INTO plusplus_users (tenant_id, user_id, record, is_admin) VALUES ${rows.join(', ')}
           ON CONFLICT (tenant_id, user_id) DO UPDATE
             SET record = EXCLUDED.record, is_admin = EXCLUDED.is_admin, updated_at = now()`,
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
}
