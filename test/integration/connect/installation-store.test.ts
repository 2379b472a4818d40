import { randomBytes } from 'node:crypto';
import type { Installation } from '@slack/oauth';
import { createDataSource, migrate } from '../../../src/persistence/data-source';
import { PostgresInstallationStore } from '../../../src/persistence/repositories/postgres-installation-store';
import { TokenCipher } from '../../../src/platform/token-cipher';
import type { TenantInstallationStore } from '../../../src/slack/installation-store';
import { MemoryInstallationStore } from '../../../src/slack/memory-installation-store';
import { createTestDatabase, type TestDatabase } from '../../support/database';

/**
 * One contract, every implementation (as @slack/oauth tests its stores): the PostgreSQL store the
 * app uses and the in-memory one must behave the same.
 */
function installation(
  tenantId: string,
  teamId: string,
  token = `xoxb-${teamId}-${randomBytes(4).toString('hex')}`,
) {
  return {
    team: { id: teamId, name: `Team ${teamId}` },
    enterprise: undefined,
    user: { id: 'U0INSTALLER', token: undefined, scopes: undefined },
    bot: { id: 'B0BOT', userId: `U0BOT${teamId}`, token, scopes: ['chat:write', 'users:read'] },
    appId: 'A0APP',
    tokenType: 'bot',
    isEnterpriseInstall: false,
    authVersion: 'v2',
    metadata: JSON.stringify({ tenantId, ticketId: '00000000-0000-0000-0000-000000000000' }),
  } as Installation<'v2', false>;
}

let db: TestDatabase;
let dataSource: ReturnType<typeof createDataSource>;
beforeAll(async () => {
  db = await createTestDatabase('stores');
  dataSource = createDataSource({ url: db.url });
  await dataSource.initialize();
  await migrate(dataSource);
});
afterAll(async () => {
  await dataSource.destroy();
  await db.drop();
});

const implementations: Array<[string, () => TenantInstallationStore]> = [
  ['memory', () => new MemoryInstallationStore()],
  ['postgres', () => new PostgresInstallationStore(dataSource, new TokenCipher(randomBytes(32)))],
];

describe.each(implementations)('%s installation store', (name, make) => {
  const t = (s: string) => `${name}-${s}`;
  let store: TenantInstallationStore;
  beforeEach(() => {
    store = make();
  });

  it('stores and fetches an installation for Bolt', async () => {
    await store.storeInstallation(installation(t('a'), t('TA'), 'xoxb-secret-a'));
    const fetched = await store.fetchInstallation({
      teamId: t('TA'),
      isEnterpriseInstall: false,
      enterpriseId: undefined,
    });
    expect(fetched.bot?.token).toBe('xoxb-secret-a');
    expect(fetched.team?.id).toBe(t('TA'));
    const found = await store.findByTenant(t('a'));
    expect(found).toMatchObject({
      tenantId: t('a'),
      teamId: t('TA'),
      botToken: 'xoxb-secret-a',
      revokedAt: null,
    });
    expect(await store.findActiveByTeam(t('TA'))).toMatchObject({ tenantId: t('a') });
  });

  it('refuses a workspace bound to another tenant', async () => {
    await store.storeInstallation(installation(t('b1'), t('TB')));
    await expect(store.storeInstallation(installation(t('b2'), t('TB')))).rejects.toMatchObject({
      code: 'team_already_connected',
    });
    expect(await store.findByTenant(t('b2'))).toBeNull();
  });

  it('upgrades in place when the same tenant connects the same workspace again', async () => {
    await store.storeInstallation(installation(t('c'), t('TC'), 'xoxb-old'));
    const first = await store.findByTenant(t('c'));
    await store.storeInstallation(installation(t('c'), t('TC'), 'xoxb-new'));
    const second = await store.findByTenant(t('c'));
    expect(second?.id).toBe(first?.id);
    expect(second?.botToken).toBe('xoxb-new');
  });

  it('keeps one active installation per tenant: a new workspace replaces the old', async () => {
    await store.storeInstallation(installation(t('d'), t('TD1')));
    await store.storeInstallation(installation(t('d'), t('TD2')));
    expect((await store.findByTenant(t('d')))?.teamId).toBe(t('TD2'));
    expect(await store.findActiveByTeam(t('TD1'))).toBeNull();
  });

  it('revokes idempotently, erasing tokens, and a revoked workspace can connect to another tenant', async () => {
    await store.storeInstallation(installation(t('e'), t('TE')));
    expect(await store.markRevoked(t('TE'), 'app_uninstalled')).toBe(true);
    expect(await store.markRevoked(t('TE'), 'tokens_revoked')).toBe(false);
    const revoked = await store.findByTenant(t('e'));
    expect(revoked).toMatchObject({
      botToken: null,
      botRefreshToken: null,
      revokedReason: 'app_uninstalled',
    });
    await expect(
      store.fetchInstallation({ teamId: t('TE'), isEnterpriseInstall: false, enterpriseId: undefined }),
    ).rejects.toThrow(/No active Slack installation/);
    await store.storeInstallation(installation(t('e2'), t('TE')));
    expect((await store.findActiveByTeam(t('TE')))?.tenantId).toBe(t('e2'));
  });

  it('updates scopes and rotated tokens, and forgets a tenant', async () => {
    await store.storeInstallation(installation(t('f'), t('TF')));
    await store.updateScopes(t('TF'), ['users:read', 'chat:write', 'commands']);
    const expiresAt = new Date(Date.now() + 3600_000);
    await store.updateTokens(t('TF'), {
      botToken: 'xoxe.xoxb-rotated',
      botRefreshToken: 'xoxe-1-r',
      botTokenExpiresAt: expiresAt,
    });
    const found = await store.findByTenant(t('f'));
    expect(found?.grantedScopes).toEqual(['chat:write', 'commands', 'users:read']);
    expect(found).toMatchObject({ botToken: 'xoxe.xoxb-rotated', botRefreshToken: 'xoxe-1-r' });
    expect(found?.botTokenExpiresAt?.getTime()).toBe(expiresAt.getTime());
    await store.forgetTenant(t('f'));
    expect(await store.findByTenant(t('f'))).toBeNull();
  });

  it('refuses an installation without our tenant metadata', async () => {
    const bad = { ...installation(t('g'), t('TG')), metadata: undefined };
    await expect(store.storeInstallation(bad)).rejects.toThrow(/tenant/);
  });
});

describe('postgres store encryption', () => {
  it('stores ciphertext bound to the team, never the token', async () => {
    const store = new PostgresInstallationStore(dataSource, new TokenCipher(randomBytes(32)));
    await store.storeInstallation(installation('enc', 'TENC', 'xoxb-very-secret'));
    const [row] = await dataSource.query(
      `SELECT bot_token_encrypted FROM slack_installations WHERE team_id = 'TENC'`,
    );
    expect(row.bot_token_encrypted).toMatch(/^v2\./);
    expect(row.bot_token_encrypted).not.toContain('very-secret');
    // Another key cannot read it: the installation comes back without a token, marked unreadable
    // (issue 16: a clear reconnect state, not an exception on every read).
    const stranger = new PostgresInstallationStore(dataSource, new TokenCipher(randomBytes(32)));
    const seen = await stranger.findByTenant('enc');
    expect(seen).toMatchObject({
      teamId: 'TENC',
      botToken: null,
      botRefreshToken: null,
      tokenUnreadable: true,
    });
    expect(await store.findByTenant('enc')).toMatchObject({
      botToken: 'xoxb-very-secret',
      tokenUnreadable: false,
    });
  });
});
