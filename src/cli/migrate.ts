import 'reflect-metadata';
import { ConfigError, parseConfig } from '../config';
import { createLogger } from '../logger';
import { openDatabase } from '../persistence/database';

/**
 * `npm run migrate [-- up|down|status]`: applies pending migrations (the app also does at start),
 * reverts the last one, or lists them. Uses DATABASE_URL, or the embedded database in DATA_DIR.
 */
async function main(command: string): Promise<number> {
  if (!['up', 'down', 'status'].includes(command)) {
    process.stderr.write('usage: npm run migrate [-- up|down|status]\n');
    return 2;
  }
  const config = parseConfig(process.env);
  const logger = createLogger({ level: 'warn', pretty: process.stdout.isTTY });
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    logger,
    migrate: false,
  });
  try {
    const ds = database.dataSource;
    if (command === 'up') {
      const applied = await ds.runMigrations({ transaction: 'each' });
      process.stdout.write(
        applied.length ? `applied: ${applied.map((m) => m.name).join(', ')}\n` : 'up to date\n',
      );
    } else if (command === 'down') {
      await ds.undoLastMigration({ transaction: 'each' });
      process.stdout.write('reverted the last migration\n');
    } else {
      const done = new Set(
        ((await ds.query('SELECT name FROM migrations').catch(() => [])) as { name: string }[]).map(
          (r) => r.name,
        ),
      );
      for (const m of ds.migrations) process.stdout.write(`${done.has(m.name!) ? '[x]' : '[ ]'} ${m.name}\n`);
    }
  } finally {
    await database.close();
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
