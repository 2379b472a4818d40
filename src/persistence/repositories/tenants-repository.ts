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

  async settings(tenantId: string): Promise<TenantSettings | null> {
    return this.dataSource.getRepository(TenantSettings).findOneBy({ tenantId });
  }
}
