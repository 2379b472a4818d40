/**
 * What the integration harnesses that wire part of the app themselves (delivery, tracks,
 * templates, home, directory) share: the core services on a fresh schema of the test database with
 * the sandbox as Slack, connecting a tenant without the browser, PlusPlus users linked to sandbox
 * members, and the real internal API server with a signing client. No mocks: real PostgreSQL,
 * real repositories and Connect's pieces, the sandbox over HTTP.
 */
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import type { DataSource } from 'typeorm';
import type { DeliveryOptions } from '../../src/app/delivery';
import { type DirectorySyncOptions, DirectorySyncService } from '../../src/app/directory-sync/directory-sync';
import type { TemplatesService } from '../../src/app/template-editing/templates-service';
import { type CompositionOverrides, composeServices, type Services } from '../../src/compose';
import type { AnyRoute } from '../../src/internal-api/route';
import { createInternalApp } from '../../src/internal-api/server';
import { signedHeaders } from '../../src/internal-api/signature';
import { createDataSource, migrate } from '../../src/persistence/data-source';
import { PostgresDirectorySyncStore } from '../../src/persistence/repositories/directory-sync-store';
import type { PostgresInstallationStore } from '../../src/persistence/repositories/postgres-installation-store';
import type { PostgresSlackDirectory } from '../../src/persistence/repositories/postgres-slack-directory';
import type { TenantsRepository } from '../../src/persistence/repositories/tenants-repository';
import type { UsersRepository } from '../../src/persistence/repositories/users-repository';
import { listen } from '../../src/platform/http-server';
import { createLogger, type Logger } from '../../src/platform/logger';
import { createMetrics } from '../../src/platform/metrics';
import {
  type AppOptions,
  type IssuedToken,
  type Sandbox,
  type SandboxApp,
  type SandboxOptions,
  type SandboxWorkspace,
  startSandbox,
} from '../../src/sandbox';
import { REQUIRED_BOT_SCOPES } from '../../src/slack/scopes';
import type { WebClientFactory } from '../../src/slack/web-client';
import { createTestDatabase, type TestDatabase } from './database';
import { installForTenant } from './install';

/** A sandbox member as a PlusPlus user would be matched to them. */
export interface Person {
  id: string;
  email: string;
}

// biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON answers
export type Answer = { status: number; body: any };

/** A logger whose JSON lines are kept, for tests that read what was logged. */
export function capturingLogger(level = 'debug'): { logger: Logger; logText(): string } {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { logger: createLogger({ level, destination }), logText: () => lines.join('') };
}

export interface TestServicesOptions {
  /** Names the test database schema. */
  label: string;
  logger: Logger;
  sandbox?: SandboxOptions;
  /** The sandbox app the services act as; redirect URIs default to a placeholder (no OAuth here). */
  app?: Partial<AppOptions>;
  poolSize?: number;
  /** Per-request Web API timeout (default the app's). */
  slackTimeoutMs?: number;
  /** Wraps the one Web API client factory every service gets (spies, simulated lost answers). */
  wrapWebClient?: (factory: WebClientFactory) => WebClientFactory;
  /** Delivery tunables of the composed delivery (pace, poll, backoff for a time-scaled sandbox). */
  delivery?: DeliveryOptions;
  /** Track-channel sync and worker tunables. */
  tracks?: CompositionOverrides['tracks'];
}

export interface TestServices {
  sb: Sandbox;
  sbApp: SandboxApp;
  db: TestDatabase;
  dataSource: DataSource;
  logger: Logger;
  /** The token encryption key (a worker in a child process needs it to read the installations). */
  tokenKey: Buffer;
  /** Every service as src/compose.ts builds it for the app (nothing started). */
  services: Services;
  users: UsersRepository;
  tenants: TenantsRepository;
  installations: PostgresInstallationStore;
  directory: PostgresSlackDirectory;
  webClient: WebClientFactory;
  /** Connect's pieces as src/compose.ts builds them (tokens, revocation, links, status …). */
  connect: Services['connect'];
  templates: TemplatesService;
  /** Closes the data source, drops the schema and stops the sandbox. */
  stop(): Promise<void>;
}

/**
 * The app's services, built by the composition root (src/compose.ts) on a migrated schema of their
 * own with the sandbox as Slack: the directory sync unpaced (the sandbox's rate limits are
 * time-scaled), the harness's delivery and track tunables, its Web API wrapper and timeout.
 */
export async function startTestServices(o: TestServicesOptions): Promise<TestServices> {
  const sb = await startSandbox({ timeScale: 0.01, ...o.sandbox });
  const sbApp = sb.createApp({ redirectUris: ['http://127.0.0.1/slack/oauth_redirect'], ...o.app });
  const db = await createTestDatabase(o.label);
  const dataSource = createDataSource({ url: db.url, poolSize: o.poolSize });
  await dataSource.initialize();
  await migrate(dataSource);
  const { logger } = o;
  const tokenKey = randomBytes(32);
  const services = composeServices({
    dataSource,
    logger,
    secrets: {
      clientId: sbApp.clientId,
      clientSecret: sbApp.clientSecret,
      signingSecret: sbApp.signingSecret,
      plusplusSigningSecret: 'test-services-plusplus-signing-secret',
      tokenEncryptionKey: tokenKey,
    },
    publicUrl: 'http://127.0.0.1',
    slackApiUrl: sb.apiUrl,
    slackAuthorizeUrl: sb.authorizeUrl,
    notificationRetentionDays: 90,
    delivery: o.delivery,
    overrides: {
      slackTimeoutMs: o.slackTimeoutMs,
      wrapWebClient: o.wrapWebClient,
      pacing: { directoryListIntervalMs: 0, directoryProfileIntervalMs: 0 },
      tracks: o.tracks,
    },
  });
  return {
    sb,
    sbApp,
    db,
    dataSource,
    logger,
    tokenKey,
    services,
    users: services.users,
    tenants: services.tenants,
    installations: services.installations,
    directory: services.directory,
    webClient: services.webClient,
    connect: services.connect,
    templates: services.templates,
    async stop() {
      await services.background.drain();
      await dataSource.destroy();
      await db.drop();
      await sb.stop();
    },
  };
}

/** A DirectorySyncService on the services, unpaced (the sandbox's rate limits are time-scaled). */
export function directorySync(s: TestServices, options: Partial<DirectorySyncOptions> = {}) {
  return new DirectorySyncService({
    store: new PostgresDirectorySyncStore(s.dataSource, s.directory),
    connect: s.connect.connections,
    tenants: s.tenants,
    webClient: s.webClient,
    logger: s.logger,
    listIntervalMs: 0,
    profileIntervalMs: 0,
    ...options,
  });
}

export interface ConnectWorkspaceOptions {
  /** An existing sandbox workspace; by default a new one, `WS ${tenantId}`. */
  teamId?: string;
  members?: number;
  seed?: number;
  /** Granted bot scopes (default all the app asks for). */
  scopes?: string[];
  /** Recorded as the installer (default the workspace's second member). */
  installerUserId?: string;
  /** Turn the tenant's notifications on, as an admin would after connecting. */
  enableNotifications?: boolean;
}

/** A sandbox workspace installed for `tenantId` as a finished Connect leaves it (test/support/install.ts). */
export async function connectWorkspace(
  s: TestServices,
  tenantId: string,
  o: ConnectWorkspaceOptions = {},
): Promise<{ ws: SandboxWorkspace; issued: IssuedToken }> {
  const ws = o.teamId
    ? s.sb.workspace(o.teamId)
    : s.sb.createWorkspace({ name: `WS ${tenantId}`, members: o.members, seed: o.seed });
  const issued = await installForTenant({
    sb: s.sb,
    store: s.installations,
    tenantId,
    teamId: ws.id,
    clientId: s.sbApp.clientId,
    scopes: o.scopes ?? [...REQUIRED_BOT_SCOPES],
    installerUserId: o.installerUserId ?? ws.members[1]!.id,
  });
  if (o.enableNotifications) await s.tenants.updateSettings(tenantId, { notificationsEnabled: true });
  return { ws, issued };
}

/**
 * The members a PlusPlus user can be matched to: active humans with an email, not invited, not
 * Slackbot. `guests: false` leaves out single-channel guests as well.
 */
export function workspacePeople(ws: SandboxWorkspace, o: { guests?: boolean } = {}): Person[] {
  return ws.members
    .filter(
      (m) =>
        !m.deleted &&
        !m.isBot &&
        !m.isAppUser &&
        !m.isInvitedUser &&
        ((o.guests ?? true) || !m.isUltraRestricted) &&
        m.email &&
        m.id !== 'USLACKBOT',
    )
    .map((m) => ({ id: m.id, email: m.email! }));
}

export interface TenantDefaults {
  members: number;
  seed: number;
  scopes: string[];
  /** Count single-channel guests among the people (default true). */
  guests?: boolean;
  /** The PlusPlus user name of the i-th person added (default `Person ${i}`). */
  name?: (i: number) => string;
}

/**
 * `connectTenant` and `addUsers` as the delivery, tracks and templates harnesses offer them, with
 * their own workspace defaults: a workspace installed for a tenant, notifications on unless
 * `enable: false`, and its people; then PlusPlus users `${prefix}${i}` (u0, u1, … by default) for
 * people, linked to their Slack ids unless `link: false`.
 */
export function tenantHelpers(s: TestServices, d: TenantDefaults) {
  const name = d.name ?? ((i: number) => `Person ${i}`);
  return {
    async connectTenant(
      tenantId: string,
      o: { members?: number; seed?: number; scopes?: string[]; enable?: boolean; teamId?: string } = {},
    ): Promise<{ teamId: string; botUserId: string; token: string; people: Person[] }> {
      const { ws, issued } = await connectWorkspace(s, tenantId, {
        teamId: o.teamId,
        members: o.members ?? d.members,
        seed: o.seed ?? d.seed,
        scopes: o.scopes ?? d.scopes,
        enableNotifications: o.enable ?? true,
      });
      const people = workspacePeople(ws, { guests: d.guests });
      return { teamId: ws.id, botUserId: issued.botUserId, token: issued.accessToken, people };
    },
    async addUsers(tenantId: string, people: Person[], o: { prefix?: string; link?: boolean } = {}) {
      const ids = people.map((_, i) => `${o.prefix ?? 'u'}${i}`);
      await s.users.upsertMany(
        tenantId,
        people.map((p, i) => ({ id: ids[i]!, email: p.email, name: name(i) })),
      );
      if (o.link ?? true) {
        await s.users.applyLinks(
          tenantId,
          people.map((p, i) => ({ userId: ids[i]!, slackUserId: p.id, displayName: null })),
        );
      }
      return ids;
    },
  };
}

export interface InternalApi {
  url: string;
  /** A request signed with the server's secret; `body` is sent as JSON. */
  call(method: string, path: string, body?: unknown): Promise<Answer>;
  close(): Promise<void>;
}

/** The real internal server with `routes` on a free port, called with signed requests. */
export async function startInternalApi(o: {
  secret: string;
  routes: AnyRoute[];
  logger: Logger;
}): Promise<InternalApi> {
  const app = createInternalApp({
    signingSecret: o.secret,
    routes: o.routes,
    logger: o.logger,
    metrics: createMetrics({ defaultMetrics: false }),
  });
  const server = await listen(app, 0, '127.0.0.1');
  const url = `http://127.0.0.1:${server.port}`;
  return {
    url,
    async call(method, path, body) {
      const raw = body === undefined ? '' : JSON.stringify(body);
      const headers: Record<string, string> = signedHeaders(o.secret, method, url + path, raw);
      if (raw) headers['Content-Type'] = 'application/json';
      const res = await fetch(url + path, { method, headers, body: raw || undefined });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : undefined };
    },
    close: () => server.close(0),
  };
}
