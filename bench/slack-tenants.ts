/**
 * Connected tenants for the delivery benchmarks: the app's services (src/compose.ts) over the
 * bench's database, and `connectTenant`, which makes a sandbox workspace, installs the app in it as an
 * OAuth install would, switches notifications on and stores linked PlusPlus users `u0…` for its
 * real members. The sandbox may be in this process or in one of its own (bench/bench-slack.ts).
 */
import { randomBytes } from 'node:crypto';
import type { Installation } from '@slack/oauth';
import type { DataSource } from 'typeorm';
import type { DeliveryOptions } from '../src/app/delivery';
import { type CompositionOverrides, composeServices } from '../src/compose';
import type { Logger } from '../src/platform/logger';
import type { BenchSlack } from './bench-slack';

export const BENCH_CLIENT_ID = '1.1';

export async function benchTenants(
  ds: DataSource,
  sb: BenchSlack,
  logger: Logger,
  o: { delivery?: DeliveryOptions; overrides?: CompositionOverrides } = {},
) {
  const { appId } = await sb.createApp({
    clientId: BENCH_CLIENT_ID,
    clientSecret: 'bench',
    redirectUris: ['http://127.0.0.1/'],
  });
  const tokenKey = randomBytes(32);
  // The app's services, built by its composition root (nothing started).
  const services = composeServices({
    dataSource: ds,
    logger,
    secrets: {
      clientId: BENCH_CLIENT_ID,
      clientSecret: 'bench',
      signingSecret: 'bench-slack-signing-secret',
      plusplusSigningSecret: 'bench-plusplus-signing-secret',
      tokenEncryptionKey: tokenKey,
    },
    publicUrl: 'http://127.0.0.1',
    slackApiUrl: sb.apiUrl,
    slackAuthorizeUrl: sb.authorizeUrl,
    notificationRetentionDays: 90,
    delivery: o.delivery,
    overrides: o.overrides,
  });
  const { users, tenants, installations, webClient, connect } = services;

  /** A workspace of `members` for `tenantId`; returns its team id and how many users were linked. */
  async function connectTenant(tenantId: string, members: number, seed = 5) {
    const ws = await sb.createWorkspace({ members, seed });
    const t = await sb.installApp(ws.id, BENCH_CLIENT_ID, ['chat:write']);
    await installations.storeInstallation({
      team: { id: ws.id, name: ws.name },
      enterprise: undefined,
      user: { id: ws.members[1]!.id },
      bot: { id: 'B1', userId: t.botUserId, token: t.accessToken, scopes: t.scopes },
      appId,
      tokenType: 'bot',
      isEnterpriseInstall: false,
      authVersion: 'v2',
      metadata: JSON.stringify({ tenantId, ticketId: '00000000-0000-0000-0000-000000000000' }),
    } as Installation<'v2', false>);
    await tenants.updateSettings(tenantId, { notificationsEnabled: true });
    const people = ws.members.filter(
      (m) =>
        !m.deleted &&
        !m.is_bot &&
        !m.is_app_user &&
        !m.is_invited_user &&
        m.profile?.email &&
        m.id !== 'USLACKBOT',
    );
    await users.upsertMany(
      tenantId,
      people.map((p, i) => ({ id: `u${i}`, email: p.profile!.email! })),
    );
    await users.applyLinks(
      tenantId,
      people.map((p, i) => ({ userId: `u${i}`, slackUserId: p.id, displayName: null })),
    );
    return {
      teamId: ws.id,
      linked: people.length,
      people: people.map((p, i) => ({ userId: `u${i}`, slackUserId: p.id, tz: p.tz ?? 'UTC' })),
    };
  }

  return { services, users, tenants, installations, webClient, connect, tokenKey, connectTenant };
}
