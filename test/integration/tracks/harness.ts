import { randomBytes } from 'node:crypto';
import type { WebClient } from '@slack/web-api';
import type { DataSource } from 'typeorm';
import { TokenCipher } from '../../../src/crypto/token-cipher';
import { listen, type RunningServer } from '../../../src/http-server';
import { createInternalApp } from '../../../src/internal-api/server';
import { signedHeaders } from '../../../src/internal-api/signature';
import { slackRoutes } from '../../../src/internal-api/slack';
import { trackRoutes } from '../../../src/internal-api/tracks';
import { userRoutes } from '../../../src/internal-api/users';
import { createLogger } from '../../../src/logger';
import { createMetrics } from '../../../src/metrics';
import { createDataSource, migrate } from '../../../src/persistence/data-source';
import { ConnectTicketsRepository } from '../../../src/persistence/repositories/connect-tickets-repository';
import { PostgresInstallationStore } from '../../../src/persistence/repositories/postgres-installation-store';
import { PostgresStateStore } from '../../../src/persistence/repositories/postgres-state-store';
import { TenantsRepository } from '../../../src/persistence/repositories/tenants-repository';
import { UsersRepository } from '../../../src/persistence/repositories/users-repository';
import { type Sandbox, type SandboxOptions, startSandbox } from '../../../src/sandbox';
import { ConnectService } from '../../../src/slack/connect-service';
import { REQUIRED_BOT_SCOPES } from '../../../src/slack/scopes';
import { webClientFactory } from '../../../src/slack/web-client';
import {
  createTracks,
  type TrackSyncOptions,
  type Tracks,
  type TrackWorkerOptions,
} from '../../../src/tracks';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { installForTenant } from '../../support/install';

/**
 * Track channels assembled as main.ts will (until the lead wires them there): a real schema, real
 * repositories and ConnectService, the sandbox as Slack, the track, user and slack routes on the
 * real internal server called with signed requests, and the worker in this process.
 */
export const SECRET = 'tracks-test-signing-secret-0123456789';
export const CLIENT_ID = '5432.9876';
export const CLIENT_SECRET = 'tracks-client-secret';
export const ALL_SCOPES = [...REQUIRED_BOT_SCOPES];

export interface Person {
  id: string;
  email: string;
}

// biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON answers
export type Answer = { status: number; body: any };

export interface Harness {
  sb: Sandbox;
  ds: DataSource;
  users: UsersRepository;
  tenants: TenantsRepository;
  installations: PostgresInstallationStore;
  tracks: Tracks;
  /** Runs on every Web API client the app makes (spies, simulated lost answers). */
  clientHook: ((client: WebClient) => void) | null;
  call(method: string, path: string, body?: unknown): Promise<Answer>;
  connectTenant(
    tenantId: string,
    o?: { members?: number; seed?: number; scopes?: string[]; enable?: boolean; teamId?: string },
  ): Promise<{ teamId: string; botUserId: string; token: string; people: Person[] }>;
  addUsers(tenantId: string, people: Person[], o?: { prefix?: string; link?: boolean }): Promise<string[]>;
  put(tenantId: string, trackId: string, body: Record<string, unknown>): Promise<Answer>;
  get(tenantId: string, trackId: string): Promise<Answer>;
  /** Polls GET until `done(body)` holds (and nothing is pending), or fails after the timeout. */
  // biome-ignore lint/suspicious/noExplicitAny: JSON answer
  waitFor(tenantId: string, trackId: string, done: (b: any) => boolean, timeoutMs?: number): Promise<any>;
  stop(): Promise<void>;
}

export interface HarnessOptions {
  sandbox?: SandboxOptions;
  sync?: TrackSyncOptions;
  worker?: TrackWorkerOptions;
  /** Start the worker (default true). */
  startWorker?: boolean;
}

export async function startHarness(o: HarnessOptions = {}): Promise<Harness> {
  const sb = await startSandbox({ timeScale: 0.01, ...o.sandbox });
  sb.createApp({
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    redirectUris: ['http://127.0.0.1/slack/oauth_redirect'],
  });
  const db: TestDatabase = await createTestDatabase('tracks');
  const ds = createDataSource({ url: db.url, poolSize: 10 });
  await ds.initialize();
  await migrate(ds);
  const logger = createLogger({ level: process.env.TRACKS_TEST_LOG ?? 'silent' });
  const users = new UsersRepository(ds);
  const tenants = new TenantsRepository(ds);
  const installations = new PostgresInstallationStore(ds, new TokenCipher(randomBytes(32)));
  const silent = {
    debug() {},
    info() {},
    warn() {},
    error() {},
    setLevel() {},
    getLevel: () => 'info' as never,
    setName() {},
  } as never;
  const baseClient = webClientFactory({ slackApiUrl: sb.apiUrl, timeoutMs: 5000, logger: silent });
  const hooks: { clientHook: ((client: WebClient) => void) | null } = { clientHook: null };
  const webClient = (token?: string) => {
    const client = baseClient(token);
    hooks.clientHook?.(client);
    return client;
  };
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
    slackLogger: silent,
  });
  const tracks = createTracks({
    dataSource: ds,
    tenants,
    connect,
    webClient,
    logger,
    sync: { reconcileMs: 60_000, blockedRetryMs: 60_000, backoffMs: 20, maxBackoffMs: 200, ...o.sync },
    worker: { pollMs: 20, leaseMs: 10_000, ...o.worker },
  });
  const app = createInternalApp({
    signingSecret: SECRET,
    routes: [
      ...userRoutes(users),
      ...slackRoutes(connect, tenants, { scheduleRematch: () => {} } as never),
      ...trackRoutes({ tracks: tracks.service }),
    ],
    logger,
    metrics: createMetrics({ defaultMetrics: false }),
  });
  const server: RunningServer = await listen(app, 0, '127.0.0.1');
  const internalUrl = `http://127.0.0.1:${server.port}`;
  if (o.startWorker ?? true) tracks.worker.start();

  const call: Harness['call'] = async (method, path, body) => {
    const raw = body === undefined ? '' : JSON.stringify(body);
    const headers: Record<string, string> = signedHeaders(SECRET, raw);
    if (raw) headers['Content-Type'] = 'application/json';
    const res = await fetch(internalUrl + path, { method, headers, body: raw || undefined });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
  const path = (t: string, k: string) => `/internal/v1/tenants/${t}/tracks/${k}/channel`;

  const h: Harness = {
    sb,
    ds,
    users,
    tenants,
    installations,
    tracks,
    get clientHook() {
      return hooks.clientHook;
    },
    set clientHook(hook) {
      hooks.clientHook = hook;
    },
    call,
    async connectTenant(tenantId, c = {}) {
      const ws = c.teamId
        ? sb.workspace(c.teamId)
        : sb.createWorkspace({ name: `WS ${tenantId}`, members: c.members ?? 60, seed: c.seed ?? 5 });
      const issued = await installForTenant({
        sb,
        store: installations,
        tenantId,
        teamId: ws.id,
        clientId: CLIENT_ID,
        scopes: c.scopes ?? ALL_SCOPES,
        installerUserId: ws.members[1]!.id,
      });
      if (c.enable ?? true) await tenants.updateSettings(tenantId, { notificationsEnabled: true });
      const people = ws.members
        .filter(
          (m) =>
            !m.deleted &&
            !m.isBot &&
            !m.isAppUser &&
            !m.isInvitedUser &&
            !m.isUltraRestricted &&
            m.email &&
            m.id !== 'USLACKBOT',
        )
        .map((m) => ({ id: m.id, email: m.email! }));
      return { teamId: ws.id, botUserId: issued.botUserId, token: issued.accessToken, people };
    },
    async addUsers(tenantId, people, a = {}) {
      const ids = people.map((_, i) => `${a.prefix ?? 'u'}${i}`);
      await users.upsertMany(
        tenantId,
        people.map((p, i) => ({ id: ids[i]!, email: p.email, name: `Person ${i}` })),
      );
      if (a.link ?? true) {
        await users.applyLinks(
          tenantId,
          people.map((p, i) => ({ userId: ids[i]!, slackUserId: p.id, displayName: null })),
        );
      }
      return ids;
    },
    put: (t, k, body) => call('PUT', path(t, k), body),
    get: (t, k) => call('GET', path(t, k)),
    async waitFor(t, k, done, timeoutMs = 10_000) {
      const end = Date.now() + timeoutMs;
      for (;;) {
        const res = await call('GET', path(t, k));
        if (res.status === 200 && res.body.status !== 'pending' && done(res.body)) return res.body;
        if (Date.now() > end) {
          throw new Error(`timed out waiting for ${t}/${k}: ${JSON.stringify(res.body).slice(0, 2000)}`);
        }
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    async stop() {
      await tracks.worker.stop();
      await server.close(0);
      await ds.destroy();
      await db.drop();
      await sb.stop();
    },
  };
  return h;
}
