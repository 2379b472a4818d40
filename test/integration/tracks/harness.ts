import type { WebClient } from '@slack/web-api';
import type { DataSource } from 'typeorm';
import type { TrackSyncOptions, Tracks, TrackWorkerOptions } from '../../../src/app/track-channels';
import { slackRoutes } from '../../../src/internal-api/slack';
import { trackRoutes } from '../../../src/internal-api/tracks';
import { userRoutes } from '../../../src/internal-api/users';
import type { PostgresInstallationStore } from '../../../src/persistence/repositories/postgres-installation-store';
import type { TenantsRepository } from '../../../src/persistence/repositories/tenants-repository';
import type { UsersRepository } from '../../../src/persistence/repositories/users-repository';
import { createLogger } from '../../../src/platform/logger';
import type { Sandbox, SandboxOptions } from '../../../src/sandbox';
import { REQUIRED_BOT_SCOPES } from '../../../src/slack/scopes';
import {
  type Answer,
  type Person,
  startInternalApi,
  startTestServices,
  tenantHelpers,
} from '../../support/services';

export type { Answer, Person } from '../../support/services';

/**
 * Track channels as the composition root (src/compose.ts) builds them: a real schema, real
 * repositories and Connect, the sandbox as Slack, the track, user and slack routes on the
 * real internal server called with signed requests, and the worker in this process.
 */
export const SECRET = 'tracks-test-signing-secret-0123456789';
export const CLIENT_ID = '5432.9876';
export const CLIENT_SECRET = 'tracks-client-secret';
export const ALL_SCOPES = [...REQUIRED_BOT_SCOPES];

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
  const hooks: { clientHook: ((client: WebClient) => void) | null } = { clientHook: null };
  const s = await startTestServices({
    label: 'tracks',
    logger: createLogger({ level: process.env.TRACKS_TEST_LOG ?? 'silent' }),
    sandbox: o.sandbox,
    app: { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET },
    poolSize: 10,
    slackTimeoutMs: 5000,
    tracks: {
      sync: { reconcileMs: 60_000, blockedRetryMs: 60_000, backoffMs: 20, maxBackoffMs: 200, ...o.sync },
      worker: { pollMs: 20, leaseMs: 10_000, ...o.worker },
    },
    wrapWebClient: (factory) => (token) => {
      const client = factory(token);
      hooks.clientHook?.(client);
      return client;
    },
  });
  const { users, tenants, connect, logger } = s;
  const { tracks } = s.services;
  const api = await startInternalApi({
    secret: SECRET,
    routes: [
      ...userRoutes(users),
      ...slackRoutes(connect, tenants, { scheduleRematch: () => {} } as never),
      ...trackRoutes({ tracks: tracks.service }),
    ],
    logger,
  });
  if (o.startWorker ?? true) tracks.worker.start();
  const { call } = api;
  const path = (t: string, k: string) => `/internal/v1/tenants/${t}/tracks/${k}/channel`;

  return {
    sb: s.sb,
    ds: s.dataSource,
    users,
    tenants,
    installations: s.installations,
    tracks,
    get clientHook() {
      return hooks.clientHook;
    },
    set clientHook(hook) {
      hooks.clientHook = hook;
    },
    call,
    ...tenantHelpers(s, { members: 60, seed: 5, scopes: ALL_SCOPES, guests: false }),
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
      await api.close();
      await s.stop();
    },
  };
}
