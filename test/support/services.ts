/**
 * What the integration harnesses that wire part of the app themselves (delivery, tracks,
 * templates, home, directory) share: the core services on a fresh schema of the test database with
 * the sandbox as Slack, connecting a tenant without the browser, PlusPlus users linked to sandbox
 * members, and the real internal API server with a signing client. No mocks: real PostgreSQL,
 * real repositories and ConnectService, the sandbox over HTTP.
 */
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import type { DataSource } from 'typeorm';
import { createConnectService } from '../../src/core-services';
import { TokenCipher } from '../../src/crypto/token-cipher';
import { listen } from '../../src/http-server';
import type { AnyRoute } from '../../src/internal-api/route';
import { createInternalApp } from '../../src/internal-api/server';
import { signedHeaders } from '../../src/internal-api/signature';
import { createLogger, type Logger } from '../../src/logger';
import { createMetrics } from '../../src/metrics';
import { createDataSource, migrate } from '../../src/persistence/data-source';
import { PostgresInstallationStore } from '../../src/persistence/repositories/postgres-installation-store';
import { PostgresSlackDirectory } from '../../src/persistence/repositories/postgres-slack-directory';
import { TenantsRepository } from '../../src/persistence/repositories/tenants-repository';
import { UsersRepository } from '../../src/persistence/repositories/users-repository';
import {
  type AppOptions,
  type IssuedToken,
  type Sandbox,
  type SandboxApp,
  type SandboxOptions,
  type SandboxWorkspace,
  startSandbox,
} from '../../src/sandbox';
import { slackLogger } from '../../src/slack/bolt-logger';
import type { ConnectService } from '../../src/slack/connect-service';
import { type DirectorySyncOptions, DirectorySyncService } from '../../src/slack/directory-sync';
import { REQUIRED_BOT_SCOPES } from '../../src/slack/scopes';
import { type WebClientFactory, webClientFactory } from '../../src/slack/web-client';
import { TemplatesRepository } from '../../src/templates/repository';
import { TemplatesService } from '../../src/templates/service';
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
}

export interface TestServices {
  sb: Sandbox;
  sbApp: SandboxApp;
  db: TestDatabase;
  dataSource: DataSource;
  logger: Logger;
  /** The token encryption key (a worker in a child process needs it to read the installations). */
  tokenKey: Buffer;
  users: UsersRepository;
  tenants: TenantsRepository;
  installations: PostgresInstallationStore;
  directory: PostgresSlackDirectory;
  webClient: WebClientFactory;
  connect: ConnectService;
  templates: TemplatesService;
  /** Closes the data source, drops the schema and stops the sandbox. */
  stop(): Promise<void>;
}

/**
 * The services src/core-services.ts builds for the app, on a migrated schema of its own and the
 * sandbox as Slack. Built here rather than by buildCoreServices because harnesses need to wrap the
 * Web API client factory that ConnectService gets too, and a shorter timeout.
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
  const tenants = new TenantsRepository(dataSource);
  const installations = new PostgresInstallationStore(dataSource, new TokenCipher(tokenKey));
  const factory = webClientFactory({
    slackApiUrl: sb.apiUrl,
    timeoutMs: o.slackTimeoutMs,
    logger: slackLogger(logger, 'web-api'),
  });
  const webClient = o.wrapWebClient ? o.wrapWebClient(factory) : factory;
  const connect = createConnectService(dataSource, {
    publicUrl: 'http://127.0.0.1',
    clientId: sbApp.clientId,
    clientSecret: sbApp.clientSecret,
    authorizeUrl: sb.authorizeUrl,
    slackApiUrl: sb.apiUrl,
    installations,
    tenants,
    webClient,
    logger,
  });
  const users = new UsersRepository(dataSource);
  const templates = new TemplatesService({
    templates: new TemplatesRepository(dataSource),
    users,
    connect,
    webClient,
    logger,
  });
  return {
    sb,
    sbApp,
    db,
    dataSource,
    logger,
    tokenKey,
    users,
    tenants,
    installations,
    directory: new PostgresSlackDirectory(dataSource),
    webClient,
    connect,
    templates,
    async stop() {
      await dataSource.destroy();
      await db.drop();
      await sb.stop();
    },
  };
}

/** A DirectorySyncService on the services, unpaced (the sandbox's rate limits are time-scaled). */
export function directorySync(s: TestServices, options: Partial<DirectorySyncOptions> = {}) {
  return new DirectorySyncService({
    dataSource: s.dataSource,
    directory: s.directory,
    connect: s.connect,
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
      const headers: Record<string, string> = signedHeaders(o.secret, raw);
      if (raw) headers['Content-Type'] = 'application/json';
      const res = await fetch(url + path, { method, headers, body: raw || undefined });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : undefined };
    },
    close: () => server.close(0),
  };
}
