import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { parseConfig } from '../../src/config';
import { signedHeaders } from '../../src/internal-api/signature';
import { type RunningApp, type StartOptions, startApp } from '../../src/main';
import { createLogger } from '../../src/platform/logger';
import { createMetrics } from '../../src/platform/metrics';
import { createTestDatabase, type TestDatabase } from './database';

export const TEST_PLUSPLUS_SECRET = 'test-plusplus-signing-secret-0123456789';
export const TEST_SLACK_SIGNING_SECRET = 'test-slack-signing-secret';

export interface CallResult {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON answers
  body: any;
  text: string;
}

export interface TestApp {
  app: RunningApp;
  db: TestDatabase;
  slackUrl: string;
  internalUrl: string;
  /** Every log line the app wrote, as parsed JSON. */
  logs: Record<string, unknown>[];
  /** Raw log text (for "no secret in any log line" checks). */
  logText(): string;
  /** A signed internal API request; `body` is sent as JSON unless it is a string already. */
  call(method: string, path: string, body?: unknown): Promise<CallResult>;
  /** An internal API request with the given headers and raw body, unsigned unless headers say so. */
  raw(
    method: string,
    path: string,
    init?: { body?: string; headers?: Record<string, string> },
  ): Promise<CallResult>;
  stop(): Promise<void>;
}

async function toResult(response: Response): Promise<CallResult> {
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON; keep the text
  }
  return { status: response.status, headers: response.headers, body, text };
}

/**
 * Starts the whole app in-process on free ports, on a fresh schema of the test database.
 * `options.retention` overrides the purge schedule (default: first run after 5 minutes).
 */
export async function startTestApp(
  env: Record<string, string> = {},
  options: Pick<StartOptions, 'retention' | 'socketMode' | 'delivery'> = {},
): Promise<TestApp> {
  const db = await createTestDatabase('app');
  const config = parseConfig({
    DATABASE_URL: db.url,
    PORT: '0',
    INTERNAL_PORT: '0',
    SLACK_CLIENT_ID: '1234.5678',
    SLACK_CLIENT_SECRET: 'test-client-secret',
    SLACK_SIGNING_SECRET: TEST_SLACK_SIGNING_SECRET,
    PLUSPLUS_SIGNING_SECRET: TEST_PLUSPLUS_SECRET,
    TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    LOG_LEVEL: 'debug',
    // The tests' return_url (test/support/sandbox-env.ts) and the admin guide's tenant subdomains.
    RETURN_URL_ORIGINS: 'https://plusplus.example,https://*.plusplus.example',
    ...env,
  });
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  const logger = createLogger({ level: config.logLevel, destination });
  // The sandbox runs time-scaled, so the app's own Slack pacing is scaled down the same way.
  const app = await startApp(config, {
    logger,
    metrics: createMetrics({ defaultMetrics: false }),
    pacing: { directoryListIntervalMs: 10, directoryProfileIntervalMs: 5 },
    ...options,
  });
  const slackUrl = `http://127.0.0.1:${app.slackServer.port}`;
  const internalUrl = `http://127.0.0.1:${app.internalServer.port}`;
  return {
    app,
    db,
    slackUrl,
    internalUrl,
    get logs() {
      return lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    },
    logText: () => lines.join('\n'),
    async call(method, path, body) {
      const raw = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
      const headers: Record<string, string> = signedHeaders(
        TEST_PLUSPLUS_SECRET,
        method,
        internalUrl + path,
        raw,
      );
      if (raw) headers['Content-Type'] = 'application/json';
      return toResult(await fetch(internalUrl + path, { method, headers, body: raw || undefined }));
    },
    async raw(method, path, init = {}) {
      return toResult(await fetch(internalUrl + path, { method, headers: init.headers, body: init.body }));
    },
    async stop() {
      await app.stop();
      await db.drop();
    },
  };
}
