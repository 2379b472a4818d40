import { randomBytes } from 'node:crypto';
import { TokenCipher } from '../../../src/crypto/token-cipher';
import { createDelivery, type Delivery } from '../../../src/delivery';
import { listen, type RunningServer } from '../../../src/http-server';
import { notificationRoutes } from '../../../src/internal-api/notifications';
import { createInternalApp } from '../../../src/internal-api/server';
import { signedHeaders } from '../../../src/internal-api/signature';
import { templateRoutes } from '../../../src/internal-api/templates';
import { userRoutes } from '../../../src/internal-api/users';
import { createLogger } from '../../../src/logger';
import { createMetrics } from '../../../src/metrics';
import { createDataSource, migrate } from '../../../src/persistence/data-source';
import { ConnectTicketsRepository } from '../../../src/persistence/repositories/connect-tickets-repository';
import { PostgresInstallationStore } from '../../../src/persistence/repositories/postgres-installation-store';
import { PostgresStateStore } from '../../../src/persistence/repositories/postgres-state-store';
import { TenantsRepository } from '../../../src/persistence/repositories/tenants-repository';
import { UsersRepository } from '../../../src/persistence/repositories/users-repository';
import { type Sandbox, startSandbox } from '../../../src/sandbox';
import { ConnectService } from '../../../src/slack/connect-service';
import { webClientFactory } from '../../../src/slack/web-client';
import { TemplatesRepository } from '../../../src/templates/repository';
import { TemplatesService } from '../../../src/templates/service';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { installForTenant } from '../../support/install';

/**
 * The template routes and the delivery side wired as main.ts will once the lead adds them: a real
 * schema, the sandbox as Slack, the real internal server with signed requests, and createDelivery
 * given TemplatesService's isTypeEnabled and render.
 */
const SECRET = 'templates-test-signing-secret-0123456789';
const CLIENT_ID = '5555.7777';
const SCOPES = ['chat:write', 'users:read', 'users:read.email', 'users.profile:read'];

export interface TemplatesEnv {
  sb: Sandbox;
  templates: TemplatesService;
  users: UsersRepository;
  delivery: Delivery;
  /** Another createDelivery on the same database and services (the first worker can't restart). */
  anotherDelivery(): Delivery;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON answers
  call(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }>;
  /** A sandbox workspace installed for the tenant, notifications on; users u0..u{n-1} linked. */
  connect(tenantId: string, n?: number): Promise<{ teamId: string; slackIds: string[]; userIds: string[] }>;
  stop(): Promise<void>;
}

export async function startTemplatesEnv(): Promise<TemplatesEnv> {
  const sb = await startSandbox({ timeScale: 0.01 });
  sb.createApp({ clientId: CLIENT_ID, clientSecret: 'secret', redirectUris: ['http://127.0.0.1/cb'] });
  const db: TestDatabase = await createTestDatabase('templates');
  const ds = createDataSource({ url: db.url });
  await ds.initialize();
  await migrate(ds);
  const logger = createLogger({ level: 'silent' });
  const users = new UsersRepository(ds);
  const tenants = new TenantsRepository(ds);
  const installations = new PostgresInstallationStore(ds, new TokenCipher(randomBytes(32)));
  const webClient = webClientFactory({ slackApiUrl: sb.apiUrl, timeoutMs: 5000 });
  const connect = new ConnectService({
    dataSource: ds,
    publicUrl: 'http://127.0.0.1',
    clientId: CLIENT_ID,
    clientSecret: 'secret',
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
  const templates = new TemplatesService({
    templates: new TemplatesRepository(ds),
    users,
    connect,
    webClient,
    logger,
  });
  const makeDelivery = () =>
    createDelivery({
      dataSource: ds,
      users,
      tenants,
      connect,
      webClient,
      logger,
      isTypeEnabled: templates.isTypeEnabled,
      render: templates.render,
      options: { pollMs: 20, pace: { workspacePerMinute: 60_000, channelIntervalMs: 0 }, horizonMs: 2000 },
    });
  const delivery = makeDelivery();
  const others: Delivery[] = [];
  const app = createInternalApp({
    signingSecret: SECRET,
    routes: [
      ...userRoutes(users),
      ...notificationRoutes({ notifications: delivery.notifications }),
      ...templateRoutes(templates),
    ],
    logger,
    metrics: createMetrics({ defaultMetrics: false }),
  });
  const server: RunningServer = await listen(app, 0, '127.0.0.1');
  const url = `http://127.0.0.1:${server.port}`;
  delivery.worker.start();

  const call: TemplatesEnv['call'] = async (method, path, body) => {
    const raw = body === undefined ? '' : JSON.stringify(body);
    const headers: Record<string, string> = signedHeaders(SECRET, raw);
    if (raw) headers['Content-Type'] = 'application/json';
    const res = await fetch(url + path, { method, headers, body: raw || undefined });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };

  return {
    sb,
    templates,
    users,
    delivery,
    anotherDelivery() {
      const d = makeDelivery();
      others.push(d);
      return d;
    },
    call,
    async connect(tenantId, n = 2) {
      const ws = sb.createWorkspace({ name: `WS ${tenantId}`, members: 10, seed: 5 });
      const _issued = await installForTenant({
        sb,
        store: installations,
        tenantId,
        teamId: ws.id,
        clientId: CLIENT_ID,
        scopes: SCOPES,
        installerUserId: ws.members[1]!.id,
      });
      await tenants.updateSettings(tenantId, { notificationsEnabled: true });
      const people = ws.members
        .filter(
          (m) =>
            !m.deleted && !m.isBot && !m.isAppUser && !m.isInvitedUser && m.email && m.id !== 'USLACKBOT',
        )
        .slice(0, n);
      const userIds = people.map((_, i) => `u${i}`);
      await users.upsertMany(
        tenantId,
        people.map((p, i) => ({ id: userIds[i]!, email: p.email!, name: `Person <${i}> & co` })),
      );
      await users.applyLinks(
        tenantId,
        people.map((p, i) => ({ userId: userIds[i]!, slackUserId: p.id, displayName: null })),
      );
      return { teamId: ws.id, slackIds: people.map((p) => p.id), userIds };
    },
    async stop() {
      await delivery.worker.stop();
      for (const d of others) await d.worker.stop();
      await server.close(0);
      await ds.destroy();
      await db.drop();
      await sb.stop();
    },
  };
}

/** Every text in a message's blocks, joined (for "does X appear anywhere" assertions). */
export function blockTexts(blocks: unknown): string {
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (k === 'text' && typeof x === 'string') out.push(x);
        else walk(x);
      }
    }
  };
  walk(blocks);
  return out.join('\n');
}
