import { type DataSource, MigrationExecutor, type QueryRunner } from 'typeorm';

/**
 * Migrations under a PostgreSQL advisory lock (issue 18): every process migrates at start by
 * default, and several starting at once on a fresh database raced each other's CREATE TYPE/TABLE
 * (`duplicate key … pg_type_typname_nsp_index`). The first to take the lock migrates; the others
 * wait on it, then find nothing pending.
 *
 * The lock is a session lock held on the one connection the migrations then run on (so a pool of
 * one is enough). Its key is this app's constant plus the schema, so apps in different schemas of
 * one database (the tests, a staging copy) do not wait for each other.
 */
const LOCK_CLASS = 0x50505331; // "PPS1": this app's migrations
const LOCK_KEY = `$1::int, hashtext(coalesce(current_schema(), current_setting('search_path')))`;

/**
 * Runs `fn` on a connection that holds the migration lock of this database and schema.
 * `onWait` is called once if another process holds it (it is migrating).
 */
export async function withMigrationLock<T>(
  dataSource: DataSource,
  fn: (queryRunner: QueryRunner) => Promise<T>,
  onWait?: () => void,
): Promise<T> {
  const queryRunner = dataSource.createQueryRunner();
  await queryRunner.connect();
  try {
    const [{ locked }] = await queryRunner.query(`SELECT pg_try_advisory_lock(${LOCK_KEY}) AS locked`, [
      LOCK_CLASS,
    ]);
    if (!locked) {
      onWait?.();
      await queryRunner.query(`SELECT pg_advisory_lock(${LOCK_KEY})`, [LOCK_CLASS]);
    }
    try {
      return await fn(queryRunner);
    } finally {
      await queryRunner.query(`SELECT pg_advisory_unlock(${LOCK_KEY})`, [LOCK_CLASS]).catch(() => undefined);
    }
  } finally {
    await queryRunner.release();
  }
}

function executor(dataSource: DataSource, queryRunner: QueryRunner): MigrationExecutor {
  const executor = new MigrationExecutor(dataSource, queryRunner);
  executor.transaction = 'each';
  return executor;
}

/** Applies every pending migration under the lock, each in its own transaction; returns their names. */
export async function migrateUnderLock(dataSource: DataSource, onWait?: () => void): Promise<string[]> {
  const applied = await withMigrationLock(
    dataSource,
    (queryRunner) => executor(dataSource, queryRunner).executePendingMigrations(),
    onWait,
  );
  return applied.map((m) => m.name);
}

/** Reverts the last applied migration under the lock. */
export async function undoLastMigrationUnderLock(dataSource: DataSource): Promise<void> {
  await withMigrationLock(dataSource, (queryRunner) => executor(dataSource, queryRunner).undoLastMigration());
}

/**
 * The migrations this code has that the database has not applied, in order. Read-only: it does not
 * create the migrations table (a process with MIGRATE_ON_START=false must not change the schema).
 */
export async function pendingMigrations(dataSource: DataSource): Promise<string[]> {
  const [{ exists }] = await dataSource.query(`SELECT to_regclass('migrations') IS NOT NULL AS exists`);
  const done = new Set<string>(
    exists
      ? ((await dataSource.query('SELECT name FROM migrations')) as { name: string }[]).map((r) => r.name)
      : [],
  );
  return dataSource.migrations.map((m) => m.name!).filter((name) => !done.has(name));
}
