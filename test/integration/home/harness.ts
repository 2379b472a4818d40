import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DataSource } from 'typeorm';
import type { TemplatesService } from '../../../src/app/template-editing/templates-service';
import { composeSlackApp } from '../../../src/compose';
import type { TenantsRepository } from '../../../src/persistence/repositories/tenants-repository';
import type { UsersRepository } from '../../../src/persistence/repositories/users-repository';
import type { BackgroundTasks } from '../../../src/platform/background';
import { createMetrics } from '../../../src/platform/metrics';
import type { Sandbox, SandboxApp } from '../../../src/sandbox';
import { SlackDriver } from '../../../src/sandbox/driver';
import type { TestDatabase } from '../../support/database';
import type { Transport } from '../../support/sandbox-env';
import {
  capturingLogger,
  connectWorkspace,
  startTestServices,
  workspacePeople,
} from '../../support/services';

const SIGNING_SECRET = 'home-test-signing-secret';

/**
 * The App Home listeners on a real Bolt app (src/slack-server/bolt-app.ts, the production receiver and
 * signature check) with real services on a PostgreSQL schema and the sandbox as Slack, built by
 * the composition root (src/compose.ts). Requests come from the signed driver.
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
  /** Reads the tenant's Slack directory again (a member changed in the sandbox, e.g. their locale). */
  resync(tenantId: string): Promise<void>;
  stop(): Promise<void>;
}

/** `transport`: signed POSTs (default), or Socket Mode over the sandbox's WebSocket. */
export async function startHomeEnv(label: string, transport: Transport = 'http'): Promise<HomeEnv> {
  const { logger, logText } = capturingLogger();
  const s = await startTestServices({
    label,
    logger,
    app: { socketMode: transport === 'socket' },
    // Slow acks on a loaded machine are not what these tests are about (see sandbox-env.ts).
    sandbox: { socketMode: { ackTimeoutMs: 10_000 } },
  });
  const { dataSource, sb, sbApp, users, tenants, templates } = s;
  const { directorySync: sync, background } = s.services;
  const slack = composeSlackApp(s.services, {
    signingSecret: SIGNING_SECRET,
    slackApiUrl: sb.apiUrl,
    metrics: createMetrics({ defaultMetrics: false }),
    health: s.services.health,
    socketMode:
      transport === 'socket'
        ? { appToken: sb.issueAppToken(sbApp.clientId), clientPingTimeoutMs: 2_000 }
        : undefined,
  });
  const server: Server = createServer(slack.http).listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const { port } = server.address() as AddressInfo;
  await slack.socket?.start();
  const driver =
    transport === 'socket'
      ? sb.driverFor(sbApp.clientId)
      : new SlackDriver({
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
    async resync(tenantId) {
      await sync.syncTeam(tenantId);
    },
    async stop() {
      await slack.socket?.stop();
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
