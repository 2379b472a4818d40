import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { type AppProcess, spawnApp } from '../../support/process';
import { Browser, freePort } from '../../support/sandbox-env';

/**
 * `npm start` in sandbox mode as a newcomer meets it (issue 19 items 2-4): the built app as a real
 * process, its banner followed to the letter. The Connect link ends in the installer's playground;
 * the banner's `npm run call` commands (run as `dist/src/cli/call.js` with nothing but DATA_DIR,
 * the way `npm run call` finds the app) add users that match demo members, switch notifications on
 * and send a notification that arrives as a DM. Then a restart on the same DATA_DIR: the fake
 * Slack's workspace, install and messages are still there and the stored bot token still works.
 */
jest.setTimeout(150_000);

const CALL_JS = resolve(__dirname, '../../../dist/src/cli/call.js');
const run = promisify(execFile);

let dataDir: string;
let db: TestDatabase;
let port: number;
let sandboxPort: number;
let app: AppProcess | undefined;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'plusplus-playground-'));
  db = await createTestDatabase('playground');
  port = await freePort();
  sandboxPort = await freePort();
});
afterAll(async () => {
  app?.child.kill('SIGKILL');
  await db?.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function start(): Promise<{ app: AppProcess; banner: string }> {
  const started = spawnApp({
    DATA_DIR: dataDir,
    DATABASE_URL: db.url,
    PORT: String(port),
    // INTERNAL_PORT=0: only DATA_DIR/endpoints.json can tell the CLI where the app listens.
    INTERNAL_PORT: '0',
    SANDBOX_PORT: String(sandboxPort),
    LOG_LEVEL: 'info',
  });
  await started.waitForLog('PlusPlus for Slack is running', 60_000);
  app = started;
  // The banner's last line: the whole banner has arrived (stderr is a pipe of its own).
  return { app: started, banner: await started.waitForStderr('"idempotency_key":"first"') };
}

/** A banner line `npm run call -- …`, run as the CLI with the environment a new shell has. */
async function callFromBanner(line: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const args = [...line.matchAll(/'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2]!);
  expect(args.slice(0, 3)).toEqual(['npm', 'run', 'call']);
  const env = { PATH: process.env.PATH ?? '', DATA_DIR: dataDir };
  const out = await run(process.execPath, [CALL_JS, ...args.slice(4)], { env }).catch(
    (e: { stdout: string; stderr: string }) => e,
  );
  const [first, ...rest] = out.stdout.split('\n');
  return { status: Number(/HTTP (\d+)/.exec(first ?? '')?.[1]), body: JSON.parse(rest.join('\n') || '{}') };
}

const bannerLines = (banner: string, pattern: RegExp) =>
  banner
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => pattern.test(l));

async function playground(url: string): Promise<string> {
  const res = await fetch(url);
  expect(res.status).toBe(200);
  return res.text();
}

describe('sandbox mode: the first run, then a restart', () => {
  it('follows the banner to a delivered DM, and keeps the fake Slack across a restart', async () => {
    const first = await start();
    const banner = first.banner;
    expect(banner).toContain('SANDBOX MODE');
    const link = /(http:\/\/localhost:\d+\/slack\/install\?ticket=[\w-]+)/.exec(banner)?.[1];
    const pageUrl = /(http:\/\/127\.0\.0\.1:\d+\/_sandbox\/ui\?team=T0DEMO00001&user=U\w+)/.exec(banner)?.[1];
    expect(link).toBeDefined();
    expect(pageUrl).toBeDefined();
    expect(banner).toMatch(/be Anita Torvalds \(U0010002B9U\), who installed PlusPlus/);
    expect(banner).toContain('Notifications start switched off');

    // The Connect link ends in the installer's playground (the welcome DM follows right after).
    const visit = await new Browser().visit(link!);
    expect(visit.status).toBe(200);
    expect(visit.body).toContain('Anita Torvalds (U0010002B9U) in PlusPlus Demo');

    // The banner's commands, in order: users that match demo members, notifications on, one sent.
    const users = bannerLines(banner, /^npm run call -- PUT .*\/users\//);
    expect(users).toHaveLength(2);
    for (const line of users) expect((await callFromBanner(line)).status).toBe(200);
    const [on] = bannerLines(banner, /^npm run call -- PATCH .*notifications_enabled/);
    expect((await callFromBanner(on!)).body).toMatchObject({ notifications_enabled: true });
    const [send] = bannerLines(banner, /^npm run call -- POST .*\/notifications /);
    const sent = await callFromBanner(send!);
    expect(sent.status).toBe(202);
    let page = '';
    for (let i = 0; i < 100 && !page.includes('Data 101'); i++) {
      page = await playground(pageUrl!);
      if (!page.includes('Data 101')) await new Promise((r) => setTimeout(r, 100));
    }
    expect(page).toContain('Data 101');
    expect(page).toContain('PlusPlus is connected to PlusPlus Demo');

    // Kept in DATA_DIR, private to the owner.
    const file = join(dataDir, 'sandbox-state.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    first.app.child.kill('SIGTERM');
    expect((await first.app.exited).code).toBe(0);
    const kept = JSON.parse(readFileSync(file, 'utf8'));
    expect(kept.workspaces.map((w: { id: string }) => w.id)).toContain('T0DEMO00001');

    // Second start, same DATA_DIR: connected still, the token works, the messages are there.
    const second = await start();
    expect(second.banner).toContain('The demo workspace is connected to tenant "demo"');
    expect(second.banner).not.toContain('/slack/install?ticket=');
    const status = await callFromBanner('npm run call -- GET /internal/v1/tenants/demo/slack');
    expect(status.body).toMatchObject({ connected: true, team: { id: 'T0DEMO00001' }, revoked: null });
    const after = await playground(pageUrl!);
    expect(after).toContain('Data 101');
    expect(after).toContain('PlusPlus is connected to PlusPlus Demo');

    // The app still acts in the restored workspace: /plusplus test from the page, as the member.
    const res = await fetch(`http://127.0.0.1:${sandboxPort}/_sandbox/ui/action`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        team: 'T0DEMO00001',
        user: 'U0010002B9U',
        command: '/plusplus',
        text: 'test',
        slash: '1',
      }).toString(),
      redirect: 'manual',
    });
    expect(res.status).toBe(303);
    // The test DM, and the command's ephemeral answer through the sandbox's response_url.
    let tested = '';
    for (let i = 0; i < 100 && !tested.includes('only visible to you'); i++) {
      tested = await playground(pageUrl!);
      if (!tested.includes('only visible to you')) await new Promise((r) => setTimeout(r, 100));
    }
    expect(tested).toContain('Slack notifications are set up');
    expect(tested).toContain('only visible to you');
    second.app.child.kill('SIGTERM');
    expect((await second.app.exited).code).toBe(0);
    expect(second.app.stdout()).not.toContain('xoxb-');
  });
});
