import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import type { WebClient } from '@slack/web-api';
import { TokenCipher } from '../../../src/crypto/token-cipher';
import { createLogger, type Logger } from '../../../src/logger';
import { createDataSource, migrate } from '../../../src/persistence/data-source';
import { ConnectTicketsRepository } from '../../../src/persistence/repositories/connect-tickets-repository';
import { PostgresInstallationStore } from '../../../src/persistence/repositories/postgres-installation-store';
import { PostgresSlackDirectory } from '../../../src/persistence/repositories/postgres-slack-directory';
import { PostgresStateStore } from '../../../src/persistence/repositories/postgres-state-store';
import { TenantsRepository } from '../../../src/persistence/repositories/tenants-repository';
import { type Sandbox, type SandboxApp, startSandbox } from '../../../src/sandbox';
import { slackLogger } from '../../../src/slack/bolt-logger';
import { ConnectService } from '../../../src/slack/connect-service';
import { type DirectorySyncOptions, DirectorySyncService } from '../../../src/slack/directory-sync';
import { REQUIRED_BOT_SCOPES } from '../../../src/slack/scopes';
import { type WebClientFactory, webClientFactory } from '../../../src/slack/web-client';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { installForTenant } from '../../support/install';

/**
 * The directory services in-process, on a real PostgreSQL schema and the sandbox as Slack, wired as
 * src/main.ts would (ConnectService, the PostgreSQL stores); tenants are connected by storing the
 * sandbox's install directly, without the browser (test/integration/connect covers that flow).
 */
export interface DirectoryEnv {
  db: TestDatabase;
  dataSource: ReturnType<typeof createDataSource>;
  sb: Sandbox;
  sbApp: SandboxApp;
  installations: PostgresInstallationStore;
  tenants: TenantsRepository;
  directory: PostgresSlackDirectory;
  connect: ConnectService;
  webClient: WebClientFactory;
  logger: Logger;
  logText(): string;
  /** A service on this env (or another data source, for a second "process"). */
  service(options?: Partial<DirectorySyncOptions>): DirectorySyncService;
  /** A workspace with `members` generated members, installed and bound to `tenantId`. */
  connectTenant(tenantId: string, members: number, seed?: number): Promise<{ teamId: string; token: string }>;
  stop(): Promise<void>;
}

export async function startDirectoryEnv(label: string): Promise<DirectoryEnv> {
  const db = await createTestDatabase(label);
  const dataSource = createDataSource({ url: db.url });
  await dataSource.initialize();
  await migrate(dataSource);
  const sb = await startSandbox({ timeScale: 0.01 });
  const sbApp = sb.createApp({ redirectUris: ['http://127.0.0.1/slack/oauth_redirect'] });
  const lines: string[] = [];
  const logger = createLogger({
    level: 'debug',
    destination: new Writable({
      write(chunk, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    }),
  });
  const installations = new PostgresInstallationStore(dataSource, new TokenCipher(randomBytes(32)));
  const tenants = new TenantsRepository(dataSource);
  const directory = new PostgresSlackDirectory(dataSource);
  const webClient = webClientFactory({ slackApiUrl: sb.apiUrl, logger: slackLogger(logger, 'web-api') });
  const connect = new ConnectService({
    dataSource,
    publicUrl: 'http://127.0.0.1',
    clientId: sbApp.clientId,
    clientSecret: sbApp.clientSecret,
    authorizeUrl: sb.authorizeUrl,
    slackApiUrl: sb.apiUrl,
    installations,
    states: new PostgresStateStore(dataSource),
    tickets: new ConnectTicketsRepository(dataSource),
    tenants,
    webClient,
    logger,
    slackLogger: slackLogger(logger, 'oauth'),
  });
  const env: DirectoryEnv = {
    db,
    dataSource,
    sb,
    sbApp,
    installations,
    tenants,
    directory,
    connect,
    webClient,
    logger,
    logText: () => lines.join(''),
    service: (options = {}) =>
      new DirectorySyncService({
        dataSource,
        directory,
        connect,
        tenants,
        webClient,
        logger,
        listIntervalMs: 0,
        profileIntervalMs: 0,
        ...options,
      }),
    async connectTenant(tenantId, members, seed = 7) {
      const ws = sb.createWorkspace({ name: `WS ${tenantId}`, members, seed });
      const issued = await installForTenant({
        sb,
        store: installations,
        tenantId,
        teamId: ws.id,
        clientId: sbApp.clientId,
        scopes: [...REQUIRED_BOT_SCOPES],
        installerUserId: 'U0INSTALLER',
      });
      return { teamId: ws.id, token: issued.accessToken };
    },
    async stop() {
      await dataSource.destroy();
      await sb.stop();
      await db.drop();
    },
  };
  return env;
}

/** A client factory that records the arguments of every users.list call (the cursor, mostly). */
export function recordingClients(
  inner: WebClientFactory,
  seen: Array<{ cursor?: string }>,
): WebClientFactory {
  return (token?: string) => {
    const client = inner(token);
    // Web API methods are bound at construction, so wrap the method itself.
    const list = client.users.list;
    client.users.list = ((options: Parameters<WebClient['users']['list']>[0]) => {
      seen.push({ cursor: options?.cursor });
      return list(options);
    }) as WebClient['users']['list'];
    return client;
  };
}

/** Team ids of every sandbox member, in users.list order. */
export function sandboxMemberIds(sb: Sandbox, teamId: string): string[] {
  return sb.workspace(teamId).members.map((m) => m.id);
}
