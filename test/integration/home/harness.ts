import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DataSource } from 'typeorm';
import { registerActions } from '../../../listeners/actions';
import { registerHomeEvents } from '../../../listeners/events/home';
import { registerViews } from '../../../listeners/views';
import { BackgroundTasks } from '../../../src/background';
import { renderMessage } from '../../../src/domain/templates';
import { createMetrics } from '../../../src/metrics';
import type { TenantsRepository } from '../../../src/persistence/repositories/tenants-repository';
import type { UsersRepository } from '../../../src/persistence/repositories/users-repository';
import type { Sandbox, SandboxApp } from '../../../src/sandbox';
import { SlackDriver } from '../../../src/sandbox/driver';
import { HomeService } from '../../../src/services/home-service';
import { MatchingService } from '../../../src/services/matching-service';
import { TestSlackService } from '../../../src/services/test-slack';
import { createSlackApp } from '../../../src/slack/bolt-app';
import type { TemplatesService } from '../../../src/templates/service';
import type { TestDatabase } from '../../support/database';
import {
  capturingLogger,
  connectWorkspace,
  directorySync,
  startTestServices,
  workspacePeople,
} from '../../support/services';

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
  const { logger, logText } = capturingLogger();
  const s = await startTestServices({ label, logger });
  const { dataSource, sb, sbApp, installations, users, tenants, connect, webClient, templates } = s;
  const sync = directorySync(s);
  const background = new BackgroundTasks(logger);
  const matching = new MatchingService({
    users,
    tenants,
    connect,
    directory: s.directory,
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
    db: s.db,
    dataSource,
    sb,
    sbApp,
    driver,
    users,
    tenants,
    templates,
    background,
    logText,
    async connectTenant(tenantId, members, seed = 7) {
      const ws = sb.createWorkspace({ name: `WS ${tenantId}`, members, seed });
      const people = workspacePeople(ws);
      await connectWorkspace(s, tenantId, { teamId: ws.id, installerUserId: people[people.length - 1]!.id });
      await sync.syncTeam(tenantId);
      return { teamId: ws.id, people };
    },
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await background.drain();
      await s.stop();
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
