import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { createTestDatabase, type TestDatabase } from '../../support/database';

/**
 * `npm run demo` as CI sees it: the built demo (dist/demo/demo.js) in its own process, which starts
 * the app in sandbox mode and walks through the product. Every step must say ok and the demo must
 * exit 0, so a change that breaks the walk-through fails here.
 *
 * Without DATABASE_URL the demo starts its own embedded PostgreSQL, exactly like `npm run demo`.
 * With DATABASE_URL (CI's system PostgreSQL) it gets a schema of its own, dropped afterwards.
 */
jest.setTimeout(180_000);

const DEMO_JS = resolve(__dirname, '../../../dist/demo/demo.js');

let db: TestDatabase | undefined;
afterAll(async () => {
  await db?.drop();
});

function runDemo(env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, [DEMO_JS], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    child.on('error', reject);
    child.on('exit', (code) => resolveRun({ code, stdout, stderr }));
  });
}

describe('npm run demo', () => {
  it('walks through the product with every step ok, exits 0 and leaves nothing behind', async () => {
    if (!existsSync(DEMO_JS)) throw new Error(`${DEMO_JS} is missing: run \`npm run build\` first.`);
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
    delete env.DATABASE_URL;
    delete env.TEST_DATABASE_URL;
    if (process.env.DATABASE_URL) {
      db = await createTestDatabase('demo');
      env.DATABASE_URL = db.url;
    }

    const run = await runDemo(env);
    const context = `stdout:\n${run.stdout}\nstderr:\n${run.stderr}`;

    const steps = run.stdout.split('\n').filter((line) => /^\s*\d+\. /.test(line));
    const notOk = steps.filter((line) => !/ \.+ ok \(/.test(line));
    expect({ notOk, context: notOk.length ? context : '' }).toEqual({ notOk: [], context: '' });
    // The walk-through, in order.
    const titles = steps.map((line) => line.replace(/^\s*\d+\. /, '').replace(/ \.+ .*$/, ''));
    expect(titles).toEqual([
      'start the app in sandbox mode',
      'create two workspaces in the fake Slack',
      'connect workspace "Acme"',
      'connect workspace "Globex" (admin approval)',
      'settings: notifications on, matching expressions',
      'user sync: push PlusPlus users',
      'Test Slack: Ada (match, DM sent)',
      'Test Slack: Edsger (no Slack account)',
      'Test Slack: Alan (match, DM fails)',
      'invite notification',
      'enrollment notification',
      'assignment notification',
      'reminder notification',
      'track channel',
      'mute Grace (/plusplus mute in Slack)',
      'uninstall from Slack',
      'notification after the uninstall',
    ]);
    expect(run.stdout).toMatch(
      new RegExp(`demo passed: ${steps.length} of ${steps.length} steps ok in [\\d.]+ s`),
    );
    expect(run.code).toBe(0);

    // The app was stopped and its temporary DATA_DIR removed.
    const dataDir = /DATA_DIR (\S+)/.exec(run.stdout)?.[1];
    expect(dataDir).toBeDefined();
    expect(existsSync(dataDir!)).toBe(false);
    // No token in what the demo printed.
    expect(run.stdout).not.toMatch(/xox[bpe]-/);
  });
});
