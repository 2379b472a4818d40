import { createServer } from 'node:net';
import { type Sandbox, type SandboxApp, startSandbox } from '../../src/sandbox';
import { SlackDriver } from '../../src/sandbox/driver';
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

export interface Visit {
  status: number;
  url: string;
  /** Where the chain of redirects ended when it left the app and the sandbox (e.g. return_url). */
  location?: string;
  body: string;
  hops: string[];
}

/**
 * A browser as far as Connect needs one: follows redirects between the app and the sandbox, keeps
 * cookies per host, and stops at the first URL outside both (PlusPlus's return_url).
 */
export class Browser {
  readonly cookies = new Map<string, Map<string, string>>();

  cookieHeader(url: string): string {
    const jar = this.cookies.get(new URL(url).host);
    return jar ? [...jar].map(([k, v]) => `${k}=${v}`).join('; ') : '';
  }

  private store(url: string, setCookies: string[]) {
    const host = new URL(url).host;
    const jar = this.cookies.get(host) ?? new Map<string, string>();
    for (const c of setCookies) {
      const [pair, ...attrs] = c.split(';');
      const [name, ...value] = pair!.trim().split('=');
      const expired = attrs.some((a) => /max-age=0|expires=thu, 01 jan 1970/i.test(a.trim()));
      if (expired) jar.delete(name!);
      else jar.set(name!, value.join('='));
    }
    this.cookies.set(host, jar);
  }

  async visit(
    start: string,
    isLocal = (u: string) => ['127.0.0.1', 'localhost'].includes(new URL(u).hostname),
  ): Promise<Visit> {
    let url = start;
    const hops: string[] = [];
    for (let i = 0; i < 10; i++) {
      hops.push(url);
      const cookie = this.cookieHeader(url);
      const res = await fetch(url, { redirect: 'manual', headers: cookie ? { cookie } : {} });
      this.store(url, res.headers.getSetCookie());
      const location = res.headers.get('location');
      if (res.status >= 300 && res.status < 400 && location) {
        const next = new URL(location, url).toString();
        if (!isLocal(next)) return { status: res.status, url, location: next, body: await res.text(), hops };
        url = next;
        continue;
      }
      return { status: res.status, url, body: await res.text(), hops };
    }
    throw new Error(`too many redirects: ${hops.join(' -> ')}`);
  }
}
