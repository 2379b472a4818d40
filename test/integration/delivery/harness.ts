import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { TokenCipher } from '../../../src/crypto/token-cipher';
import { createDelivery, type Delivery, type DeliveryOptions } from '../../../src/delivery';
import { listen, type RunningServer } from '../../../src/http-server';
import { notificationRoutes } from '../../../src/internal-api/notifications';
import { createInternalApp } from '../../../src/internal-api/server';
import { signedHeaders } from '../../../src/internal-api/signature';
import { userRoutes } from '../../../src/internal-api/users';
import { createLogger, type Logger } from '../../../src/logger';
import { createMetrics } from '../../../src/metrics';
import { createDataSource, migrate } from '../../../src/persistence/data-source';
import { ConnectTicketsRepository } from '../../../src/persistence/repositories/connect-tickets-repository';
import { PostgresInstallationStore } from '../../../src/persistence/repositories/postgres-installation-store';
import { PostgresSlackDirectory } from '../../../src/persistence/repositories/postgres-slack-directory';
import { PostgresStateStore } from '../../../src/persistence/repositories/postgres-state-store';
import { TenantsRepository } from '../../../src/persistence/repositories/tenants-repository';
import { UsersRepository } from '../../../src/persistence/repositories/users-repository';
import { type Sandbox, type SandboxOptions, startSandbox } from '../../../src/sandbox';
import { MatchingService } from '../../../src/services/matching-service';
import { ConnectService } from '../../../src/slack/connect-service';
import { webClientFactory } from '../../../src/slack/web-client';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { installForTenant } from '../../support/install';

/**
 * The delivery side of the app, assembled as main.ts will (until the lead wires it there): a real
 * schema, real repositories and ConnectService, the sandbox as Slack, the notification routes on
 * the real internal server, and the worker in this process (or none, for child-process tests).
 */
export const SECRET = 'delivery-test-signing-secret-0123456789';
export const CLIENT_ID = '4321.8765';
export const CLIENT_SECRET = 'delivery-client-secret';
export const SCOPES = ['chat:write', 'users:read', 'users:read.email', 'users.profile:read'];

export interface Person {
  id: string;
  email: string;
}

export interface Harness {
  sb: Sandbox;
  db: TestDatabase;
  ds: DataSource;
  users: UsersRepository;
  tenants: TenantsRepository;
  connect: ConnectService;
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
  stop(): Promise<void>;
}

export interface HarnessOptions {
  sandbox?: SandboxOptions;
  delivery?: DeliveryOptions;
  /** Run the worker in this process (default true). */
  worker?: boolean;
  logLevel?: string;
}

export async function startHarness(o: HarnessOptions = {}): Promise<Harness> {
  const sb = await startSandbox({ timeScale: 0.01, ...o.sandbox });
  sb.createApp({
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    redirectUris: ['http://127.0.0.1/slack/oauth_redirect'],
  });
  const db = await createTestDatabase('delivery');
  const ds = createDataSource({ url: db.url, poolSize: 20 });
  await ds.initialize();
  await migrate(ds);
  const logger = createLogger({ level: o.logLevel ?? 'silent' });
  const tokenKey = randomBytes(32);
  const users = new UsersRepository(ds);
  const tenants = new TenantsRepository(ds);
  const installations = new PostgresInstallationStore(ds, new TokenCipher(tokenKey));
  const webClient = webClientFactory({ slackApiUrl: sb.apiUrl, timeoutMs: 5000 });
  const connect = new ConnectService({
    dataSource: ds,
    publicUrl: 'http://127.0.0.1',
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    authorizeUrl: sb.authorizeUrl,
    slackApiUrl: sb.apiUrl,
    installations,
    states: new PostgresStateStore(ds),
    tickets: new ConnectTicketsRepository(ds),
    tenants,
    webClient,
    logger,
    slackLogger: {
      debug() {},
      info() {},
      warn() {},
      error() {},
      setLevel() {},
      getLevel: () => 'info' as never,
      setName() {},
    } as never,
  });
  const matching = new MatchingService({
    users,
    tenants,
    connect,
    directory: new PostgresSlackDirectory(ds),
    webClient,
    logger,
  });
  const delivery = createDelivery({
    dataSource: ds,
    users,
    tenants,
    connect,
    matching,
    webClient,
    logger,
    options: {
      pollMs: 20,
      pace: { workspacePerMinute: 60_000, channelIntervalMs: 0 },
      backoff: { baseMs: 20, maxMs: 200 },
      horizonMs: 2000,
      ...o.delivery,
    },
  });
  const app = createInternalApp({
    signingSecret: SECRET,
    routes: [...userRoutes(users), ...notificationRoutes({ notifications: delivery.notifications })],
    logger,
    metrics: createMetrics({ defaultMetrics: false }),
  });
  const server: RunningServer = await listen(app, 0, '127.0.0.1');
  const internalUrl = `http://127.0.0.1:${server.port}`;
  if (o.worker ?? true) delivery.worker.start();

  const call: Harness['call'] = async (method, path, body) => {
    const raw = body === undefined ? '' : JSON.stringify(body);
    const headers: Record<string, string> = signedHeaders(SECRET, raw);
    if (raw) headers['Content-Type'] = 'application/json';
    const res = await fetch(internalUrl + path, { method, headers, body: raw || undefined });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };

  const h: Harness = {
    sb,
    db,
    ds,
    users,
    tenants,
    connect,
    delivery,
    logger,
    tokenKey,
    internalUrl,
    call,
    async connectTenant(tenantId, c = {}) {
      const ws = sb.createWorkspace({ name: `WS ${tenantId}`, members: c.members ?? 40, seed: c.seed ?? 3 });
      const issued = await installForTenant({
        sb,
        store: installations,
        tenantId,
        teamId: ws.id,
        clientId: CLIENT_ID,
        scopes: c.scopes ?? SCOPES,
        installerUserId: ws.members[1]!.id,
      });
      if (c.enable ?? true) await tenants.updateSettings(tenantId, { notificationsEnabled: true });
      const people = ws.members
        .filter(
          (m) =>
            !m.deleted && !m.isBot && !m.isAppUser && !m.isInvitedUser && m.email && m.id !== 'USLACKBOT',
        )
        .map((m) => ({ id: m.id, email: m.email! }));
      return { teamId: ws.id, token: issued.accessToken, people };
    },
    async addUsers(tenantId, people, a = {}) {
      const ids = people.map((_, i) => `${a.prefix ?? 'u'}${i}`);
      await users.upsertMany(
        tenantId,
        people.map((p, i) => ({ id: ids[i]!, email: p.email, name: `Person <${i}>` })),
      );
      if (a.link ?? true) {
        await users.applyLinks(
          tenantId,
          people.map((p, i) => ({ userId: ids[i]!, slackUserId: p.id, displayName: null })),
        );
      }
      return ids;
    },
    notify: (tenantId, body) => call('POST', `/internal/v1/tenants/${tenantId}/notifications`, body),
    async waitDone(tenantId, id, timeoutMs = 20_000) {
      const end = Date.now() + timeoutMs;
      for (;;) {
        const res = await call('GET', `/internal/v1/tenants/${tenantId}/notifications/${id}`);
        if (res.body?.done || Date.now() > end) return res.body;
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    async stop() {
      await delivery.worker.stop();
      await server.close(0);
      await ds.destroy();
      await db.drop();
      await sb.stop();
    },
  };
  return h;
}

export const content = (title = 'Data 101') => ({
  id: 'evt-4711',
  title,
  url: 'https://plusplus.example/events/4711',
  starts_at: '2026-12-01T15:00:00Z',
});
