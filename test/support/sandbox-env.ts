import { createServer } from 'node:net';
import { type Sandbox, type SandboxApp, startSandbox } from '../../src/sandbox';
import { Browser } from '../../src/sandbox/browser';
import { SlackDriver } from '../../src/sandbox/driver';

export { Browser, type Visit } from '../../src/sandbox/browser';

import { startTestApp, TEST_SLACK_SIGNING_SECRET, type TestApp } from './app';

export const TEST_CLIENT_ID = '1234.5678';
export const TEST_CLIENT_SECRET = 'test-client-secret';
export const RETURN_URL = 'https://plusplus.example/admin/integrations/slack';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface SandboxEnv {
  sb: Sandbox;
  sbApp: SandboxApp;
  t: TestApp;
  driver: SlackDriver;
  browser: Browser;
  stop(): Promise<void>;
}

/** The app and the sandbox, wired as in production: the app's Slack URLs point at the sandbox. */
export async function startSandboxEnv(
  env: Record<string, string> = {},
  appOptions: { tokenRotation?: boolean; tokenExpiresIn?: number } = {},
): Promise<SandboxEnv> {
  const sb = await startSandbox({ timeScale: 0.01 });
  const port = await freePort();
  const publicUrl = `http://127.0.0.1:${port}`;
  const sbApp = sb.createApp({
    clientId: TEST_CLIENT_ID,
    clientSecret: TEST_CLIENT_SECRET,
    signingSecret: TEST_SLACK_SIGNING_SECRET,
    redirectUris: [`${publicUrl}/slack/oauth_redirect`],
    eventsUrl: `${publicUrl}/slack/events`,
    ...appOptions,
  });
  const t = await startTestApp({
    PORT: String(port),
    PUBLIC_URL: publicUrl,
    SLACK_API_URL: sb.apiUrl,
    SLACK_AUTHORIZE_URL: sb.authorizeUrl,
    SLACK_CLIENT_ID: TEST_CLIENT_ID,
    SLACK_CLIENT_SECRET: TEST_CLIENT_SECRET,
    ...env,
  });
  const driver = new SlackDriver({
    appUrl: t.slackUrl,
    signingSecret: TEST_SLACK_SIGNING_SECRET,
    apiAppId: sbApp.appId,
  });
  return {
    sb,
    sbApp,
    t,
    driver,
    browser: new Browser(),
    async stop() {
      await t.stop();
      await sb.stop();
    },
  };
}
