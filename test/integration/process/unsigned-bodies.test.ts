import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { type IncomingMessage, request } from 'node:http';
import { signV1 } from '../../../src/internal-api/signature';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { type AppProcess, MAIN_JS, spawnApp } from '../../support/process';

/**
 * Issue 16: unsigned traffic costs nothing. Four parallel 60 MB `POST /users` with a current
 * timestamp and a garbled or v0 signature used to be read to the 64 MB route limit before the 401
 * (RSS 96 MB → 500 MB). Now the headers decide before a byte of the body is read: measured on the
 * app's own process (VmRSS from /proc), as `npm start` runs it.
 */
jest.setTimeout(120_000);

const SECRET = 'process-test-plusplus-secret-0123456789';
const PATH = '/internal/v1/tenants/acme/users';
const BODY_BYTES = 60 * 1024 * 1024;
let db: TestDatabase;
let app: AppProcess;
let port: number;
let slackPort: number;

beforeAll(async () => {
  db = await createTestDatabase('unsigned');
  app = spawnApp({
    DATABASE_URL: db.url,
    PORT: '0',
    INTERNAL_PORT: '0',
    SLACK_CLIENT_ID: '1234.5678',
    SLACK_CLIENT_SECRET: 'client-secret',
    SLACK_SIGNING_SECRET: 'slack-signing-secret',
    PLUSPLUS_SIGNING_SECRET: SECRET,
    TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    LOG_LEVEL: 'info',
  });
  const ready = await app.waitForLog('PlusPlus for Slack is running', 90_000);
  port = Number(String(ready.internal).split(':').pop());
  slackPort = Number(ready.port);
});
afterAll(async () => {
  app?.child.kill('SIGTERM');
  await app?.exited;
  await db?.drop();
});

function rssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) * 1024;
}

/** Samples the process's RSS every 20 ms; a sample after the process is gone is skipped, not thrown. */
function sampleRss(pid: number): { peak(): number; stop(): void } {
  let peak = rssBytes(pid);
  const timer = setInterval(() => {
    try {
      peak = Math.max(peak, rssBytes(pid));
    } catch {
      // the app exited (a failed test tears it down): nothing to sample
    }
  }, 20);
  return { peak: () => peak, stop: () => clearInterval(timer) };
}

interface Sent {
  status: number;
  /** Body bytes the client had written when the answer came. */
  writtenBeforeAnswer: number;
}

/**
 * Sends a `bytes`-long body (declared in Content-Length, or chunked) in 1 MiB writes with back
 * pressure, and stops writing as soon as the answer arrives.
 */
function send(
  headers: Record<string, string>,
  bytes: number,
  chunked = false,
  target = { port: 0, path: PATH },
): Promise<Sent> {
  const chunk = Buffer.alloc(1024 * 1024, 0x20);
  return new Promise((resolve, reject) => {
    let written = 0;
    let answered = false;
    const req = request({
      host: '127.0.0.1',
      port: target.port || port,
      method: 'POST',
      path: target.path,
      headers: {
        'Content-Type': 'application/json',
        ...(chunked ? {} : { 'Content-Length': String(bytes) }),
        ...headers,
      },
    });
    req.on('response', (res: IncomingMessage) => {
      answered = true;
      const status = res.statusCode ?? 0;
      const at = written;
      res.resume();
      res.on('end', () => {
        req.destroy();
        resolve({ status, writtenBeforeAnswer: at });
      });
    });
    // The server closes the connection once it has answered; the rest of our body is refused.
    req.on('error', (error) => {
      if (!answered) reject(error);
    });
    const pump = () => {
      while (!answered && written < bytes) {
        written += chunk.length;
        if (!req.write(chunk)) {
          req.once('drain', pump);
          return;
        }
      }
      if (!answered) req.end();
    };
    pump();
  });
}

const now = () => String(Math.floor(Date.now() / 1000));

describe('unsigned bodies are refused before they are read', () => {
  it('four parallel 60 MB POST /users with v0=00 or a garbled v1: 401, and RSS barely moves', async () => {
    const pid = app.child.pid!;
    const before = rssBytes(pid);
    const rss = sampleRss(pid);
    const signatures = ['v0=00', 'v1=zz', 'v0=00', `v1=${'0'.repeat(63)}`];
    const answers = await Promise.all(
      signatures.map((signature) =>
        send({ 'X-PlusPlus-Request-Timestamp': now(), 'X-PlusPlus-Signature': signature }, BODY_BYTES),
      ),
    ).finally(rss.stop);
    const peak = Math.max(rss.peak(), rssBytes(pid));
    for (const a of answers) expect(a.status).toBe(401);
    // Before issue 16 this grew by ~400 MB; 16 MB allows for socket buffers and the GC's moods.
    expect(peak - before).toBeLessThan(16 * 1024 * 1024);
  });

  it('answers a stale timestamp and an over-limit Content-Length without waiting for the body', async () => {
    const stale = String(Math.floor(Date.now() / 1000) - 400);
    const body = ''; // never sent: the answer must come from the headers alone
    const staleSig = signV1(SECRET, stale, { method: 'POST', target: PATH, rawBody: body });
    const staleAnswer = await headersOnly({
      'X-PlusPlus-Request-Timestamp': stale,
      'X-PlusPlus-Signature': staleSig,
    });
    expect(staleAnswer).toBe(401);
    // Well-formed and current, but 60 MB declared against the 8 MiB limit of POST /users.
    const ts = now();
    const sig = signV1(SECRET, ts, { method: 'POST', target: PATH, rawBody: body });
    expect(await headersOnly({ 'X-PlusPlus-Request-Timestamp': ts, 'X-PlusPlus-Signature': sig })).toBe(413);
  });

  it('a chunked unsigned-looking body (no Content-Length) is read no further than the route limit', async () => {
    const ts = now();
    const sig = `v1=${'0'.repeat(64)}`;
    const answer = await send(
      { 'X-PlusPlus-Request-Timestamp': ts, 'X-PlusPlus-Signature': sig },
      20 * 1024 * 1024,
      true,
    );
    expect(answer.status).toBe(413);
    expect(answer.writtenBeforeAnswer).toBeLessThan(16 * 1024 * 1024);
  });
});

/** Sends only the request line and headers (Content-Length 60 MB, no body) and returns the status. */
function headersOnly(headers: Record<string, string>, target = { port: 0, path: PATH }): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({
      host: '127.0.0.1',
      port: target.port || port,
      method: 'POST',
      path: target.path,
      headers: { 'Content-Type': 'application/json', 'Content-Length': String(BODY_BYTES), ...headers },
    });
    const timer = setTimeout(() => reject(new Error('no answer within 5 s without a body')), 5_000);
    req.on('response', (res) => {
      clearTimeout(timer);
      res.resume();
      req.destroy();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', () => {});
    req.flushHeaders();
  });
}

describe('the Slack-facing server refuses unsigned bodies before Bolt reads them', () => {
  const events = () => ({ port: slackPort, path: '/slack/events' });

  it('four parallel 60 MB POST /slack/events with a garbled or missing signature: 401, RSS barely moves', async () => {
    const pid = app.child.pid!;
    const before = rssBytes(pid);
    const rss = sampleRss(pid);
    const headers: Record<string, string>[] = [
      { 'X-Slack-Request-Timestamp': now(), 'X-Slack-Signature': 'v0=00' },
      { 'X-Slack-Request-Timestamp': now() },
      {
        'X-Slack-Request-Timestamp': String(Number(now()) - 400),
        'X-Slack-Signature': `v0=${'0'.repeat(64)}`,
      },
      { 'X-Slack-Request-Timestamp': now(), 'X-Slack-Signature': 'v1=zz' },
    ];
    const answers = await Promise.all(headers.map((h) => send(h, BODY_BYTES, false, events()))).finally(
      rss.stop,
    );
    const peak = Math.max(rss.peak(), rssBytes(pid));
    for (const a of answers) expect(a.status).toBe(401);
    expect(peak - before).toBeLessThan(16 * 1024 * 1024);
  });

  it('answers an over-limit Content-Length with 413 without waiting for the body', async () => {
    const headers = { 'X-Slack-Request-Timestamp': now(), 'X-Slack-Signature': `v0=${'0'.repeat(64)}` };
    expect(await headersOnly(headers, events())).toBe(413);
  });
});

describe('npm run call', () => {
  /** The CLI as `npm run call` runs it (built), pointed at this app's internal port. */
  const call = (...args: string[]) =>
    new Promise<{ code: number; stdout: string }>((resolve) => {
      const cli = MAIN_JS.replace(/main\.js$/, 'cli/call.js');
      const env = {
        PATH: process.env.PATH ?? '',
        PLUSPLUS_SIGNING_SECRET: SECRET,
        INTERNAL_PORT: String(port),
      };
      execFile(process.execPath, [cli, ...args], { env }, (error, stdout) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout }),
      );
    });

  it('signs v1: a write, and a read whose query string is signed too', async () => {
    const put = await call('PUT', '/internal/v1/tenants/acme/users/cli-user', '{"email":"cli@example.com"}');
    expect(put).toMatchObject({ code: 0, stdout: expect.stringContaining('HTTP 200') });
    const get = await call('GET', '/internal/v1/tenants/acme/users/cli-user?fields=all');
    expect(get.stdout).toContain('HTTP 200');
    expect(get.stdout).toContain('cli@example.com');
  });
});
