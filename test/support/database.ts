import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/**
 * A schema of its own for one test file, on the run's database (TEST_DATABASE_URL, set by the global
 * setup). Schemas rather than databases, because CI's system PostgreSQL role may create schemas in
 * its database but not databases. The returned URL sets `search_path`, so the app, its migrations
 * and TypeORM all work inside that schema unchanged.
 */
export interface TestDatabase {
  url: string;
  schema: string;
  drop(): Promise<void>;
}

function serverUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set: run the tests through jest (global setup).');
  return url;
}

export async function withClient<T>(url: string, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function createTestDatabase(label = 'test'): Promise<TestDatabase> {
  const schema = `pps_${label
    .replace(/[^a-z0-9]/gi, '_')
    .toLowerCase()
    .slice(0, 30)}_${randomBytes(4).toString('hex')}`;
  await withClient(serverUrl(), (c) => c.query(`CREATE SCHEMA "${schema}"`));
  const url = new URL(serverUrl());
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    url: url.toString(),
    schema,
    async drop() {
      await withClient(serverUrl(), (c) => c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`));
    },
  };
}
