import type { Delivery } from '../../../src/app/delivery';
import type { TemplatesService } from '../../../src/app/template-editing/templates-service';
import { composeDelivery } from '../../../src/compose';
import { notificationRoutes } from '../../../src/internal-api/notifications';
import { templateRoutes } from '../../../src/internal-api/templates';
import { userRoutes } from '../../../src/internal-api/users';
import type { UsersRepository } from '../../../src/persistence/repositories/users-repository';
import { createLogger } from '../../../src/platform/logger';
import type { Sandbox } from '../../../src/sandbox';
import { startInternalApi, startTestServices, tenantHelpers } from '../../support/services';

/**
 * The template routes and the delivery side as the composition root (src/compose.ts) builds them:
 * a real schema, the sandbox as Slack, the real internal server with signed requests, and the
 * delivery given TemplatesService's isTypeEnabled and render.
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
  const deliveryOptions = {
    pollMs: 20,
    pace: { workspacePerMinute: 60_000, channelIntervalMs: 0 },
    horizonMs: 2000,
  };
  const s = await startTestServices({
    label: 'templates',
    logger: createLogger({ level: 'silent' }),
    app: { clientId: CLIENT_ID, clientSecret: 'secret' },
    slackTimeoutMs: 5000,
    delivery: deliveryOptions,
  });
  const { users, templates, logger } = s;
  const tenant = tenantHelpers(s, {
    members: 10,
    seed: 5,
    scopes: SCOPES,
    name: (i) => `Person <${i}> & co`,
  });
  const makeDelivery = () => composeDelivery(s.services, deliveryOptions);
  const { delivery } = s.services;
  const others: Delivery[] = [];
  const api = await startInternalApi({
    secret: SECRET,
    routes: [
      ...userRoutes(users),
      ...notificationRoutes({ notifications: delivery.notifications }),
      ...templateRoutes(templates),
    ],
    logger,
  });
  delivery.worker.start();

  return {
    sb: s.sb,
    templates,
    users,
    delivery,
    anotherDelivery() {
      const d = makeDelivery();
      others.push(d);
      return d;
    },
    call: api.call,
    async connect(tenantId, n = 2) {
      const { teamId, people } = await tenant.connectTenant(tenantId);
      const chosen = people.slice(0, n);
      const userIds = await tenant.addUsers(tenantId, chosen);
      return { teamId, slackIds: chosen.map((p) => p.id), userIds };
    },
    async stop() {
      await delivery.worker.stop();
      for (const d of others) await d.worker.stop();
      await api.close();
      await s.stop();
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
