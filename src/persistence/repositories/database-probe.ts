import type { DataSource } from 'typeorm';
import type { DatabaseProbe } from '../../platform/health';
import { pendingMigrations } from '../migration-lock';

/** The health endpoints' questions (src/platform/health.ts), asked of PostgreSQL. */
export function databaseProbe(dataSource: DataSource): DatabaseProbe {
  return {
    ping: async () => {
      await dataSource.query('SELECT 1');
    },
    pendingMigrations: () => pendingMigrations(dataSource),
  };
}
