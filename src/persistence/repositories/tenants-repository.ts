import type { DataSource, EntityManager } from 'typeorm';
import { TenantSettings } from '../entities';

/** Tenants exist from their first use (design §4); their settings row is created with them. */
export class TenantsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Creates the tenant and its default settings if they do not exist yet. Idempotent, race-safe. */
  async ensure(tenantId: string, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.query(
      `WITH t AS (INSERT INTO tenants (id) VALUES ($1) ON CONFLICT (id) DO NOTHING)
       INSERT INTO tenant_settings (tenant_id) VALUES ($1) ON CONFLICT (tenant_id) DO NOTHING`,
      [tenantId],
    );
  }

  /** The tenant's settings; a tenant seen for the first time gets the defaults. */
  async settings(tenantId: string): Promise<TenantSettings> {
    await this.ensure(tenantId);
    return this.dataSource.getRepository(TenantSettings).findOneByOrFail({ tenantId });
  }

  async updateSettings(
    tenantId: string,
    changes: Partial<
      Pick<
        TenantSettings,
        | 'notificationsEnabled'
        | 'plusplusUserAttribute'
        | 'slackUserAttribute'
        | 'sendWindow'
        | 'digestEnabled'
        | 'digestMaxItems'
        | 'defaultTimeZone'
        | 'defaultLocale'
      >
    >,
  ): Promise<TenantSettings> {
    await this.ensure(tenantId);
    const defined = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
    if (Object.keys(defined).length > 0) {
      await this.dataSource.getRepository(TenantSettings).update({ tenantId }, defined);
    }
    return this.dataSource.getRepository(TenantSettings).findOneByOrFail({ tenantId });
  }
}
