import { rmSync } from 'node:fs';
import type { EmbeddedPostgresHandle } from '../../src/persistence/embedded-postgres';

export default async function globalTeardown(): Promise<void> {
  const pg = (globalThis as { __embeddedPostgres__?: EmbeddedPostgresHandle }).__embeddedPostgres__;
  if (!pg) return;
  await pg.stop();
  if (process.env.TEST_EMBEDDED_PG_DIR)
    rmSync(process.env.TEST_EMBEDDED_PG_DIR, { recursive: true, force: true });
}
