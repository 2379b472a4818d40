import type { DataSource } from 'typeorm';
import type { Delivery, DeliveryOptions } from '../../../src/app/delivery';
import { composeDelivery } from '../../../src/compose';
import { changeRoutes } from '../../../src/internal-api/changes';
import { notificationRoutes } from '../../../src/internal-api/notifications';
import { userRoutes } from '../../../src/internal-api/users';
import type { TenantsRepository } from '../../../src/persistence/repositories/tenants-repository';
import type { UsersRepository } from '../../../src/persistence/repositories/users-repository';
import { createLogger, type Logger } from '../../../src/platform/logger';
import type { Sandbox, SandboxOptions } from '../../../src/sandbox';
import type { TestDatabase } from '../../support/database';
import {
  type Person,
  startInternalApi,
  startTestServices,
  type TestServices,
  tenantHelpers,
} from '../../support/services';

export type { Person } from '../../support/services';

/**
 * The delivery side of the app as the composition root (src/compose.ts) builds it: a real schema,
 * real repositories and Connect, the sandbox as Slack, the notification routes on the real
 * internal server, and the worker in this process (or none, for child-process tests).
 */
export const SECRET = 'delivery-test-signing-secret-0123456789';
export const CLIENT_ID = '4321.8765';
export const CLIENT_SECRET = 'delivery-client-secret';
export const SCOPES = ['chat:write', 'users:read', 'users:read.email', 'users.profile:read'];

export interface Harness {
  sb: Sandbox;
  db: TestDatabase;
  ds: DataSource;
  users: UsersRepository;
  tenants: TenantsRepository;
  connect: TestServices['connect'];
  delivery: Delivery;
  logger: Logger;
  tokenKey: Buffer;
  internalUrl: string;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON answers
  call(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }>;
  /** A workspace installed for `tenantId` with notifications on; people are real sandbox members. */
  connectTenant(
    tenantId: string,
    o?: { members?: number; seed?: number; scopes?: string[]; enable?: boolean },
  ): Promise<{ teamId: string; token: string; people: Person[] }>;
  /** PlusPlus users `${prefix}${i}` for the people, linked to their Slack ids unless `link: false`. */
  addUsers(tenantId: string, people: Person[], o?: { prefix?: string; link?: boolean }): Promise<string[]>;
  notify(tenantId: string, body: Record<string, unknown>): ReturnType<Harness['call']>;
  /** Polls GET /notifications/{id} until nothing is queued or sending. */
  // biome-ignore lint/suspicious/noExplicitAny: JSON answer
  waitDone(tenantId: string, notificationId: string, timeoutMs?: number): Promise<any>;
  /**
   * The environment of a `worker-main.js` child on this harness's schema, sandbox and token key
   * (Slack mode, so the secrets it does not use are set to placeholders); DELIVERY_* are the caller's.
   */
  workerEnv(databaseUrl?: string): Record<string, string>;
  /**
   * A fresh delivery side on the same services and database, as a restarted process builds it
   * (nothing of the first one's memory carries over); the caller starts and stops its worker.
   */
  restartedDelivery(options?: DeliveryOptions): Delivery;
  stop(): Promise<void>;
}

export interface HarnessOptions {
  sandbox?: SandboxOptions;
  delivery?: DeliveryOptions;
  /** Run the worker in this process (default true). */
  worker?: boolean;
  logLevel?: string;
}

const baseDelivery: DeliveryOptions = {
  pollMs: 20,
  pace: { workspacePerMinute: 60_000, channelIntervalMs: 0 },
  backoff: { baseMs: 20, maxMs: 200 },
  horizonMs: 2000,
};

export async function startHarness(o: HarnessOptions = {}): Promise<Harness> {
  const s = await startTestServices({
    label: 'delivery',
    logger: createLogger({ level: o.logLevel ?? 'silent' }),
    sandbox: o.sandbox,
    app: { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET },
    poolSize: 20,
    slackTimeoutMs: 5000,
    delivery: { ...baseDelivery, ...o.delivery },
  });
  const { users, tenants, connect, logger } = s;
  const { delivery } = s.services;
  const api = await startInternalApi({
    secret: SECRET,
    routes: [...userRoutes(users), ...notificationRoutes(delivery), ...changeRoutes(delivery)],
    logger,
  });
  if (o.worker ?? true) {
    delivery.worker.start();
    delivery.revisionWorker.start();
  }
  const { call } = api;

  return {
    sb: s.sb,
    db: s.db,
    ds: s.dataSource,
    users,
    tenants,
    connect,
    delivery,
    logger,
    tokenKey: s.tokenKey,
    internalUrl: api.url,
    call,
    ...tenantHelpers(s, { members: 40, seed: 3, scopes: SCOPES, name: (i) => `Person <${i}>` }),
    notify: (tenantId, body) => call('POST', `/internal/v1/tenants/${tenantId}/notifications`, body),
    async waitDone(tenantId, id, timeoutMs = 20_000) {
      const end = Date.now() + timeoutMs;
      for (;;) {
        const res = await call('GET', `/internal/v1/tenants/${tenantId}/notifications/${id}`);
        if (res.body?.done || Date.now() > end) return res.body;
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    restartedDelivery: (options) =>
      composeDelivery(s.services, { ...baseDelivery, ...o.delivery, ...options }),
    workerEnv: (databaseUrl = s.db.url) => ({
      PATH: process.env.PATH ?? '',
      DATABASE_URL: databaseUrl,
      SLACK_API_URL: s.sb.apiUrl,
      SLACK_CLIENT_ID: CLIENT_ID,
      SLACK_CLIENT_SECRET: CLIENT_SECRET,
      SLACK_SIGNING_SECRET: 'unused-by-the-worker',
      PLUSPLUS_SIGNING_SECRET: 'unused-by-the-worker-0123456789',
      TOKEN_ENCRYPTION_KEY: s.tokenKey.toString('base64'),
      // A worker serves /healthz, /readyz and /metrics: on a free port, so several can run.
      INTERNAL_PORT: '0',
      LOG_LEVEL: 'warn',
    }),
    async stop() {
      await delivery.worker.stop();
      await delivery.revisionWorker.stop();
      await api.close();
      await s.stop();
    },
  };
}

export const content = (title = 'Data 101') => ({
  id: 'evt-4711',
  title,
  url: 'https://plusplus.example/events/4711',
  starts_at: '2026-12-01T15:00:00Z',
});
