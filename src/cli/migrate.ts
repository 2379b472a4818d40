import 'reflect-metadata';
import type { DataSource } from 'typeorm';
import { ConfigError, parseConfig } from '../config';
import { openDatabase } from '../persistence/database';
import {
  migrateUnderLock,
  pendingMigrations,
  undoLastMigrationUnderLock,
} from '../persistence/migration-lock';
import { countNotOnCurrentKey, rekeyTokens } from '../persistence/rekey-tokens';
import { createLogger } from '../platform/logger';
import { resolveSecrets, tokenCipher } from '../platform/secrets';
import type { TokenCipher } from '../platform/token-cipher';

/**
 * `npm run migrate [-- up|down|status|rekey]`: applies pending migrations (the app also does at
 * start unless MIGRATE_ON_START=false), reverts the last one, lists them, or re-encrypts every
 * stored Slack token with the current TOKEN_ENCRYPTION_KEY after a key rotation (docs/deploy.md).
 * Uses DATABASE_URL, or the embedded database in DATA_DIR.
 *
 * A command-line composition root, like src/compose.ts: it holds the DataSource only to hand it to
 * persistence (TypeORM's migration runner under the lock in migration-lock.ts, the token re-keying
 * in rekey-tokens.ts); it runs no SQL of its own.
 */
async function main(command: string): Promise<number> {
  if (!['up', 'down', 'status', 'rekey'].includes(command)) {
    process.stderr.write('usage: npm run migrate [-- up|down|status|rekey]\n');
    return 2;
  }
  const config = parseConfig(process.env);
  const logger = createLogger({ level: 'warn', pretty: process.stdout.isTTY });
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    logger,
    migrate: 'none',
  });
  try {
    const ds = database.dataSource;
    if (command === 'up') {
      // Under the migration lock: safe while app processes start (and migrate) at the same time.
      const applied = await migrateUnderLock(ds, () =>
        process.stderr.write('another process is migrating the database: waiting for it\n'),
      );
      process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'up to date\n');
    } else if (command === 'rekey') {
      return await rekey(ds, tokenCipher(resolveSecrets(config)));
    } else if (command === 'down') {
      await undoLastMigrationUnderLock(ds);
      process.stdout.write('reverted the last migration\n');
    } else {
      const pending = new Set(await pendingMigrations(ds));
      for (const m of ds.migrations)
        process.stdout.write(`${pending.has(m.name!) ? '[ ]' : '[x]'} ${m.name}\n`);
    }
  } finally {
    await database.close();
  }
  return 0;
}

/** Re-encrypts every token with the current key; exit 1 if some row no known key decrypts. */
async function rekey(ds: DataSource, cipher: TokenCipher): Promise<number> {
  const before = await countNotOnCurrentKey(ds, cipher);
  process.stdout.write(`key ${cipher.currentKeyId}: ${before} installation(s) to re-encrypt\n`);
  const result = await rekeyTokens(ds, cipher, {
    onBatch: (p) => process.stdout.write(`  batch ${p.batches}: ${p.rekeyed} re-encrypted so far\n`),
  });
  process.stdout.write(`re-encrypted ${result.rekeyed} installation(s) in ${result.batches} batch(es)\n`);
  if (result.failed.length > 0) {
    process.stderr.write(
      `${result.failed.length} installation(s) could not be decrypted with TOKEN_ENCRYPTION_KEY or ` +
        `TOKEN_ENCRYPTION_KEY_PREVIOUS and were left as they are (their workspaces must connect again): ` +
        `${result.failed.join(', ')}\n`,
    );
    return 1;
  }
  return 0;
}

main(process.argv[2] ?? 'up').then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(
      `${error instanceof ConfigError ? error.message : `migrate failed: ${(error as Error).message}`}\n`,
    );
    process.exit(1);
  },
);
