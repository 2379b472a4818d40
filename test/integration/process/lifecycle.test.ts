import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signedHeaders } from '../../../src/internal-api/signature';
import { spawnApp } from '../../support/process';
import { Browser, freePort } from '../../support/sandbox-env';

/**
 * The app as a real process: `node dist/src/main.js` with nothing but environment variables, on
 * its own embedded PostgreSQL (DATABASE_URL unset), exactly as `npm start` runs it.
 */
jest.setTimeout(120_000);

let dataDir: string;
let port = 0;
beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'plusplus-slack-lifecycle-'));
  port = await freePort();
});
afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

const env = () => ({
  DATA_DIR: dataDir,
  PORT: String(port),
  INTERNAL_PORT: '0',
  SANDBOX_PORT: '0',
  LOG_LEVEL: 'info',
});

function secret(): string {
  return JSON.parse(readFileSync(join(dataDir, 'sandbox-secrets.json'), 'utf8')).plusplusSigningSecret;
}

async function startAndWait() {
  const app = spawnApp(env());
  const ready = await app.waitForLog('PlusPlus for Slack is running', 90_000);
  const internalPort = Number(String(ready.internal).split(':').pop());
  return { app, slackPort: Number(ready.port), internalPort };
}

describe('the app process', () => {
  it('exits 1 with every configuration problem and no stack trace', async () => {
    const app = spawnApp({ PORT: 'eighty', SLACK_CLIENT_ID: 'only-one', LOG_LEVEL: 'loud' });
    const { code } = await app.exited;
    expect(code).toBe(1);
    expect(app.stderr()).toContain('Configuration problems:');
    expect(app.stderr()).toContain('PORT: ');
    expect(app.stderr()).toContain('LOG_LEVEL: ');
    expect(app.stderr()).not.toMatch(/\n\s+at /);
  });

  it('starts on an embedded database, drains in-flight requests on SIGTERM, exits 0, and reuses the data', async () => {
    const first = await startAndWait();
    expect((await fetch(`http://127.0.0.1:${first.slackPort}/healthz`)).status).toBe(200);

    // A request whose body is still arriving when SIGTERM comes must be finished, not cut off.
    const body = JSON.stringify({ email: 'ada@example.com', name: 'Ada' });
    const path = '/internal/v1/tenants/acme/users/u1';
    const answer = new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: first.internalPort,
          method: 'PUT',
          path,
          headers: {
            ...signedHeaders(secret(), 'PUT', `http://127.0.0.1${path}`, body),
            'Content-Type': 'application/json',
            'Content-Length': Buffer.byteLength(body),
          },
        },
        (res) => {
          let text = '';
          res.on('data', (c) => {
            text += c;
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        },
      );
      req.on('error', reject);
      req.write(body.slice(0, 10));
      setTimeout(() => {
        first.app.child.kill('SIGTERM');
        setTimeout(() => req.end(body.slice(10)), 300);
      }, 200);
    });
    const result = await answer;
    expect(result.status).toBe(200);
    expect(JSON.parse(result.text).record.email).toBe('ada@example.com');
    expect((await first.app.exited).code).toBe(0);
    expect(first.app.stdout()).toContain('"msg":"stopped"');

    // Second start: same data directory, the user is still there.
    const second = await startAndWait();
    const res = await fetch(`http://127.0.0.1:${second.internalPort}${path}`, {
      headers: signedHeaders(secret(), 'GET', `http://127.0.0.1${path}`, ''),
    });
    expect(res.status).toBe(200);
    const user = (await res.json()) as { record: { name: string } };
    expect(user.record.name).toBe('Ada');
    const unsigned = await fetch(`http://127.0.0.1:${second.internalPort}${path}`);
    expect(unsigned.status).toBe(401);
    // Sandbox mode: the banner's one-time link connects the demo workspace, all offline.
    const banner = await second.app.waitForStderr('"idempotency_key":"first"');
    const link = /(http:\/\/localhost:\d+\/slack\/install\?ticket=[\w-]+)/.exec(banner)?.[1];
    expect(second.app.stderr()).toContain('SANDBOX MODE');
    expect(link).toBeDefined();
    const browser = new Browser();
    const visit = await browser.visit(link!).catch((e) => {
      throw new Error(`${e} ${e.cause} ${second.app.stderr()}`);
    });
    expect(visit.status).toBe(200);
    // It ends in the installer's playground page.
    expect(visit.body).toContain('Anita Torvalds (U0010002B9U) in PlusPlus Demo');
    const slackUrl = `http://127.0.0.1:${second.internalPort}/internal/v1/tenants/demo/slack`;
    const slack = await fetch(slackUrl, {
      headers: signedHeaders(secret(), 'GET', slackUrl, ''),
    });
    expect(await slack.json()).toMatchObject({ connected: true, team: { id: 'T0DEMO00001' } });
    second.app.child.kill('SIGTERM');
    expect((await second.app.exited).code).toBe(0);
    // No token or secret in the logs.
    expect(second.app.stdout()).not.toContain(secret());
  });
});
