import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import type { Logger } from '../platform/logger';
import { createDataSource, migrate } from './data-source';
import { startEmbeddedPostgres } from './embedded-postgres';
import { pendingMigrations } from './migration-lock';

export const EMBEDDED_DATABASE_NAME = 'plusplus_slack';

export interface Database {
  dataSource: DataSource;
  url: string;
  /** Closes the pool and, for the embedded server, stops PostgreSQL. */
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  databaseUrl?: string;
  dataDir: string;
  logger: Logger;
  /**
   * `apply` (default; MIGRATE_ON_START=true): apply pending migrations under the migration lock.
   * `check` (MIGRATE_ON_START=false): change nothing, log a warning if migrations are pending.
   * `none`: neither (`npm run migrate` does its own).
   */
  migrate?: 'apply' | 'check' | 'none';
}

async function ensureDatabase(serverUrl: string, name: string): Promise<void> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
}

/** Connects to DATABASE_URL, or starts the embedded PostgreSQL when it is unset (design §3). */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  const { logger } = options;
  let url = options.databaseUrl;
  let stopEmbedded: (() => Promise<void>) | undefined;
  if (!url) {
    const embedded = await startEmbeddedPostgres({ dataDir: options.dataDir, logger });
    stopEmbedded = () => embedded.stop();
    try {
      await ensureDatabase(embedded.url, EMBEDDED_DATABASE_NAME);
    } catch (error) {
      await embedded.stop();
      throw error;
    }
    url = embedded.url.replace(/\/postgres$/, `/${EMBEDDED_DATABASE_NAME}`);
    logger.info({ port: embedded.port, dataDir: options.dataDir }, 'embedded PostgreSQL started');
  }
  const dataSource = createDataSource({ url });
  try {
    await dataSource.initialize();
    const mode = options.migrate ?? 'apply';
    if (mode === 'apply') {
      const applied = await migrate(dataSource, () =>
        logger.info('another process is migrating the database: waiting for it'),
      );
      if (applied.length > 0) logger.info({ migrations: applied }, 'database migrations applied');
    } else if (mode === 'check') {
      const pending = await pendingMigrations(dataSource);
      if (pending.length > 0) {
        logger.warn(
          { pending },
          'database migrations are pending and MIGRATE_ON_START=false: run `npm run migrate` (the deploy step)',
        );
      }
    }
  } catch (error) {
    if (dataSource.isInitialized) await dataSource.destroy();
    await stopEmbedded?.();
    throw error;
  }
  return {
    dataSource,
    url,
    async close() {
      if (dataSource.isInitialized) await dataSource.destroy();
      await stopEmbedded?.();
    },
  };
}
