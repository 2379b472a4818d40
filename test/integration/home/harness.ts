import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import type { DataSource } from 'typeorm';
import { registerActions } from '../../../listeners/actions';
import { registerHomeEvents } from '../../../listeners/events/home';
import { registerViews } from '../../../listeners/views';
import { BackgroundTasks } from '../../../src/background';
import { TokenCipher } from '../../../src/crypto/token-cipher';
import { renderMessage } from '../../../src/domain/templates';
import { createLogger } from '../../../src/logger';
import { createMetrics } from '../../../src/metrics';
import { createDataSource, migrate } from '../../../src/persistence/data-source';
import { ConnectTicketsRepository } from '../../../src/persistence/repositories/connect-tickets-repository';
import { PostgresInstallationStore } from '../../../src/persistence/repositories/postgres-installation-store';
import { PostgresSlackDirectory } from '../../../src/persistence/repositories/postgres-slack-directory';
import { PostgresStateStore } from '../../../src/persistence/repositories/postgres-state-store';
import { TenantsRepository } from '../../../src/persistence/repositories/tenants-repository';
import { UsersRepository } from '../../../src/persistence/repositories/users-repository';
import { type Sandbox, type SandboxApp, startSandbox } from '../../../src/sandbox';
import { SlackDriver } from '../../../src/sandbox/driver';
import { HomeService } from '../../../src/services/home-service';
import { MatchingService } from '../../../src/services/matching-service';
import { TestSlackService } from '../../../src/services/test-slack';
import { createSlackApp } from '../../../src/slack/bolt-app';
import { slackLogger } from '../../../src/slack/bolt-logger';
import { ConnectService } from '../../../src/slack/connect-service';
import { DirectorySyncService } from '../../../src/slack/directory-sync';
import { REQUIRED_BOT_SCOPES } from '../../../src/slack/scopes';
import { webClientFactory } from '../../../src/slack/web-client';
import { TemplatesRepository } from '../../../src/templates/repository';
import { TemplatesService } from '../../../src/templates/service';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { installForTenant } from '../../support/install';

const SIGNING_SECRET = 'home-test-signing-secret';

/**
 * The App Home listeners on a real Bolt app (src/slack/bolt-app.ts, the production receiver and
 * signature check) with real services on a PostgreSQL schema and the sandbox as Slack, wired as
 * src/main.ts would once the lead registers them. Requests come from the signed driver.
 */
export interface HomeEnv {
  db: TestDatabase;
  dataSource: DataSource;
  sb: Sandbox;
  sbApp: SandboxApp;
  driver: SlackDriver;
  users: UsersRepository;
  tenants: TenantsRepository;
  templates: TemplatesService;
  background: BackgroundTasks;
  logText(): string;
  /** A workspace with generated members, installed by `installer` (default its 2nd member), synced. */
  connectTenant(
    tenantId: string,
    members: number,
    seed?: number,
  ): Promise<{ teamId: string; people: Array<{ id: string; email: string }> }>;
  stop(): Promise<void>;
}

export async function startHomeEnv(label: string): Promise<HomeEnv> {
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
  const users = new UsersRepository(dataSource);
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
  const sync = new DirectorySyncService({
    dataSource,
    directory,
    connect,
    tenants,
    webClient,
    logger,
    listIntervalMs: 0,
    profileIntervalMs: 0,
  });
  const background = new BackgroundTasks(logger);
  const matching = new MatchingService({
    users,
    tenants,
    connect,
    directory,
    sync,
    webClient,
    logger,
    background,
  });
  const testSlack = new TestSlackService({
    users,
    matching,
    connect,
    webClient,
    logger,
    renderTestMessage: async (_tenantId, { actorName, recipientName }) =>
      renderMessage({
        type: 'test_message',
        content: { id: 'test-message', title: 'Slack notifications are set up' },
        actor: { name: actorName },
        recipient: { name: recipientName },
      }),
  });
  const templates = new TemplatesService({
    templates: new TemplatesRepository(dataSource),
    users,
    connect,
    webClient,
    logger,
  });
  const home = new HomeService({
    installations,
    users,
    tenants,
    matching,
    connect,
    testSlack,
    logger,
    dataSource,
    templates,
  });
  const slack = createSlackApp({
    signingSecret: SIGNING_SECRET,
    slackApiUrl: sb.apiUrl,
    logger,
    metrics: createMetrics({ defaultMetrics: false }),
    dataSource,
    authorize: connect.authorize,
  });
  const deps = { logger, home };
  registerHomeEvents(slack.app, deps);
  registerActions(slack.app, deps);
  registerViews(slack.app, deps);
  const server: Server = slack.receiver.app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const { port } = server.address() as AddressInfo;
  const driver = new SlackDriver({
    appUrl: `http://127.0.0.1:${port}`,
    signingSecret: SIGNING_SECRET,
    apiAppId: sbApp.appId,
  });

  return {
    db,
    dataSource,
    sb,
    sbApp,
    driver,
    users,
    tenants,
    templates,
    background,
    logText: () => lines.join(''),
    async connectTenant(tenantId, members, seed = 7) {
      const ws = sb.createWorkspace({ name: `WS ${tenantId}`, members, seed });
      const people = ws.members
        .filter(
          (m) =>
            !m.deleted && !m.isBot && !m.isAppUser && m.email && m.id !== 'USLACKBOT' && !m.isInvitedUser,
        )
        .map((m) => ({ id: m.id, email: m.email! }));
      const installer = people[people.length - 1]!.id;
      await installForTenant({
        sb,
        store: installations,
        tenantId,
        teamId: ws.id,
        clientId: sbApp.clientId,
        scopes: [...REQUIRED_BOT_SCOPES],
        installerUserId: installer,
      });
      await sync.syncTeam(tenantId);
      return { teamId: ws.id, people };
    },
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await background.drain();
      await dataSource.destroy();
      await sb.stop();
      await db.drop();
    },
  };
}

/** Polls until `read` returns something `accept` likes (the app answers Slack before it works). */
export async function eventually<T>(read: () => T, accept: (v: T) => boolean, ms = 10_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = read();
    if (accept(v)) return v;
    if (Date.now() > until) throw new Error(`timed out; last value: ${JSON.stringify(v)?.slice(0, 2000)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
