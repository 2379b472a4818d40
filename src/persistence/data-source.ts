import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { ENTITIES } from './entities';
import { migrateUnderLock } from './migration-lock';
import { MIGRATIONS } from './migrations';

export interface DataSourceOptions {
  url: string;
  /** Pool size per process; several processes share one database (design §2). */
  poolSize?: number;
  applicationName?: string;
}

/**
 * The one TypeORM data source of a process. `synchronize` is off for good: the schema changes only
 * through the explicit, ordered migrations in ./migrations.
 */
export function createDataSource(options: DataSourceOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url: options.url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: false,
    extra: {
      max: options.poolSize ?? 10,
      application_name: options.applicationName ?? 'plusplus-slack',
      connectionTimeoutMillis: 10_000,
    },
  });
}

/**
 * Applies every pending migration under the migration advisory lock (./migration-lock.ts), so
 * concurrent callers are safe; returns the names applied.
 */
export async function migrate(dataSource: DataSource, onWait?: () => void): Promise<string[]> {
  return migrateUnderLock(dataSource, onWait);
}
