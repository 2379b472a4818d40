import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { freePort } from '../../support/sandbox-env';

const WORKER = join(__dirname, '../../../dist/src/worker-main.js');

/** The worker alone, started while its database is unreachable: one clear line and exit 1. */
it('a worker whose database is unreachable exits 1 with one line, not an unhandled rejection', async () => {
  const port = await freePort();
  const child = spawn(process.execPath, [WORKER], {
    env: {
      PATH: process.env.PATH,
      DATABASE_URL: `postgres://nobody@127.0.0.1:${port}/none`,
      SLACK_CLIENT_ID: '1.1',
      SLACK_CLIENT_SECRET: 'secret',
      SLACK_SIGNING_SECRET: 'signing',
      PLUSPLUS_SIGNING_SECRET: 'plusplus-signing-secret-0123456789',
      TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (c) => {
    stderr += c;
  });
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  expect(code).toBe(1);
  expect(stderr.trim()).toMatch(/^delivery worker could not start: .*ECONNREFUSED/);
  expect(stderr).not.toMatch(/UnhandledPromiseRejection|\n\s+at /);
});
