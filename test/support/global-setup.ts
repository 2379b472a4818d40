import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedPostgres } from '../../src/persistence/embedded-postgres';

/**
 * One PostgreSQL server for the whole run: DATABASE_URL when given (CI runs the integration tests
 * against the system PostgreSQL too), else an embedded one in a temporary folder. Every test file
 * then makes a database of its own (test/support/database.ts) from TEST_DATABASE_URL.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.DATABASE_URL) {
    process.env.TEST_DATABASE_URL = process.env.DATABASE_URL;
    return;
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'plusplus-slack-test-pg-'));
  const pg = await startEmbeddedPostgres({ dataDir, persistent: false });
  process.env.TEST_DATABASE_URL = pg.url;
  process.env.TEST_EMBEDDED_PG_DIR = dataDir;
  (globalThis as { __embeddedPostgres__?: typeof pg }).__embeddedPostgres__ = pg;
}
