/**
 * What `slack run` does (.slack/hooks.json: `start` is `npm start`), as a real process: the built
 * app started with only the CLI's SLACK_CLI_XOXB and SLACK_CLI_XAPP (issued here by the sandbox)
 * binds the workspace to tenant `demo`, connects over Socket Mode, prints what to do next, and
 * stops cleanly; an app token Slack refuses stops the start with exit 1. Needs `npm run build`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Sandbox, type SandboxApp, startSandbox } from '../../../src/sandbox';
import { REQUIRED_BOT_SCOPES } from '../../../src/slack/scopes';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { spawnApp } from '../../support/process';

let sb: Sandbox;
let sbApp: SandboxApp;
let db: TestDatabase;
let dataDir: string;
let botToken: string;

beforeAll(async () => {
  sb = await startSandbox();
  sbApp = sb.createApp({ redirectUris: ['https://unused.example/x'], socketMode: true });
  const ws = sb.createWorkspace({ name: 'Dev Space', members: 4 });
  botToken = sb.installApp(ws.id, sbApp.clientId, [...REQUIRED_BOT_SCOPES]).accessToken;
  db = await createTestDatabase('slackrun');
  dataDir = mkdtempSync(join(tmpdir(), 'slack-run-'));
});
afterAll(async () => {
  await sb.stop();
  await db.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

const env = (appToken: string) => ({
  SLACK_CLI_XOXB: botToken,
  SLACK_CLI_XAPP: appToken,
  SLACK_API_URL: sb.apiUrl,
  DATABASE_URL: db.url,
  DATA_DIR: dataDir,
  PORT: '0',
  INTERNAL_PORT: '0',
});

it('starts in single-workspace Socket Mode from the CLI tokens and says what to do next', async () => {
  const app = spawnApp(env(sb.issueAppToken(sbApp.clientId)));
  try {
    const running = await app.waitForLog('PlusPlus for Slack is running');
    expect(running).toMatchObject({ mode: 'slack', transport: 'socket' });
    expect(sb.socketMode.connectionsOf(sbApp.appId)).toHaveLength(1);
    const banner = await app.waitForStderr('/internal/v1/tenants/demo/users/me');
    expect(banner).toContain('for ONE workspace: "Dev Space"');
    expect(app.stdout()).not.toContain(botToken);
  } finally {
    app.child.kill('SIGTERM');
  }
  expect((await app.exited).code).toBe(0);
});

it('exits 1 when Slack refuses the app-level token', async () => {
  const app = spawnApp(env('xapp-1-A0-0-not-a-real-token'));
  expect((await app.exited).code).toBe(1);
  expect(app.stdout()).toContain('invalid_auth');
});
